"""The two store backends in tests: which areas run on both, and backend-neutral helpers.

The store, importer, service (KPI), authorization-matrix, audit, concurrency
and crash suites run once on SQLite and once on PostgreSQL: every test there
that asks for a database (`db`, `db_path`) is parametrised over BACKENDS by
tests/conftest.py. Elsewhere tests run on SQLite alone, unless marked
`@pytest.mark.backends("sqlite", "postgresql")` (or pinned to one with
`@pytest.mark.backends("sqlite")` inside a parametrised area: a test of
SQLite's own files, pragmas or backups).

On PostgreSQL, `db_path` is the URL of a fresh database cloned from a
seeded template on this test process's throwaway server (tests/pgserver.py);
it is dropped after the test.
"""

from __future__ import annotations

import sqlite3

import psycopg

BACKENDS = ("sqlite", "postgresql")

# Test files (or folders, ending in "/") whose database tests run on both backends.
BOTH = (
    "tests/store/",
    "tests/service/",
    "tests/ingest/test_importer.py",
    "tests/cli/test_kpi.py",
    "tests/cli/test_maintenance.py",
    "tests/test_authorization_matrix.py",
    "tests/test_auth.py",
    "tests/test_postgres.py",
)

# What a constraint the database refuses raises, whichever the backend.
INTEGRITY_ERRORS = (sqlite3.IntegrityError, psycopg.errors.IntegrityError)


def runs_on_both(nodeid: str) -> bool:
    path = nodeid.split("::", 1)[0]
    return any(path.startswith(area) if area.endswith("/") else path == area for area in BOTH)


def is_postgres(db) -> bool:
    return db.dialect == "postgresql"


def dump_text(db) -> str:
    """Every row of every table as text: to prove a secret is stored nowhere."""
    if not is_postgres(db):
        return "\n".join(db.raw.iterdump())
    tables = [
        r[0]
        for r in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    ]
    lines = []
    for table in tables:
        lines += [r[0] for r in db.execute(f'SELECT t::text FROM "{table}" t')]
    return "\n".join(lines)
