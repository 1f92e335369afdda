"""Several Streamlit processes on one database file, behind the local proxy.

`humas run --workers N --port P` starts N workers on 127.0.0.1, ports P+1..P+N,
and nginx on P in front of them with sticky sessions (see
dashboard/serve/nginx-local.conf.template). The supervisor here says when a worker dies
and starts it again; a worker that keeps dying (three times within a minute)
or a dead proxy stops everything with a non-zero exit. Ctrl+C (or SIGTERM)
stops nginx first, then the workers.

Every worker gets the same `server.cookieSecret` (through the environment, not
the command line, where `ps` would show it), so signed cookies such as
st.login's are valid whichever worker reads them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from dashboard import stdio
from dashboard.config import ASGI_SCRIPT, ENV_DB, db_target
from dashboard.serve import proxy
from dashboard.store.db import describe, is_server

ENV_COOKIE_SECRET = "STREAMLIT_SERVER_COOKIE_SECRET"
CRASH_LIMIT = 3  # deaths of one worker within CRASH_WINDOW_S before giving up
CRASH_WINDOW_S = 60.0
STOP_GRACE_S = 10.0


class ServeError(RuntimeError):
    """The workers cannot be started; the message says why."""


class _Stop(Exception):
    """SIGTERM or SIGHUP: stop everything as Ctrl+C would."""


def streamlit_command(port: int, address: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ASGI_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        address,
    ]


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Worker:
    number: int
    port: int
    process: subprocess.Popen | None = None
    deaths: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Supervisor:
    def __init__(
        self,
        *,
        db_file: Path | str,
        workers: int,
        port: int,
        address: str = "localhost",
        run_dir: Path | None = None,
        out: TextIO | None = None,
        health_timeout_s: float = 120.0,
        poll_s: float = 0.5,
    ):
        if workers < 2:
            raise ServeError("the supervisor is for two or more workers")
        if port + workers > 65535:
            raise ServeError(f"ports {port}..{port + workers} do not all exist")
        self.db_file = db_file
        self.port = port
        self.address = address
        self.workers = [Worker(n, port + n) for n in range(1, workers + 1)]
        self.keep_run_dir = run_dir is not None
        self.run_dir = run_dir
        self.out = out or sys.stdout
        self.health_timeout_s = health_timeout_s
        self.poll_s = poll_s
        self.nginx: subprocess.Popen | None = None
        self.env = dict(os.environ, **{ENV_DB: str(db_file)})
        self.env.setdefault(ENV_COOKIE_SECRET, secrets.token_hex(32))

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def say(self, text: str) -> None:
        try:
            print(text, file=self.out, flush=True)
        except BrokenPipeError:
            # Nobody reads the messages any more (`humas run --workers 2 | head`): the
            # workers keep serving; later messages go nowhere.
            if not stdio.silence_broken():
                raise

    # --- starting ---------------------------------------------------------------

    def _check_ports(self) -> None:
        taken = [str(self.port)] if not port_is_free(self.address, self.port) else []
        taken += [str(w.port) for w in self.workers if not port_is_free("127.0.0.1", w.port)]
        if taken:
            raise ServeError(
                f"port {', '.join(taken)} already in use; pick another --port "
                f"(the proxy takes P, the workers P+1..P+{len(self.workers)})"
            )

    def _start_worker(self, worker: Worker) -> subprocess.Popen:
        # stdout holds only Streamlit's "you can now view" banner with the worker's own
        # address, which is the wrong one to give people; errors go to stderr.
        worker.process = subprocess.Popen(
            streamlit_command(worker.port, "127.0.0.1"),
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        return worker.process

    def _wait_healthy(self, workers: list[Worker]) -> None:
        deadline = time.monotonic() + self.health_timeout_s
        waiting = list(workers)
        while waiting:
            for worker in list(waiting):
                code = worker.process.poll() if worker.process else None
                if code is not None:
                    raise ServeError(
                        f"worker {worker.number} (port {worker.port}) exited with code {code} "
                        "while starting; see its messages above"
                    )
                if healthy(worker.url, timeout=1.0):
                    waiting.remove(worker)
            if waiting and time.monotonic() > deadline:
                ports = ", ".join(str(w.port) for w in waiting)
                raise ServeError(f"worker(s) on port {ports} did not answer within the time")
            if waiting:
                time.sleep(0.2)

    def _start_proxy(self, nginx: str, run_dir: Path) -> subprocess.Popen:
        conf = proxy.write_config(
            run_dir, f"{self.address}:{self.port}", [w.port for w in self.workers]
        )
        proxy.check_config(nginx, run_dir, conf)
        self.nginx = process = proxy.start(nginx, run_dir, conf)
        deadline = time.monotonic() + 15
        while not healthy(self.url, timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServeError(f"nginx did not start: {proxy.last_errors(run_dir)}")
            time.sleep(0.1)
        return process

    def preflight(self) -> str:
        """Refuse early, with one clear line, what would fail later; returns nginx's path."""
        nginx = proxy.find_nginx()
        if nginx is None:
            raise ServeError(
                "--workers 2 or more needs nginx as the proxy in front of them "
                "(Debian: apt-get install nginx); or run one worker without --workers"
            )
        self._check_ports()
        return nginx

    def start(self) -> None:
        nginx = self.preflight()
        if self.run_dir is None:
            self.run_dir = Path(tempfile.mkdtemp(prefix="humas-run-"))
        run_dir = self.run_dir
        self.say(f"starting {len(self.workers)} workers on one database: {describe(self.db_file)}")
        pids = [self._start_worker(worker).pid for worker in self.workers]
        self._wait_healthy(self.workers)
        proxy_process = self._start_proxy(nginx, run_dir)
        for worker, pid in zip(self.workers, pids, strict=True):
            self.say(f"  worker {worker.number}: {worker.url} (pid {pid})")
        self.say(f"  proxy: nginx (pid {proxy_process.pid}), config {run_dir / 'nginx.conf'}")
        self.say(f"Pantau Humas on {self.url}  (Ctrl+C to stop)")

    # --- watching ---------------------------------------------------------------

    def _on_worker_death(self, worker: Worker, code: int) -> bool:
        """Say so and start it again; False when it keeps dying."""
        now = time.monotonic()
        worker.deaths = [t for t in worker.deaths if now - t < CRASH_WINDOW_S] + [now]
        self.say(f"humas: worker {worker.number} (port {worker.port}) exited with code {code}")
        if len(worker.deaths) >= CRASH_LIMIT:
            self.say(
                f"humas: worker {worker.number} died {len(worker.deaths)} times within "
                f"{CRASH_WINDOW_S:.0f} s; stopping everything"
            )
            return False
        process = self._start_worker(worker)
        self.say(
            f"humas: worker {worker.number} restarted (pid {process.pid}); "
            "its browsers reconnect to a live worker, still signed in"
        )
        return True

    def watch(self, *, until: Callable[[], bool] | None = None) -> int:
        """Poll the processes until a stop; the exit code of the whole run."""
        nginx, run_dir = self.nginx, self.run_dir
        assert nginx is not None and run_dir is not None, "watch() runs after start()"
        while until is None or not until():
            if nginx.poll() is not None:
                self.say(
                    f"humas: the proxy (nginx) exited with code {nginx.returncode}: "
                    f"{proxy.last_errors(run_dir)}; stopping everything"
                )
                return 1
            for worker in self.workers:
                code = worker.process.poll() if worker.process else None
                if code is not None and not self._on_worker_death(worker, code):
                    return 1
            time.sleep(self.poll_s)
        return 0

    # --- stopping ---------------------------------------------------------------

    def stop(self) -> None:
        """nginx first (no new requests), then the workers; a straggler is killed."""
        processes = [self.nginx] + [w.process for w in self.workers]
        for process in processes:
            if process is not None and process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for process in processes:
            if process is None:
                continue
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.run_dir is not None and not self.keep_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def run(self) -> int:
        """Start, watch, stop: the whole life of `humas run --workers N`."""

        def raise_stop(signum, frame):
            raise _Stop

        previous = {sig: signal.signal(sig, raise_stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
        # Ctrl+C even where the shell started us with SIGINT ignored (a background job).
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.start()
            return self.watch()
        except (KeyboardInterrupt, _Stop):
            self.say("humas: stopping the proxy and the workers")
            return 0
        finally:
            # A second Ctrl+C or SIGTERM must not cut the stop short and orphan a worker.
            for sig in previous:
                signal.signal(sig, signal.SIG_IGN)
            try:
                self.stop()
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)


def supervisor_command(supervisor: Supervisor) -> list[str]:
    """How `humas run --workers N` continues as `python -m dashboard.serve.workers`."""
    # A PostgreSQL URL may hold a password: it travels in the environment (HUMAS_DB),
    # never on a command line that `ps` shows.
    db = [] if is_server(supervisor.db_file) else ["--db", str(supervisor.db_file)]
    command = [sys.executable, "-m", "dashboard.serve.workers", *db]
    command += ["--workers", str(len(supervisor.workers)), "--port", str(supervisor.port)]
    command += ["--address", supervisor.address]
    if supervisor.keep_run_dir:
        command += ["--run-dir", str(supervisor.run_dir)]
    return command


def main(argv: list[str] | None = None) -> int:
    """The supervisor alone (started by `humas run --workers N`, which set up the database)."""
    import argparse

    parser = argparse.ArgumentParser(prog="humas run")
    parser.add_argument("--db", help="the SQLite file (default: $HUMAS_DB)")
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--address", default="localhost")
    parser.add_argument("--run-dir")
    args = parser.parse_args(argv)
    try:
        supervisor = Supervisor(
            db_file=db_target(args.db),
            workers=args.workers,
            port=args.port,
            address=args.address,
            run_dir=Path(args.run_dir) if args.run_dir else None,
        )
        return supervisor.run()
    except (ServeError, proxy.ProxyError) as exc:
        print(f"humas: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
