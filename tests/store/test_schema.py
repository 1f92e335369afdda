"""The two backends carry the same schema: tables, columns, keys, uniqueness and references.

Every schema step has SQLite DDL and PostgreSQL DDL side by side
(dashboard/store/migrations.py); a step that adds a table, a column, a key or
a unique index on one backend only fails here, naming what differs.
"""

from __future__ import annotations

import pytest

from dashboard.store import migrations
from dashboard.store.db import POSTGRESQL, connect

pytestmark = pytest.mark.postgresql


def _sqlite_shape(db) -> dict:
    shape = {}
    tables = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        info = db.execute(f"PRAGMA table_info({table})").fetchall()
        columns = [(r[1], bool(r[3]) or r[5] > 0) for r in info]  # a key column is NOT NULL
        key = tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5])
        unique = set()
        for index in db.execute(f"PRAGMA index_list({table})").fetchall():
            if index[2] and index[3] != "pk":  # unique, not the primary key
                cols = db.execute(f"PRAGMA index_info({index[1]})").fetchall()
                # An expression column has no name: the index's name tells it apart.
                unique.add(tuple(c[2] or "<expr>" for c in cols))
        refs = {
            (r[3], r[2], r[4] or "id")
            for r in db.execute(f"PRAGMA foreign_key_list({table})").fetchall()
        }
        shape[table] = {"columns": columns, "key": key, "unique": unique, "refs": refs}
    return shape


def _postgres_shape(db) -> dict:
    shape = {}
    tables = [
        r[0]
        for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ]
    for table in tables:
        columns = [
            (r[0], r[1] == "NO")
            for r in db.execute(
                "SELECT column_name, is_nullable FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                (table,),
            )
        ]
        indexes = db.execute(
            """
            SELECT ix.indisprimary, ix.indisunique,
                   array(SELECT coalesce(a.attname, '<expr>')
                         FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                         LEFT JOIN pg_attribute a
                           ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                         ORDER BY k.n)
            FROM pg_index ix WHERE ix.indrelid = ?::regclass
            """,
            (table,),
        ).fetchall()
        key = next((tuple(cols) for primary, _, cols in indexes if primary), ())
        unique = {tuple(cols) for primary, uniq, cols in indexes if uniq and not primary}
        refs = {
            (r[0], r[1], r[2])
            for r in db.execute(
                """
                SELECT a.attname, c.confrelid::regclass::text, af.attname
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
                WHERE c.contype = 'f' AND c.conrelid = ?::regclass
                """,
                (table,),
            )
        }
        shape[table] = {"columns": columns, "key": key, "unique": unique, "refs": refs}
    return shape


def test_both_backends_have_the_same_tables_columns_keys_and_references(
    _seeded_template, pg_database
):
    with connect(_seeded_template, readonly=True) as db:
        on_sqlite = _sqlite_shape(db)
        sqlite_steps = [m.name for m in migrations.migrations.applied(db)]
    # A copy of the template, never the template itself: a pool left open on the template
    # would make every later copy of it fail ("being accessed by other users").
    with connect(pg_database, readonly=True) as db:
        assert db.dialect == POSTGRESQL
        on_postgres = _postgres_shape(db)
        postgres_steps = [m.name for m in migrations.migrations.applied(db)]
    assert sqlite_steps == postgres_steps == migrations.known_names()
    for own in ("_sqlite_migrations", "schema_migrations"):  # each backend's own step record
        on_sqlite.pop(own, None)
        on_postgres.pop(own, None)
    assert sorted(on_sqlite) == sorted(on_postgres)
    for table in on_sqlite:
        for part in ("columns", "key", "unique", "refs"):
            assert on_sqlite[table][part] == on_postgres[table][part], (table, part)
