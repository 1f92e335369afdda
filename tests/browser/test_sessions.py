"""Staying signed in, in Chromium: reload, new tab, restart, the cookie, Keluar, deactivation,
a stolen Streamlit session id, report files, and two workers behind nginx with one killed."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import websockets
from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2

from dashboard import demo
from dashboard.serve.proxy import WORKER_HEADER
from dashboard.web import cookies
from tests.browser.conftest import (
    FROZEN_NOW,
    login,
    open_sidebar_link,
    screenshot,
    start_server,
    stop_server,
    wait_signed_in,
)
from tests.conftest import REPO
from tests.serve.cluster import needs_nginx, running

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_db(demo_db, tmp_path_factory):
    """A copy of the demo database: these tests end sessions and deactivate an account."""
    path = tmp_path_factory.mktemp("sessions") / "demo.db"
    source, target = sqlite3.connect(demo_db), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return path


@pytest.fixture(scope="module")
def own_server(own_db):
    process, url = start_server(own_db)
    holder = {"process": process, "url": url}
    yield holder
    stop_server(holder["process"])


def session_cookie(context) -> dict | None:
    found = [c for c in context.cookies() if c["name"] == cookies.SESSION]
    return found[0] if found else None


def humas(*args) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_signed_in_across_reload_new_tab_and_restart(own_db, own_server, page_factory):
    url = own_server["url"]
    page = page_factory()
    login(page, url, "operator.kupang")
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    wait_signed_in(page)

    page.reload()
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    wait_signed_in(page)

    other = page.context.new_page()  # a new tab of the same browser
    other.goto(url + "/beranda")
    other.get_by_role("heading", name="Beranda").wait_for(timeout=30_000)
    wait_signed_in(other)
    other.close()

    # The server process restarts (a deploy, a crash): sessions live in the database.
    port = int(url.rsplit(":", 1)[1])
    stop_server(own_server["process"])
    own_server["process"], _ = start_server(own_db, port=port)
    page.reload()
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=60_000)
    wait_signed_in(page)


def test_a_shared_link_opened_while_signed_in_keeps_its_filters(own_server, page_factory):
    url = own_server["url"]
    page = page_factory()
    login(page, url, "kanwil.ntt")
    wait_signed_in(page)
    shared = page.context.new_page()
    shared.goto(f"{url}/ringkasan?periode=tahun")
    shared.get_by_role("heading", name="Ringkasan").first.wait_for(timeout=30_000)
    shared.get_by_text("1 Januari 2026 – 25 November 2026").wait_for(timeout=30_000)
    # /ringkasan is this leader's landing page, which Streamlit serves at "/": its own name
    # must not be "Page not found".
    shared.wait_for_timeout(500)
    assert shared.get_by_text("Page not found").count() == 0


def test_the_cookie_is_httponly_lax_and_never_in_an_address(own_server, page_factory):
    url = own_server["url"]
    page = page_factory()
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    login(page, url, "kepala.kupang")
    page.get_by_role("heading", name="Unit Saya").wait_for(timeout=30_000)
    found = session_cookie(page.context)
    assert found is not None
    assert (found["httpOnly"], found["sameSite"], found["path"]) == (True, "Lax", "/")
    assert found["expires"] > 0  # persistent: closing the browser keeps the session
    assert not found["secure"]  # plain http on loopback; Secure under HTTPS (tested below)
    assert len(found["value"]) == 43
    assert not any(found["value"] in address for address in addresses)
    assert any("/sesi/mulai?tiket=" in address for address in addresses)  # a ticket, used once
    assert page.evaluate("document.cookie").find(found["value"]) == -1  # no script reads it


def test_after_keluar_the_old_cookie_signs_nobody_in(own_server, page_factory, browser):
    url = own_server["url"]
    page = page_factory()
    login(page, url, "operator.kupang")
    wait_signed_in(page)
    old = session_cookie(page.context)
    page.get_by_role("button", name="Keluar").click()
    page.get_by_text("Anda telah keluar.").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert session_cookie(page.context) is None  # cleared in this browser

    fresh = browser.new_context()
    try:
        fresh.add_cookies([{key: old[key] for key in ("name", "value", "domain", "path")}])
        replay = fresh.new_page()
        replay.goto(url)
        replay.get_by_label("Nama pengguna").wait_for(timeout=30_000)
        replay.wait_for_timeout(1500)
        assert replay.get_by_role("button", name="Keluar").count() == 0
    finally:
        fresh.close()


def test_deactivation_signs_out_an_open_tab_at_its_next_run(own_db, own_server, page_factory):
    url = own_server["url"]
    page = page_factory()
    login(page, url, "operator.jayapura")
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    said = humas("user", "deactivate", "operator.jayapura", "--db", str(own_db))
    ended = int(said.rsplit("sessions ended: ", 1)[1])
    assert ended >= 1  # this tab's, and any left by earlier tests on the same demo database
    try:
        open_sidebar_link(page, "Beranda")  # the tab's next run
        page.get_by_text("Akun Anda tidak aktif lagi").wait_for(timeout=30_000)
        # The message comes before the run ends; the signed-in page's elements stay on screen
        # (stale) until it does, so wait for the button to go rather than look at once.
        page.get_by_role("button", name="Keluar").wait_for(state="detached", timeout=30_000)
        page.reload()  # and its cookie names a dead session
        page.get_by_label("Nama pengguna").wait_for(timeout=30_000)
        assert session_cookie(page.context) is None
    finally:
        humas("user", "activate", "operator.jayapura", "--db", str(own_db))


def _streamlit_session_id(page) -> list[str]:
    found: list[str] = []

    def on_socket(socket):
        def on_frame(payload):
            if isinstance(payload, bytes | bytearray):
                message = ForwardMsg_pb2.ForwardMsg()
                try:
                    message.ParseFromString(bytes(payload))
                except Exception:
                    return
                if message.WhichOneof("type") == "new_session":
                    found.append(message.new_session.initialize.session_id)

        socket.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    return found


async def _hijack(url: str, session_id: str) -> list[str]:
    """Connect as a second client presenting another tab's Streamlit session id, no cookies."""
    ws_url = url.replace("http", "ws") + "/_stcore/stream"
    seen: list[str] = []
    async with websockets.connect(
        ws_url, subprotocols=["streamlit", "nothing", session_id], max_size=None
    ) as ws:
        rerun = BackMsg_pb2.BackMsg()
        rerun.rerun_script.query_string = ""
        await ws.send(rerun.SerializeToString())
        while True:
            message = ForwardMsg_pb2.ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), 30))
            kind = message.WhichOneof("type")
            if kind == "navigation":
                seen += [p.page_name for p in message.navigation.app_pages]
            elif kind == "delta":
                element = message.delta.new_element
                body = element.WhichOneof("type")
                if body:
                    value = getattr(element, body)
                    seen.append(getattr(value, "label", "") or getattr(value, "body", ""))
            elif kind == "script_finished" and (
                message.script_finished != ForwardMsg_pb2.ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                return seen


def test_a_stolen_streamlit_session_id_gets_nothing(own_server, page_factory):
    """Issue 18 item 3: another connection presenting a signed-in tab's session id."""
    url = own_server["url"]
    page = page_factory()
    ids = _streamlit_session_id(page)
    login(page, url, "admin")
    page.get_by_role("heading", name="Ringkasan").wait_for(timeout=30_000)
    victim = ids[-1]
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(lambda: asyncio.run(_hijack(url, victim))).result()
    assert "Pengguna" not in seen and "Ringkasan" not in seen and "Keluar" not in seen
    assert "Nama pengguna" in seen  # only the sign-in form
    # The victim's tab comes back with its own cookie at its next run.
    page.reload()
    page.get_by_role("heading", name="Ringkasan").wait_for(timeout=30_000)
    wait_signed_in(page)


def test_a_report_file_is_served_to_its_owner_only(own_server, page_factory, browser):
    url = own_server["url"]
    page = page_factory()
    login(page, url, "kepala.kupang")
    page.get_by_role("heading", name="Unit Saya").wait_for(timeout=30_000)
    open_sidebar_link(page, "Laporan")
    page.get_by_role("heading", name="Laporan", exact=True).wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV").click()
    address = info.value.url
    assert "/media/" in address
    owner = page.context.request.get(address)
    assert owner.status == 200 and owner.body().startswith(b"\xef\xbb\xbf")
    stranger = browser.new_context()
    try:
        assert stranger.request.get(address).status == 403
    finally:
        stranger.close()


def test_the_routes_refuse_what_they_must(own_server):
    url = own_server["url"]

    def status(path, headers=None):
        request = urllib.request.Request(url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert status("/healthz") == 200
    assert status("/sesi/mulai?tiket=x", {"Sec-Fetch-Site": "cross-site"}) == 403
    assert status("/sesi/mulai?tiket=x", {"Origin": "https://evil.example"}) == 403
    assert status("/", {"Cookie": "x=" + "a" * 20_000}) == 431
    # From "outside" (the proxy on this host forwarding another client's address): refused.
    outside = {"X-Forwarded-For": "203.0.113.9"}
    assert status("/metrics", outside) == 403
    assert status("/_stcore/metrics", outside) == 403
    assert status("/metrics") == 200  # loopback: this machine's monitor


def test_screenshots_of_sign_in_and_the_session_list(own_server, page_factory):
    url = own_server["url"]
    desktop = page_factory(1440, 900)
    desktop.goto(url)
    desktop.get_by_label("Nama pengguna").wait_for(timeout=30_000)
    desktop.wait_for_timeout(500)
    screenshot(desktop, "sessions-sign-in-desktop", whole=False)
    # The phone first: the desktop's list then shows two devices, one with "Akhiri".
    for width, height, name in ((390, 844, "phone"), (1440, 900, "desktop")):
        page = page_factory(width, height, mobile=width < 600)
        login(page, url, "kanwil.ntt")
        wait_signed_in(page)
        open_sidebar_link(page, "Akun Saya")
        page.get_by_role("heading", name="Sesi masuk").wait_for(timeout=30_000)
        page.get_by_text("perangkat ini").first.wait_for(timeout=30_000)
        page.wait_for_timeout(800)
        screenshot(page, f"sessions-akun-saya-{name}")


@needs_nginx
@pytest.mark.slow
def test_two_workers_one_killed_the_browser_stays_signed_in(own_db, tmp_path, page_factory):
    with running(own_db, workers=2, tmp=tmp_path, env_extra={"HUMAS_NOW": FROZEN_NOW}) as cluster:
        page = page_factory()
        served = []
        page.on(
            "response",
            lambda r: (
                served.append(r.headers.get(WORKER_HEADER.lower()))
                if r.request.resource_type == "document"
                else None
            ),
        )
        login(page, cluster.url, "operator.kupang")
        page.get_by_role("heading", name="Input Harian").wait_for(timeout=60_000)
        wait_signed_in(page)
        first = served[-1]
        number = 1 if first.endswith(str(cluster.port + 1)) else 2
        pid = cluster.worker_pid(number)
        import os
        import signal

        os.kill(pid, signal.SIGKILL)
        cluster.wait_for(rf"worker {number} .*exited")
        page.reload()
        page.get_by_role("heading", name="Input Harian").wait_for(timeout=60_000)
        wait_signed_in(page)
        assert served[-1] != first  # the other worker, reading the same session from the database


def test_demo_password_is_what_the_tests_use():
    assert demo.DEMO_PASSWORD == "demo-humas-2026"
