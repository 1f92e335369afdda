"""Issue 13 in Chromium: an operator registers the unit's channels on Kanal, tests one now, and
Unit Saya shows today's collected posts without anyone typing them; a Kanwil head sees which
units below have no channel or one failing for 24 hours. Local fakes only."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet

from dashboard import clock
from dashboard.store.db import connect
from tests.browser.conftest import (
    FROZEN_NOW,
    login,
    screenshot,
    start_server,
    stop_server,
    wait_signed_in,
)
from tests.conftest import unit_id
from tests.fakes.channels import (
    GRAPH_TOKEN,
    PAGE_ID,
    TIKTOK_TOKEN,
    YOUTUBE_ID,
    ChannelWorld,
    failed_website,
)
from tests.fakes.http import FakeServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def world():
    servers = [FakeServer().start() for _ in range(4)]
    try:
        yield ChannelWorld(*servers, Fernet.generate_key().decode())
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def app(demo_db, world, tmp_path_factory):
    db_file = tmp_path_factory.mktemp("kanal") / "humas.db"
    shutil.copy(demo_db, db_file)
    with connect(db_file) as db:
        # Kupang's neighbour has a website failing since yesterday: the Kanwil head sees it.
        failed_website(
            db,
            unit_id(db, "kankemenag-kab-alor"),
            "https://alor.example.go.id",
            "Server tidak menjawab dalam 20 detik.",
            when=clock.parse_instant(FROZEN_NOW) - timedelta(hours=30),
            code="no_answer",
        )
    env = world.environ() | {
        "HUMAS_FETCH_ALLOW_HOSTS": ",".join(s.host_port for s in world.servers)
    }
    process, url = start_server(db_file, env)
    yield url, db_file
    stop_server(process)


def open_page(page, name: str, *, mobile: bool) -> None:
    """As test_entry.open_page, with the heading matched exactly ("Kanal", "Daftarkan kanal")."""
    wait_signed_in(page)
    if mobile:
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=30_000)
    if mobile and page.get_by_test_id("stSidebarCollapseButton").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()


def register(page, kind: str, address: str, token: str | None = None) -> None:
    page.wait_for_timeout(800)  # the page's last rerun over: a list opened during one closes
    box = page.get_by_role("combobox", name="Jenis kanal")
    box.click()
    if box.get_attribute("aria-expanded") != "true":  # a phone's tap may only focus it
        box.press("ArrowDown")
    page.get_by_role("option", name=kind, exact=True).click()
    page.get_by_role("textbox", name=_address_label(kind)).wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    page.get_by_role("textbox", name=_address_label(kind)).fill(address)
    if token:
        page.get_by_role("textbox", name="Token akses").fill(token)
    page.get_by_role("button", name="Daftarkan kanal").click()
    page.get_by_text(f"Kanal {kind} didaftarkan").wait_for(timeout=30_000)


def _address_label(kind: str) -> str:
    return {
        "YouTube": "ID kanal YouTube",
        "Facebook": "ID Halaman Facebook",
        "TikTok": "Nama akun TikTok",
    }[kind]


@pytest.mark.parametrize(
    "width, height, mobile, kind, address, token, title, read",
    [
        # Desktop: the first card is the Facebook Page (cards go by type), two posts.
        (1440, 900, False, "YouTube", YOUTUBE_ID, None, "Unggahan Facebook 1", "2 baru tercatat"),
        (
            390,
            844,
            True,
            "TikTok",
            "@kemenagkupang",
            TIKTOK_TOKEN,
            "Video TikTok",
            "1 baru tercatat",
        ),
    ],
    ids=["desktop", "phone"],
)
def test_an_operator_registers_a_channel_and_unit_saya_shows_its_posts(
    app, world, page_factory, width, height, mobile, kind, address, token, title, read
):
    url, db_file = app
    page = page_factory(width, height, mobile=mobile)
    where = "phone" if mobile else "desktop"
    login(page, url, "operator.kupang")
    wait_signed_in(page)
    open_page(page, "Kanal", mobile=mobile)
    register(page, kind, address, token)
    if not mobile:  # a Page with its token, too: the token is never on the page again
        register(page, "Facebook", PAGE_ID, GRAPH_TOKEN)
        assert GRAPH_TOKEN not in page.content()
    with connect(db_file) as db:
        tested = db.conn.execute(
            "SELECT id FROM channels WHERE type = ? AND removed_at IS NULL",
            ("facebook" if not mobile else "tiktok",),
        ).fetchone()[0]
    # A button with help is drawn twice (one hidden, for measuring): the role finds the shown one.
    page.locator(f".st-key-kanal_test_{tested}").get_by_role("button", name="Uji sekarang").click()
    page.get_by_text(read).wait_for(timeout=60_000)
    page.mouse.move(1, 1)  # no tooltip over the result
    page.wait_for_timeout(600)
    assert (token or GRAPH_TOKEN) not in page.content()
    screenshot(page, f"kanal-operator-{where}")

    open_page(page, "Unit Saya", mobile=mobile)
    page.get_by_role("heading", name="Kanal otomatis").wait_for(timeout=30_000)
    page.get_by_text(title).first.wait_for(state="attached", timeout=30_000)  # collected today
    page.wait_for_timeout(800)
    screenshot(page, f"kanal-unit-saya-{where}")


def test_a_kanwil_head_sees_units_below_without_a_channel_or_failing(app, page_factory):
    page = page_factory(1440, 900)
    login(page, app[0], "kanwil.ntt")
    wait_signed_in(page)
    open_page(page, "Kanal", mobile=False)
    page.get_by_role("heading", name="Unit di bawahnya").wait_for(timeout=30_000)
    page.get_by_text("Unit tanpa kanal masih mengetik").wait_for()
    assert page.get_by_role("button", name="Daftarkan kanal").count() == 0
    page.wait_for_timeout(800)
    screenshot(page, "kanal-kanwil-desktop")
