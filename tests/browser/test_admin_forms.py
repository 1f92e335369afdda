"""Admin forms as an admin uses them: a typed date and a confirmation on Kalender Kerja, an
account added on Pengguna (the form empties), and that account's first sign-in."""

import pytest

from tests.browser.conftest import login, open_sidebar_link, screenshot, wait_signed_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def open_as(page, server, username, link):
    login(page, server, username)
    wait_signed_in(page)
    page.get_by_role("link", name=link).click()
    page.get_by_role("heading", name=link).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)


def test_a_typed_date_becomes_a_day_off_only_after_the_confirmation(server, page_factory):
    page = page_factory(1440, 900)
    open_as(page, server, "admin", "Kalender Kerja")
    field = page.locator(".st-key-o_day [role=group]")
    assert field.inner_text().replace("\n", "") == "dd/mm/yyyy"  # no date until one is given
    # Typed, as people do: day, month, year into the field's segments.
    field.locator("[data-type=day]").click()
    page.keyboard.type("04012027")
    page.keyboard.press("Tab")
    page.get_by_label("Keterangan (mis. SKB 3 Menteri tentang cuti bersama, SE Gubernur)").fill(
        "Uji peramban: cuti bersama tambahan"
    )
    page.get_by_role("button", name="Lanjutkan").click()
    question = page.get_by_text("Senin, 4 Januari 2027")
    question.first.wait_for(timeout=30_000)
    page.get_by_text("untuk seluruh Indonesia").first.wait_for()
    page.wait_for_timeout(500)
    screenshot(page, "kalender-confirm-desktop", whole=False)
    page.get_by_role("button", name="Ya, simpan").click()
    page.get_by_text("Senin, 4 Januari 2027 menjadi hari libur untuk seluruh Indonesia").wait_for(
        timeout=30_000
    )
    # Taken back, so other browser tests see the calendar they expect.
    page.wait_for_timeout(1500)  # the page settles after the save
    option = page.get_by_role("option", name="Senin, 4 Januari 2027 — Nasional — Uji peramban")
    for _ in range(5):  # a click landing during the rerun after the save opens nothing
        page.get_by_label("Pengaturan", exact=True).click()
        page.keyboard.type("4 Januari 2027")
        page.wait_for_timeout(800)
        if option.count():
            break
        page.keyboard.press("Escape")
    option.click()
    page.get_by_role("button", name="Hapus", exact=True).click()
    page.get_by_text("Pengaturan khusus dihapus").wait_for(timeout=30_000)


def test_a_new_account_is_added_and_chooses_its_password_at_first_sign_in(server, page_factory):
    page = page_factory(1440, 900)
    open_as(page, server, "admin", "Pengguna")
    page.get_by_label("Nama pengguna", exact=True).fill("uji.peramban")
    page.get_by_label("Nama lengkap").fill("Uji Peramban")
    page.get_by_label("Unit kerja").click()
    page.keyboard.type("Kota Kupang")
    page.get_by_role("option", name="Kantor Kemenag Kota Kupang (kankemenag-kota-kupang)").click()
    page.get_by_label("Kata sandi awal").fill("sandi-dari-admin-1")
    page.get_by_label("Ulangi kata sandi").fill("sandi-dari-admin-1")
    page.get_by_role("button", name="Tambah", exact=True).click()
    page.get_by_text("ditambahkan").first.wait_for(timeout=30_000)
    # The form is empty again: no name, and no password left in the fields.
    for label in ("Nama pengguna", "Kata sandi awal", "Ulangi kata sandi"):
        expect(page.get_by_label(label, exact=True)).to_have_value("", timeout=10_000)
    page.wait_for_timeout(500)
    screenshot(page, "pengguna-added-desktop")

    # The new account signs in on a phone: the password change comes before any page,
    # whatever address was opened.
    phone = page_factory(390, 844, mobile=True)
    phone.goto(f"{server}/beranda")
    phone.get_by_label("Nama pengguna").fill("uji.peramban")
    phone.get_by_label("Kata sandi").fill("sandi-dari-admin-1")
    phone.get_by_role("button", name="Masuk").click()
    phone.get_by_role("heading", name="Ganti kata sandi").wait_for(timeout=30_000)
    assert phone.get_by_role("heading", name="Beranda").count() == 0
    phone.wait_for_timeout(500)
    screenshot(phone, "first-password-phone")
    phone.get_by_label("Kata sandi baru", exact=True).fill("pilihan-sendiri-22")
    phone.get_by_label("Ulangi kata sandi baru").fill("pilihan-sendiri-22")
    phone.get_by_role("button", name="Simpan dan lanjutkan").click()
    # Done: the page at the address opened (Beranda), and every other page is open too.
    phone.get_by_role("heading", name="Beranda").wait_for(timeout=30_000)
    open_sidebar_link(phone, "Input Harian")
    phone.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)


def test_a_social_media_target_starts_from_the_rule_it_replaces(server, page_factory):
    page = page_factory(1440, 900)
    open_as(page, server, "admin", "Target")
    page.get_by_text("Jenis unit", exact=True).click()
    page.locator(".st-key-t_unit_type input").click()
    page.get_by_role("option", name="Kanwil", exact=True).click()
    page.locator(".st-key-t_metric input").click()
    page.get_by_role("option", name="Kelompok: Media sosial").click()
    page.get_by_text("Menggantikan target #2").wait_for(timeout=30_000)
    expect(page.locator(".st-key-t_counts input")).to_have_value("Setiap hari", timeout=10_000)
    expect(page.get_by_label("Nilai")).to_have_value("3")
    page.wait_for_timeout(500)
    screenshot(page, "target-replace-desktop")
