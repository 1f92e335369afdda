"""copy-db's refusals that need no PostgreSQL server (the copies themselves: tests/test_postgres.py)."""

import pytest

from dashboard.store import copy as copy_store
from dashboard.store import migrations
from dashboard.store.db import write


def test_a_source_behind_the_schema_is_refused_by_name(db, db_path, tmp_path):
    last = migrations.known_names()[-1]
    with write(db):
        db.execute(f"DELETE FROM {migrations.migrations.table(db)} WHERE name = ?", (last,))
    target = tmp_path / "copy.db"
    with pytest.raises(copy_store.CopyRefused, match=f"lacks schema steps {last}:"):
        copy_store.copy(db_path, target)
