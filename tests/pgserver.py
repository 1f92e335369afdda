"""A throwaway PostgreSQL server for tests: initdb and pg_ctl in a temporary folder.

One server per test process (each pytest-xdist worker starts its own, on a
port from tests.ports). initdb refuses to run as root, so as root the server
runs as the `postgres` system user (Debian's package creates it) in a folder
that user owns, made in the system's temporary folder (the pytest temporary
folders are root's alone, and the server could not enter them). The server
trusts local connections, skips fsync (`-F`: a test server's data is thrown
away) and listens on 127.0.0.1 and on a socket in its own folder.

`python -m tests.pgserver` starts one and prints its URL until Ctrl+C
(handy for trying the app by hand).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.ports import free_port

SERVER_USER = "postgres"
# A role that must give its password (scram-sha-256), for the wrong-password and password
# file tests; every other role is trusted on this throwaway server.
PASSWORD_ROLE = "humas_pw"
PASSWORD = "rahasia-pg-123"
HBA = f"""
local all all trust
host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
"""


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    """Why no test server can start here, or None when one can."""
    if find_bindir() is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run the server"
    return None


class PostgresServer:
    def __init__(self) -> None:
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.bindir = find_bindir()
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="humas-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.started = False

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def init(self) -> None:
        if self.as_root:
            shutil.chown(self.root, SERVER_USER)
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "--no-sync", "-U", "postgres",
            "-E", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip
        hba = self.data / "pg_hba.conf"
        if self.as_root:
            subprocess.run(
                ["runuser", "-u", SERVER_USER, "--", "tee", str(hba)],
                input=HBA,
                text=True,
                check=True,
                capture_output=True,
            )
        else:
            hba.write_text(HBA)

    def start(self) -> str:
        if not self.data.exists():
            self.init()
        options = (
            f"-F -p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c shared_buffers=64MB"
        )
        try:
            self._run(
                "pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-l", str(self.root / "log"),
                "-o", options, "start",
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            log = (self.root / "log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}\n{log}") from exc
        self.started = True
        return self.url("postgres")

    def url(self, dbname: str, user: str = "postgres", password: str | None = None) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{dbname}"

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (its data stays, `start()` brings it back)."""
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)
            self.started = False

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


if __name__ == "__main__":
    server = PostgresServer()
    print(server.start(), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.destroy()
