"""Single sign-on end to end: Chromium, the real server, st.login, and a local OIDC provider."""

from __future__ import annotations

import pytest

from dashboard import auth, clock
from dashboard.store import bootstrap
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from tests.browser.conftest import FROZEN_NOW, screenshot, start_server, stop_server
from tests.browser.fake_idp import FakeIdP, secrets_toml
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SSO_BUTTON = "Masuk dengan Akun Kemenag"


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sso")
    path = folder / "sso.db"
    bootstrap.init(path)
    db = open_db(path)
    auth.create_user(
        db,
        SYSTEM,
        username="operator.kupang",
        password=PASSWORD,
        role="operator",
        unit_code="kankemenag-kota-kupang",
        full_name="Operator Humas Kota Kupang",
        email="humas.kupang@kemenag.go.id",
    )
    db.close()
    # The provider's clock agrees with the server's frozen one (HUMAS_NOW).
    with FakeIdP(issued_at=clock.parse_instant(FROZEN_NOW).timestamp()) as idp:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(secrets_toml(idp))
        process, url = start_server(path, {"STREAMLIT_SECRETS_FILES": str(secrets_file)})
        try:
            yield idp, url
        finally:
            stop_server(process)


def test_sso_signs_in_the_account_with_that_address_and_signs_out(sso_server, page_factory):
    idp, url = sso_server
    idp.claims = {"email": "Humas.Kupang@kemenag.go.id", "email_verified": True}
    page = page_factory()
    page.goto(url)
    button = page.get_by_role("button", name=SSO_BUTTON)
    button.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    screenshot(page, "login-sso-desktop")
    button.click()
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    page.get_by_text("Operator Humas Kota Kupang").first.wait_for()
    page.get_by_text("Kantor Kemenag Kota Kupang").first.wait_for()

    # Keluar also sends the browser through Streamlit's logout route, which drops the cookie.
    with page.expect_response(lambda r: "/auth/logout" in r.url, timeout=30_000):
        page.get_by_role("button", name="Keluar").click()
    page.get_by_role("button", name=SSO_BUTTON).wait_for(timeout=30_000)
    page.reload()  # the identity cookie is gone: no silent sign-in
    page.get_by_role("button", name=SSO_BUTTON).wait_for(timeout=30_000)
    assert page.get_by_role("heading", name="Input Harian").count() == 0


def test_an_address_without_an_account_is_refused(sso_server, page_factory):
    idp, url = sso_server
    idp.claims = {"email": "tamu@contoh.id", "email_verified": True}
    page = page_factory()
    page.goto(url)
    page.get_by_role("button", name=SSO_BUTTON).click(timeout=30_000)
    page.get_by_text("tidak terdaftar atau tidak aktif di Pantau Humas").wait_for(timeout=30_000)
    page.get_by_text("E-mail dari SSO: tamu@contoh.id").wait_for()
    assert page.locator("a[href^='mailto:']").count() == 0
    assert page.get_by_role("heading", name="Input Harian").count() == 0
    page.wait_for_timeout(500)
    screenshot(page, "login-sso-refused-desktop")
    # Local accounts still work beside SSO.
    page.get_by_role("textbox", name="Nama pengguna").fill("operator.kupang")
    page.get_by_role("textbox", name="Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
