"""Page inspection against a local fake site, and the pure flag rules."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard.net import rules
from dashboard.net.pages import inspect_page
from tests.fakes import documents
from tests.fakes.fixtures import fetcher_for
from tests.fakes.http import Reply

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def check(server, path, **policy):
    return inspect_page(server.url(path), fetcher=fetcher_for(server, **policy), now=NOW)


def html(server, path, status=200, **page):
    server.route(
        path,
        Reply(
            status=status, body=documents.html_page(**page), content_type="text/html; charset=utf-8"
        ),
    )


def test_a_news_page_gives_status_title_and_json_ld_date(fake_http):
    html(
        fake_http,
        "/berita",
        title="Rakor Kehumasan | Kemenag NTT",
        og_title="Kemenag NTT Gelar Rakor Kehumasan",
        json_ld_date="2026-11-24T10:00:00+08:00",
        meta_date="2026-01-01T00:00:00+07:00",
    )
    result = check(fake_http, "/berita")
    assert (result.outcome, result.status, result.final_url) == (
        "ok",
        200,
        fake_http.url("/berita"),
    )
    assert result.title == "Kemenag NTT Gelar Rakor Kehumasan"  # og:title first
    assert (result.published, result.date_source) == (date(2026, 11, 24), "json-ld")
    assert result.published_at == datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    assert [r.method for r in fake_http.hits("/berita")] == ["HEAD", "GET"]


def test_dates_fall_back_to_meta_then_htmldate_then_unknown(fake_http):
    html(fake_http, "/meta", title="A", meta_date="2026-11-20T08:00:00+07:00")
    html(
        fake_http,
        "/teks",
        title="B",
        body='<article><p>Diterbitkan 2026-11-18</p><time datetime="2026-11-18">18 Nov</time></article>',
    )
    html(fake_http, "/tanpa", title="C", body="<p>Tidak ada tanggal.</p>")
    assert (check(fake_http, "/meta").published, check(fake_http, "/meta").date_source) == (
        date(2026, 11, 20),
        "meta",
    )
    found = check(fake_http, "/teks")
    assert (found.published, found.date_source) == (date(2026, 11, 18), "htmldate")
    assert (check(fake_http, "/tanpa").published, check(fake_http, "/tanpa").date_source) == (
        None,
        None,
    )


def test_lying_metadata_is_skipped(fake_http):
    html(
        fake_http,
        "/bohong",
        title="<title> kosong",
        og_title="",
        json_ld_date="2099-01-01T00:00:00Z",
        meta_date="bukan tanggal",
    )
    result = check(fake_http, "/bohong")
    assert result.published is None  # a future JSON-LD date and an unreadable meta are ignored
    assert result.title == "<title> kosong"
    fake_http.route(
        "/png", Reply(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="text/html")
    )
    png = check(fake_http, "/png")
    assert (png.outcome, png.title, png.published) == ("ok", None, None)


@pytest.mark.parametrize(
    "reply, outcome, code",
    [
        (Reply(status=404), "broken", "http_404"),
        (Reply(status=410), "broken", "http_410"),
        (Reply(status=500), "broken", "http_500"),
        (Reply(status=403), "unknown", "http_403"),
        (Reply(status=429), "unknown", "http_429"),
    ],
)
def test_error_statuses(fake_http, reply, outcome, code):
    fake_http.route("/x", reply)
    result = check(fake_http, "/x")
    assert (result.outcome, result.code) == (outcome, code)
    assert result.reason


def test_a_redirect_loop_and_an_unknown_host_are_broken(fake_http):
    fake_http.route("/a", status=302, headers={"Location": "/b"})
    fake_http.route("/b", status=302, headers={"Location": "/a"})
    assert check(fake_http, "/a").code == "redirect_loop"
    assert check(fake_http, "/a").outcome == "broken"
    gone = inspect_page(
        "https://tidak-ada.example/x",
        fetcher=fetcher_for(fake_http, resolver=lambda h, p: (_ for _ in ()).throw(OSError())),
        now=NOW,
    )
    assert (gone.outcome, gone.code) == ("broken", "no_such_host")


def test_a_private_address_is_unsafe_and_never_fetched(fake_http):
    html(fake_http, "/admin", title="Rahasia")
    result = inspect_page(fake_http.url("/admin"), fetcher=fetcher_for(), now=NOW)
    assert (result.outcome, result.code) == ("unsafe", "unsafe_address")
    assert fake_http.requests == []


def test_a_slow_page_is_unknown_not_broken(fake_http):
    fake_http.route(
        "/lambat",
        Reply(body=documents.html_page(title="x"), drip=(5, 0.3), content_type="text/html"),
    )
    result = check(fake_http, "/lambat", total_s=1.0)
    assert (result.outcome, result.code) == ("unknown", "timeout")


def test_a_huge_page_is_read_up_to_its_head(fake_http):
    big = documents.html_page(
        title="Halaman Besar",
        json_ld_date="2026-11-20",
        body="<p>" + "x" * (6 * 1024 * 1024) + "</p>",
    )
    fake_http.route("/besar", Reply(body=big, content_type="text/html"))
    result = check(fake_http, "/besar")
    assert (result.outcome, result.title, result.published) == (
        "ok",
        "Halaman Besar",
        date(2026, 11, 20),
    )


def test_a_page_not_in_utf8_and_a_compressed_one(fake_http):
    page = documents.html_page(
        title="Peringatan Maulid Nabi – Kota Kupang ©", charset="windows-1252"
    )
    fake_http.route("/cp", Reply(body=page.encode("cp1252"), content_type="text/html"))
    assert check(fake_http, "/cp").title == "Peringatan Maulid Nabi – Kota Kupang ©"
    fake_http.route(
        "/gz",
        Reply(
            body=gzip.compress(documents.html_page(title="Padat").encode()),
            content_type="text/html",
            headers={"Content-Encoding": "gzip"},
        ),
    )
    assert check(fake_http, "/gz").title == "Padat"


def test_a_binary_answer_needs_no_get(fake_http):
    fake_http.route("/laporan.pdf", Reply(body=b"%PDF-1.7 ...", content_type="application/pdf"))
    result = check(fake_http, "/laporan.pdf")
    assert (result.outcome, result.content_type, result.title) == ("ok", "application/pdf", None)
    assert [r.method for r in fake_http.hits()] == ["GET", "HEAD"]  # robots.txt, then HEAD only


def test_a_head_the_server_refuses_is_asked_again_with_get(fake_http):
    html(fake_http, "/p", title="Ada")
    fake_http.route("/p", Reply(status=405), method="HEAD")
    result = check(fake_http, "/p")
    assert (result.outcome, result.title) == ("ok", "Ada")


# --- rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, page, mismatch",
    [
        (
            "Kemenag NTT Gelar Rakor Kehumasan",
            "Kemenag NTT Menggelar Rapat Koordinasi Kehumasan 2026 | Kanwil Kemenag NTT",
            False,
        ),
        (
            "Peringatan Hari Santri di Kupang",
            "Peringatan Hari Santri Nasional 2026 Berlangsung Meriah di Kota Kupang - Kemenag Kota Kupang",
            False,
        ),
        (
            "Penyuluh agama sosialisasi moderasi beragama",
            "Sosialisasi Moderasi Beragama oleh Penyuluh Agama Islam KUA Alak",
            False,
        ),
        ("Bimbingan perkawinan calon pengantin", "Bimwin Catin di KUA Kelapa Lima", False),
        ("PEMBINAAN ASN!!", "Kemenag Kab. Kupang Gelar Pembinaan ASN Jelang Akhir Tahun", False),
        ("Peringatan Hari Santri di Kupang", "Kakanwil Resmikan Gedung Baru MAN 2 Jayapura", True),
        (
            "Penyuluh agama sosialisasi moderasi beragama",
            "Pelantikan Pejabat Eselon IV di Lingkungan Kanwil Kemenag Jawa Timur",
            True,
        ),
        (
            "Bimbingan perkawinan calon pengantin",
            "Penerimaan Mahasiswa Baru IAKN Kupang 2026",
            True,
        ),
        ("Pembinaan ASN", "Jadwal Seleksi PPPK Tahap II", True),
        ("Rapat kerja", "Instagram", False),  # a platform's generic title says nothing
        ("Rapat kerja", None, False),
    ],
)
def test_title_mismatch_on_indonesian_titles(typed, page, mismatch):
    assert rules.title_mismatch(typed, page) is mismatch


def test_date_mismatch_is_more_than_a_day_in_the_units_zone():
    day = date(2026, 11, 25)
    assert not rules.date_mismatch(day, date(2026, 11, 24), None, "Asia/Makassar")
    assert not rules.date_mismatch(day, date(2026, 11, 26), None, "Asia/Makassar")
    assert rules.date_mismatch(day, date(2026, 11, 23), None, "Asia/Makassar")
    assert not rules.date_mismatch(day, None, None, "Asia/Makassar")  # unknown is never a mismatch
    late = datetime(
        2026, 11, 22, 16, 30, tzinfo=UTC
    )  # 23.30 WIB on the 22nd, 01.30 WIT on the 23rd
    assert rules.date_mismatch(day, date(2026, 11, 22), late, "Asia/Jakarta")
    assert rules.date_mismatch(day, None, late, "Asia/Jakarta")
    assert not rules.date_mismatch(date(2026, 11, 24), None, late, "Asia/Jayapura")


def test_a_link_is_broken_only_on_two_checks_an_hour_apart():
    t = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    first = [(t, "broken")]
    assert not rules.link_broken(first) and rules.recheck_at(first) == t + timedelta(hours=1)
    assert not rules.link_broken(first + [(t + timedelta(minutes=59), "broken")])
    assert rules.link_broken(first + [(t + timedelta(minutes=60), "broken")])
    assert rules.link_broken(
        first + [(t + timedelta(minutes=30), "unknown"), (t + timedelta(hours=2), "broken")]
    )
    assert not rules.link_broken(
        first + [(t + timedelta(minutes=30), "ok"), (t + timedelta(hours=2), "broken")]
    )
    assert not rules.link_broken(first + [(t + timedelta(hours=2), "ok")])
    assert rules.recheck_at(first + [(t + timedelta(hours=2), "broken")]) is None
    assert not rules.link_broken([]) and rules.recheck_at([]) is None


def test_the_flags_one_check_raises(fake_http):
    from tests.fakes.services import PageSite

    site = PageSite(fake_http)
    site.add(
        "/lama",
        title="x",
        og_title="Pelantikan Pejabat Eselon IV Kanwil Jawa Timur",
        json_ld_date="2026-10-01T09:00:00+07:00",
    )
    site.add(
        "/baik",
        og_title="Kemenag NTT Menggelar Rapat Koordinasi Kehumasan",
        json_ld_date="2026-11-24T22:00:00+08:00",
    )
    typed, day, tz = "Kemenag NTT Gelar Rakor Kehumasan", date(2026, 11, 24), "Asia/Makassar"

    def flags(check):
        return rules.check_flags(
            outcome=check.outcome,
            item_day=day,
            typed_title=typed,
            page_title=check.title,
            published=check.published,
            published_at=check.published_at,
            tz=tz,
        )

    assert flags(check(fake_http, "/lama")) == ("date_mismatch", "title_mismatch")
    assert flags(check(fake_http, "/baik")) == ()
    unsafe = inspect_page(fake_http.url("/baik"), fetcher=fetcher_for(), now=NOW)
    assert flags(unsafe) == ("unsafe_link",)
    assert flags(check(fake_http, "/tidak-ada")) == ()  # broken is judged over two checks
