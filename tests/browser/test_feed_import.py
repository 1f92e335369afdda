"""An operator fetches a unit's feed by its address on Impor Data, through the safe fetcher:
a feed on an allowed server is previewed; an internal address is refused in Indonesian."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import login, screenshot, start_server, stop_server, wait_signed_in
from tests.browser.test_entry import open_page
from tests.fakes import documents
from tests.fakes.http import FakeServer, Reply

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def feed_server():
    with FakeServer() as fake:
        items = [
            {
                "title": f"Kemenag Kota Kupang Gelar Pembinaan Penyuluh ke-{n}",
                "link": f"https://ntt.kemenag.go.id/kota-kupang/berita/pembinaan-{n}",
                "published": datetime(2026, 11, 24 - n, 2, 0, tzinfo=UTC),
            }
            for n in range(3)
        ]
        fake.route(
            "/feed", Reply(body=documents.rss_feed(items), content_type="application/rss+xml")
        )
        yield fake


@pytest.fixture(scope="module")
def app(demo_db, feed_server):
    process, url = start_server(demo_db, {"HUMAS_FETCH_ALLOW_HOSTS": feed_server.host_port})
    yield url
    stop_server(process)


def fetch(page, url: str) -> None:
    field = page.get_by_label("Alamat umpan RSS/Atom")
    if not field.is_visible():
        page.get_by_text("Alamat umpan RSS", exact=True).click()
        field.wait_for(timeout=30_000)
        page.wait_for_timeout(800)  # the rerun that brought the form settles
    field.fill(url)
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Ambil umpan").click()


@pytest.mark.parametrize("width, height, mobile", [(1440, 900, False), (390, 844, True)])
def test_operator_fetches_a_feed_and_an_internal_address_is_refused(
    app, feed_server, page_factory, width, height, mobile
):
    page = page_factory(width, height, mobile=mobile)
    login(page, app, "operator.kupang")
    wait_signed_in(page)
    open_page(page, "Impor Data", mobile=mobile)
    where = "phone" if mobile else "desktop"

    fetch(page, feed_server.url("/feed"))
    page.get_by_role("heading", name="Pratinjau").wait_for(timeout=30_000)
    page.get_by_text("Akan ditambahkan").first.wait_for()
    page.wait_for_timeout(600)
    screenshot(page, f"import-feed-url-{where}")
    assert feed_server.hits("/feed")[-1].headers["user-agent"].startswith("PantauHumas/")

    internal = app + "/_stcore/health"  # the app's own address: never fetched
    fetch(page, internal)
    refusal = page.get_by_text("Umpan tidak dapat diambil: Alamat ini menuju jaringan internal")
    refusal.wait_for(timeout=30_000)
    page.wait_for_timeout(400)
    assert page.get_by_role("heading", name="Pratinjau").count() == 0  # not the old feed's
    screenshot(page, f"import-feed-url-refused-{where}")
