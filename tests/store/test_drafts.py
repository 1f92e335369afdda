"""Drafts of Input Harian: kept per account and unit, scoped, bounded, expired, never items."""

from datetime import date

import pytest

from dashboard.store import drafts
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError, data_version
from tests.conftest import principal, unit_id

DAY = date(2026, 11, 25)
ROWS = [
    {"kind": "berita_website", "title": "Rakor", "link": "kupang.kemenag.go.id/b/1", "note": ""},
    {"kind": None, "title": "", "link": "https://www.instagram.com/p/X/", "tag": "capaian"},
    {"kind": None, "title": "", "link": "", "note": "", "tag": None},  # an empty last row
]


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")


def test_a_draft_comes_back_for_the_same_account_and_unit_only(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    version = data_version(db)
    assert drafts.save(db, operator, kupang, DAY, ROWS)
    found = drafts.load(db, operator, kupang)
    assert found.day == DAY and len(found.rows) == 2  # the empty last row is not kept
    assert found.rows[0] == {
        "kind": "berita_website",
        "title": "Rakor",
        "link": "kupang.kemenag.go.id/b/1",
        "note": None,
        "tag": None,
    }
    assert found.rows[1]["tag"] == "capaian"
    assert data_version(db) == version  # no figure depends on a draft: caches stay warm
    assert db.conn.execute("SELECT count(*) FROM items").fetchone() == (0,)
    assert db.conn.execute("SELECT count(*) FROM audit_log WHERE entity = 'draft'").fetchone() == (
        0,
    )
    # Another account of the same unit has its own (none); an admin's is its own too.
    other = principal(db, "admin")
    assert drafts.load(db, other, kupang) is None


def test_only_a_unit_one_may_enter_for_keeps_drafts(db, accounts):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    for name in ("op.jatim", "kepala.kupang", "pusat"):
        with pytest.raises(AccessDenied):
            drafts.save(db, principal(db, name), kupang, DAY, ROWS)
        with pytest.raises(AccessDenied):
            drafts.load(db, principal(db, name), kupang)
    with pytest.raises(StoreError):
        drafts.save(db, SYSTEM, kupang, DAY, ROWS)  # no account, no draft


def test_empty_rows_remove_the_draft_and_clear_forgets_it(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    drafts.save(db, operator, kupang, DAY, ROWS)
    assert not drafts.save(db, operator, kupang, DAY, ROWS[2:])
    assert drafts.load(db, operator, kupang) is None
    drafts.save(db, operator, kupang, DAY, ROWS)
    drafts.clear(db, operator, kupang)
    assert drafts.load(db, operator, kupang) is None


def test_a_draft_lasts_a_week_after_its_last_change_then_is_purged(db, accounts, monkeypatch):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    drafts.save(db, operator, kupang, DAY, ROWS)
    monkeypatch.setenv("HUMAS_NOW", "2026-12-02T05:29:00Z")  # 6 days 23 h 59 min later
    assert drafts.load(db, operator, kupang) is not None
    monkeypatch.setenv("HUMAS_NOW", "2026-12-02T05:31:00Z")
    assert drafts.load(db, operator, kupang) is None
    assert drafts.purge(db) == 1
    assert db.conn.execute("SELECT count(*) FROM entry_drafts").fetchone() == (0,)


def test_rows_are_bounded_to_the_forms_limits(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    many = [{"title": f"Baris {n}", "note": "x" * 5000, "extra": "dibuang"} for n in range(40)]
    drafts.save(db, operator, kupang, DAY, many)
    found = drafts.load(db, operator, kupang)
    assert len(found.rows) == drafts.MAX_ROWS
    assert {len(r["note"]) for r in found.rows} == {2000}
    assert all(set(r) == {"kind", "title", "link", "note", "tag"} for r in found.rows)


def test_every_hostile_string_comes_back_exactly_as_typed(db, accounts):
    from tests.hostile.corpus import TEXTS

    operator = principal(db, "op.kupang")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    for name, text in TEXTS.items():
        rows = [{"title": text, "link": text, "note": text}]
        drafts.save(db, operator, kupang, DAY, rows)
        (back,) = drafts.load(db, operator, kupang).rows
        for field, limit in (("title", 500), ("link", 2048), ("note", 2000)):
            assert back[field] == (text[:limit] or None), (name, field)
