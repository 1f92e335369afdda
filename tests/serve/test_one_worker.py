"""`humas run` with one worker (the default): no proxy, and Streamlit takes over the process."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.serve.workers import port_is_free
from dashboard.store import bootstrap
from tests.conftest import REPO
from tests.ports import free_port

pytestmark = pytest.mark.slow


def test_one_worker_serves_directly_and_stops_on_sigterm(tmp_path):
    path = tmp_path / "h.db"
    bootstrap.init(path)
    port = free_port(2)
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "run", "--db", str(path), "--port", str(port)]
        + ["--address", "127.0.0.1"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                    assert r.status == 200 and "X-Humas-Worker" not in r.headers
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.3)
        # No launcher left beside the worker: the `humas` process became Streamlit.
        assert b"streamlit" in Path(f"/proc/{server.pid}/cmdline").read_bytes()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        assert port_is_free("127.0.0.1", port)
    finally:
        if server.poll() is None:
            server.kill()
