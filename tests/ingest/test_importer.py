"""Importing files into a unit: local dates, no double counting, out-takes, one transaction."""

import socket

import pytest

from dashboard import ingest
from dashboard.ingest import importer, remote
from dashboard.store import outtakes as outtake_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import data_version
from tests.conftest import principal, unit_id
from tests.ingest.conftest import fixture_bytes
from tests.store.test_items import counts, recount

SAMPLES = [
    "template-items.csv",
    "meta-facebook-posts.csv",
    "meta-instagram-posts.csv",
    "rss-website.xml",
]
UNITS = {
    "WIB": ("kanwil-jatim", "Asia/Jakarta"),
    "WITA": ("kankemenag-kota-kupang", "Asia/Makassar"),
    "WIT": ("kankemenag-kota-jayapura", "Asia/Jayapura"),
}


def run(db, who, zone, name, **kw):
    code, tz = UNITS[zone]
    parsed = ingest.parse(fixture_bytes(name), unit_tz=tz, name=name)
    return importer.save(db, who, unit_id(db, code), parsed, **kw)


def days_of(db, zone):
    found = db.conn.execute(
        "SELECT link, day FROM items WHERE unit_id = ? AND source = 'rss'",
        (unit_id(db, UNITS[zone][0]),),
    )
    return {link.rsplit("/", 1)[1]: day for link, day in found}


def test_the_same_late_evening_utc_instant_falls_on_different_local_days(db):
    for zone in ("WIB", "WIT"):
        assert (
            run(db, SYSTEM, zone, "rss-website.xml").summary()
            == "added 3, duplicates 0, rejected 0"
        )
    # <pubDate>Tue, 24 Nov 2026 16:30:00 +0000</pubDate>: 23:30 WIB, 01:30 WIT the next day.
    assert days_of(db, "WIB")["ptsp-akhir-pekan"] == "2026-11-24"
    assert days_of(db, "WIT")["ptsp-akhir-pekan"] == "2026-11-25"
    published = db.conn.execute(
        "SELECT DISTINCT published_at FROM items WHERE link LIKE '%ptsp-akhir-pekan'"
    ).fetchall()
    assert published == [("2026-11-24T16:30:00Z",)]


@pytest.mark.parametrize("name", SAMPLES)
def test_importing_any_sample_twice_adds_nothing_the_second_time(db, name):
    first = run(db, SYSTEM, "WITA", name)
    assert first.batch.rejected == [] and first.batch.added
    stored = db.conn.execute("SELECT * FROM items ORDER BY id").fetchall()
    second = run(db, SYSTEM, "WITA", name)
    assert second.summary() == f"added 0, duplicates {len(first.batch.added)}, rejected 0"
    assert second.outtakes == 0
    assert db.conn.execute("SELECT * FROM items ORDER BY id").fetchall() == stored


def test_all_samples_together_count_each_post_once(db):
    results = [run(db, SYSTEM, "WITA", name).summary() for name in SAMPLES]
    assert results == [
        "added 4, duplicates 0, rejected 0",  # template
        "added 2, duplicates 1, rejected 0",  # facebook: the reel came with the template
        "added 2, duplicates 1, rejected 0",  # instagram: post 1 came with the template
        "added 2, duplicates 1, rejected 0",  # rss: the first article came with the template
    ]
    assert counts(db) == recount(db)


def test_meta_out_takes_are_stored_apart_and_never_counted(db, accounts):
    u = unit_id(db, "kankemenag-kota-kupang")
    result = run(db, principal(db, "op.kupang"), "WITA", "meta-instagram-posts.csv")
    assert result.outtakes == 21  # 3 posts x 7 figures
    assert sum(n for (_u, _d, _k), n in counts(db).items()) == 3
    reach = {
        r.link_key: r.value
        for r in outtake_store.for_unit(db, principal(db, "kepala.kupang"), u)
        if r.metric == "reach"
    }
    assert reach["https://www.instagram.com/p/DAAAAAAAAA1"] == 1980


def test_a_later_export_replaces_the_out_takes(db):
    run(db, SYSTEM, "WITA", "meta-instagram-posts.csv")
    newer = fixture_bytes("meta-instagram-posts.csv").replace(b",2311,1980,", b",2400,2050,")
    parsed = ingest.parse(newer, unit_tz="Asia/Makassar")
    result = importer.save(db, SYSTEM, unit_id(db, "kankemenag-kota-kupang"), parsed)
    assert result.summary() == "added 0, duplicates 3, rejected 0" and result.outtakes == 2
    value = db.conn.execute(
        "SELECT value FROM outtakes WHERE metric = 'reach' AND link_key LIKE '%DAAAAAAAAA1'"
    ).fetchone()
    assert value == (2050,)


