import pytest

from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.items import batches as item_batches
from dashboard.store.items import reads as item_reads
from tests.backends import INTEGRITY_ERRORS
from tests.conftest import principal, unit_id


def item(unit, day="2026-11-25", kind="berita_website", link="https://a.kemenag.go.id/berita/1"):
    return {
        "unit_id": unit,
        "day": day,
        "kind": kind,
        "title": "Judul",
        "link": link,
        "link_key": link,
        "note": "",
        "tag": None,
        "source": "form",
        "published_at": None,
        "late": 0,
        "created_by": None,
        "created_at": "2026-11-25T01:00:00Z",
        "updated_at": "2026-11-25T01:00:00Z",
    }


def counts(db):
    return {
        (r[0], r[1], r[2]): r[3]
        for r in db.conn.execute("SELECT unit_id, day, kind, n FROM daily_counts")
    }


def recount(db):
    return {
        (r[0], r[1], r[2]): r[3]
        for r in db.conn.execute(
            "SELECT unit_id, day, kind, count(*) FROM items WHERE deleted = 0 GROUP BY 1, 2, 3"
        )
    }


def test_summary_follows_inserts_updates_soft_and_hard_deletes(db):
    u1, u2 = unit_id(db, "kankemenag-kota-kupang"), unit_id(db, "kanwil-ntt")
    item_batches.bulk_load(
        db,
        SYSTEM,
        [item(u1, link=f"https://a.id/{n}") for n in range(3)]
        + [item(u2, kind="medsos_instagram", link="https://instagram.com/p/1")],
    )
    assert counts(db) == {
        (u1, "2026-11-25", "berita_website"): 3,
        (u2, "2026-11-25", "medsos_instagram"): 1,
    }
    db.conn.execute("UPDATE items SET day = '2026-11-24' WHERE link = 'https://a.id/0'")
    db.conn.execute("UPDATE items SET deleted = 1 WHERE link = 'https://a.id/1'")
    db.conn.execute(
        "UPDATE items SET kind = 'berita_portal', unit_id = ? WHERE link = 'https://a.id/2'", (u2,)
    )
    db.conn.execute("DELETE FROM items WHERE link = 'https://instagram.com/p/1'")
    assert counts(db) == recount(db)
    assert counts(db) == {
        (u1, "2026-11-24", "berita_website"): 1,
        (u2, "2026-11-25", "berita_portal"): 1,
    }
    db.conn.execute("UPDATE items SET deleted = 0 WHERE link = 'https://a.id/1'")
    assert counts(db) == recount(db)


def test_same_link_counts_once_per_unit_and_kind(db):
    u1, u2 = unit_id(db, "kankemenag-kota-kupang"), unit_id(db, "kanwil-ntt")
    added = item_batches.bulk_load(
        db, SYSTEM, [item(u1), item(u1), item(u2), item(u1, kind="berita_portal")]
    )
    assert added == 3
    with pytest.raises(INTEGRITY_ERRORS):
        db.conn.execute(
            "INSERT INTO items (unit_id, day, kind, title, link, link_key, source, created_at, updated_at) "
            "VALUES (?, '2026-11-26', 'berita_website', 'x', 'https://a.kemenag.go.id/berita/1', "
            "'https://a.kemenag.go.id/berita/1', 'form', 'x', 'x')",
            (u1,),
        )


def test_bulk_load_is_for_admins(db, accounts):
    with pytest.raises(AccessDenied):
        item_batches.bulk_load(db, principal(db, "op.kupang"), [])


def test_latest_items_newest_first_within_scope(db, accounts):
    import datetime as dt

    kupang, surabaya = (
        unit_id(db, "kankemenag-kota-kupang"),
        unit_id(db, "kankemenag-kota-surabaya"),
    )
    rows = []
    for n, (unit, day, stamp) in enumerate(
        [
            (kupang, "2026-11-25", "2026-11-25T03:00:00Z"),
            (kupang, "2026-11-25", "2026-11-25T04:00:00Z"),
            (surabaya, "2026-11-25", "2026-11-25T05:00:00Z"),
            (kupang, "2026-11-20", "2026-11-20T05:00:00Z"),  # before `since`
        ]
    ):
        row = item(unit, day, link=f"https://a.kemenag.go.id/berita/{n}")
        row["published_at"] = stamp
        rows.append(row)
    deleted = item(kupang, "2026-11-25", link="https://a.kemenag.go.id/berita/hapus")
    rows.append(deleted)
    item_batches.bulk_load(db, SYSTEM, rows)
    db.conn.execute("UPDATE items SET deleted = 1 WHERE link = ?", (deleted["link"],))
    since = dt.date(2026, 11, 24)

    everyone = item_reads.latest(db, SYSTEM, None, since)
    assert [i.published_at for i in everyone] == [
        "2026-11-25T05:00:00Z",
        "2026-11-25T04:00:00Z",
        "2026-11-25T03:00:00Z",
    ]
    ntt = item_reads.latest(db, principal(db, "kanwil.ntt"), None, since, limit=1)
    assert [(i.unit_id, i.published_at) for i in ntt] == [(kupang, "2026-11-25T04:00:00Z")]
    with pytest.raises(AccessDenied):
        item_reads.latest(db, principal(db, "kanwil.ntt"), [surabaya], since)
