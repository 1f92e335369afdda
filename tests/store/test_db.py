import sqlite3

import pytest

from dashboard.store import backup, bootstrap, migrations, postgres
from dashboard.store.db import (
    DatabaseUnavailable,
    SchemaTooNew,
    connect,
    data_version,
    open_db,
    write,
)
from tests.backends import INTEGRITY_ERRORS

sqlite_only = pytest.mark.backends("sqlite")


def pragma(db, name):
    return db.conn.execute(f"PRAGMA {name}").fetchone()[0]


@sqlite_only
def test_every_connection_has_foreign_keys_wal_and_busy_timeout(db):
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "busy_timeout") >= 5000


@sqlite_only
def test_core_tables_are_strict(db):
    names = ["units", "metric_kinds", "users", "items", "daily_counts", "audit_log", "settings"]
    for name in names:
        sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        assert "STRICT" in sql.upper(), name


def test_strict_rejects_wrong_types(db):
    with pytest.raises((*INTEGRITY_ERRORS, postgres.psycopg.errors.DataError)):
        db.conn.execute(
            "INSERT INTO metric_kinds (code, grp, label, short_label, needs_link, sort_order) "
            "VALUES ('x_kind', 'berita', 'X', 'X', 1, 'first')"
        )


@pytest.mark.parametrize(
    "column_values",
    [
        "('ok-code', 'Unit', 'KANWIL', 'Europe/Paris')",  # zone outside Indonesia's three
        "('ok-code', 'Unit', 'KECAMATAN', 'Asia/Jakarta')",  # unknown unit type
        "('Bad Code', 'Unit', 'KANWIL', 'Asia/Jakarta')",  # code not lower-case slug
        "('ok-code', ' ', 'KANWIL', 'Asia/Jakarta')",  # blank name
    ],
)
def test_unit_checks(db, column_values):
    with pytest.raises(INTEGRITY_ERRORS):
        db.conn.execute(f"INSERT INTO units (code, name, type, tz) VALUES {column_values}")


def test_foreign_keys_are_enforced(db):
    with pytest.raises(INTEGRITY_ERRORS):
        db.conn.execute(
            """INSERT INTO items (unit_id, day, kind, title, source, created_at, updated_at)
               VALUES (999999, '2026-11-25', 'berita_website', 't', 'form', 'x', 'x')"""
        )


def test_item_checks_refuse_bad_dates_and_schemes(db):
    base = (
        "INSERT INTO items (unit_id, day, kind, title, link, link_key, source, created_at, updated_at) "
        "VALUES (1, ?, 'berita_website', 'Judul', ?, ?, 'form', 'x', 'x')"
    )
    for day, link in [
        ("2026-02-31", None),  # no such day
        ("2025-02-29", None),  # not a leap year
        ("2026-1-05", None),  # not YYYY-MM-DD
        ("2026-11-25 ", None),
        ("2026-11-25", "javascript:alert(1)"),
        ("2026-11-25", "ftp://kemenag.go.id/a"),
    ]:
        with pytest.raises(INTEGRITY_ERRORS), write(db):
            db.conn.execute(base, (day, link, link))
    for day, link in [
        ("2026-11-25", "https://kemenag.go.id/a"),
        ("2024-02-29", "HTTPS://kemenag.go.id/b"),  # scheme in capitals, as SQLite's LIKE allows
        ("2000-02-29", None),
    ]:
        with write(db):
            db.conn.execute(base, (day, link, link))


def test_init_is_idempotent(tmp_path):
    path = tmp_path / "x.db"
    first = bootstrap.init(path)
    second = bootstrap.init(path)
    assert first.applied == migrations.known_names()
    assert second.applied == []
    assert second.units_added == 0 and second.kinds_added == 0


