"""SSO rules without Streamlit: when it is on, which identities map to which accounts."""

import tomllib
from datetime import UTC, datetime, timedelta

import pytest

from dashboard import auth, sso
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from tests.conftest import PASSWORD, REPO

SHARED = {"redirect_uri": "https://humas.example/oauth2callback", "cookie_secret": "s" * 32}
PROVIDER = {
    "client_id": "pantau-humas",
    "client_secret": "rahasia",
    "server_metadata_url": "https://sso.example/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    "secrets, expected",
    [
        ({}, []),
        ({"auth": {}}, []),
        ({"auth": PROVIDER}, []),  # no redirect_uri / cookie_secret
        ({"auth": SHARED}, []),  # no provider
        ({"auth": {**SHARED, **PROVIDER, "client_secret": ""}}, []),
        ({"auth": {**SHARED, **PROVIDER}}, [sso.Provider(None, "Masuk dengan SSO")]),
        (
            {"auth": {**SHARED, **PROVIDER}, "sso": {"label": "Masuk dengan Akun Kemenag"}},
            [sso.Provider(None, "Masuk dengan Akun Kemenag")],
        ),
        (
            {
                "auth": {**SHARED, "microsoft": PROVIDER, "bad_name": PROVIDER, "half": {}},
                "sso": {"labels": {"microsoft": "Masuk dengan Microsoft 365"}},
            },
            [sso.Provider("microsoft", "Masuk dengan Microsoft 365")],
        ),
    ],
    ids=[
        "none",
        "empty",
        "no-shared",
        "no-provider",
        "blank-secret",
        "default",
        "labelled",
        "named",
    ],
)
def test_providers_only_when_configured(secrets, expected):
    assert sso.providers(secrets) == expected


@pytest.mark.parametrize(
    "identity, expected",
    [
        ({"email": "Siti@Kemenag.go.id"}, "Siti@Kemenag.go.id"),
        ({"email": " siti@kemenag.go.id ", "email_verified": True}, "siti@kemenag.go.id"),
        ({"email": "siti@kemenag.go.id", "email_verified": False}, None),
        ({"email": "siti@kemenag.go.id", "email_verified": "false"}, None),
        ({"email": "bukan-email"}, None),
        ({"email": ["siti@kemenag.go.id"]}, None),
        ({"name": "Siti"}, None),
    ],
)
def test_email_of_an_identity(identity, expected):
    assert sso.email_of(identity) == expected


def test_fresh_means_issued_within_the_idle_limit():
    now = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)
    limit = timedelta(minutes=120)

    def at(delta):
        return {"iat": (now + delta).timestamp()}

    assert sso.is_fresh(at(-timedelta(minutes=119)), now, limit)
    assert not sso.is_fresh(at(-timedelta(minutes=121)), now, limit)
    assert sso.is_fresh(at(timedelta(minutes=2)), now, limit)  # clock skew
    assert not sso.is_fresh(at(timedelta(hours=2)), now, limit)
    assert not sso.is_fresh({}, now, limit)
    assert not sso.is_fresh({"iat": "kemarin"}, now, limit)
    assert not sso.is_fresh({"iat": True}, now, limit)
    assert not sso.is_fresh({"iat": 10**20}, now, limit)


def _with_email(db, accounts, username, email):
    db.conn.execute("UPDATE users SET email = ? WHERE id = ?", (email, accounts[username]))


def test_sso_maps_an_address_to_its_active_account(db, accounts):
    _with_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    who = auth.sign_in_sso(db, "Humas.Kupang@KEMENAG.go.id")
    assert (who.username, who.role) == ("op.kupang", "operator")
    assert user_store.by_username(db, "op.kupang").last_login_at
    assert auth.sign_in_sso(db, "orang.lain@kemenag.go.id") is None
    assert auth.sign_in_sso(db, "") is None
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)
    assert auth.sign_in_sso(db, "humas.kupang@kemenag.go.id") is None


def test_sso_is_not_stopped_by_a_password_lockout(db, accounts):
    _with_email(db, accounts, "op.kupang", "humas.kupang@kemenag.go.id")
    for _ in range(auth.MAX_FAILURES):
        auth.authenticate(db, "op.kupang", "salah-sekali-123")
    assert auth.authenticate(db, "op.kupang", PASSWORD) is None  # locked for passwords
    assert auth.sign_in_sso(db, "humas.kupang@kemenag.go.id") is not None


def test_the_example_secrets_file_configures_one_provider():
    example = REPO / ".streamlit" / "secrets.toml.example"
    secrets = tomllib.loads(example.read_text())
    assert sso.providers(secrets) == [sso.Provider(None, "Masuk dengan Akun Kemenag")]
    assert secrets["auth"]["redirect_uri"].endswith("/oauth2callback")
