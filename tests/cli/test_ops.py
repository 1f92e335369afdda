"""humas backup and humas restore from the command line, and the app's hold on the database."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from dashboard.cli import main
from dashboard.store import applock
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import connect
from tests.conftest import REPO
from tests.ports import free_port


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rename(path, name):
    with connect(path) as db:
        unit_store.update(db, SYSTEM, "kanwil-ntt", name=name)


def name_of(path):
    with connect(path, readonly=True) as db:
        return unit_store.require(db, "kanwil-ntt").name


def test_backup_then_restore(db_path, tmp_path, capsys):
    target = tmp_path / "cadangan.db"
    code, out, err = run(capsys, "backup", str(target), "--db", str(db_path))
    assert code == 0, err
    assert out.startswith("backup written: ") and "integrity ok" in out
    rename(db_path, "Sesudah cadangan")
    code, out, err = run(capsys, "restore", str(target), "--yes", "--db", str(db_path))
    assert code == 0, err
    assert out.startswith("restored ") and "pre-restore" in out
    assert name_of(db_path) != "Sesudah cadangan"


def test_restore_needs_confirmation_off_a_terminal(db_path, tmp_path, capsys):
    target = tmp_path / "cadangan.db"
    run(capsys, "backup", str(target), "--db", str(db_path))
    rename(db_path, "Tetap")
    code, _, err = run(capsys, "restore", str(target), "--db", str(db_path))
    assert code == 1 and "--yes" in err and err.count("\n") == 1
    assert name_of(db_path) == "Tetap"


def test_refusals_are_one_line(db_path, tmp_path, capsys):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    code, _, err = run(capsys, "restore", str(junk), "--yes", "--db", str(db_path))
    assert code == 1 and err.startswith("humas: ") and err.count("\n") == 1
    code, _, err = run(capsys, "backup", str(junk), "--db", str(db_path))
    assert code == 1 and "exists" in err and err.count("\n") == 1
    code, _, err = run(capsys, "backup", str(tmp_path / "x.db"), "--db", str(tmp_path / "no.db"))
    assert code == 1 and "does not exist" in err


@pytest.mark.slow
def test_restore_is_refused_while_humas_run_serves_the_database(db_path, tmp_path, capsys):
    target = tmp_path / "cadangan.db"
    run(capsys, "backup", str(target), "--db", str(db_path))
    rename(db_path, "Selama aplikasi berjalan")
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from dashboard.cli import main; sys.exit(main())",
            "run",
            "--db",
            str(db_path),
            "--port",
            str(free_port()),
            "--address",
            "127.0.0.1",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # one process group: the CLI and its Streamlit child
    )
    try:
        deadline = time.monotonic() + 60
        while not applock.is_held_elsewhere(db_path):
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        code, _, err = run(capsys, "restore", str(target), "--yes", "--db", str(db_path))
        assert code == 1 and "app is running" in err
        assert name_of(db_path) == "Selama aplikasi berjalan"
    finally:
        # However the app ends (here: killed outright), its hold ends with it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    code, _, err = run(capsys, "restore", str(target), "--yes", "--db", str(db_path))
    assert code == 0, err
    assert name_of(db_path) != "Selama aplikasi berjalan"
