"""When the database itself fails: one short Indonesian message, nothing changed, reading goes on.

Issue 18, items 7 and 8: a locked, read-only or full database ended pages on
Streamlit's English error page and `humas` on a traceback; a missing one
showed its full path; nobody could sign in on a read-only database.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from dashboard import auth, words
from dashboard.store import bootstrap, migrations
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import (
    DatabaseBusy,
    DatabaseFull,
    DatabaseProblem,
    DatabaseReadOnly,
    DatabaseUnavailable,
    connect,
    database_problem,
    open_db,
    write,
)
from tests.conftest import PASSWORD
from tests.faults import busy, full_disk, small_pages, unwritable

# SQLite's own failures (busy, read-only and full files); PostgreSQL's: tests/test_postgres.py.
pytestmark = pytest.mark.backends("sqlite")


def _write_setting(db, value: str = "7") -> None:
    with write(db):
        db.conn.execute("UPDATE settings SET value = ? WHERE key = 'backdate_days'", (value,))


def _snapshot(path) -> list:
    with connect(path, readonly=True) as db:
        return [
            db.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("settings", "users", "items", "audit_log", "counters")
        ]


def _is_plain(problem: DatabaseProblem, path) -> None:
    """Shown on pages: the class's Indonesian sentence, no path; the detail names the file."""
    assert str(problem) == words.text(type(problem).CODE)
    assert str(path) not in str(problem) and "sqlite" not in str(problem).lower()
    assert str(path) in problem.detail


def test_a_missing_database(tmp_path):
    path = tmp_path / "hilang" / "humas.db"
    with pytest.raises(DatabaseUnavailable) as failed:
        open_db(path)
    _is_plain(failed.value, path)
    assert "Basis data tidak dapat dibuka" in str(failed.value)


def test_a_busy_database(db_path, db, monkeypatch):
    before = _snapshot(db_path)
    with busy(db_path, monkeypatch), connect(db_path) as other, pytest.raises(DatabaseBusy) as e:
        _write_setting(other)
    failed = e
    _is_plain(failed.value, db_path)
    assert "Coba lagi sebentar lagi" in str(failed.value)
    assert _snapshot(db_path) == before


def test_a_full_disk(db_path, monkeypatch):
    small_pages(db_path)
    full_disk(monkeypatch)
    before = _snapshot(db_path)
    with connect(db_path) as db, pytest.raises(DatabaseFull) as failed, write(db):
        db.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('pengisi', hex(randomblob(100000)))"
        )
    _is_plain(failed.value, db_path)
    assert "penuh" in str(failed.value)
    assert _snapshot(db_path) == before


def test_a_read_only_file_is_read_and_refuses_writes(db_path, accounts):
    before = _snapshot(db_path)
    with unwritable(db_path), connect(db_path) as db:
        assert db.conn.execute("SELECT count(*) FROM units").fetchone()[0] > 600
        with pytest.raises(DatabaseReadOnly) as failed:
            _write_setting(db, "9")
    _is_plain(failed.value, db_path)
    assert "hanya dapat dibaca" in str(failed.value)
    assert _snapshot(db_path) == before


def test_a_read_only_folder_is_read_too(db_path):
    """A file system mounted read-only: no -shm can be made, so the file is read as immutable."""
    assert not db_path.with_name(db_path.name + "-shm").exists()  # as after a clean shutdown
    with unwritable(db_path, db_path.parent):
        with connect(db_path, readonly=True) as db:
            assert db.conn.execute("SELECT count(*) FROM units").fetchone()[0] > 600
        bootstrap.ensure(db_path)
        with connect(db_path) as db, pytest.raises(DatabaseReadOnly):
            _write_setting(db)


def test_sign_in_on_a_read_only_database(db_path, db, accounts):
    """Signing in to read works; every refusal still refuses; nothing is recorded."""
    user_store.set_active(db, SYSTEM, accounts["op.jatim"], False)
    for _ in range(auth.MAX_FAILURES):  # locked for this client (sign-in limits, issue 18.6)
        auth.authenticate(db, "kepala.kupang", "salah-sekali-123")
    before = _snapshot(db_path)
    with unwritable(db_path), connect(db_path) as reader:
        assert auth.authenticate(reader, "op.kupang", PASSWORD).username == "op.kupang"
        assert auth.authenticate(reader, "op.kupang", "salah-sekali-123") is None
        assert auth.authenticate(reader, "op.jatim", PASSWORD) is None  # inactive
        assert auth.authenticate(reader, "kepala.kupang", PASSWORD) is None  # locked
        assert auth.authenticate(reader, "tidak.ada", PASSWORD) is None
    assert _snapshot(db_path) == before


def test_sign_in_waits_for_a_busy_database_rather_than_skipping_its_records(
    db_path, accounts, monkeypatch
):
    """Only an unwritable database skips the lockout's bookkeeping; a busy one is an error."""
    with busy(db_path, monkeypatch), connect(db_path) as db, pytest.raises(DatabaseBusy):
        auth.authenticate(db, "op.kupang", "salah-sekali-123")


def test_the_app_starts_on_a_read_only_database_whose_schema_is_current(db_path):
    with unwritable(db_path):
        bootstrap.ensure(db_path)


def test_a_read_only_database_that_needs_a_schema_step_is_refused(tmp_path):
    path = tmp_path / "lama.db"
    older = migrations.Migrations("humas")  # every step but the last, as an older release left it
    for step in migrations.migrations._migrations[:-1]:
        older(name=step.name)(step.fn)
    with closing(open_db(path, create=True)) as db, write(db):
        older.apply(db)
    with closing(open_db(path)) as db:
        assert migrations.pending(db) == migrations.known_names()[-1:]
    with unwritable(path), pytest.raises(DatabaseReadOnly):
        bootstrap.ensure(path)


def test_errors_of_a_statement_are_not_hidden_as_database_problems(db):
    """A constraint or a typo is a bug to see, not a state of the database."""
    with pytest.raises(sqlite3.IntegrityError), write(db):
        db.conn.execute("INSERT INTO units (code, name, type, tz) VALUES ('X', '', 'Y', 'Z')")
    with pytest.raises(sqlite3.OperationalError):
        db.conn.execute("SELECT no_such_column FROM units")
    assert database_problem(sqlite3.IntegrityError("x")) is None
