"""An operator enters a day's items on the Input Harian page and sees them listed."""

import pytest

from tests.browser.conftest import login, screenshot, wait_signed_in

pytestmark = pytest.mark.browser


def open_page(page, name: str, *, mobile: bool) -> None:
    wait_signed_in(page)
    if mobile:
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name).wait_for(timeout=30_000)
    if mobile and page.get_by_test_id("stSidebarCollapseButton").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()


def choose(page, index: int, label: str, option: str) -> None:
    """Pick `option` in the index-th selectbox labelled `label`."""
    page.get_by_label(label).nth(index).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_operator_enters_items_on_a_phone_and_sees_them_listed(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.kupang")
    open_page(page, "Input Harian", mobile=True)
    page.wait_for_timeout(800)
    screenshot(page, "entry-phone-empty")

    # Row 1: a news item, with a link that carries tracking parameters.
    choose(page, 0, "Jenis", "Berita website")
    page.get_by_label("Judul").nth(0).fill("Rapat Koordinasi Penyuluh Agama se-Kota Kupang")
    page.get_by_label("Tautan").nth(0).fill(
        "https://ntt.kemenag.go.id/kota-kupang/berita/rakor-penyuluh?utm_source=wa"
    )
    page.get_by_text("Capaian/dampak", exact=True).nth(0).click()
    # Row 2: a post whose kind is left empty (recognised from the link), with a bad link first.
    page.get_by_label("Judul").nth(1).fill("Reels: Rakor Penyuluh Agama")
    page.get_by_label("Tautan").nth(1).fill("javascript:alert(1)")
    page.get_by_role("button", name="Simpan semua").click()
    # md_escape puts an invisible word joiner after "http:" (no autolink): match up to it.
    page.get_by_text("Tautan harus alamat web").wait_for(timeout=30_000)
    page.get_by_text("belum ada yang disimpan").wait_for()
    # What was typed is still there.
    assert page.get_by_label("Judul").nth(0).input_value().startswith("Rapat Koordinasi")
    page.get_by_label("Tautan").nth(1).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, "entry-phone-error")

    page.get_by_label("Tautan").nth(1).fill("https://www.instagram.com/reel/DRakorPenyuluh1/")
    page.get_by_role("button", name="Simpan semua").click()
    page.get_by_text("2 item disimpan untuk Rabu, 25 November 2026.").wait_for(timeout=30_000)
    listed = page.get_by_text("Rapat Koordinasi Penyuluh Agama se-Kota Kupang", exact=True)
    listed.wait_for(timeout=30_000)
    listed.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    screenshot(page, "entry-phone-saved")


def test_entry_page_on_a_desktop(server, page_factory):
    page = page_factory()
    login(page, server, "operator.jatim")
    open_page(page, "Input Harian", mobile=False)
    page.wait_for_timeout(800)
    screenshot(page, "entry-desktop")


def test_operator_previews_and_imports_a_meta_export(server, page_factory):
    from tests.ingest.conftest import FIXTURES

    page = page_factory()
    login(page, server, "operator.kupang")
    open_page(page, "Impor Data", mobile=False)
    page.locator("input[type=file]").set_input_files(str(FIXTURES / "meta-instagram-posts.csv"))
    page.get_by_role("heading", name="Pratinjau").wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, "import-preview-desktop")
    page.get_by_role("button", name="Simpan 3 item").click()
    page.get_by_text("Impor selesai: 3 item ditambahkan").wait_for(timeout=30_000)


def test_import_page_on_a_phone(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.jayapura")
    open_page(page, "Impor Data", mobile=True)
    page.wait_for_timeout(800)
    screenshot(page, "import-phone")
