import json
from datetime import UTC, datetime

import pytest

from dashboard.store import access, audit
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM, AccessDenied
from tests.backends import INTEGRITY_ERRORS
from tests.conftest import principal, unit_id


def test_changes_are_logged_with_before_and_after(db):
    unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT Baru")
    entry = audit.recent(db, limit=1)[0]
    assert entry.action == "update" and entry.entity == "unit"
    assert '"name": "Kanwil Kemenag Provinsi Nusa Tenggara Timur"' in entry.before
    assert '"name": "Kanwil NTT Baru"' in entry.after


def test_log_is_append_only(db):
    seeded = len(audit.recent(db))  # the seed's own entries
    unit_store.update(db, SYSTEM, "kanwil-ntt", name="Kanwil NTT Baru")
    with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
        db.conn.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
        db.conn.execute("DELETE FROM audit_log")
    assert len(audit.recent(db)) == seeded + 1


def _at(monkeypatch, instant: str) -> None:
    monkeypatch.setenv("HUMAS_NOW", instant)


def test_search_filters_by_unit_user_and_time_newest_first(db, accounts, monkeypatch):
    admin = principal(db, "admin")
    ntt, jatim = unit_id(db, "kanwil-ntt"), unit_id(db, "kanwil-jatim")
    _at(monkeypatch, "2020-11-20T10:00:00Z")
    unit_store.update(db, admin, "kanwil-ntt", name="NTT satu")
    _at(monkeypatch, "2020-11-21T10:00:00Z")
    unit_store.update(db, SYSTEM, "kanwil-jatim", name="Jatim satu")
    _at(monkeypatch, "2020-11-22T10:00:00Z")
    unit_store.update(db, admin, "kanwil-ntt", name="NTT dua")
    unit_store.update(db, admin, "kankemenag-kota-kupang", name="Kota Kupang dua")

    # The accounts fixture wrote entries at the real time; these are in 2020.
    week = {
        "since": datetime(2020, 11, 16, tzinfo=UTC),
        "until": datetime(2020, 11, 23, tzinfo=UTC),
    }

    def names(where):
        return [json.loads(e.after)["name"] for e in audit.search(db, admin, where)]

    assert names(audit.Filter(unit_ids=[ntt], **week)) == ["NTT dua", "NTT satu"]
    below = access.subtree_ids(db, ntt)
    assert names(audit.Filter(unit_ids=below, **week)) == ["Kota Kupang dua", "NTT dua", "NTT satu"]
    assert names(audit.Filter(unit_ids=[jatim], **week)) == ["Jatim satu"]
    assert names(audit.Filter(system_only=True, unit_ids=[ntt, jatim], **week)) == ["Jatim satu"]
    by_admin = audit.Filter(actor_id=accounts["admin"], **week)
    assert names(by_admin) == ["Kota Kupang dua", "NTT dua", "NTT satu"]
    day_21 = audit.Filter(
        since=datetime(2020, 11, 21, tzinfo=UTC), until=datetime(2020, 11, 22, tzinfo=UTC)
    )
    assert names(day_21) == ["Jatim satu"]
    assert audit.count(db, admin, audit.Filter(unit_ids=below, **week)) == 3
    assert audit.count(db, admin, audit.Filter(unit_ids=[])) == 0


def test_search_pages_and_is_bounded(db, accounts):
    admin = principal(db, "admin")
    for n in range(7):
        unit_store.update(db, admin, "kanwil-ntt", name=f"NTT {n}")
    where = audit.Filter(unit_ids=[unit_id(db, "kanwil-ntt")], actor_id=accounts["admin"])
    pages = [audit.search(db, admin, where, limit=3, offset=o) for o in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 3, 1]
    ids = [e.id for p in pages for e in p]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 7
    assert len(audit.search(db, admin, audit.Filter(), limit=10**9)) <= audit.MAX_PAGE


def test_only_admins_read_the_log(db, accounts):
    for username in ("pusat", "kanwil.ntt", "op.kupang"):
        who = principal(db, username)
        with pytest.raises(AccessDenied):
            audit.search(db, who, audit.Filter())
        with pytest.raises(AccessDenied):
            audit.count(db, who, audit.Filter())
