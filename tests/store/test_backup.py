"""Backups while people write, and restores that are checked, exclusive and atomic."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from dashboard.store import applock, backup, migrations
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import connect, data_version, open_db
from tests.conftest import REPO
from tests.store import writer

# SQLite files: PostgreSQL backups are pg_dump's (tests/cli/test_postgres.py).
pytestmark = pytest.mark.backends("sqlite")


def integrity(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def tokens(path, prefix: str) -> set[str]:
    with connect(path, readonly=True) as db:
        return writer.stored_tokens(db, prefix)


def unit_name(path, code: str) -> str:
    with connect(path, readonly=True) as db:
        return unit_store.require(db, code).name


class BackgroundWriter:
    """writer.run in a thread: `acked` grows with each acknowledged write."""

    def __init__(self, db_path, prefix: str):
        self.acked: list[str] = []
        self._stop = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(db_path, prefix), daemon=True)

    def _run(self, db_path, prefix):
        try:
            writer.run(db_path, prefix, ack=self.acked.append, stop=self._stop.is_set)
        except BaseException as exc:  # surfaced by stop()
            self.error = exc

    def start(self, at_least: int = 20) -> BackgroundWriter:
        self._thread.start()
        deadline = time.monotonic() + 30
        while len(self.acked) < at_least and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(self.acked) >= at_least, self.error
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)
        assert self.error is None, self.error


@pytest.mark.slow
def test_backup_during_writes_holds_every_write_acknowledged_before_it_began(db_path, tmp_path):
    target = tmp_path / "backup.db"
    steps: list[int] = []

    def slow_step(done, total, label):
        # Stretch the copy so the writer keeps committing while pages are copied.
        steps.append(done)
        time.sleep(0.01)

    background = BackgroundWriter(db_path, "w").start()
    before = set(background.acked)
    info = backup.backup(db_path, target, report=slow_step, step_pages=2)
    during = set(background.acked)
    background.stop()
    after = set(background.acked)

    assert len(steps) > 10, "the copy should have gone in many steps"
    assert len(during) > len(before), "writers were not blocked during the backup"
    copied = tokens(target, "w")
    assert before <= copied  # every write acknowledged before the backup began
    assert copied <= after  # nothing that was never acknowledged (all writes finished by now)
    assert integrity(target) == ["ok"]
    assert info.path == target and info.counts["items"] == len(copied)
    # A backup is one self-contained file, not a WAL database with side files.
    assert sqlite3.connect(target).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not list(tmp_path.glob(".backup.db.partial-*"))

    # Restoring brings back exactly the snapshot: later writes are gone, earlier ones kept.
    result = backup.restore(target, db_path)
    assert tokens(db_path, "w") == copied
    assert integrity(db_path) == ["ok"]
    assert result.safety_copy is not None and tokens(result.safety_copy, "w") == after


def test_restore_keeps_a_safety_copy_and_never_moves_the_data_version_back(db_path, tmp_path):
    target = tmp_path / "before-rename.db"
    backup.backup(db_path, target)
    with connect(db_path) as db:
        for n in range(3):
            unit_store.update(db, SYSTEM, "kanwil-ntt", name=f"Kanwil NTT {n}")
        version = data_version(db)
    result = backup.restore(target, db_path)
    assert unit_name(db_path, "kanwil-ntt") == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"
    assert unit_name(result.safety_copy, "kanwil-ntt") == "Kanwil NTT 2"
    with connect(db_path, readonly=True) as db:
        assert data_version(db) > version
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_backup_into_a_folder_gets_a_time_stamped_name_and_never_overwrites(db_path, tmp_path):
    folder = tmp_path / "cadangan"
    folder.mkdir()
    info = backup.backup(db_path, folder)
    assert info.path.parent == folder and info.path.name.startswith("humas-")
    with pytest.raises(backup.BackupRefused, match="exists"):
        backup.backup(db_path, info.path)
    backup.backup(db_path, info.path, overwrite=True)
    with pytest.raises(backup.BackupRefused, match="does not exist"):
        backup.backup(db_path, tmp_path / "nowhere" / "b.db")


@pytest.mark.slow
def test_restore_is_refused_while_an_app_process_holds_the_database(db_path, tmp_path):
    target = tmp_path / "b.db"
    backup.backup(db_path, target)
    with connect(db_path) as db:
        unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT Sekarang")
    applock.hold_shared(db_path)  # what every app process does at its first run
    with pytest.raises(applock.AppRunning, match="stop it first"):
        backup.restore(target, db_path)
    assert unit_name(db_path, "kanwil-ntt") == "Kanwil NTT Sekarang"
    assert not list(tmp_path.glob("humas.db.pre-restore-*"))
    applock.release(db_path)
    backup.restore(target, db_path)
    assert unit_name(db_path, "kanwil-ntt") != "Kanwil NTT Sekarang"


@pytest.mark.slow
def test_a_lock_held_by_a_killed_process_is_gone_with_it(db_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from dashboard.store import applock; "
            "applock.hold_shared(sys.argv[1]); print('held', flush=True); time.sleep(60)",
            str(db_path),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert applock.is_held_elsewhere(db_path)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert not applock.is_held_elsewhere(db_path)


def _newer_schema(path):
    db = open_db(path)
    db.conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('humas', 'm999_from_the_future', '2030-01-01')"
    )
    db.close()


def _truncated(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _garbage(path):
    path.write_bytes(os.urandom(64 * 1024))


def _other_database(path):
    path.unlink()
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()


def _corrupt_page(path):
    # Overwrite the middle of the file (b-tree pages) with noise, keeping the header.
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "spoil, message",
    [
        (_newer_schema, "newer"),
        (_truncated, "integrity|not a usable"),
        (_garbage, "not a usable"),
        (_other_database, "not a Pantau Humas database"),
        (_corrupt_page, "integrity|not a usable"),
    ],
    ids=["newer-schema", "truncated", "garbage", "other-database", "corrupt-page"],
)
def test_a_bad_backup_is_refused_and_nothing_changes(db_path, tmp_path, spoil, message):
    target = tmp_path / "b.db"
    backup.backup(db_path, target)
    spoil(target)
    with connect(db_path) as db:
        unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT Sekarang")
        version = data_version(db)
    with pytest.raises(backup.BackupRefused, match=message):
        backup.restore(target, db_path)
    assert unit_name(db_path, "kanwil-ntt") == "Kanwil NTT Sekarang"
    with connect(db_path, readonly=True) as db:
        assert data_version(db) == version
    assert not list(tmp_path.glob("humas.db.pre-restore-*"))


@pytest.mark.slow
def test_a_restore_killed_half_way_leaves_the_previous_database_whole(db_path, tmp_path):
    target = tmp_path / "b.db"
    with connect(db_path) as db:
        unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT di cadangan")
    backup.backup(db_path, target)
    with connect(db_path) as db:
        unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT sekarang")
    script = textwrap.dedent(
        """
        import os, signal, sys
        from dashboard.store import backup
        calls = []
        def die_half_way(done, total, label):
            calls.append(done)
            if len(calls) == 3:  # a few pages written into the live file, not all
                print(f"killing at {done}/{total}", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
        backup.restore(sys.argv[1], sys.argv[2], safety_copy=False,
                       report=die_half_way, step_pages=4)
        print("finished", flush=True)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(target), str(db_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert run.stdout.startswith("killing at ") and "finished" not in run.stdout
    assert integrity(db_path) == ["ok"]
    assert unit_name(db_path, "kanwil-ntt") == "Kanwil NTT sekarang"
    # The lock died with the process: a second attempt goes through.
    backup.restore(target, db_path, safety_copy=False)
    assert unit_name(db_path, "kanwil-ntt") == "Kanwil NTT di cadangan"


def test_a_damaged_live_database_is_set_aside_and_replaced(db_path, tmp_path):
    target = tmp_path / "b.db"
    backup.backup(db_path, target)
    _corrupt_page(db_path)
    result = backup.restore(target, db_path)
    assert ".damaged-" in result.safety_copy.name and result.safety_copy.exists()
    assert integrity(db_path) == ["ok"]
    with connect(db_path, readonly=True) as db:
        assert migrations.pending(db) == []


def test_inspect_describes_a_good_backup(db_path, tmp_path):
    info = backup.backup(db_path, tmp_path / "b.db")
    assert info.applied == migrations.known_names() and info.pending == []
    assert info.counts["units"] == 627
    assert "integrity ok" in info.summary()
