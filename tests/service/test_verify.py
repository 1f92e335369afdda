"""The link checker against local fake sites: one test per flag and per clean case (issue 14)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard.domain import CheckDue, Zone
from dashboard.service import verify
from dashboard.store import checks as check_store
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from tests.conftest import unit_id
from tests.fakes import documents
from tests.fakes.fixtures import fetcher_for
from tests.fakes.http import Reply
from tests.service.helpers import item_row

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = "2026-11-24"
TITLE = "Kakanwil Buka Rakor Kehumasan Se-NTT"
KUPANG, NTT = "kankemenag-kota-kupang", "kanwil-ntt"


def page(server, path, *, title=TITLE, date=DAY + "T10:00:00+08:00", status=200):
    server.route(
        path,
        Reply(
            status=status,
            body=documents.html_page(og_title=title, json_ld_date=date),
            content_type="text/html; charset=utf-8",
        ),
    )


def add(db, unit_code, link, *, day=DAY, title=TITLE, kind="berita_website") -> int:
    row = item_row(db, unit_code, day, kind, title, link, "2026-11-24T03:00:00Z")
    item_batches.bulk_load(db, SYSTEM, [row])
    return db.conn.execute("SELECT max(id) FROM items").fetchone()[0]


def run(db, *servers, now=NOW, **kwargs):
    kwargs.setdefault("channel_match", lambda *a: None)
    return verify.run(db, fetcher=fetcher_for(*servers), now=now, **kwargs)


def result(report, item_id):
    return next(i for i in report.items if i.id == item_id)


def test_a_sound_page_is_verified_with_what_it_said(db, fake_http):
    page(fake_http, "/berita/rakor")
    item = add(db, KUPANG, fake_http.url("/berita/rakor"))
    report = run(db, fake_http)
    assert (report.checked, report.count("verified"), report.count("flagged")) == (1, 1, 0)
    assert result(report, item).status == "verified"
    check = check_store.latest_check(db, item)
    assert (check.status, check.page_title, check.published) == (200, TITLE, DAY)
    assert check.final_url == fake_http.url("/berita/rakor")
    assert check.checked_at == "2026-11-25T09:00:00Z" and check.reasons == ()
    assert run(db, fake_http).checked == 0  # nothing is due again


def test_a_page_without_a_date_is_unknown_date_never_a_mismatch(db, fake_http):
    fake_http.route(
        "/tanpa-tanggal",
        Reply(
            body=documents.html_page(og_title=TITLE, body="<p>Isi.</p>"),
            content_type="text/html; charset=utf-8",
        ),
    )
    item = add(db, KUPANG, fake_http.url("/tanpa-tanggal"))
    assert result(run(db, fake_http), item).status == "verified"


def test_a_page_published_a_day_apart_is_still_sound(db, fake_http):
    page(fake_http, "/kemarin", date="2026-11-23T20:00:00+07:00")
    item = add(db, KUPANG, fake_http.url("/kemarin"))
    assert result(run(db, fake_http), item).status == "verified"


def test_date_mismatch(db, fake_http):
    page(fake_http, "/lama", date="2026-10-01T10:00:00+08:00")
    item = add(db, KUPANG, fake_http.url("/lama"))
    found = result(run(db, fake_http), item)
    assert (found.status, found.reasons) == ("flagged", ("date_mismatch",))


def test_title_mismatch(db, fake_http):
    page(fake_http, "/lain", title="Jadwal Pelayanan Haji dan Umrah Bulan Desember")
    item = add(db, KUPANG, fake_http.url("/lain"))
    found = result(run(db, fake_http), item)
    assert (found.status, found.reasons) == ("flagged", ("title_mismatch",))


def test_link_broken_needs_two_checks_an_hour_apart(db, fake_http):
    page(fake_http, "/hilang", status=404)
    item = add(db, KUPANG, fake_http.url("/hilang"))
    first = result(run(db, fake_http), item)
    assert (first.status, first.reasons) == ("unknown", ())  # one 404 is not yet broken
    assert check_store.latest_check(db, item).recheck_at == "2026-11-25T10:00:00Z"
    assert run(db, fake_http, now=NOW + timedelta(minutes=30)).checked == 0  # not due yet
    second = result(run(db, fake_http, now=NOW + timedelta(hours=1)), item)
    assert (second.status, second.reasons) == ("flagged", ("link_broken",))
    assert run(db, fake_http, now=NOW + timedelta(days=2)).checked == 0  # confirmed: done


def test_a_link_that_works_again_on_the_recheck_is_verified(db, fake_http):
    page(fake_http, "/sempat", status=503)
    item = add(db, KUPANG, fake_http.url("/sempat"))
    run(db, fake_http)
    page(fake_http, "/sempat")
    assert result(run(db, fake_http, now=NOW + timedelta(hours=1)), item).status == "verified"


def test_no_such_host_is_broken(db, fake_http):
    link = "http://tidak-ada.invalid/berita"
    item = add(db, KUPANG, link)
    fetcher = fetcher_for(fake_http, allow_hosts={"tidak-ada.invalid:80"})
    verify.run(db, fetcher=fetcher, now=NOW, channel_match=lambda *a: None)
    found = verify.run(
        db, fetcher=fetcher, now=NOW + timedelta(hours=1), channel_match=lambda *a: None
    )
    assert result(found, item).reasons == ("link_broken",)


def test_unsafe_link_is_flagged_and_never_fetched(db, fake_servers):
    public, private = fake_servers(), fake_servers()
    page(private, "/internal")
    item = add(db, KUPANG, private.url("/internal"))
    found = result(run(db, public), item)  # the fetcher may reach `public` only
    assert (found.status, found.reasons) == ("flagged", ("unsafe_link",))
    assert private.hits() == []


def test_not_unit_channel_where_the_unit_registered_channels(db, fake_http):
    page(fake_http, "/akun-pribadi")
    item = add(db, KUPANG, fake_http.url("/akun-pribadi"))
    asked = []

    def registry(_db, unit, kind, link):
        asked.append((unit, kind, link))
        return False

    found = result(run(db, fake_http, channel_match=registry), item)
    assert (found.status, found.reasons) == ("flagged", ("not_unit_channel",))
    assert asked == [(unit_id(db, KUPANG), "berita_website", fake_http.url("/akun-pribadi"))]


def test_a_unit_without_channels_of_that_type_is_not_judged(db, fake_http):
    page(fake_http, "/berita")
    item = add(db, KUPANG, fake_http.url("/berita"))
    assert result(run(db, fake_http, channel_match=lambda *a: None), item).status == "verified"
    page(fake_http, "/berita2")
    other = add(db, KUPANG, fake_http.url("/berita2"))
    assert result(run(db, fake_http, channel_match=lambda *a: True), other).status == "verified"


def test_the_unit_channel_rule_reads_the_harvests_channel_registry(db):
    from dashboard.store import channels as channel_store

    kupang = unit_id(db, KUPANG)
    # Before the unit registers a website: nothing to judge by.
    assert verify.registered_channel(db, kupang, "berita_website", "https://x.id/b/1") is None
    channel_store.add(db, SYSTEM, kupang, "website", "https://kemenag-kupang.go.id/")
    on_it = "https://kemenag-kupang.go.id/berita/rakor"
    assert verify.registered_channel(db, kupang, "berita_website", on_it) is True
    assert verify.registered_channel(db, kupang, "berita_website", "https://x.id/b/1") is False
    # Another type the unit has no channel of is still not judged.
    assert (
        verify.registered_channel(db, kupang, "medsos_instagram", "https://instagram.com/p/1")
        is None
    )


def test_duplicate_content_by_final_address_across_units(db, fake_http):
    page(fake_http, "/asli")
    fake_http.route("/pendek", Reply(status=301, headers={"Location": fake_http.url("/asli")}))
    first = add(db, NTT, fake_http.url("/asli"))
    second = add(db, KUPANG, fake_http.url("/pendek"))
    report = run(db, fake_http)
    assert result(report, first).status == "verified"  # the earlier claim stays sound
    assert result(report, second).reasons == ("duplicate_content",)
    assert check_store.latest_check(db, second).final_url == fake_http.url("/asli")


def test_the_same_unit_twice_is_not_a_duplicate(db, fake_http):
    page(fake_http, "/satu")
    add(db, KUPANG, fake_http.url("/satu"))
    add(db, KUPANG, fake_http.url("/satu"), kind="siaran_pers")
    assert run(db, fake_http).count("flagged") == 0


def test_several_flags_at_once_are_listed_in_a_fixed_order(db, fake_http):
    page(fake_http, "/campur", title="Jadwal Pelayanan Haji dan Umrah", date="2026-09-01")
    item = add(db, KUPANG, fake_http.url("/campur"))
    found = result(run(db, fake_http, channel_match=lambda *a: False), item)
    assert found.reasons == ("date_mismatch", "not_unit_channel", "title_mismatch")


def test_a_corrected_link_is_checked_again(db, fake_http, accounts):
    from tests.conftest import principal

    page(fake_http, "/salah", date="2026-01-01")
    page(fake_http, "/benar")
    item = add(db, KUPANG, fake_http.url("/salah"))
    assert result(run(db, fake_http), item).reasons == ("date_mismatch",)
    item_edits.update(db, principal(db, "op.kupang"), item, link=fake_http.url("/benar"))
    again = run(db, fake_http)
    assert [(i.id, i.status) for i in again.items] == [(item, "verified")]


def test_newest_first_and_hosts_in_turn(db):
    def due(item_id: int, link: str) -> CheckDue:
        return CheckDue(
            item_id, 1, Zone.WIB, date(2026, 11, 24), "berita_website", "Judul", link, None, False
        )

    items = [due(3, "https://a.id/3"), due(2, "https://a.id/2"), due(1, "https://b.id/1")]
    assert [i.id for i in verify.interleaved(items)] == [3, 1, 2]


def test_a_slow_page_is_unknown_and_asked_again_later(db, fake_http):
    fake_http.route(
        "/lambat",
        Reply(body=documents.html_page(og_title=TITLE), drip=(10, 0.5), content_type="text/html"),
    )
    item = add(db, KUPANG, fake_http.url("/lambat"))
    report = verify.run(
        db,
        fetcher=fetcher_for(fake_http, total_s=0.6),
        now=NOW,
        channel_match=lambda *a: None,
    )
    assert result(report, item).status == "unknown"
    assert check_store.latest_check(db, item).recheck_at == "2026-11-26T09:00:00Z"


@pytest.mark.parametrize("where", ["unit", "since"])
def test_unit_and_since_narrow_the_run(db, fake_http, where):
    page(fake_http, "/a")
    page(fake_http, "/b")
    kupang = add(db, KUPANG, fake_http.url("/a"))
    add(db, NTT, fake_http.url("/b"), day="2026-11-01")
    narrowed = (
        {"unit_ids": [unit_id(db, KUPANG)]}
        if where == "unit"
        else {"since": datetime(2026, 11, 20).date()}
    )
    assert [i.id for i in run(db, fake_http, **narrowed).items] == [kupang]


def test_the_job_checks_within_its_budget_and_says_what_it_did(db, db_path, fake_http, monkeypatch):
    import threading

    page(fake_http, "/berita")
    add(db, KUPANG, fake_http.url("/berita"))
    monkeypatch.setattr(
        verify, "Fetcher", type("F", (), {"from_env": lambda: fetcher_for(fake_http)})
    )
    assert verify.run_job(db_path, 60, threading.Event()) == "checked 1, verified 1, flagged 0"
    stopped = threading.Event()
    stopped.set()
    add(db, KUPANG, fake_http.url("/berita") + "?v=2")
    assert verify.run_job(db_path, 60, stopped) == "checked 0, verified 0, flagged 0"
    assert len(fake_http.hits("/berita")) == 2  # HEAD and GET of the first run; none when stopped


def _bad_pages(server):
    server.route("/pdf", Reply(body=b"%PDF-1.7 ...", content_type="application/pdf"))
    server.route("/png", Reply(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="text/html"))
    server.route("/a", status=302, headers={"Location": "/b"})
    server.route("/b", status=302, headers={"Location": "/a"})
    cp = documents.html_page(og_title=TITLE + " ©", json_ld_date=DAY, charset="windows-1252")
    server.route("/cp", Reply(body=cp.encode("cp1252"), content_type="text/html"))
    huge = documents.html_page(og_title=TITLE, json_ld_date=DAY, body="<p>" + "x" * (6 << 20))
    server.route("/besar", Reply(body=huge, content_type="text/html"))
    liar = documents.html_page(og_title=TITLE, json_ld_date="2099-01-01T00:00:00Z")
    server.route("/bohong", Reply(body=liar, content_type="text/html; charset=utf-8"))
    server.route("/403", Reply(status=403))


@pytest.mark.parametrize(
    "path, status, reasons",
    [
        ("/pdf", "verified", ()),  # a document: nothing to compare, nothing wrong
        ("/png", "verified", ()),
        ("/a", "unknown", ()),  # a redirect loop is broken only when confirmed an hour later
        ("/cp", "verified", ()),
        ("/besar", "verified", ()),
        ("/bohong", "verified", ()),  # a date in 2099 is a lie, not a mismatch
        ("/403", "unknown", ()),  # the site refuses robots: the page is not judged
    ],
)
def test_bad_pages_end_in_a_clear_result(db, fake_http, path, status, reasons):
    _bad_pages(fake_http)
    item = add(db, KUPANG, fake_http.url(path))
    found = result(run(db, fake_http), item)
    assert (found.status, found.reasons) == (status, reasons)
    if path == "/a":
        later = result(run(db, fake_http, now=NOW + timedelta(hours=1)), item)
        assert later.reasons == ("link_broken",)
