"""The login page and the shell with single sign-on: AppTest with a mocked st.user."""

import time
from datetime import timedelta

from streamlit.testing.v1 import AppTest

from dashboard import clock, sso
from dashboard.store import sessions as session_store
from tests.conftest import APP, principal

SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "uji-rahasia-cookie-yang-panjang",
        "client_id": "pantau-humas",
        "client_secret": "rahasia",
        "server_metadata_url": "https://sso.example/.well-known/openid-configuration",
    },
    "sso": {"label": "Masuk dengan Akun Kemenag"},
}


def app(secrets=None, user=None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if secrets:
        at.secrets = secrets
    if user is not None:
        at.user = user
    return at.run()


def identity(email, **claims):
    return {"is_logged_in": True, "email": email, "iat": int(time.time()), **claims}


def titles(at):
    return [t.value for t in at.title]


def idle_since(db, session_id, *, hours):
    """Make a stored session look last seen `hours` ago."""
    then = clock.iso(clock.utc_now() - timedelta(hours=hours))
    db.conn.execute(
        "UPDATE sessions SET created_at = ?, last_seen_at = ? WHERE id = ?",
        (then, then, session_id),
    )


def give_email(db, accounts, username, email):
    db.conn.execute("UPDATE users SET email = ? WHERE id = ?", (email, accounts[username]))


def test_no_sso_button_when_sso_is_not_configured(db, accounts):
    at = app()
    assert not at.exception
    assert [b.label for b in at.button] == ["Masuk"]


def test_sso_button_when_configured(db, accounts):
    at = app(SECRETS, user={"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.button] == ["Masuk", "Masuk dengan Akun Kemenag"]
    assert titles(at) == ["Pantau Humas"]


def test_an_identity_is_ignored_when_sso_is_not_configured(db, accounts):
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    at = app(user=identity("humas.kupang@kemenag.go.id"))
    assert titles(at) == ["Pantau Humas"]


def test_a_known_address_signs_in_its_account(db, accounts):
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    at = app(SECRETS, identity("HUMAS.kupang@kemenag.go.id", email_verified=True))
    assert not at.exception
    assert titles(at) == ["Input Harian"]
    assert at.session_state["principal"].username == "op.kupang"
    assert at.session_state["signed_in_with"] == "sso"
    # Local accounts still work beside SSO: the password form is on the login page.


def test_an_unknown_address_is_refused_plainly(db, accounts):
    at = app(SECRETS, identity("tamu@contoh.id"))
    assert not at.exception
    assert titles(at) == ["Pantau Humas"]
    assert "principal" not in at.session_state
    assert [e.value for e in at.error] == [sso.REFUSED]
    assert "E-mail dari SSO: tamu@contoh.id" in [t.value for t in at.text]
    assert at.button(key="sso_logout").label == "Keluar dari akun SSO"


def test_an_inactive_account_is_refused(db, accounts):
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    db.conn.execute("UPDATE users SET active = 0 WHERE id = ?", (accounts["op.kupang"],))
    at = app(SECRETS, identity("humas.kupang@kemenag.go.id"))
    assert titles(at) == ["Pantau Humas"] and "tidak aktif" in at.error[0].value


def test_an_unverified_address_is_refused(db, accounts):
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    at = app(SECRETS, identity("humas.kupang@kemenag.go.id", email_verified=False))
    assert titles(at) == ["Pantau Humas"]
    assert [e.value for e in at.error] == [sso.NO_EMAIL]


def test_an_old_identity_needs_a_fresh_sign_in(db, accounts):
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    old = identity("humas.kupang@kemenag.go.id", iat=int(time.time()) - 3 * 3600)
    at = app(SECRETS, old)
    assert titles(at) == ["Pantau Humas"]
    assert [i.value for i in at.info] == [sso.STALE]
    assert "Masuk dengan Akun Kemenag" in [b.label for b in at.button]


def test_signing_out_also_drops_the_sso_identity(db, accounts):
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    at = app(SECRETS, identity("humas.kupang@kemenag.go.id"))
    assert titles(at) == ["Input Harian"]
    at.sidebar.button(key="logout").click().run()
    assert at.user == {"is_logged_in": False}  # st.logout() ran: no silent sign-in again
    assert "principal" not in at.session_state
    at.run()  # what the browser loads after the logout redirect
    assert titles(at) == ["Pantau Humas"]


def test_an_idle_sso_session_ends_and_does_not_come_back_by_itself(db, accounts):
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    signed_in_long_ago = int(time.time()) - 3 * 3600
    at = app(SECRETS, identity("humas.kupang@kemenag.go.id", iat=signed_in_long_ago))
    assert titles(at) == ["Pantau Humas"]  # too old to start a session at all
    at = app(SECRETS, identity("humas.kupang@kemenag.go.id"))
    assert titles(at) == ["Input Harian"]
    idle_since(db, at.session_state["session_id"], hours=3)
    at.user = identity("humas.kupang@kemenag.go.id", iat=signed_in_long_ago)
    at.run()
    assert titles(at) == ["Pantau Humas"]
    assert any("lama tidak aktif" in i.value for i in at.info)


def test_ending_the_sessions_also_ends_the_sso_identity_that_came_before(db, accounts):
    """Streamlit's identity cookie stays in that browser: it must not start a new session."""
    give_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    issued = int(time.time()) - 60
    at = app(SECRETS, identity("humas.kupang@kemenag.go.id", iat=issued))
    assert titles(at) == ["Input Harian"]
    session_store.end_all(db, principal(db, "admin"), accounts["op.kupang"], "admin")
    at.run()  # that browser's next run, its identity cookie still there
    assert titles(at) == ["Pantau Humas"] and "principal" not in at.session_state
    again = app(SECRETS, identity("humas.kupang@kemenag.go.id", iat=issued))  # a new tab
    assert titles(again) == ["Pantau Humas"]
    assert sso.STALE in [i.value for i in again.info]
    # A new sign-in at the provider, issued after the end: stored times have whole seconds, and
    # an identity of the very second the sessions ended counts as before it (refused).
    fresh = app(SECRETS, identity("humas.kupang@kemenag.go.id", iat=int(time.time()) + 1))
    assert titles(fresh) == ["Input Harian"]
