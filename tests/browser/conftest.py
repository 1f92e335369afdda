"""Browser tests: Debian's Chromium driven by Playwright against a real server.

The server runs in its own process on a free port, on a small demo database,
with the clock frozen so screenshots are comparable from run to run.
Screenshots land in artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import demo
from dashboard.config import ASGI_SCRIPT
from tests.conftest import REPO
from tests.ports import free_port
from tests.web import wait_healthy

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FROZEN_NOW = "2026-11-25T05:30:00Z"  # 12:30 WIB, 13:30 WITA, 14:30 WIT
SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def start_server(
    db_file: Path, env_extra: dict | None = None, port: int | None = None
) -> tuple[subprocess.Popen, str]:
    """A server on `port` (default: a free one); pass the same port to restart it in place."""
    port = port or free_port()
    env = dict(os.environ, HUMAS_DB=str(db_file), HUMAS_NOW=FROZEN_NOW)
    env.update(env_extra or {})
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ASGI_SCRIPT),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process)
    return process, url


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "demo.db"
    previous = os.environ.get("HUMAS_NOW")
    os.environ["HUMAS_NOW"] = FROZEN_NOW
    try:
        demo.build(path, days=45)
    finally:
        if previous is None:
            os.environ.pop("HUMAS_NOW", None)
        else:
            os.environ["HUMAS_NOW"] = previous
    return path


@pytest.fixture(scope="session")
def server(demo_db):
    process, url = start_server(demo_db)
    yield url
    stop_server(process)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# A phone says it is one: Streamlit closes its side menu after a page is picked only when the
# browser's user agent names a phone (issue 16, item 4). Chrome on a mid-range Android phone.
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(width: int = 1366, height: int = 900, mobile: bool = False, user_agent=None):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            is_mobile=mobile,
            has_touch=mobile,
            user_agent=user_agent or (PHONE_USER_AGENT if mobile else None),
            locale="id-ID",
            timezone_id="Asia/Makassar",
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str, *, whole: bool = True) -> Path:
    """Save a screenshot; `whole` grows the viewport to the page's height first.

    Streamlit scrolls inside its main container, so the browser's own full-page
    capture would stop at the first screen.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    size = page.viewport_size
    if whole:
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
            "[data-testid=stAppViewContainer], section.main')].map(e => e.scrollHeight), "
            "window.innerHeight)"
        )
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 6000)})
        page.wait_for_timeout(700)
    page.screenshot(path=str(path))
    if whole:
        page.set_viewport_size(size)
    return path


def open_sidebar_link(page, name: str) -> None:
    """Follow a navigation link, opening the collapsed sidebar first (phones)."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    collapsed = expand.is_visible()
    if collapsed:
        expand.click()
        page.wait_for_timeout(600)  # the sidebar slides in
    page.get_by_role("link", name=name).click()
    if collapsed:  # on a phone the sidebar covers the page: close it as a person would
        page.wait_for_timeout(800)
        size = page.viewport_size
        if not page.get_by_test_id("stExpandSidebarButton").is_visible():
            page.mouse.click(size["width"] - 10, size["height"] // 2)
            page.wait_for_timeout(600)


def login(page, url: str, username: str, password: str = demo.DEMO_PASSWORD) -> None:
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def wait_signed_in(page) -> None:
    """Signed in: the sidebar's sign-out button exists (hidden on a phone until opened)."""
    page.get_by_role("button", name="Keluar").wait_for(state="attached", timeout=30_000)


def news_today(page) -> str:
    """The 'Berita hari ini' tile of Beranda: today's news items of the operator's unit
    against its daily goal ("0 / 1")."""
    tile = page.get_by_test_id("stMetric").filter(has_text="Berita hari ini").first
    tile.wait_for(timeout=30_000)
    return tile.get_by_test_id("stMetricValue").inner_text()


def save_one_news_item(page, title: str, link: str) -> None:
    """On Input Harian (where an operator lands): one website news item, saved."""
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    first = page.locator(".st-key-entry_card_0")
    first.get_by_role("radio", name="Berita web", exact=True).click()
    first.get_by_label("Judul").fill(title)
    first.get_by_label("Tautan").fill(link)
    page.get_by_role("button", name="Simpan semua").click()
    page.get_by_text("1 item disimpan untuk Rabu, 25 November 2026.").wait_for(timeout=30_000)


def script_idle(page) -> None:
    """The app's script run has ended: all it draws is there, and a tap is not lost to a rerun."""
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=30_000)


ROW_HEIGHT = 35  # st.dataframe's header row and each row, in pixels
MARKER_X = 18  # the middle of a selectable table's check-box column


def select_row(page, grid, row: int = 0) -> None:
    """Tick a row of a selectable st.dataframe and wait until the table shows it ticked.

    The table is drawn on a canvas, so the tap goes by position; it waits first for the
    run that drew the table to end and for the row's cells to be drawn (the canvas keeps
    an accessible copy of them), so the tap lands on the row and is not lost to a rerun.
    """
    script_idle(page)
    grid.locator(f"[data-testid='glide-cell-1-{row}']").wait_for(state="attached")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + MARKER_X, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT // 2)
    grid.locator(f"tr[aria-rowindex='{row + 2}'][aria-selected='true']").wait_for(
        state="attached", timeout=10_000
    )
