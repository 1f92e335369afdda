"""Flagged items for the review tests (issue 14): `flag()` stores a check as the checker
would; the `flagged` fixture (registered for every test in tests/conftest.py) flags items of
Kupang, Alor and the NTT Kanwil."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.domain import CheckDue
from tests.conftest import unit_id
from tests.service.helpers import add_items

NOW = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)
KUPANG, ALOR, NTT = "kankemenag-kota-kupang", "kankemenag-kab-alor", "kanwil-ntt"


def item_ids(db, code):
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT id FROM items WHERE unit_id = ? ORDER BY id", (unit_id(db, code),)
        )
    ]


def due_item(db, where: str, *params) -> CheckDue:
    """An item as the checker's queue gives it (`store.checks.due`), chosen by `where`."""
    cursor = db.conn.execute(
        "SELECT i.id, i.unit_id, un.tz, i.day, i.kind, i.title, i.link, i.link_key, i.flagged "
        f"FROM items i JOIN units un ON un.id = i.unit_id WHERE {where} "
        "ORDER BY i.day DESC, i.id DESC LIMIT 1",
        params,
    )
    names = [d[0] for d in cursor.description]
    return CheckDue.from_row(dict(zip(names, cursor.fetchone(), strict=True)))


def flag(db, item_id, *reasons, verdict="flagged"):
    """Store a check of the item that raised `reasons` (as the checker would)."""
    from dashboard.store import checks as check_store

    item = due_item(db, "i.id = ?", item_id)

    assert check_store.record(
        db,
        item,
        checked_at=NOW,
        outcome="ok",
        status=200,
        code=None,
        final_url=item.link,
        final_key=item.link_key,
        page_title="Judul",
        published=None,
        detail=None,
        reasons=reasons,
        verdict=verdict if reasons else "verified",
        recheck_at=None,
    )


@pytest.fixture
def flagged(db, accounts):
    """Two Kupang news items and one of Alor and of the Kanwil itself, each flagged."""
    add_items(db, KUPANG, "2026-11-24", "berita_website", 2)
    add_items(db, ALOR, "2026-11-24", "berita_website")
    add_items(db, NTT, "2026-11-24", "berita_website")
    k1, k2 = item_ids(db, KUPANG)
    (alor,) = item_ids(db, ALOR)
    (ntt,) = item_ids(db, NTT)
    flag(db, k1, "date_mismatch")
    flag(db, k2)  # verified
    flag(db, alor, "title_mismatch", "not_unit_channel")
    flag(db, ntt, "link_broken")
    return {"k1": k1, "k2": k2, "alor": alor, "ntt": ntt}
