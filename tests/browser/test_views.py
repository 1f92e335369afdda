"""Ringkasan, Peringkat, Unit Saya and the recap in Chromium, as issue 16 found them.

A tap on a unit in Ringkasan's tables opens that unit (item 1), the phone's
menu closes after a page is picked (item 4), a Kakanwil lands on its Kanwil's
overview (item 7), and the recap's copy button shows above it on a phone
(item 9). Screenshots of each screen land in artifacts/screenshots/.
"""

import re

import pytest

from tests.browser.conftest import login, open_sidebar_link, screenshot, wait_signed_in

pytestmark = pytest.mark.browser

HEADER = 35  # st.dataframe's header row and each row, in pixels
CELL_X = 140  # inside the first data column, past the row's check box


def idle(page) -> None:
    """The script has finished its run (a tap during a run can be lost with the old page)."""
    page.wait_for_timeout(300)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=30_000)


def settle(page, heading: str) -> None:
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    idle(page)
    page.wait_for_timeout(1000)  # charts and tables draw after the script finishes


def tap_cell(page, grid, row: int) -> None:
    """Tap the first column of a row of a table (drawn on a canvas: by position)."""
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)  # the charts above finish drawing and the table settles
    box = grid.bounding_box()
    page.mouse.click(box["x"] + CELL_X, box["y"] + HEADER * (row + 1) + HEADER // 2)
    idle(page)


def table_after(page, heading: str):
    """The first table below a heading."""
    return page.get_by_role("heading", name=heading).first.locator(
        "xpath=following::*[@data-testid='stDataFrame'][1]"
    )


def opened(page) -> str:
    settle(page, "Unit Saya")
    return page.locator("h3").first.inner_text()


def test_a_kakanwil_lands_on_its_kanwil_and_opens_the_kankemenag_it_taps(server, page_factory):
    page = page_factory(1440, 900)
    login(page, server, "kanwil.ntt")
    wait_signed_in(page)
    settle(page, "Ringkasan")  # item 7: its Kankemenag, not the office's own page
    assert page.get_by_text("Kanwil Kemenag Provinsi Nusa Tenggara Timur").first.is_visible()
    screenshot(page, "ringkasan-kanwil-desktop")
    # The path that failed: its own unit's page first, then a row on Ringkasan.
    page.get_by_role("link", name="Unit Saya").click()
    assert opened(page) == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"
    page.get_by_role("link", name="Ringkasan").click()
    settle(page, "Ringkasan")
    tap_cell(page, table_after(page, "Per unit"), 1)  # sorted by name: Alor, Belu, ...
    assert opened(page) == "Kantor Kemenag Kabupaten Belu"
    assert page.url.endswith("/unit-saya?unit=kankemenag-kab-belu")  # shareable
    screenshot(page, "unit-saya-belu-desktop")
    # The address opens the same unit in a new session (here after signing in again).
    shared = page.url
    other = page_factory(1440, 900)
    other.goto(shared)
    other.get_by_label("Nama pengguna").fill("kanwil.ntt")
    other.get_by_label("Kata sandi").fill("demo-humas-2026")
    other.get_by_role("button", name="Masuk").click()
    assert opened(other) == "Kantor Kemenag Kabupaten Belu"


def test_pusat_inside_a_kanwil_opens_the_kankemenag_it_taps(server, page_factory):
    page = page_factory(1440, 900)
    login(page, server, "pusat")
    wait_signed_in(page)
    settle(page, "Ringkasan")
    screenshot(page, "ringkasan-nasional-desktop")
    tap_cell(page, table_after(page, "Per unit"), 0)  # a Kanwil row: Aceh, its province
    page.wait_for_url(re.compile(r"/\?cakupan=kanwil-aceh$|/ringkasan\?cakupan=kanwil-aceh$"))
    settle(page, "Ringkasan")
    page.locator("[data-testid=stSelectbox]").first.click()
    page.keyboard.type("Nusa Tenggara Timur")
    page.get_by_role("option", name="Kanwil Kemenag Provinsi Nusa Tenggara Timur").click()
    page.wait_for_url(re.compile(r"cakupan=kanwil-ntt"))
    settle(page, "Ringkasan")
    tap_cell(page, table_after(page, "Per unit"), 2)  # Alor, Belu, Ende
    assert opened(page) == "Kantor Kemenag Kabupaten Ende"
    assert page.url.endswith("/unit-saya?unit=kankemenag-kab-ende")
    page.get_by_role("link", name="Peringkat").click()
    settle(page, "Peringkat")
    assert page.get_by_text("Kanwil dinilai sebagai seluruh provinsi").first.is_visible()
    screenshot(page, "peringkat-nasional-desktop")


def sidebar_closed(page) -> bool:
    return page.get_by_test_id("stExpandSidebarButton").is_visible()


def test_on_a_phone_the_menu_closes_after_a_page_is_picked(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "kanwil.ntt")
    wait_signed_in(page)
    settle(page, "Ringkasan")
    assert sidebar_closed(page)  # it starts closed on a phone
    screenshot(page, "ringkasan-kanwil-phone", whole=False)
    page.get_by_role("heading", name="Per unit").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    screenshot(page, "ringkasan-kanwil-phone-tables", whole=False)
    for link, heading in (("Peringkat", "Peringkat"), ("Unit Saya", "Unit Saya")):
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_timeout(600)
        assert not sidebar_closed(page)
        page.get_by_role("link", name=link).click()
        settle(page, heading)
        assert sidebar_closed(page), f"the menu still covers {heading}"
        box = page.get_by_role("heading", name=heading).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        screenshot(page, f"{heading.lower().replace(' ', '-')}-kanwil-phone")
    # A tap on a unit in a table works with a thumb too.
    open_sidebar_link(page, "Ringkasan")
    settle(page, "Ringkasan")
    tap_cell(page, table_after(page, "Per unit"), 0)
    assert opened(page) == "Kantor Kemenag Kabupaten Alor"


def test_the_recap_on_a_phone_has_its_copy_button_above_it(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(page, server, "kanwil.ntt")
    wait_signed_in(page)
    open_sidebar_link(page, "Laporan")
    settle(page, "Rekap Harian Humas")
    block = page.locator(".st-key-rekap [data-testid=stCode]")
    block.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    copy = block.get_by_role("button")
    assert copy.is_visible()  # without a hover or a tap first
    button, text = copy.bounding_box(), block.locator("pre").bounding_box()
    assert button["y"] + button["height"] <= text["y"] + 1  # above the text, not over it
    assert button["width"] >= 100  # a word on it, not a bare icon
    recap = block.locator("pre").inner_text()
    assert len(recap) < 4096 and recap.startswith("*REKAP HARIAN HUMAS*")
    assert re.search(r"\nRincian: http://127\.0\.0\.1:\d+$", recap)  # the app's own address
    page.evaluate("() => window.scrollBy(0, -120)")
    screenshot(page, "rekap-kanwil-phone", whole=False)
    copy.click()
    page.wait_for_timeout(300)
    assert page.evaluate("() => navigator.clipboard.readText()") == recap


def pick_option(page, label: str, option: str) -> None:
    """Open a selectbox by its label, type to narrow it, and tap the option."""
    idle(page)
    page.wait_for_timeout(500)
    box = page.get_by_role("combobox", name=label)
    box.click()
    if box.get_attribute("aria-expanded") != "true":  # a phone's tap may only focus it
        box.press("ArrowDown")
    page.keyboard.type(option[-12:])
    page.get_by_role("option", name=option, exact=True).click()


def test_pusat_picks_a_unit_in_two_steps_on_a_phone(server, page_factory):
    """Issue 19: ~600 units are picked as a group, then a unit in it; the address names it."""
    page = page_factory(390, 844, mobile=True)
    login(page, server, "pusat")
    wait_signed_in(page)
    open_sidebar_link(page, "Unit Saya")
    settle(page, "Unit Saya")
    pick_option(page, "Kelompok unit", "Kanwil Kemenag Provinsi Nusa Tenggara Timur")
    page.wait_for_url(re.compile(r"unit=kanwil-ntt"))
    assert opened(page) == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"
    pick_option(page, "Unit kerja", "Kantor Kemenag Kota Kupang")
    page.wait_for_url(re.compile(r"unit=kankemenag-kota-kupang"))
    assert opened(page) == "Kantor Kemenag Kota Kupang"
    screenshot(page, "unit-saya-pusat-two-step-phone", whole=False)


def test_ringkasan_draws_a_tabs_table_when_the_tab_is_picked(server, page_factory):
    """Issue 19: only the open tab's table is sent; a tap on another tab brings its own."""
    page = page_factory(1440, 900)
    login(page, server, "pusat")
    wait_signed_in(page)
    settle(page, "Ringkasan")
    page.get_by_role("tab", name="PTKN").click()
    idle(page)
    panel = page.get_by_role("tabpanel").filter(has=page.get_by_test_id("stDataFrame"))
    panel.first.wait_for(timeout=30_000)
    assert page.get_by_role("tab", name="PTKN").get_attribute("aria-selected") == "true"
    page.get_by_role("heading", name="Per unit").scroll_into_view_if_needed()
    screenshot(page, "ringkasan-nasional-ptkn-tab", whole=False)
    tap_cell(page, table_after(page, "Per unit"), 0)  # a PTKN opens its own page
    assert opened(page)
