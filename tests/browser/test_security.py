"""Issue 18 in a real browser: a stale edit refused and reloaded, a hostile workbook refused,
and a read-only database that still signs people in to read."""

from __future__ import annotations

import shutil

import pytest

from dashboard import words
from dashboard.store.db import DatabaseReadOnly, DatabaseUnavailable, open_db
from tests.browser.conftest import (
    login,
    screenshot,
    start_server,
    stop_server,
    wait_signed_in,
)
from tests.browser.test_entry import tap_kind, type_in
from tests.faults import unwritable
from tests.hostile import workbooks

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_db(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("security") / "demo.db"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="module")
def own_server(own_db):
    process, url = start_server(own_db)
    yield url
    stop_server(process)


def kupang_item(db_file) -> int:
    db = open_db(db_file)
    try:
        return db.conn.execute(
            "SELECT i.id FROM items i JOIN units u ON u.id = i.unit_id "
            "WHERE u.code = 'kankemenag-kota-kupang' AND i.deleted = 0 AND i.day = '2026-11-25' "
            "ORDER BY i.id LIMIT 1"
        ).fetchone()[0]
    finally:
        db.close()


def open_item(page, url: str, username: str, item_id: int) -> None:
    """Sign in at the item's address (a session lives in one page load)."""
    login(page, f"{url}/input-harian?item={item_id}", username)
    wait_signed_in(page)
    page.get_by_role("button", name="Simpan perubahan").wait_for(timeout=30_000)


def save_edit(page, field: str, value: str) -> None:
    box = page.get_by_label(field).last
    box.fill(value)
    box.press("Tab")
    page.get_by_role("button", name="Simpan perubahan").click()


def test_an_edit_from_a_stale_page_is_refused_then_reloaded(own_server, own_db, page_factory):
    item_id = kupang_item(own_db)
    admin = page_factory(1440, 900)
    open_item(admin, own_server, "admin", item_id)  # opened first, left open
    operator = page_factory(390, 844, mobile=True)
    open_item(operator, own_server, "operator.kupang", item_id)
    save_edit(operator, "Judul", "Judul yang diperbaiki operator")
    operator.get_by_text("Perubahan disimpan.").wait_for(timeout=30_000)

    save_edit(admin, "Catatan (opsional)", "Catatan dari admin")
    admin.get_by_text("sejak Anda membukanya").wait_for(timeout=30_000)
    admin.get_by_text("operator.kupang mengubah judul").wait_for()
    admin.get_by_role("button", name="Muat ulang item").scroll_into_view_if_needed()
    admin.wait_for_timeout(600)
    screenshot(admin, "stale-edit-desktop", whole=False)
    admin.get_by_role("button", name="Muat ulang item").click()
    admin.get_by_text("Isi terbaru sudah dimuat").wait_for(timeout=30_000)
    assert admin.get_by_label("Judul").last.input_value() == "Judul yang diperbaiki operator"
    save_edit(admin, "Catatan (opsional)", "Catatan dari admin")
    admin.get_by_text("Perubahan disimpan.").wait_for(timeout=30_000)

    # Now the operator's page is the stale one: on a phone, the same refusal.
    save_edit(operator, "Catatan (opsional)", "Catatan dari operator")
    operator.get_by_text("sejak Anda membukanya").wait_for(timeout=30_000)
    operator.get_by_role("button", name="Muat ulang item").scroll_into_view_if_needed()
    operator.wait_for_timeout(600)
    screenshot(operator, "stale-edit-phone", whole=False)
    db = open_db(own_db)
    try:
        title, note = db.conn.execute(
            "SELECT title, note FROM items WHERE id = ?", (item_id,)
        ).fetchone()
    finally:
        db.close()
    assert (title, note) == ("Judul yang diperbaiki operator", "Catatan dari admin")


def test_a_workbook_that_would_expand_is_refused_on_the_import_page(
    own_server, page_factory, tmp_path
):
    bomb = tmp_path / "kiriman.xlsx"
    bomb.write_bytes(workbooks.strings_bomb())
    page = page_factory(1440, 900)
    login(page, f"{own_server}/impor", "operator.kupang")
    wait_signed_in(page)
    page.get_by_role("heading", name="Impor Data").wait_for(timeout=30_000)
    page.locator("input[type=file]").set_input_files(str(bomb))
    page.get_by_text("mengembang menjadi 90 MB").wait_for(timeout=60_000)
    page.wait_for_timeout(600)
    screenshot(page, "import-refused-desktop")


def test_a_read_only_database_signs_in_to_read_and_refuses_a_save_politely(
    demo_db, page_factory, tmp_path
):
    path = tmp_path / "demo.db"
    shutil.copy(demo_db, path)
    with unwritable(path):
        process, url = start_server(path)
        try:
            page = page_factory(390, 844, mobile=True)
            login(page, url, "operator.kupang")
            wait_signed_in(page)
            page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
            tap_kind(page, 0, "Berita web")
            type_in(page, 0, "Judul", "Berita saat basis data hanya-baca")
            type_in(page, 0, "Tautan", "https://ntt.kemenag.go.id/kota-kupang/ro")
            page.get_by_role("button", name="Simpan semua").click()
            page.get_by_text("hanya dapat dibaca").wait_for(timeout=30_000)
            page.wait_for_timeout(600)
            screenshot(page, "read-only-save-phone")
            assert "Traceback" not in page.content()
            assert words.text(DatabaseReadOnly.CODE).split(":")[0] in page.inner_text("body")
        finally:
            stop_server(process)


def test_a_database_gone_under_a_running_app_shows_no_path(demo_db, page_factory, tmp_path):
    path = tmp_path / "rahasia-folder" / "demo.db"
    path.parent.mkdir()
    shutil.copy(demo_db, path)
    process, url = start_server(path)
    try:
        page = page_factory(1440, 900)
        login(page, url, "kepala.kupang")
        wait_signed_in(page)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        page.get_by_role("link", name="Beranda").click()
        page.get_by_text(words.text(DatabaseUnavailable.CODE)).wait_for(timeout=30_000)
        page.wait_for_timeout(600)
        screenshot(page, "database-gone-desktop", whole=False)
        body = page.inner_text("body")
        assert "rahasia-folder" not in body and "demo.db" not in body
    finally:
        stop_server(process)
