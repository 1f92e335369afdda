"""An edit based on an older version of an item is refused, never silently undoing another's.

Issue 18, item 5: an operator changed an item's title; an admin then changed
only its note from a page opened earlier; the title went back, and both saw
"Perubahan disimpan".
"""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.domain import Item
from dashboard.entries import Entry
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from dashboard.store.items import reads as item_reads
from tests.conftest import principal, unit_id

LINK = "https://ntt.kemenag.go.id/kota-kupang/berita/1"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")


@pytest.fixture
def item(db, accounts) -> dict:
    kupang = unit_id(db, "kankemenag-kota-kupang")
    entry = Entry(day=date(2026, 11, 25), kind="berita_website", title="Judul awal", link=LINK)
    (added,) = item_batches.add_batch(db, principal(db, "op.kupang"), kupang, [entry]).added
    return item_reads.get(db, SYSTEM, added.item_id)


def edit_form(found: Item, **typed) -> dict:
    """What the edit panel submits: every field, as shown when it was opened, then typed over."""
    fields = {f: getattr(found, f) for f in item_edits.EDITABLE}
    return fields | typed


def test_a_new_item_is_version_1_and_each_change_adds_one(db, item):
    assert item.version == 1
    changed = item_edits.update(db, SYSTEM, item.id, expected_version=1, note="x")
    assert changed.version == 2
    deleted = item_edits.delete(db, SYSTEM, item.id, expected_version=2)
    assert deleted["version"] == 2
    assert db.conn.execute("SELECT version FROM items").fetchone() == (3,)


def test_the_issues_scenario(db, item):
    operator, admin = principal(db, "op.kupang"), principal(db, "admin")
    seen_by_admin = item  # the admin's page is opened now (an Item does not change)
    item_edits.update(
        db, operator, item.id, expected_version=item.version,
        **edit_form(item, title="Judul diperbaiki operator"),
    )  # fmt: skip
    with pytest.raises(item_edits.StaleEdit) as refused:
        item_edits.update(
            db, admin, item.id, expected_version=seen_by_admin.version,
            **edit_form(seen_by_admin, note="Catatan dari admin"),
        )  # fmt: skip
    stale = refused.value
    assert [(c.actor, c.fields, c.deleted) for c in stale.changes] == [
        ("op.kupang", ("title",), False)
    ]
    assert stale.changes[0].at.startswith("2026-11-25T05:30")
    assert str(stale) == (
        "Item ini sudah diubah oleh op.kupang (judul) sejak Anda membukanya; perubahan Anda "
        "belum disimpan. Muat ulang item, lalu ulangi perubahan."
    )
    assert stale.current.title == "Judul diperbaiki operator"
    now = item_reads.get(db, SYSTEM, item.id)
    assert (now.title, now.note, now.version) == ("Judul diperbaiki operator", "", 2)
    # Reloaded, the admin's note goes in and the operator's title stays.
    item_edits.update(
        db, admin, item.id, expected_version=stale.current.version,
        **edit_form(stale.current, note="Catatan dari admin"),
    )  # fmt: skip
    now = item_reads.get(db, SYSTEM, item.id)
    assert (now.title, now.note) == ("Judul diperbaiki operator", "Catatan dari admin")


def test_every_change_since_is_told_in_order(db, item):
    operator, admin = principal(db, "op.kupang"), principal(db, "admin")
    item_edits.update(db, operator, item.id, expected_version=1, title="Dua")
    item_edits.update(db, admin, item.id, expected_version=2, tag="capaian", note="n")
    with pytest.raises(item_edits.StaleEdit) as refused:
        item_edits.update(db, operator, item.id, expected_version=1, note="lama")
    assert [(c.actor, c.fields) for c in refused.value.changes] == [
        ("op.kupang", ("title",)),
        ("admin", ("note", "tag")),
    ]
    assert "(catatan, judul, tag)" in str(refused.value)


def test_a_delete_from_a_stale_page_is_refused_too(db, item):
    item_edits.update(db, principal(db, "op.kupang"), item.id, expected_version=1, title="B")
    with pytest.raises(item_edits.StaleEdit):
        item_edits.delete(db, principal(db, "admin"), item.id, expected_version=1)
    assert item_reads.get(db, SYSTEM, item.id) is not None


def test_a_stale_save_writes_nothing(db, item):
    item_edits.update(db, SYSTEM, item.id, expected_version=1, title="Baru")
    log = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()
    with pytest.raises(item_edits.StaleEdit):
        item_edits.update(db, SYSTEM, item.id, expected_version=1, note="hilang")
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone() == log
    assert item_reads.get(db, SYSTEM, item.id).note == ""
