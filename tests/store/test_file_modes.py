"""What the app writes to disk is its owner's alone (issue 18, item 9).

Before, the database, its -wal and -shm, backups and exports were created
0644 (world-readable) under the usual umask. Each test sets that umask
(0022), so the modes shown come from the app, not from the test machine.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.serve import proxy
from dashboard.store import applock, backup, bootstrap
from dashboard.store.db import connect, write
from tests.conftest import REPO

# The modes of SQLite's files.
pytestmark = pytest.mark.backends("sqlite")


@pytest.fixture(autouse=True)
def usual_umask():
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_its_wal_and_shm_and_new_folders_are_owner_only(tmp_path):
    path = tmp_path / "baru" / "data" / "humas.db"
    bootstrap.init(path)
    with connect(path) as db, write(db):  # the connection keeps -wal and -shm in place
        db.conn.execute("UPDATE settings SET value = value")
        for name in ("humas.db", "humas.db-wal", "humas.db-shm"):
            assert mode(path.with_name(name)) == 0o600, name
    assert mode(tmp_path / "baru") == mode(tmp_path / "baru" / "data") == 0o700
    applock.hold_shared(path)
    assert mode(applock.lock_path(path)) == 0o600


def test_an_existing_folder_keeps_its_mode(tmp_path):
    """Only what the app creates is made private: a folder an admin chose stays as it is."""
    folder = tmp_path / "bersama"
    folder.mkdir(mode=0o750)
    bootstrap.init(folder / "humas.db")
    assert mode(folder) == 0o750 and mode(folder / "humas.db") == 0o600


def test_backups_and_safety_copies_are_owner_only(db_path, tmp_path):
    copy = backup.backup(db_path, tmp_path / "cadangan.db").path
    assert mode(copy) == 0o600
    kept = backup.restore(copy, db_path).safety_copy
    assert kept is not None and mode(kept) == 0o600


def test_exports_are_owner_only(db_path, tmp_path, capsys):
    out = tmp_path / "laporan.csv"
    code = main(
        ["export", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv"]
        + ["--out", str(out), "--db", str(db_path)]
    )
    assert code == 0 and mode(out) == 0o600


def test_the_run_folder_of_several_workers_is_private_unless_root_must_share_it(tmp_path):
    proxy.write_config(tmp_path / "run", "127.0.0.1:9000", [9001, 9002])
    # Root's nginx hands its workers to "nobody", who must reach nginx's temp folders.
    assert mode(tmp_path / "run") == (0o755 if os.geteuid() == 0 else 0o700)


def test_the_systemd_unit_creates_files_owner_only():
    unit = (REPO / "deploy" / "systemd" / "pantau-humas@.service").read_text()
    service = unit.split("[Service]", 1)[1].split("\n[", 1)[0]
    assert "\nUMask=0077\n" in service
