import sqlite3

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from dashboard.store import backup, bootstrap, migrations
from dashboard.store.db import (
    DatabaseUnavailable,
    SchemaTooNew,
    connect,
    data_version,
    open_db,
    write,
)


def pragma(db, name):
    return db.conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_every_connection_has_foreign_keys_wal_and_busy_timeout(db):
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "busy_timeout") >= 5000


def test_core_tables_are_strict(db):
    names = ["units", "metric_kinds", "users", "items", "daily_counts", "audit_log", "settings"]
    for name in names:
        sql = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        assert "STRICT" in sql.upper(), name


def test_strict_rejects_wrong_types(db):
    with pytest.raises(sqlite3.IntegrityError, match="cannot store TEXT value in INTEGER"):
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
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(f"INSERT INTO units (code, name, type, tz) VALUES {column_values}")


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(
            """INSERT INTO items (unit_id, day, kind, title, source, created_at, updated_at)
               VALUES (999999, '2026-11-25', 'berita_website', 't', 'form', 'x', 'x')"""
        )


def test_item_checks_refuse_bad_dates_and_schemes(db):
    base = (
        "INSERT INTO items (unit_id, day, kind, title, link, link_key, source, created_at, updated_at) "
        "VALUES (1, ?, 'berita_website', 'Judul', ?, ?, 'form', 'x', 'x')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(base, ("2026-02-31", None, None))
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute(base, ("2026-11-25", "javascript:alert(1)", "javascript:alert(1)"))
    db.conn.execute(base, ("2026-11-25", "https://kemenag.go.id/a", "https://kemenag.go.id/a"))


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
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('humas', 'm999_from_the_future', '2030-01-01')"
    )
    db.close()
    with pytest.raises(SchemaTooNew):
        bootstrap.init(db_path)


def test_a_step_merged_in_below_the_newest_is_applied_to_a_database_without_it(tmp_path):
    """m040_ux (a side branch) reached main after m045 and m050: a database migrated by main
    without it gets it at the next start, and the newest step is still named m050."""
    without_m040 = Migrations(migrations.migrations.name)
    for step in migrations.migrations._migrations:
        if step.name != "m040_ux":
            without_m040(name=step.name)(step.fn)
    path = tmp_path / "main.db"
    db = Database(path)
    without_m040.apply(db)
    assert migrations.pending(db) == ["m040_ux"]
    assert migrations.apply(db) == ["m040_ux"]
    assert migrations.pending(db) == []
    assert {"entry_drafts", "calendar_unit_overrides", "sessions", "signin_limits"} <= set(
        db.table_names()
    )
    assert {"must_change_password"} <= set(db["users"].columns_dict)
    assert {"version"} <= set(db["items"].columns_dict)
    db.close()
    info = backup.inspect(path)
    assert info.applied == migrations.known_names() and info.pending == []
    assert "schema m050_sessions;" in info.summary()


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
