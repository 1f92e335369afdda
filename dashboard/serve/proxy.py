"""The local reverse proxy in front of several workers: Debian's nginx, run as the user.

The config is rendered from nginx-local.conf.template (package data, beside this
module) into a run
folder that also holds nginx's pid file, error log and temp folders, so
nginx needs no root and writes nothing outside that folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from dashboard.config import NGINX_LOCAL_TEMPLATE as TEMPLATE

# Debian puts nginx in /usr/sbin, which is not on an ordinary user's PATH.
NGINX_PLACES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
ROUTE_COOKIE = "humas_route"
WORKER_HEADER = "X-Humas-Worker"


class ProxyError(RuntimeError):
    """The proxy cannot be set up; the message says what to do."""


def find_nginx() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    for place in NGINX_PLACES:
        if os.access(place, os.X_OK):
            return place
    return None


def render_config(
    run_dir: Path, listen: str, worker_ports: list[int], template: Path = TEMPLATE
) -> str:
    """The nginx config for `listen` ("host:port") in front of the workers on 127.0.0.1."""
    if not worker_ports:
        raise ProxyError("the proxy needs at least one worker")
    text = template.read_text(encoding="utf-8")
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in worker_ports)
    for field, value in {
        "@@RUN_DIR@@": str(run_dir),
        "@@LISTEN@@": listen,
        "@@UPSTREAM_SERVERS@@": servers,
    }.items():
        text = text.replace(field, value)
    left = re.findall(r"@@[A-Z_]+@@", text)
    if left:
        raise ProxyError(f"{template} has fields this version does not fill in: {left}")
    return text


def write_config(run_dir: Path, listen: str, worker_ports: list[int]) -> Path:
    run_dir.mkdir(parents=True, exist_ok=True)
    # nginx started by root hands its worker processes to an unprivileged user
    # (nobody), which must still reach the temp folders nginx makes in here;
    # anyone else's nginx runs as them, and the folder is theirs alone.
    run_dir.chmod(0o755 if os.geteuid() == 0 else 0o700)
    path = run_dir / "nginx.conf"
    path.write_text(render_config(run_dir, listen, worker_ports), encoding="utf-8")
    return path


def command(nginx: str, run_dir: Path, conf: Path, *, test: bool = False) -> list[str]:
    # -e: the error log before the config is read (the default path needs root).
    args = [nginx, "-p", f"{run_dir}/", "-e", str(run_dir / "error.log"), "-c", str(conf)]
    return [*args, "-t", "-q"] if test else [*args, "-g", "daemon off;"]


def check_config(nginx: str, run_dir: Path, conf: Path) -> None:
    """nginx -t: a config error is reported before anything starts."""
    done = subprocess.run(
        command(nginx, run_dir, conf, test=True), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise ProxyError(f"nginx refused the config {conf}: {detail[-1] if detail else '?'}")


def start(nginx: str, run_dir: Path, conf: Path) -> subprocess.Popen:
    return subprocess.Popen(command(nginx, run_dir, conf), stdin=subprocess.DEVNULL)


def last_errors(run_dir: Path, lines: int = 3) -> str:
    log = run_dir / "error.log"
    if not log.exists():
        return ""
    return " | ".join(log.read_text(errors="replace").strip().splitlines()[-lines:])
