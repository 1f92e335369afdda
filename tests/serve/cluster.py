"""Start `humas run --workers N` on loopback for a test, and stop it again.

The supervisor runs as a real command in its own process group, on a block of
free ports (the proxy on P, the workers on P+1..P+N); its output is collected
line by line so tests can wait for what it says.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dashboard.serve import proxy
from tests.conftest import REPO
from tests.ports import free_port

NGINX = proxy.find_nginx()
needs_nginx = pytest.mark.skipif(
    NGINX is None,
    reason="nginx is not installed (Debian: apt-get install nginx; .ci/run installs it)",
)


def production_site(
    folder: Path, https: int, plain: int, more: dict[str, str] | None = None
) -> Path:
    """deploy/nginx-site.conf inside a minimal nginx.conf in `folder`; returns that file.

    A throwaway certificate, the two servers on loopback ports `https` and `plain`, and
    `more` replacements (old text -> new), each of which must be found.
    """
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=humas.example.test", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    site = (REPO / "deploy" / "nginx-site.conf").read_text()
    for old, new in {
        "/etc/letsencrypt/live/humas.kemenag.go.id/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/humas.kemenag.go.id/privkey.pem": str(key),
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "listen [::]:443 ssl;": "",
        "listen 80;": f"listen 127.0.0.1:{plain};",
        "listen [::]:80;": "",
        **(more or {}),
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    assert "/etc/letsencrypt" not in site
    temp_paths = "".join(
        f"{name}_temp_path {folder}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        f"pid {folder}/nginx.pid; error_log {folder}/error.log;"
        f"events {{}} http {{ access_log off; {temp_paths} {site} }}"
    )
    return conf


@dataclass
class Cluster:
    process: subprocess.Popen
    port: int
    workers: int
    run_dir: Path
    lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.port + number}"

    def worker_pid(self, number: int) -> int:
        pids = [
            int(m.group(1))
            for line in self.lines
            if (m := re.search(rf"worker {number}\b.*\(pid (\d+)\)", line))
        ]
        return pids[-1]

    def wait_for(self, pattern: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"supervisor never said {pattern!r}; it said: {self.lines}")


@contextmanager
def running(db_file: Path, *, workers: int = 2, tmp: Path, env_extra: dict | None = None):
    port = free_port(workers + 1)
    run_dir = tmp / f"run-{port}"
    env = dict(os.environ, **(env_extra or {}))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dashboard.cli",
            "run",
            "--db",
            str(db_file),
            "--workers",
            str(workers),
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
            "--run-dir",
            str(run_dir),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    cluster = Cluster(process, port, workers, run_dir)

    def collect():
        for line in process.stdout:
            cluster.lines.append(line.rstrip("\n"))

    threading.Thread(target=collect, daemon=True).start()
    try:
        cluster.wait_for(r"Pantau Humas on http://")
        yield cluster
    finally:
        stop(cluster)


def stop(cluster: Cluster) -> None:
    if cluster.process.poll() is None:
        cluster.process.send_signal(signal.SIGTERM)
        try:
            cluster.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(cluster.process.pid, signal.SIGKILL)
            cluster.process.wait()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead too
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
