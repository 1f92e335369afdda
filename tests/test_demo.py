from collections import Counter

import pytest

from dashboard import auth, clock, demo
from dashboard.domain import Unit, UnitType, Zone
from dashboard.store.db import open_db
from dashboard.store.items import reads as item_reads


@pytest.mark.slow
def test_demo_builds_a_lived_in_database(tmp_path, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T03:00:00Z")  # 10:00 WIB, 11:00 WITA, 12:00 WIT
    path = tmp_path / "demo.db"
    report = demo.build(path, days=21)
    db = open_db(path)
    assert report.items == item_reads.count_live(db) > 20_000
    for account in demo.ACCOUNTS:
        assert auth.authenticate(db, account.username, account.password) is not None
    per_unit = Counter(r[0] for r in db.conn.execute("SELECT unit_id FROM items"))
    assert len(per_unit) < report.units  # some units are silent
    # Today is only filled up to now, in every unit's own zone.
    latest = db.conn.execute("SELECT max(published_at) FROM items").fetchone()[0]
    assert clock.parse_instant(latest) <= clock.utc_now()
    # Website news follows working days: far less on a Sunday than on a Monday.
    sunday, monday = (
        db.conn.execute(
            "SELECT count(*) FROM items WHERE kind = 'berita_website' AND day = ?", (d,)
        ).fetchone()[0]
        for d in ("2026-11-22", "2026-11-23")
    )
    assert sunday * 4 < monday
    # Out-takes, as a Meta export would bring them: Instagram and Facebook posts of some units,
    # never a post of the unit's today, never an item or a count.
    assert report.outtakes == db.conn.execute("SELECT count(*) FROM outtakes").fetchone()[0] > 0
    kinds = {r[0] for r in db.conn.execute("SELECT DISTINCT kind FROM outtakes")}
    assert kinds == {"medsos_instagram", "medsos_facebook"}
    orphans = db.conn.execute(
        "SELECT count(*) FROM outtakes o LEFT JOIN items i ON i.unit_id = o.unit_id "
        "AND i.link_key = o.link_key AND i.kind = o.kind WHERE i.id IS NULL OR i.day >= ?",
        ("2026-11-25",),
    ).fetchone()[0]
    assert orphans == 0
    assert report.items == item_reads.count_live(db)
    db.close()


def test_demo_out_takes_are_the_same_for_the_same_posts():
    units = [Unit(id=n, code=f"u-{n}", name=f"U {n}", type=UnitType.KANKEMENAG, tz=Zone.WITA)
             for n in range(1, 30)]  # fmt: skip
    posts = [(n % 29 + 1, f"https://instagram.com/p/{n}/", "medsos_instagram", "2026-11-20")
             for n in range(200)]  # fmt: skip
    now = clock.parse_instant("2026-11-25T03:00:00Z")
    first = list(demo.outtakes(units, iter(posts), now))
    assert first == list(demo.outtakes(units, iter(posts), now)) and first
    assert {r["metric"] for r in first} == {
        "reach",
        "views",
        "likes",
        "comments",
        "shares",
        "saves",
    }


def test_demo_refuses_a_database_with_items(tmp_path, monkeypatch):
    import pytest

    from dashboard.store.db import StoreError

    path = tmp_path / "demo.db"
    demo.build(path, days=2)
    with pytest.raises(StoreError, match="already holds"):
        demo.build(path, days=2)
