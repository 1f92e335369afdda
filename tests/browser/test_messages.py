"""Pesan & pengingat in the browser: an operator on a phone saves a WhatsApp number and turns
the reminder off; a leader on a desktop; an admin reads Pengiriman Pesan."""

import pytest

from dashboard import clock
from dashboard.store import notify as store
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import connect
from tests.browser.conftest import (
    FROZEN_NOW,
    login,
    open_sidebar_link,
    screenshot,
    wait_signed_in,
)
from tests.service.notify_helpers import failed_message

pytestmark = pytest.mark.browser


def test_an_operator_on_a_phone_saves_a_whatsapp_number(server, page_factory, demo_db):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.kupang")
    wait_signed_in(page)
    open_sidebar_link(page, "Akun Saya")
    page.get_by_role("heading", name="Pesan & pengingat").wait_for(timeout=30_000)
    page.get_by_text("WhatsApp · belum diisi").click()
    field = page.get_by_placeholder("0812-3456-7890")
    field.fill("0812 3456 7890")
    form = page.get_by_test_id("stForm").filter(has=field)
    form.get_by_role("button", name="Simpan").click()
    page.get_by_text("WhatsApp disimpan.").wait_for(timeout=30_000)
    assert page.get_by_placeholder("0812-3456-7890").input_value() == "+6281234567890"
    page.get_by_role("heading", name="Pesan & pengingat").scroll_into_view_if_needed()
    screenshot(page, "akun-saya-pesan-operator-phone")
    with connect(demo_db) as db:
        user = user_store.by_username(db, "operator.kupang")
        assert store.contacts_of(db, SYSTEM, user.id)["whatsapp"].address == "+6281234567890"


def test_a_leader_sees_contacts_and_subscriptions_on_a_desktop(server, page_factory):
    page = page_factory(1440, 900)
    login(page, server, "kanwil.ntt")
    wait_signed_in(page)
    page.get_by_role("link", name="Akun Saya").click()
    page.get_by_role("heading", name="Pesan & pengingat").wait_for(timeout=30_000)
    page.get_by_text("Rekap harian · aktif pukul 16.00 · saluran otomatis").click()
    page.get_by_text("Cakupan").first.wait_for()
    page.wait_for_timeout(800)
    screenshot(page, "akun-saya-pesan-pimpinan-desktop")


def test_an_admin_reads_pengiriman_pesan(server, page_factory, demo_db):
    now = clock.parse_instant(FROZEN_NOW)
    with connect(demo_db) as db:
        user = user_store.by_username(db, "operator.jayapura")
        unit = unit_store.by_code(db, "kankemenag-kota-jayapura")
        failed_message(db, user.id, unit.id, "Gateway WhatsApp menolak: nomor tidak terdaftar", now)
    page = page_factory(1440, 900)
    login(page, server, "admin")
    wait_signed_in(page)
    page.get_by_role("link", name="Pengiriman Pesan").click()
    page.get_by_role("heading", name="Pengiriman Pesan").wait_for(timeout=30_000)
    page.get_by_role("heading", name="Bawaan per peran").wait_for()
    page.locator("[data-testid='stDataFrame']").nth(1).wait_for()
    page.wait_for_timeout(1000)
    screenshot(page, "pengiriman-pesan-admin-desktop")
