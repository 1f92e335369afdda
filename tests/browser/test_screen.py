"""The meeting screen in Chromium at 1920 x 1080: every panel, rotation, revocation, reconnection."""

from datetime import timedelta

import pytest

from dashboard import clock
from dashboard.store import screens
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from tests.browser.conftest import FROZEN_NOW, screenshot, start_server, stop_server, wait_signed_in

pytestmark = pytest.mark.browser

WALL = (1920, 1080)
TITLES = [
    "Ada berita hari ini",
    "Peringkat",
    "Berita 30 hari terakhir",
    "Senyap",
    "Terbaru",
]


def new_link(db_file, scope="national", rotate=20):
    db = open_db(db_file)
    try:
        if scope == "national":
            unit = next(u for u in screens.allowed_scopes(db, SYSTEM) if u.parent_id is None)
        else:
            unit = unit_store.require(db, scope)
        # Made "now" by the servers' frozen clock, so the link is live for them.
        return screens.create(
            db, SYSTEM, unit.id, rotate_seconds=rotate, now=clock.parse_instant(FROZEN_NOW)
        )
    finally:
        db.close()


def panel_title(page) -> str:
    return page.locator(".scr-panel").first.inner_text(timeout=30_000)


def open_wall(page, url):
    page.goto(url)
    page.locator(".scr-panel").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1200)  # charts draw after the script finishes


def assert_wall_only(page):
    """Nothing but the screen: no sidebar, header, toolbar or sign-in; nothing to scroll."""
    for test_id in ("stSidebar", "stHeader", "stToolbar", "stExpandSidebarButton"):
        assert not page.get_by_test_id(test_id).is_visible(), test_id
    assert page.get_by_label("Nama pengguna").count() == 0
    overflow = page.evaluate(
        "() => [document.scrollingElement, ...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer]')]"
        ".map(e => e.scrollHeight - e.clientHeight)"
    )
    assert max(overflow) <= 1, overflow


@pytest.mark.parametrize("scope", ["national", "kanwil-ntt"])
def test_every_panel_at_1920_by_1080(server, demo_db, page_factory, scope):
    _, token = new_link(demo_db, scope)
    page = page_factory(*WALL)
    for n, title in enumerate(TITLES, 1):
        open_wall(page, f"{server}/?layar={token}&panel={n}")
        assert panel_title(page).startswith(title)
        assert_wall_only(page)
        screenshot(page, f"layar-{scope}-{n}", whole=False)


def test_panels_rotate_without_reloading_and_revoking_blanks_the_screen(
    server, demo_db, page_factory
):
    link_id, token = new_link(demo_db, "kanwil-ntt", rotate=10)
    page = page_factory(*WALL)
    open_wall(page, f"{server}/?layar={token}")
    page.evaluate("() => { window.pantauMarker = 'still here' }")
    assert panel_title(page).startswith(TITLES[0])
    page.wait_for_function(
        "() => !document.querySelector(\".scr-panel\").innerText.startsWith('Ada berita')",
        timeout=25_000,
    )
    assert panel_title(page).startswith(TITLES[1])
    db = open_db(demo_db)
    try:
        screens.revoke(db, SYSTEM, link_id)
    finally:
        db.close()
    page.get_by_text("Tautan layar ini sudah dicabut").wait_for(timeout=25_000)
    assert page.locator(".scr-panel").count() == 0
    assert page.locator(".js-plotly-plot").count() == 0
    assert page.evaluate("() => window.pantauMarker") == "still here"  # never reloaded
    screenshot(page, "layar-dicabut", whole=False)


def test_the_screen_reconnects_by_itself_after_a_server_restart(demo_db, page_factory):
    _, token = new_link(demo_db, "kanwil-ntt")
    process, url = start_server(demo_db)
    port = int(url.rsplit(":", 1)[1])
    try:
        page = page_factory(*WALL)
        open_wall(page, f"{url}/?layar={token}")
        page.evaluate("() => { window.pantauMarker = 'still here' }")
        clock_text = page.locator(".scr-clock").first
        assert clock_text.inner_text() == "13.30 WITA"
        stop_server(process)
        # The same server, restarted on the same port, 75 minutes later by its clock.
        later = clock.iso(clock.parse_instant(FROZEN_NOW) + timedelta(minutes=75))
        process, _ = start_server(demo_db, {"HUMAS_NOW": later}, port=port)
        page.wait_for_function(
            "() => document.querySelector(\".scr-clock\").innerText === '14.45 WITA'",
            timeout=60_000,
        )
        page.get_by_text("Data per 14.45 WITA").wait_for(timeout=30_000)
        assert page.evaluate("() => window.pantauMarker") == "still here"  # no page reload
    finally:
        stop_server(process)


def test_a_kakanwil_makes_a_link_and_a_fresh_browser_opens_the_screen(
    server, browser, page_factory
):
    from tests.browser.conftest import login

    page = page_factory(1366, 900)
    login(page, server, "kanwil.ntt")
    wait_signed_in(page)
    page.get_by_role("link", name="Layar Rapat").click()
    page.get_by_role("heading", name="Layar Rapat").wait_for(timeout=30_000)
    page.get_by_label("Keterangan (opsional)").fill("Rakorwil Kehumasan NTT")
    page.get_by_role("button", name="Buat tautan").click()
    page.get_by_text("hanya ditampilkan sekali").wait_for(timeout=30_000)
    address = page.get_by_test_id("stCode").inner_text().strip()
    assert address.startswith(f"{server}/?layar=")
    page.wait_for_timeout(800)
    screenshot(page, "layar-rapat-kakanwil-desktop")

    # A fresh browser (no sign-in, nothing shared) opens the address on the wall.
    wall = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    try:
        screen = wall.new_page()
        open_wall(screen, address)
        assert panel_title(screen).startswith(TITLES[0])
        assert screen.get_by_text("Kanwil Kemenag Provinsi Nusa Tenggara Timur").count() == 1
        assert screen.get_by_text("Data per 13.30 WITA · Rakorwil Kehumasan NTT").count() == 1
        assert_wall_only(screen)
    finally:
        wall.close()
