"""`humas run` with one worker (the default): no proxy, and a SIGTERM stops the worker too."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.store import bootstrap
from tests.serve.cluster import alive, free_port_block

pytestmark = pytest.mark.slow


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_one_worker_serves_directly_and_stops_with_its_launcher(tmp_path):
    path = tmp_path / "h.db"
    bootstrap.init(path)
    port = free_port_block(2)
    launcher = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "run", "--db", str(path), "--port", str(port)]
        + ["--address", "127.0.0.1"],
        cwd=PROJECT_ROOT,
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
        worker = children_of(launcher.pid)
        assert len(worker) == 1
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=30)
        time.sleep(0.3)
        assert not alive(worker[0])
    finally:
        if launcher.poll() is None:
            launcher.kill()
