"""Two Streamlit processes on one database file: each sees the other's writes at once.

Server A and server B are separate processes with separate caches. What one
writes the other shows on its next run, through caches keyed by the data
version (no TTL to wait for, no restart): accounts and settings an admin
changes, a unit renamed from the command line, and an item an operator enters
on Input Harian, counted on the other server's Beranda.
"""

from __future__ import annotations

import pytest

from dashboard import auth
from dashboard.store import bootstrap
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from tests.browser.conftest import (
    FROZEN_NOW,
    login,
    news_today,
    save_one_news_item,
    screenshot,
    script_idle,
    select_row,
    start_server,
    stop_server,
    wait_signed_in,
)
from tests.conftest import PASSWORD
from tests.web import websocket_status

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("two") / "shared.db"
    bootstrap.init(path)
    db = open_db(path)
    auth.create_user(
        db,
        SYSTEM,
        username="admin",
        password=PASSWORD,
        role="admin",
        unit_code="biro-humas",
        full_name="Admin Biro Humas",
    )
    auth.create_user(
        db,
        SYSTEM,
        username="op.kupang",
        password=PASSWORD,
        role="operator",
        unit_code="kankemenag-kota-kupang",
        full_name="Operator Kota Kupang",
    )
    db.close()
    return path


@pytest.fixture(scope="module")
def servers(shared_db):
    a, url_a = start_server(shared_db)
    try:
        b, url_b = start_server(shared_db)
    except BaseException:
        stop_server(a)
        raise
    yield url_a, url_b
    stop_server(a)
    stop_server(b)


def _signed_in(page, url, username="admin"):
    login(page, url, username, PASSWORD)
    wait_signed_in(page)


def _open(page, title):
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).wait_for(timeout=30_000)


def _pick(page, label, text):
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()


def _accounts_listed(page):
    """The usernames in the 'Kelola akun' picker (the table itself is a canvas)."""
    page.get_by_role("tab", name="Kelola akun").click()
    box = page.get_by_role("combobox", name="Akun")
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    names = [o.split(" — ")[0] for o in options.all_inner_texts()]
    page.keyboard.press("Escape")
    return names


def test_a_user_added_on_one_server_is_listed_on_the_other(servers, page_factory):
    url_a, url_b = servers
    page_a, page_b = page_factory(), page_factory()
    _signed_in(page_a, url_a)
    _signed_in(page_b, url_b)
    _open(page_b, "Pengguna")
    assert "siti.ntt" not in _accounts_listed(page_b)

    _open(page_a, "Pengguna")
    page_a.get_by_role("textbox", name="Nama pengguna").fill("siti.ntt")
    page_a.get_by_role("textbox", name="Nama lengkap").fill("Siti Humas NTT")
    _pick(page_a, "Unit kerja", "kanwil-ntt")
    page_a.get_by_role("textbox", name="Kata sandi awal").fill("kata-sandi-siti-1")
    page_a.get_by_role("textbox", name="Ulangi kata sandi").fill("kata-sandi-siti-1")
    page_a.get_by_role("button", name="Tambah").click()
    page_a.get_by_text("Pengguna siti.ntt ditambahkan.").wait_for(timeout=30_000)

    _open(page_b, "Beranda")
    _open(page_b, "Pengguna")
    assert "siti.ntt" in _accounts_listed(page_b)


def test_cached_reads_follow_writes_from_other_processes(
    servers, shared_db, page_factory, monkeypatch
):
    url_a, url_b = servers
    page_a, page_b = page_factory(), page_factory()
    _signed_in(page_a, url_a)
    _signed_in(page_b, url_b)
    idle = "Sesi berakhir bila tidak aktif (menit)"

    # B reads the setting (and caches it) before A changes it.
    _open(page_b, "Pengaturan")
    assert page_b.get_by_role("spinbutton", name=idle).input_value() == "120"

    _open(page_a, "Pengaturan")
    page_a.get_by_role("spinbutton", name=idle).fill("45")
    page_a.get_by_role("button", name="Simpan").click()
    page_a.get_by_text("Disimpan: Sesi berakhir bila tidak aktif.").wait_for(timeout=30_000)
    page_a.wait_for_timeout(500)
    screenshot(page_a, "settings-admin-desktop")

    _open(page_b, "Beranda")
    _open(page_b, "Pengaturan")
    assert page_b.get_by_role("spinbutton", name=idle).input_value() == "45"

    # A third process (here: the test itself, as `humas` would) renames B's unit;
    # the cached unit directory on both servers follows on the next run.
    monkeypatch.setenv("HUMAS_NOW", FROZEN_NOW)  # the servers' clock, for the audit entry
    db = open_db(shared_db)
    unit_store.update(db, SYSTEM, "biro-humas", name="Biro Humas dan Komunikasi Publik (baru)")
    db.close()
    for page in (page_a, page_b):
        _open(page, "Beranda")
        page.get_by_text("Biro Humas dan Komunikasi Publik (baru)").first.wait_for(timeout=30_000)

    # Everything above is in the log, newest first: the rename, with before and after.
    _open(page_b, "Log Audit")
    grid = page_b.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    select_row(page_b, grid, 0)
    page_b.get_by_role("heading", name="Rincian entri").wait_for(timeout=30_000)
    # The entry names its record; its changed fields are a table beside it.
    page_b.get_by_text("ubah unit kerja · Biro Humas dan Komunikasi Publik (baru)").wait_for()
    page_b.locator("[data-testid='stDataFrame']").nth(1).wait_for(timeout=30_000)
    assert page_b.locator("[data-testid='stDataFrame']").count() == 2
    script_idle(page_b)
    screenshot(page_b, "audit-log-detail-admin-desktop")


def test_an_item_an_operator_enters_on_one_server_is_counted_on_the_other(servers, page_factory):
    url_a, url_b = servers
    page_a, page_b = page_factory(), page_factory()
    _signed_in(page_a, url_a, "op.kupang")  # lands on Input Harian
    _signed_in(page_b, url_b, "op.kupang")
    # B shows (and caches) today's empty day before A writes anything.
    _open(page_b, "Beranda")
    assert news_today(page_b) == "0 / 1"
    page_b.get_by_text("Belum ada berita").wait_for(timeout=30_000)

    save_one_news_item(
        page_a,
        "Rakor Penyuluh Agama se-Kota Kupang",
        "https://ntt.kemenag.go.id/kota-kupang/berita/rakor-dua-proses",
    )

    # B's next run counts it: its caches follow the data version A's write bumped.
    _open(page_b, "Unit Saya")
    _open(page_b, "Beranda")
    page_b.get_by_text("Sudah ada berita hari ini").wait_for(timeout=30_000)
    assert news_today(page_b) == "1 / 1"
    page_b.get_by_text("Rakor Penyuluh Agama se-Kota Kupang").first.wait_for(
        state="attached", timeout=30_000
    )


def test_a_host_outside_allowed_hosts_gets_no_session(servers):
    url_a, _ = servers
    assert websocket_status(url_a, "127.0.0.1") == 101
    # DNS rebinding: a page on another name pointing at this server cannot open a session.
    assert websocket_status(url_a, "humas.evil.example") == 403
