"""Words on the pages of issue 16's entry stream, read from Chromium's DOM: no English where
the app can say it in Indonesian.

Streamlit's own controls keep English names the app cannot change (the date field's
"Choose date", the table toolbar's "Download as CSV", the uploader's "Upload" button and
"per file" line; docs/DECISIONS.md, issue 16). What the app can set is checked here: every
select's placeholder (shown when empty, hidden in the page when a value is picked), no code
block with its "Copy to clipboard" button, and the upload limit said in Indonesian.
"""

import pytest

from tests.browser.conftest import login, screenshot, wait_signed_in

pytestmark = pytest.mark.browser

PAGES = [
    "Input Harian",
    "Impor Data",
    "Beranda",
    "Kalender Kerja",
    "Target",
    "Pengguna",
    "Log Audit",
    "Layar Rapat",
    "Akun Saya",
    "Kanal",
    "Pengiriman Pesan",
    "Tinjauan Tautan",
]
ENGLISH_PLACEHOLDERS = ("Choose an option", "Choose options", "Add an option")


def test_no_english_placeholder_or_copy_button_on_these_pages(server, page_factory):
    page = page_factory(1440, 900)
    login(page, server, "admin")
    wait_signed_in(page)
    found = {}
    for name in PAGES:
        page.get_by_role("link", name=name).click()
        page.get_by_role("heading", name=name).first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)
        placeholders = page.evaluate(
            "() => [...document.querySelectorAll('[placeholder]')].map(e => e.placeholder)"
        )
        english = [p for p in placeholders if p in ENGLISH_PLACEHOLDERS]
        code_blocks = page.locator("[data-testid='stCode']").count()
        if english or code_blocks:
            found[name] = (english, code_blocks)
        if name == "Impor Data":
            page.get_by_text("Paling besar 10 MB per berkas.").wait_for()
        screenshot(page, f"words-{name.lower().replace(' ', '-')}-desktop")
    assert found == {}
