"""The nastiest accepted strings, stored, then every page that shows them opened in Chromium.

Item titles and notes, account names, unit names, a target and a calendar
note hold Markdown links with javascript: and data: URLs, remote images, raw
HTML and <script>, emoji shortcodes and directives, math, and bare web and
e-mail addresses (tests/hostile/stored.py). On every page that shows them the
DOM must hold no link with a script or data URL, no remote image, no script,
frame or event handler from the data, no auto-linked www./e-mail text, and
the browser must never ask evil.example for anything; the text itself must be
there, as typed. This is where md_escape's invisible word joiner (which
breaks GFM autolinks) is checked in a real renderer.
"""

from __future__ import annotations

import os

import pytest

from dashboard.store import bootstrap
from dashboard.store.db import open_db
from tests.browser.conftest import FROZEN_NOW, login, screenshot, start_server, stop_server
from tests.hostile.corpus import TEXTS
from tests.hostile.stored import NOW, PASSWORD, UNIT_NAMES, store_everything

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JOINER = "\u2060"

# What in the DOM would be live markup made from the data.
FIND_LIVE = """
() => {
  const found = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href').trim().toLowerCase();
    if (/^(javascript|data|vbscript|mailto):/.test(href) || href.includes('evil.example')) {
      found.push('link ' + href);
    }
  }
  for (const img of document.querySelectorAll('img, image, source')) {
    const src = img.getAttribute('src') || img.getAttribute('href') || '';
    if (/^(https?:)?\\/\\//i.test(src) && !src.startsWith(location.origin)) {
      found.push('remote image ' + src);
    }
  }
  for (const el of document.querySelectorAll('script')) {
    if (/alert|evil/.test(el.textContent + (el.getAttribute('src') || ''))) {
      found.push('script ' + el.textContent.slice(0, 40));
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed')) {
    found.push(el.tagName.toLowerCase() + ' ' + (el.getAttribute('src') || ''));
  }
  for (const el of document.querySelectorAll('[onerror], [onload], [onclick]')) {
    found.push('handler on ' + el.tagName.toLowerCase());
  }
  for (const el of document.querySelectorAll('b, strong, em, del, h1, blockquote')) {
    if (/tebal|miring|coret|Judul besar|kutip/.test(el.textContent)) {
      found.push('formatting ' + el.tagName.toLowerCase() + ' ' + el.textContent.slice(0, 40));
    }
  }
  if (document.querySelector('.katex, math')) found.push('math');
  return found;
}
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    previous = os.environ.get("HUMAS_NOW")
    os.environ["HUMAS_NOW"] = NOW
    try:
        bootstrap.init(path)
        db = open_db(path)
        store_everything(db)
        db.close()
    finally:
        if previous is None:
            os.environ.pop("HUMAS_NOW", None)
        else:
            os.environ["HUMAS_NOW"] = previous
    assert NOW == FROZEN_NOW  # the server's clock is the one the data was made for
    process, url = start_server(path)
    yield url
    stop_server(process)


def _visible_text(page) -> str:
    return page.locator("[data-testid=stMain]").inner_text().replace(JOINER, "")


def _open(page, title: str) -> None:
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # every element of the run drawn


def _check(page, requests: list[str], where: str) -> None:
    assert page.evaluate(FIND_LIVE) == [], where
    assert [u for u in requests if "evil.example" in u] == [], where
    assert page.locator("[data-testid=stException]").count() == 0, where


def test_stored_hostile_text_is_text_on_every_page(hostile_server, page_factory):
    url = hostile_server
    requests: list[str] = []
    pages = {}
    for username in ("op.kupang", "kepala.kupang", "kanwil.ntt", "admin"):
        page = page_factory()
        page.on("request", lambda r: requests.append(r.url))
        login(page, url, username, PASSWORD)
        page.get_by_role("button", name="Keluar").wait_for(state="attached", timeout=30_000)
        pages[username] = page

    # An operator: its day's items (titles as text, notes as escaped captions), the sidebar.
    page = pages["op.kupang"]
    page.wait_for_timeout(1500)
    _check(page, requests, "Input Harian")
    shown = _visible_text(page)
    for text in (
        TEXTS["html_script"],
        TEXTS["md_link_javascript"],
        TEXTS["md_image_remote"],
        TEXTS["md_shortcodes"],
        TEXTS["md_latex"],
        TEXTS["autolink_www"],
        TEXTS["autolink_email"],
        TEXTS["autolink_https"],
    ):
        assert text in shown, text
    sidebar = page.locator("[data-testid=stSidebar]").inner_text().replace(JOINER, "")
    assert UNIT_NAMES["kankemenag-kota-kupang"] in sidebar
    screenshot(page, "hostile-input-harian-desktop")
    for title in ("Beranda", "Unit Saya", "Laporan"):
        _open(page, title)
        _check(page, requests, f"{title} (operator)")
    screenshot(page, "hostile-laporan-desktop")

    # A unit head: its rank among the Kankemenag of a Kanwil whose name is hostile.
    page = pages["kepala.kupang"]
    page.get_by_text("Peringkat ").first.wait_for(timeout=30_000)
    _check(page, requests, "Unit Saya (unit head)")
    assert UNIT_NAMES["kanwil-ntt"] in _visible_text(page)
    screenshot(page, "hostile-unit-saya-desktop")

    # A Kakanwil: its subtree, the rankings and the shared link.
    page = pages["kanwil.ntt"]
    for title in ("Ringkasan", "Peringkat", "Tinjauan Tautan", "Kalender Kerja", "Unit Kerja"):
        _open(page, title)
        _check(page, requests, f"{title} (pimpinan)")
    page.get_by_label("Cari unit").fill(TEXTS["md_link_javascript"])
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)
    _check(page, requests, "Unit Kerja search")

    # An admin: accounts (a picked account is Markdown), targets, the log.
    page = pages["admin"]
    _open(page, "Pengguna")
    page.get_by_role("tab", name="Kelola akun").click()
    box = page.get_by_role("combobox", name="Akun")
    box.click()
    box.fill("op.kupang")
    page.get_by_role("option").filter(has_text="op.kupang").first.click()
    page.wait_for_timeout(1500)
    _check(page, requests, "Pengguna, account picked")
    assert UNIT_NAMES["kankemenag-kota-kupang"] in _visible_text(page)
    screenshot(page, "hostile-pengguna-desktop")
    for title in ("Target", "Kalender Kerja", "Log Audit", "Input Harian", "Ringkasan"):
        _open(page, title)
        _check(page, requests, f"{title} (admin)")
    # Layar Rapat (issue 5): open the meeting screen through its `?layar=TOKEN` link here, in a
    # 1920 x 1080 page, and _check it the same way (its leaderboards and item titles).
    assert requests, "no request was watched"