def test_newer_schema_is_refused(db_path):
    db = open_db(db_path)
    db.conn.execute(
        f"INSERT INTO {migrations.migrations.table(db)} (migration_set, name, applied_at) "
        "VALUES ('humas', 'm999_from_the_future', '2030-01-01')"
    )
    version = data_version(db)
    db.close()
    with pytest.raises(SchemaTooNew) as refused:
        bootstrap.init(db_path)
    assert "m999_from_the_future" in refused.value.detail
    with connect(db_path) as db:
        assert data_version(db) == version  # nothing written


def test_a_step_merged_in_below_the_newest_is_applied_to_a_database_without_it(tmp_path):
    """m040_ux (a side branch) reached main after m045 and m050: a database migrated by main
    without it gets it at the next start."""
    without_m040 = migrations.Migrations(migrations.migrations.name)
    for step in migrations.migrations._migrations:
        if step.name != "m040_ux":
            without_m040(name=step.name)(step.fn)
    path = tmp_path / "main.db"
    db = open_db(path, create=True)
    with write(db):
        without_m040.apply(db)
    assert migrations.pending(db) == ["m040_ux"]
    assert migrations.apply(db) == ["m040_ux"]
    assert migrations.pending(db) == []
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"entry_drafts", "calendar_unit_overrides", "sessions", "signin_limits"} <= tables
    columns = {
        table: {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        for table in ("users", "items")
    }
    assert "must_change_password" in columns["users"]
    assert "version" in columns["items"]
    db.close()
    info = backup.inspect(path)
    assert info.applied == migrations.known_names() and info.pending == []
    assert f"schema {migrations.known_names()[-1]};" in info.summary()


def test_missing_database_is_not_created_by_a_read(tmp_path):
    with pytest.raises(DatabaseUnavailable), connect(tmp_path / "nope.db"):
        pass
    assert not (tmp_path / "nope.db").exists()


def test_write_commits_bumps_version_and_rolls_back_on_error(db):
    before = data_version(db)
    with write(db):
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('backdate_days', '7')")
    assert data_version(db) == before + 1
    with pytest.raises(RuntimeError), write(db):
        db.conn.execute("UPDATE settings SET value = '99' WHERE key = 'backdate_days'")
        raise RuntimeError("boom")
    assert db.conn.execute("SELECT value FROM settings").fetchone()[0] == "7"
    assert data_version(db) == before + 1


@sqlite_only
def test_write_begins_immediate(db):
    with write(db):
        # A second connection cannot take the write lock while ours is held.
        other = sqlite3.connect(db.conn.execute("PRAGMA database_list").fetchone()[2], timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_a_write_that_changes_nothing_keeps_the_version(db):
    before = data_version(db)
    with write(db):
        db.conn.execute("UPDATE settings SET value = 'x' WHERE key = 'no-such-key'")
    assert data_version(db) == before


@pytest.mark.backends("postgresql")
def test_a_postgresql_writer_holds_the_one_writers_lock(db, db_path):
    """While one write transaction is open, no other connection can take the writers' lock."""
    with write(db), connect(db_path) as other:
        taken = other.execute("SELECT pg_try_advisory_xact_lock(?)", (postgres.WRITER_LOCK,))
        assert taken.fetchone()[0] == 0
    with connect(db_path) as other:
        other.execute("BEGIN")
        taken = other.execute("SELECT pg_try_advisory_xact_lock(?)", (postgres.WRITER_LOCK,))
        assert taken.fetchone()[0] == 1
        other.execute("ROLLBACK")


def test_results_have_sqlite_types_on_both_backends(db):
    """Sums are ints, comparisons 0/1, text is text: the same values whatever the backend."""
    found = db.conn.execute(
        "SELECT SUM(value), count(*), (1 = 1), (1 = 2), 'x' FROM counters"
    ).fetchone()
    assert [type(v) for v in found] == [int, int, int, int, str]
    assert found[2:4] == (1, 0)


def test_a_nested_write_rolls_back_alone(db):
    with write(db):
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        with pytest.raises(RuntimeError), write(db):
            db.conn.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
            raise RuntimeError("inner")
    keys = [r[0] for r in db.conn.execute("SELECT key FROM settings ORDER BY key")]
    assert keys == ["a"]
