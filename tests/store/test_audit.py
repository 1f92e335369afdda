import sqlite3

import pytest

from dashboard.store import audit
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM


def test_changes_are_logged_with_before_and_after(db):
    unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT Baru")
    entry = audit.recent(db, limit=1)[0]
    assert entry["action"] == "update" and entry["entity"] == "unit"
    assert '"name": "Kanwil Kemenag Provinsi Nusa Tenggara Timur"' in entry["before"]
    assert '"name": "Kanwil NTT Baru"' in entry["after"]


def test_log_is_append_only(db):
    unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT Baru")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.conn.execute("DELETE FROM audit_log")
    assert len(audit.recent(db)) == 1
