"""Two `humas run` processes as two hosts on one PostgreSQL database (issue 12).

Each runs from a folder of its own, with a home and data folder of its own:
they share no file, only the database server, as two app hosts behind a load
balancer would. An item an operator saves through one is counted on the
other's page at its next run (its caches follow the data version), and an
account made on one signs in on the other.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import auth
from dashboard.store import bootstrap, postgres
from dashboard.store.access import SYSTEM
from dashboard.store.db import connect
from tests.browser.conftest import (
    FROZEN_NOW,
    login,
    news_today,
    save_one_news_item,
    screenshot,
    wait_signed_in,
)
from tests.conftest import PASSWORD, pg_admin
from tests.ports import free_port
from tests.web import wait_healthy

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DATABASE = f"humas_two_hosts_{os.getpid()}"


@pytest.fixture(scope="module")
def shared_url(pg_server):
    with pg_admin(pg_server) as admin:
        admin.execute(f"CREATE DATABASE {DATABASE}")
    url = pg_server.url(DATABASE)
    bootstrap.init(url)
    with connect(url) as db:
        auth.create_user(
            db, SYSTEM, username="admin", password=PASSWORD, role="admin",
            unit_code="biro-humas", full_name="Admin Biro Humas",
        )  # fmt: skip
        auth.create_user(
            db, SYSTEM, username="op.kupang", password=PASSWORD, role="operator",
            unit_code="kankemenag-kota-kupang", full_name="Operator Kota Kupang",
        )  # fmt: skip
    postgres.close_pools(url)
    yield url
    with pg_admin(pg_server) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _host(url: str, folder) -> tuple[subprocess.Popen, str]:
    """`humas run` from a folder of its own: no file in common with the other host."""
    folder.mkdir()
    port = free_port()
    env = dict(
        os.environ,
        HUMAS_DB=url,
        HUMAS_NOW=FROZEN_NOW,
        HOME=str(folder),
        XDG_DATA_HOME=str(folder / "data"),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "run", "--port", str(port), "--address",
         "127.0.0.1"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    wait_healthy(address, process)
    return process, address


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def hosts(shared_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("hosts")
    a, url_a = _host(shared_url, root / "a")
    try:
        b, url_b = _host(shared_url, root / "b")
    except BaseException:
        _stop(a)
        raise
    yield url_a, url_b
    _stop(a)
    _stop(b)
    assert not any(root.joinpath(h, "data").exists() for h in "ab")  # no SQLite file made


def _open(page, title):
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).wait_for(timeout=30_000)


def test_an_item_saved_through_one_host_is_on_the_others_page(hosts, page_factory):
    url_a, url_b = hosts
    page_a, page_b = page_factory(), page_factory()
    login(page_a, url_a, "op.kupang", PASSWORD)
    wait_signed_in(page_a)
    login(page_b, url_b, "op.kupang", PASSWORD)
    wait_signed_in(page_b)
    _open(page_b, "Beranda")
    assert news_today(page_b) == "0 / 1"

    save_one_news_item(
        page_a,
        "Rakor Penyuluh Agama se-Kota Kupang",
        "https://ntt.kemenag.go.id/kota-kupang/berita/rakor-dua-host",
    )

    _open(page_b, "Unit Saya")
    _open(page_b, "Beranda")
    page_b.get_by_text("Sudah ada berita hari ini").wait_for(timeout=30_000)
    assert news_today(page_b) == "1 / 1"
    page_b.wait_for_timeout(500)
    screenshot(page_b, "two-hosts-postgresql-beranda-desktop")


def test_an_account_made_on_one_host_signs_in_on_the_other(hosts, page_factory, shared_url):
    url_a, url_b = hosts
    page_a = page_factory()
    login(page_a, url_a, "admin", PASSWORD)
    wait_signed_in(page_a)
    _open(page_a, "Pengguna")
    page_a.get_by_role("textbox", name="Nama pengguna").fill("Siti.NTT")
    page_a.get_by_role("textbox", name="Nama lengkap").fill("Siti Humas NTT")
    box = page_a.get_by_role("combobox", name="Unit kerja")
    box.click()
    box.fill("kanwil-ntt")
    page_a.get_by_role("option").filter(has_text="kanwil-ntt").first.click()
    page_a.get_by_role("textbox", name="Kata sandi awal").fill("kata-sandi-siti-1")
    page_a.get_by_role("textbox", name="Ulangi kata sandi").fill("kata-sandi-siti-1")
    page_a.get_by_role("button", name="Tambah").click()
    page_a.get_by_text("ditambahkan").first.wait_for(timeout=30_000)

    page_b = page_factory()
    login(page_b, url_b, "siti.ntt", "kata-sandi-siti-1")  # user names ignore case, as on SQLite
    page_b.get_by_role("heading").first.wait_for(timeout=30_000)
    page_b.get_by_text("Ganti kata sandi").or_(
        page_b.get_by_role("button", name="Keluar")
    ).first.wait_for(state="attached", timeout=30_000)


def test_while_the_server_is_away_pages_say_so_and_come_back_by_themselves(
    hosts, page_factory, pg_server
):
    url_a, _ = hosts
    page = page_factory()
    login(page, url_a, "op.kupang", PASSWORD)
    wait_signed_in(page)
    _open(page, "Beranda")
    pg_server.stop()
    try:
        page.get_by_role("link", name="Unit Saya").click()
        page.get_by_text("Basis data tidak terhubung").wait_for(timeout=60_000)
        page.wait_for_timeout(300)
        screenshot(page, "postgresql-disconnected-desktop")
    finally:
        pg_server.start()
    for _ in range(10):  # each run tries again; the pool reconnects in the background
        page.get_by_role("link", name="Beranda").click()
        try:
            page.get_by_text("Sudah ada berita hari ini").wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:  # not back yet
            page.wait_for_timeout(1_000)
    assert news_today(page) == "1 / 1"
