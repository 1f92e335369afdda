import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from dashboard import auth, clock, demo, links
from dashboard.bench import synth
from dashboard.store import summary
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import StoreError, open_db, rows
from dashboard.store.items.batches import ITEM_COLUMNS

NOW = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)  # 12.30 WIB, 13.30 WITA, 14.30 WIT


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "synth.db"
    report = synth.build(path, units=40, days=30, now=NOW)
    db = open_db(path)
    yield report, db
    db.close()


def test_build_fills_units_by_days_with_an_exact_summary(built):
    report, db = built
    assert report.units == 40 and report.days == 30
    assert report.items == db.conn.execute("SELECT count(*) FROM items").fetchone()[0] > 2000
    assert summary.differing_rows(db) == 0
    assert report.summary_rows == db.conn.execute("SELECT count(*) FROM daily_counts").fetchone()[0]
    assert len(summary.count_triggers(db)) == 3
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_items_stay_inside_each_units_own_days_and_never_in_the_future(built):
    _, db = built
    spans = rows(
        db,
        """
        SELECT u.tz, min(i.day) AS first, max(i.day) AS last, max(i.created_at) AS newest
        FROM items i JOIN units u ON u.id = i.unit_id GROUP BY u.tz
        """,
    )
    assert spans
    for span in spans:
        today = clock.local_today(span["tz"], NOW)
        assert span["last"] <= today.isoformat()
        assert span["first"] >= (today - timedelta(days=29)).isoformat()
        assert clock.parse_instant(span["newest"]) <= NOW
    for row in rows(db, "SELECT day, created_at, unit_id FROM items ORDER BY random() LIMIT 300"):
        unit = unit_store.by_id(db, row["unit_id"])
        local_day = clock.local_date_of(clock.parse_instant(row["created_at"]), unit.tz)
        assert local_day.isoformat() == row["day"]


def test_every_kind_that_needs_a_link_has_one(built):
    _, db = built
    missing = rows(
        db,
        "SELECT i.kind, count(*) AS n FROM items i JOIN metric_kinds k ON k.code = i.kind "
        "WHERE k.needs_link = 1 AND i.link IS NULL GROUP BY i.kind",
    )
    assert missing == []


def test_links_are_already_normal_so_link_key_equals_link(built):
    _, db = built
    sample = rows(db, "SELECT link, link_key, kind, source FROM items ORDER BY random() LIMIT 500")
    for row in sample:
        assert row["source"] == "bench"
        if row["link"] is not None:
            assert links.link_key(row["link"]) == row["link_key"] == row["link"]
        else:
            assert row["kind"] == "kegiatan_diliput"


def test_website_news_follows_working_days_and_social_media_runs_every_day(built):
    _, db = built
    by_weekday = Counter()
    medsos_weekend = 0
    for row in rows(db, "SELECT day, kind FROM items"):
        weekday = datetime.fromisoformat(row["day"]).weekday()
        if row["kind"] == "berita_website":
            by_weekday["weekend" if weekday >= 5 else "weekday"] += 1
        elif row["kind"].startswith("medsos_") and weekday >= 5:
            medsos_weekend += 1
    assert by_weekday["weekday"] > 5 * by_weekday["weekend"]
    assert medsos_weekend > 0


def test_demo_accounts_can_sign_in(built):
    _, db = built
    who = auth.authenticate(db, "pusat", demo.DEMO_PASSWORD)
    assert who is not None and who.role == "pimpinan"


def test_generation_is_repeatable_for_a_seed_and_differs_across_seeds(db):
    units = unit_store.list_all(db)[:25]
    first = list(synth.generate(units, NOW, days=10, seed=7))
    assert first == list(synth.generate(units, NOW, days=10, seed=7))
    assert first != list(synth.generate(units, NOW, days=10, seed=8))
    assert all(len(r) == len(ITEM_COLUMNS) for r in first)


def test_both_summary_modes_build_the_same_database(tmp_path):
    one = synth.build(tmp_path / "a.db", units=15, days=20, now=NOW, accounts=False)
    two = synth.build(
        tmp_path / "b.db", units=15, days=20, now=NOW, accounts=False, summary_mode="triggers"
    )
    assert (one.items, one.summary_rows) == (two.items, two.summary_rows)
    dumps = []
    for name in ("a.db", "b.db"):
        db = open_db(tmp_path / name)
        dumps.append(db.conn.execute("SELECT * FROM daily_counts ORDER BY 1, 2, 3").fetchall())
        db.close()
    assert dumps[0] == dumps[1]


def test_more_units_than_seeded_adds_madrasah_and_kua_under_kankemenag(tmp_path):
    report = synth.build(tmp_path / "big.db", units=700, days=3, now=NOW, accounts=False)
    assert report.units == 700
    db = open_db(tmp_path / "big.db")
    try:
        units = unit_store.list_all(db)
        by_id = {u.id: u for u in units}
        extra = [u for u in units if u.type in ("MADRASAH_NEGERI", "KUA")]
        assert len(units) == 700 and len(extra) == 73
        assert {u.type for u in extra} == {"MADRASAH_NEGERI", "KUA"}
        for unit in extra:
            parent = by_id[unit.parent_id]
            assert parent.type == "KANKEMENAG"
            assert (unit.tz, unit.province) == (parent.tz, parent.province)
            assert re.fullmatch(r"[a-z0-9-]{2,64}", unit.code)
        made = db.conn.execute(
            "SELECT count(DISTINCT unit_id) FROM items WHERE unit_id IN "
            "(SELECT id FROM units WHERE type IN ('MADRASAH_NEGERI', 'KUA'))"
        ).fetchone()[0]
        assert made > 40  # low rates over 3 days, but most synthetic units publish something
    finally:
        db.close()


def test_fewer_units_keeps_the_first_seeded_ones(db):
    seeded = unit_store.list_all(db)
    assert synth.extra_units(seeded, 10) == []


def test_a_database_with_items_is_refused(tmp_path):
    path = tmp_path / "once.db"
    synth.build(path, units=5, days=3, now=NOW, accounts=False)
    with pytest.raises(StoreError, match="already holds output items"):
        synth.build(path, units=5, days=3, now=NOW, accounts=False)


def test_the_estimate_is_close_enough_for_a_progress_bar(db):
    units = unit_store.list_all(db, include_inactive=False)
    made = sum(1 for _ in synth.generate(units, NOW, days=14))
    assert 0.75 < synth.estimate(units, 14) / made < 1.25


def test_bad_sizes_are_refused(tmp_path):
    with pytest.raises(StoreError):
        synth.build(tmp_path / "x.db", units=0, days=3)
    with pytest.raises(StoreError):
        synth.build(tmp_path / "x.db", days=0)
    assert SYSTEM.is_admin


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["rebuild", "triggers"])
def test_synth_on_postgresql_loads_with_copy_and_ends_exact(empty_pg, pg_server, mode):
    url = pg_server.url(empty_pg())
    report = synth.build(url, units=40, days=20, now=NOW, summary_mode=mode)
    db = open_db(url)
    try:
        assert report.items == db.execute("SELECT count(*) FROM items").fetchone()[0] > 1000
        assert summary.differing_rows(db) == 0
        assert len(summary.count_triggers(db)) == 3
        with pytest.raises(StoreError, match="already holds output items"):
            synth.build(url, units=40, days=20, now=NOW)
    finally:
        db.close()
