from collections import Counter

import pytest

from dashboard import auth, clock, demo
from dashboard.store import items as item_store
from dashboard.store.db import open_db


@pytest.mark.slow
def test_demo_builds_a_lived_in_database(tmp_path, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T03:00:00Z")  # 10:00 WIB, 11:00 WITA, 12:00 WIT
    path = tmp_path / "demo.db"
    report = demo.build(path, days=21)
    db = open_db(path)
    assert report.items == item_store.count_live(db) > 20_000
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
    db.close()


def test_demo_refuses_a_database_with_items(tmp_path, monkeypatch):
    import pytest

    from dashboard.store.db import StoreError

    path = tmp_path / "demo.db"
    demo.build(path, days=2)
    with pytest.raises(StoreError, match="already holds"):
        demo.build(path, days=2)