def test_a_dry_run_says_what_would_happen_and_writes_nothing(db):
    version = data_version(db)
    logged = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]  # the seed's
    result = run(db, SYSTEM, "WITA", "meta-facebook-posts.csv", dry_run=True)
    assert result.summary() == "added 3, duplicates 0, rejected 0" and result.outtakes == 18
    assert not result.batch.written
    for table in ("items", "outtakes"):
        assert db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == logged
    assert data_version(db) == version


def test_hostile_rows_are_refused_line_by_line_and_the_rest_import(db):
    result = run(db, SYSTEM, "WITA", "hostile-template.csv")
    assert result.summary() == "added 3, duplicates 0, rejected 11"
    lines = result.rejected_lines()
    assert lines[0] == (
        "line 3: Jenis tidak dikenal; pakai kode (mis. berita_website) atau labelnya "
        "(mis. Berita website)."
    )
    assert [line.split(":")[0] for line in lines] == [
        f"line {n}" for n in (3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15)
    ]
    titles = [r[0] for r in db.conn.execute("SELECT title FROM items ORDER BY id")]
    assert "**Tebal** <b>HTML</b> [tautan](javascript:alert(1))" in titles


def test_the_import_is_one_transaction(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outtake_store, "save", broken)
    logged = db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]  # the seed's
    with pytest.raises(RuntimeError):
        run(db, SYSTEM, "WITA", "meta-facebook-posts.csv")
    assert db.conn.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == logged


def test_an_operator_cannot_import_into_another_unit(db, accounts):
    with pytest.raises(PermissionError):
        run(db, principal(db, "op.kupang"), "WIB", "template-items.csv")


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://127.0.0.1:8501/feed", "jaringan internal"),
        ("http://localhost.localdomain/feed", "jaringan internal"),
        ("javascript:alert(1)", "http"),
        ("file:///etc/passwd", "http"),
        ("intranet.kemenag.go.id/feed", "jaringan internal"),  # https:// added, then checked
    ],
)
def test_feeds_are_never_fetched_from_the_servers_own_network(url, message, monkeypatch):
    def resolve(host, port, **kw):
        return [(2, 1, 6, "", ("127.0.0.1", port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)  # no DNS in tests
    with pytest.raises(ingest.Unreadable, match=message):
        remote.fetch(url)


def test_reading_a_missing_file_or_a_folder(tmp_path):
    with pytest.raises(ingest.Unreadable, match="tidak ada"):
        ingest.read_source(tmp_path / "tidak-ada.csv")
    with pytest.raises(ingest.Unreadable, match="folder"):
        ingest.read_source(tmp_path)


def test_every_importer_adds_https_to_a_link_without_a_scheme(db):
    """One rule (links.clean_link) for the template, Meta exports and feeds."""
    kupang = unit_id(db, "kankemenag-kota-kupang")
    template = fixture_bytes("template-items.csv").replace(
        b"https://ntt.kemenag.go.id/kota-kupang/berita/pelatihan",
        b"ntt.kemenag.go.id/kota-kupang/berita/pelatihan",
    )
    meta = fixture_bytes("meta-facebook-posts.csv").replace(
        b",https://www.facebook.com/100064000000001/posts/812345600000001,",
        b",www.facebook.com/100064000000001/posts/812345600000001,",
    )
    feed = fixture_bytes("rss-website.xml").replace(
        b"<link>https://ntt.kemenag.go.id/kota-kupang/berita/hari-guru",
        b"<link>ntt.kemenag.go.id/kota-kupang/berita/hari-guru",
    )
    for name, data in (("t.csv", template), ("m.csv", meta), ("f.xml", feed)):
        parsed = ingest.parse(data, unit_tz="Asia/Makassar", name=name)
        result = importer.save(db, SYSTEM, kupang, parsed)
        assert result.batch.rejected == [], (name, result.rejected_lines())
    links = {r[0] for r in db.conn.execute("SELECT link FROM items WHERE link IS NOT NULL")}
    assert {
        "https://ntt.kemenag.go.id/kota-kupang/berita/pelatihan-moderasi-beragama-2026",
        "https://www.facebook.com/100064000000001/posts/812345600000001",
        "https://ntt.kemenag.go.id/kota-kupang/berita/hari-guru-nasional-man",
    } <= links
    assert not [link for link in links if not link.startswith("https://")]
    # The Facebook post's out-takes are keyed by the same normalised link.
    keys = {r[0] for r in db.conn.execute("SELECT DISTINCT link_key FROM outtakes")}
    assert "https://www.facebook.com/100064000000001/posts/812345600000001" in keys
