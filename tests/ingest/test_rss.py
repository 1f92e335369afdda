"""RSS 2.0 and Atom: each entry's instant becomes the unit's own local date."""

from datetime import date

import pytest

from dashboard import ingest
from dashboard.words import say
from tests.ingest.conftest import fixture_bytes

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"


@pytest.mark.parametrize(
    "zone, days",
    [
        # 24 Nov 02:10 UTC, 24 Nov 16:30 UTC, 25 Nov 09:00 +08:00 (01:00 UTC)
        (WIB, [date(2026, 11, 24), date(2026, 11, 24), date(2026, 11, 25)]),
        (WITA, [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 25)]),
        (WIT, [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 25)]),
    ],
)
def test_rss_sample_dates_in_each_zone(zone, days):
    parsed = ingest.parse(fixture_bytes("rss-website.xml"), unit_tz=zone)
    assert parsed.format == "rss" and parsed.source == "rss"
    assert [e.day for e in parsed.entries] == days
    assert {e.kind for e in parsed.entries} == {"berita_website"}
    assert [e.line for e in parsed.entries] == [8, 15, 22]  # where each <item> starts
    assert parsed.entries[1].link == "https://ntt.kemenag.go.id/kota-kupang/berita/ptsp-akhir-pekan"


def test_atom_uses_published_else_updated():
    parsed = ingest.parse(fixture_bytes("atom-website.xml"), unit_tz=WIB)
    assert [(e.title, e.day) for e in parsed.entries] == [
        ("Malam Apresiasi Guru Madrasah", date(2026, 11, 24)),  # 23:30 WIB
        ("Rapat Kerja Kanwil", date(2026, 11, 25)),
    ]


def test_hostile_entries_carry_problems_for_the_store_to_refuse():
    entries = ingest.parse(fixture_bytes("hostile-rss.xml"), unit_tz=WITA).entries
    by_title = {e.title: e for e in entries}
    ((field, undated),) = by_title["Tanpa tanggal"].problems
    assert (field, say(undated)) == ("day", "Entri tanpa tanggal terbit (pubDate/published).")
    assert by_title["Tautan javascript"].link.startswith("javascript:")
    assert "cmd|' /C calc'!A0 Judul" in by_title  # a derived title loses its formula sign


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("truncated", None, "XML rusak atau terpotong"),
        ("html", b"<html><body><p>Bukan umpan</p></body></html>", "Bukan umpan RSS atau Atom"),
        (
            "empty feed",
            b'<rss version="2.0"><channel><title>x</title></channel></rss>',
            "tidak memuat entri",
        ),
        ("not xml", b"<<<>>>", "XML rusak"),
    ],
)
def test_unreadable_feeds(name, data, message):
    data = data if data is not None else fixture_bytes("truncated.xml")
    with pytest.raises(ingest.Unreadable, match=message):
        ingest.parse(data, unit_tz=WITA)


def test_a_csv_is_not_a_feed():
    with pytest.raises(ingest.Unreadable):
        ingest.parse(fixture_bytes("template-items.csv"), unit_tz=WITA, fmt="rss")
