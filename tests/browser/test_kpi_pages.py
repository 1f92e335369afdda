"""The KPI pages with demo data, as a unit head, a Kakanwil and Biro Humas see them."""

import pytest

from tests.browser.conftest import login, open_sidebar_link, screenshot, wait_signed_in

pytestmark = pytest.mark.browser


def open_page(page, server, username, link_name, heading):
    login(page, server, username)
    wait_signed_in(page)
    page.get_by_role("link", name=link_name).click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # charts draw after the script finishes


def test_unit_head_sees_unit_saya(server, page_factory):
    page = page_factory(1366, 900)
    open_page(page, server, "kepala.kupang", "Unit Saya", "Unit Saya")
    page.get_by_text("Proyeksi bulan ini").wait_for()
    screenshot(page, "unit-saya-kepala-desktop")


def test_unit_saya_on_a_phone(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.kupang")
    wait_signed_in(page)
    open_sidebar_link(page, "Unit Saya")
    page.get_by_role("heading", name="Unit Saya").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    screenshot(page, "unit-saya-operator-phone")


def test_kakanwil_sees_ringkasan_of_its_kanwil(server, page_factory):
    page = page_factory(1366, 900)
    open_page(page, server, "kanwil.ntt", "Ringkasan", "Ringkasan")
    page.get_by_text("Kanwil Kemenag Provinsi Nusa Tenggara Timur").first.wait_for()
    assert page.get_by_text("Kanwil Kemenag Provinsi Jawa Timur").count() == 0
    screenshot(page, "ringkasan-kanwil-desktop")


def test_biro_humas_sees_the_nation_and_the_ranking(server, page_factory):
    page = page_factory(1366, 900)
    open_page(page, server, "pusat", "Ringkasan", "Ringkasan")
    screenshot(page, "ringkasan-nasional-desktop")
    page.get_by_role("link", name="Peringkat").click()
    page.get_by_role("heading", name="Peringkat").wait_for(timeout=30_000)
    page.get_by_text("Aturan:").wait_for()
    page.wait_for_timeout(1000)
    screenshot(page, "peringkat-nasional-desktop")


def test_admin_target_and_calendar_pages(server, page_factory):
    page = page_factory(1366, 900)
    open_page(page, server, "admin", "Target", "Target")
    screenshot(page, "target-admin-desktop")
    page.get_by_role("link", name="Kalender Kerja").click()
    page.get_by_role("heading", name="Kalender Kerja").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    screenshot(page, "kalender-admin-desktop")


def test_a_shared_link_opens_after_signing_in(server, page_factory):
    page = page_factory(1366, 900)
    page.goto(f"{server}/ringkasan?periode=tahun")
    page.get_by_label("Nama pengguna").fill("kanwil.ntt")
    page.get_by_label("Kata sandi").fill("demo-humas-2026")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Ringkasan").first.wait_for(timeout=30_000)
    page.get_by_text("1 Januari 2026 – 25 November 2026").wait_for(timeout=30_000)
