"""Meta Business Suite post exports: the shared samples and the quirks of the format."""

from datetime import UTC, date, datetime

import pytest

from dashboard import ingest
from dashboard.ingest import meta
from dashboard.words import say
from tests.ingest.conftest import fixture_bytes

WITA, WIT = "Asia/Makassar", "Asia/Jayapura"


def test_facebook_sample():
    parsed = ingest.parse(fixture_bytes("meta-facebook-posts.csv"), unit_tz=WITA)
    assert parsed.format == "meta-facebook" and parsed.source == "meta"
    rows = [(e.line, e.day, e.kind, e.title, e.link) for e in parsed.entries]
    assert rows == [
        # The caption spans two lines (line 2 and 3 of the file); its first line is the title.
        (
            2,
            date(2026, 11, 24),
            "medsos_facebook",
            "Kepala Kantor Kemenag Kota Kupang membuka Pelatihan Moderasi Beragama bagi penyuluh agama.",
            "https://www.facebook.com/100064000000001/posts/812345600000001",
        ),
        (
            4,
            date(2026, 11, 24),
            "medsos_facebook",
            "Pelayanan PTSP Kemenag Kota Kupang tetap buka selama libur akhir pekan untuk pendaftaran haji.",
            "https://www.facebook.com/100064000000001/posts/812345600000002",
        ),
        # Facebook's own Title column wins over the caption.
        (
            5,
            date(2026, 11, 25),
            "medsos_facebook",
            "Video: Apel Hari Amal Bakti",
            "https://www.facebook.com/reel/812345600000003",
        ),
    ]
    # Publish time is read in the unit's zone: 09:15 WITA is 01:15 UTC.
    assert parsed.entries[0].published_at == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)


def test_facebook_out_takes_are_lifetime_figures_of_the_permalink():
    parsed = ingest.parse(fixture_bytes("meta-facebook-posts.csv"), unit_tz=WITA)
    first = {o.metric: o.value for index, o in parsed.outtakes if index == 0}
    assert first == {
        "views": 1843,
        "reach": 1502,
        "reactions": 81,
        "comments": 9,
        "shares": 6,
        "clicks": 44,
    }
    assert {o.period for _i, o in parsed.outtakes} == {"lifetime"}
    assert {o.link_key for _i, o in parsed.outtakes if _i == 2} == {
        "https://www.facebook.com/reel/812345600000003"
    }


def test_instagram_sample():
    parsed = ingest.parse(fixture_bytes("meta-instagram-posts.csv"), unit_tz=WITA)
    assert parsed.format == "meta-instagram"
    assert [(e.line, e.day, e.title) for e in parsed.entries] == [
        (
            2,
            date(2026, 11, 24),
            "Sosialisasi layanan KUA: nikah di kantor KUA pada jam kerja tidak dipungut biaya.",
        ),
        (3, date(2026, 11, 25), "Bimbingan perkawinan bagi calon pengantin angkatan XI."),
        (5, date(2026, 11, 25), "Reels: suasana Hari Guru Nasional di MAN Kota Kupang"),
    ]
    metrics = {o.metric for _i, o in parsed.outtakes}
    assert metrics == {"views", "reach", "likes", "shares", "follows", "comments", "saves"}


def test_headers_in_another_case_an_old_name_and_unknown_columns():
    data = (
        b"PERMALINK,publish TIME,  description ,Impressions,Kolom Baru,Date\n"
        b'https://www.instagram.com/p/X1/,11/24/2026 23:45,Satu,"1,234",abc,Lifetime\n'
    )
    parsed = ingest.parse(data, unit_tz=WIT)
    assert parsed.format == "meta-instagram"  # told by the permalink's host
    (entry,) = parsed.entries
    assert entry.day == date(2026, 11, 24) and entry.title == "Satu"
    assert [(o.metric, o.value) for _i, o in parsed.outtakes] == [("views", 1234)]


def test_a_caption_that_would_be_a_formula_is_trimmed_to_a_safe_title():
    assert meta.derive_title("", "@kemenag_ri =SUM(1)\nbaris dua") == "kemenag_ri =SUM(1)"
    assert meta.derive_title("", "\n\n  \n") == ""
    assert len(meta.derive_title("", "x" * 900)) == 500


def test_a_post_without_caption_gets_a_telling_title():
    data = (
        b"Permalink,Publish time,Post type,Account username\n"
        b"https://www.instagram.com/p/X2/,11/25/2026 08:00,IG reel,kemenag\n"
    )
    (entry,) = ingest.parse(data, unit_tz=WITA).entries
    assert entry.title == "Unggahan Instagram (IG reel) 11/25/2026 08:00"


def test_rows_with_bad_times_or_the_other_platform_carry_problems():
    data = (
        b"Permalink,Publish time,Description,Page name\n"
        b"https://www.facebook.com/p/1,24/11/2026 09:15,Salah format waktu,Kemenag\n"
        b"https://www.instagram.com/p/X3/,11/24/2026 09:15,Bukan Facebook,Kemenag\n"
    )
    first, second = ingest.parse(data, unit_tz=WITA).entries
    assert first.day is None and first.problems[0][0] == "day"
    assert [(f, say(p)) for f, p in second.problems] == [
        ("link", "Tautan ini bukan unggahan Facebook; pilih format impor yang sesuai."),
    ]
    assert say(first.problems[0][1]) == (
        "Publish time kosong atau tidak dikenali (MM/DD/YYYY HH:MM)."
    )


def test_an_explicit_format_needs_the_meta_columns():
    with pytest.raises(ingest.Unreadable, match="kolom permalink, publish time tidak ada"):
        ingest.parse(fixture_bytes("template-items.csv"), unit_tz=WITA, fmt="meta-facebook")


def test_export_zone_can_differ_from_the_units_zone():
    parsed = ingest.parse(
        fixture_bytes("meta-instagram-posts.csv"), unit_tz=WITA, export_tz="Asia/Jakarta"
    )
    # 18:45 WIB is 19:45 WITA: still the 25th.
    assert parsed.entries[2].published_at == datetime(2026, 11, 25, 11, 45, tzinfo=UTC)
