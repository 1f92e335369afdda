"""A released schema step never changes: its statements come out as they were released.

The CHECK constraints are built from the domain's enums (dashboard/domain.py), so
editing an enum could silently change the text of a step that databases have
already applied. Each step runs here against a fresh database through a recorder
that keeps every statement and its parameters; the record must equal the one
committed next to this file (taken from the code before the enums existed).

To record a NEW step (never to change an old one): HUMAS_RECORD_MIGRATIONS=1 pytest this file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from dashboard.store import migrations
from dashboard.store.db import Database, open_db, write

RECORDS = Path(__file__).parent / "migration_sql"


class _Recorder:
    """A database that remembers every statement a step sends (and sends it on)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.sent: list[list[Any]] = []

    @property
    def conn(self) -> _Recorder:
        return self

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self.sent.append([sql, list(params)])
        return self._db.execute(sql, params)

    def executemany(self, sql: str, seq: Any) -> Any:
        seq = [list(p) for p in seq]
        self.sent.append([sql, seq])
        return self._db.executemany(sql, seq)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@pytest.fixture
def fresh(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        target: Any = server.url(request.getfixturevalue("empty_pg")())
    else:
        target = tmp_path / "fresh.db"
    db = open_db(target, create=True)
    try:
        yield db
    finally:
        db.close()


def test_every_released_step_sends_the_statements_it_was_released_with(
    fresh: Database, backend: str
) -> None:
    steps = migrations.migrations._migrations
    record: dict[str, list[list[Any]]] = {}
    with write(fresh):
        migrations.migrations._ensure_table(fresh)
        for step in steps:
            recorder = _Recorder(fresh)
            with fresh.savepoint():
                step.fn(recorder)
            record[step.name] = recorder.sent
    path = RECORDS / f"{backend}.json"
    if os.environ.get("HUMAS_RECORD_MIGRATIONS"):
        known = json.loads(path.read_text()) if path.exists() else {}
        known.update({name: sent for name, sent in record.items() if name not in known})
        path.write_text(json.dumps(known, indent=1, ensure_ascii=False) + "\n")
    released = json.loads(path.read_text())
    for name, sent in released.items():
        assert name in record, f"released step {name} is gone"
        assert json.loads(json.dumps(record[name])) == sent, f"step {name} changed its SQL"
    assert list(record)[: len(released)] == list(released), "released steps changed order"
