"""A person signs in with a demo account and lands on the home page."""

import pytest

from tests.browser.conftest import login, open_sidebar_link, screenshot, wait_signed_in

pytestmark = pytest.mark.browser


def test_operator_signs_in_and_sees_home(server, page_factory):
    page = page_factory()
    page.goto(server)
    page.get_by_role("heading", name="Pantau Humas").wait_for(timeout=30_000)
    page.get_by_label("Nama pengguna").wait_for()
    page.wait_for_timeout(500)
    screenshot(page, "login-desktop")
    login(page, server, "operator.kupang")
    # An operator lands where its daily work is: today's entry.
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    open_sidebar_link(page, "Beranda")
    page.get_by_role("heading", name="Beranda").wait_for(timeout=30_000)
    page.get_by_text("Kantor Kemenag Kota Kupang").first.wait_for()
    page.get_by_text("Rabu, 25 November 2026").first.wait_for()
    page.wait_for_timeout(800)  # let the table finish drawing before the picture
    screenshot(page, "home-operator-desktop")


def test_wrong_password_is_refused_in_indonesian(server, page_factory):
    page = page_factory()
    login(page, server, "operator.kupang", "bukan-sandinya")
    page.get_by_text("Nama pengguna atau kata sandi salah.").wait_for(timeout=30_000)


def test_home_on_a_phone(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.kupang")
    wait_signed_in(page)
    open_sidebar_link(page, "Beranda")
    page.get_by_role("heading", name="Beranda").wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, "home-operator-phone")


def test_admin_sees_the_user_page(server, page_factory):
    page = page_factory()
    login(page, server, "admin")
    page.get_by_role("heading", name="Ringkasan").wait_for(timeout=30_000)
    page.get_by_role("link", name="Pengguna").click()
    page.get_by_role("heading", name="Pengguna").wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, "users-admin-desktop")
