"""An operator enters a day's items on the Input Harian page and sees them listed."""

import pytest
from playwright.sync_api import expect

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


def card(page, row: int):
    """The row-th item card of the batch form."""
    return page.locator(f".st-key-entry_card_{row}")


def tap_kind(page, row: int, option: str) -> None:
    pill = card(page, row).get_by_role("radio", name=option, exact=True)
    pill.click()
    expect(pill).to_have_attribute("aria-checked", "true", timeout=30_000)  # as a person sees it


def type_in(page, row: int, label: str, text: str) -> None:
    field = card(page, row).get_by_label(label)
    field.click()
    field.fill(text)


def test_operator_enters_items_on_a_phone_and_sees_them_listed(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.kupang")
    open_page(page, "Input Harian", mobile=True)
    page.wait_for_timeout(800)
    screenshot(page, "entry-phone-empty")
    assert card(page, 2).is_visible() and not card(page, 3).count()  # three rows to start

    # Row 1: a news item whose link was pasted without https://, tagged in the folded part.
    tap_kind(page, 0, "Berita web")
    type_in(page, 0, "Judul", "Rapat Koordinasi Penyuluh Agama se-Kota Kupang")
    type_in(page, 0, "Tautan", "ntt.kemenag.go.id/kota-kupang/berita/rakor-penyuluh?utm_source=wa")
    card(page, 0).get_by_text("Tag dan catatan (opsional)").click()
    card(page, 0).get_by_text("Capaian/dampak", exact=True).click()
    # Row 2: a post whose kind is left empty (recognised from the link), with a bad link first.
    type_in(page, 1, "Judul", "Reels: Rakor Penyuluh Agama")
    type_in(page, 1, "Tautan", "javascript:alert(1)")
    page.get_by_role("button", name="Simpan semua").click()
    page.get_by_text("Tautan harus alamat web").wait_for(timeout=30_000)
    page.get_by_text("belum ada yang disimpan").wait_for()
    # What was typed is still there.
    assert card(page, 0).get_by_label("Judul").input_value().startswith("Rapat Koordinasi")
    card(page, 1).get_by_label("Tautan").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, "entry-phone-error")

    type_in(page, 1, "Tautan", "https://www.instagram.com/reel/DRakorPenyuluh1/")
    page.get_by_role("button", name="Simpan semua").click()
    page.get_by_text("2 item disimpan untuk Rabu, 25 November 2026.").wait_for(timeout=30_000)
    # Right where the operator saved: today's goals, from the figures Unit Saya shows.
    page.get_by_text("Berita hari ini").first.wait_for(timeout=30_000)
    assert "✓" in page.get_by_text("Berita hari ini").first.inner_text()
    listed = page.get_by_text("Rapat Koordinasi Penyuluh Agama se-Kota Kupang", exact=True)
    listed.wait_for(timeout=30_000)
    listed.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    screenshot(page, "entry-phone-saved")


def reload_signed_in(page, server, username: str) -> None:
    """Reload; sign in again when the session did not survive it (before server sessions)."""
    page.reload()
    form = page.get_by_label("Nama pengguna")
    form.or_(page.get_by_role("heading", name="Input Harian")).first.wait_for(timeout=30_000)
    if form.is_visible():
        login(page, server, username)


def test_a_three_row_draft_survives_a_reload_on_a_phone(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.jayapura")
    open_page(page, "Input Harian", mobile=True)
    rows = [
        ("Berita web", "Sosialisasi Moderasi Beragama di Jayapura", "papua.kemenag.go.id/b/mb"),
        (None, "Reels sosialisasi", "www.instagram.com/reel/DJayapura1/"),
        ("Kegiatan", "Apel Hari Amal Bakti", ""),
    ]
    for row, (kind, title, link) in enumerate(rows):
        if kind:
            tap_kind(page, row, kind)
        type_in(page, row, "Judul", title)
        if link:
            type_in(page, row, "Tautan", link)
    page.wait_for_timeout(2500)  # typed text is sent a second after the last keystroke
    reload_signed_in(page, server, "operator.jayapura")
    page.get_by_text("Draf dipulihkan: 3 baris").wait_for(timeout=30_000)
    # The restored values reach the inputs a moment after the notice: wait for them.
    for row, (_kind, title, link) in enumerate(rows):
        expect(card(page, row).get_by_label("Judul")).to_have_value(title, timeout=30_000)
        expect(card(page, row).get_by_label("Tautan")).to_have_value(link, timeout=30_000)
    picked = card(page, 0).get_by_role("radio", name="Berita web", exact=True)
    # As slow as the rest under a loaded machine (the full suite in parallel): 30 s, not 5.
    expect(picked).to_have_attribute("aria-checked", "true", timeout=30_000)
    page.wait_for_timeout(500)
    screenshot(page, "entry-phone-draft-restored")
    # Nothing was saved yet; saving stores the three and the draft is gone.
    page.get_by_role("button", name="Simpan semua").click()
    page.get_by_text("3 item disimpan untuk Rabu, 25 November 2026.").wait_for(timeout=30_000)
    reload_signed_in(page, server, "operator.jayapura")
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("Draf dipulihkan").count() == 0
    assert card(page, 0).get_by_label("Judul").input_value() == ""


def test_a_cleared_date_on_a_phone_asks_for_one(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.kupang")
    open_page(page, "Input Harian", mobile=True)
    # Backspace empties a segment of the date, then steps back to the one before it.
    page.get_by_role("spinbutton", name="year, Tanggal").click()
    for _ in range(12):
        page.keyboard.press("Backspace")
    page.keyboard.press("Escape")  # the calendar closes; a tap elsewhere leaves the field
    page.get_by_role("heading", name="Input Harian").click()
    page.get_by_text("Pilih tanggal untuk mengisi").wait_for(timeout=30_000)
    assert not page.get_by_test_id("stException").count()
    screenshot(page, "entry-phone-no-date", whole=False)


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


def test_faulty_template_rows_are_previewed_with_each_rows_reason(server, page_factory):
    """The import preview says each refused row's problems in words (codes said by words.py)."""
    from tests.ingest.conftest import FIXTURES

    page = page_factory()
    login(page, server, "operator.kupang")
    open_page(page, "Impor Data", mobile=False)
    page.locator("input[type=file]").set_input_files(str(FIXTURES / "hostile-template.csv"))
    page.get_by_role("heading", name="Pratinjau").wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, "import-preview-rejected-desktop")
    table = page.locator("[data-testid=stDataFrame]")
    assert table.count() == 1
    assert "Ditolak" in page.locator("[data-testid=stMetric]").all_inner_texts()[2]
