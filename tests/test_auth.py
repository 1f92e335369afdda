from datetime import timedelta
from importlib import resources

import pytest
from argon2 import Type, extract_parameters

from dashboard import auth, clock
from dashboard.store import limits
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError, data_version
from tests.conftest import PASSWORD, principal


def test_hashes_are_argon2id_and_never_the_password(db, accounts):
    stored = user_store.password_hash(db, accounts["op.kupang"])
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_sign_in_with_the_right_password(db, accounts):
    who = auth.authenticate(db, "op.kupang", PASSWORD)
    assert who.username == "op.kupang" and who.role == "operator"
    assert user_store.by_username(db, "op.kupang").last_login_at


@pytest.mark.parametrize(
    "username, password",
    [("op.kupang", "salah-sekali-123"), ("tidak.ada", PASSWORD), ("op.kupang", ""), ("", "")],
)
def test_refusals_look_alike(db, accounts, username, password):
    assert auth.authenticate(db, username, password) is None


def test_username_is_case_insensitive(db, accounts):
    assert auth.authenticate(db, "OP.Kupang", PASSWORD) is not None


def test_five_failures_lock_for_fifteen_minutes(db, accounts, monkeypatch):
    start = clock.parse_instant("2026-11-25T10:00:00Z")
    monkeypatch.setenv("HUMAS_NOW", clock.iso(start))
    for _ in range(4):
        assert auth.authenticate(db, "op.kupang", "salah-sekali-123") is None
    assert user_store.by_username(db, "op.kupang").locked_until is None
    assert auth.authenticate(db, "op.kupang", "salah-sekali-123") is None
    locked = user_store.by_username(db, "op.kupang")
    assert clock.parse_instant(locked.locked_until) == start + timedelta(minutes=15)
    # Even the right password is refused while locked, and the refusal looks the same.
    assert auth.authenticate(db, "op.kupang", PASSWORD) is None
    monkeypatch.setenv("HUMAS_NOW", clock.iso(start + timedelta(minutes=14)))
    assert auth.authenticate(db, "op.kupang", PASSWORD) is None
    monkeypatch.setenv("HUMAS_NOW", clock.iso(start + timedelta(minutes=16)))
    assert auth.authenticate(db, "op.kupang", PASSWORD) is not None
    assert user_store.by_username(db, "op.kupang").failed_logins == 0


def test_success_resets_the_failure_count(db, accounts):
    for _ in range(4):
        auth.authenticate(db, "op.kupang", "salah-sekali-123")
    assert auth.authenticate(db, "op.kupang", PASSWORD) is not None
    for _ in range(4):
        auth.authenticate(db, "op.kupang", "salah-sekali-123")
    assert user_store.by_username(db, "op.kupang").locked_until is None


def test_inactive_account_is_refused(db, accounts):
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)
    assert auth.authenticate(db, "op.kupang", PASSWORD) is None


def test_admin_reset_clears_lock(db, accounts):
    for _ in range(5):
        auth.authenticate(db, "op.kupang", "salah-sekali-123")
    auth.reset_password(db, principal(db, "admin"), accounts["op.kupang"], "kata-sandi-baru-1")
    assert auth.authenticate(db, "op.kupang", "kata-sandi-baru-1") is not None


@pytest.mark.parametrize("bad", ["", "   ", "pendek", "x" * 9, "y" * 300])
def test_password_policy(db, bad):
    with pytest.raises(auth.PasswordPolicyError):
        auth.create_user(
            db, SYSTEM, username="baru", password=bad, role="operator", unit_code="kanwil-ntt"
        )
    assert user_store.by_username(db, "baru") is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"username": "op.kupang"}, "sudah dipakai"),
        ({"username": "a b"}, "Nama pengguna"),
        ({"role": "raja"}, "Peran"),
        ({"unit_code": "tidak-ada"}, "tidak ditemukan"),
        # The schema's CHECK would have refused it too, but as a crash (IntegrityError).
        ({"full_name": "n" * 121}, "Nama lengkap terlalu panjang: 121 karakter"),
        ({"full_name": "Siti\x00Humas"}, "Nama lengkap memuat karakter kendali"),
        ({"full_name": "Siti\x1b[2J"}, "Nama lengkap memuat karakter kendali"),
        ({"email": "siti\x00@kemenag.go.id"}, "e-mail tidak sah"),
        ({"email": "[x](javascript:alert(1))@evil.example"}, "e-mail tidak sah"),
        ({"email": "<img/src=x>@evil.example"}, "e-mail tidak sah"),
        ({"email": "siti@kemenag"}, "e-mail tidak sah"),
        ({"email": "a@" + "b" * 200 + ".id"}, "e-mail tidak sah"),
    ],
)
def test_bad_accounts_are_refused(db, accounts, kwargs, message):
    fields = {
        "username": "baru",
        "password": PASSWORD,
        "role": "operator",
        "unit_code": "kanwil-ntt",
    }
    before = user_store.list_users(db, SYSTEM)
    with pytest.raises(StoreError, match=message):
        auth.create_user(db, SYSTEM, **{**fields, **kwargs})
    assert user_store.list_users(db, SYSTEM) == before


@pytest.mark.parametrize(
    "email",
    ["siti.humas@kemenag.go.id", "o'brien+humas@kemenag.go.id", "a_b@xn--kemenag-9ya.id"],
)
def test_ordinary_addresses_and_printable_names_are_stored_as_typed(db, email):
    name = "Siti <b>Humas</b> 🎉 السلام"
    user_id = auth.create_user(
        db,
        SYSTEM,
        username="siti",
        password=PASSWORD,
        role="operator",
        unit_code="kanwil-ntt",
        full_name=f" {name} ",
        email=email,
    )
    stored = user_store.by_id(db, user_id)
    assert (stored.full_name, stored.email) == (name, email)


def test_only_admin_creates_accounts(db, accounts):
    with pytest.raises(AccessDenied):
        auth.create_user(
            db,
            principal(db, "kanwil.ntt"),
            username="baru",
            password=PASSWORD,
            role="operator",
            unit_code="kanwil-ntt",
        )


def test_change_own_password_needs_the_current_one(db, accounts):
    me = principal(db, "op.kupang")
    with pytest.raises(StoreError):
        auth.change_own_password(db, me, "bukan-ini-sandinya", "kata-sandi-baru-1")
    auth.change_own_password(db, me, PASSWORD, "kata-sandi-baru-1")
    assert auth.authenticate(db, "op.kupang", "kata-sandi-baru-1") is not None


class CountingHasher:
    """The test hasher, counting verifications."""

    def __init__(self, inner):
        self.inner = inner
        self.verifications = 0

    def verify(self, stored, password):
        self.verifications += 1
        return self.inner.verify(stored, password)

    def hash(self, password):
        return self.inner.hash(password)


def _lock(db, username):
    for _ in range(auth.MAX_FAILURES):
        auth.authenticate(db, username, "salah-sekali-123")


def _deactivate(db, accounts, username):
    user_store.set_active(db, SYSTEM, accounts[username], False)


# Every way a sign-in can go: (setup, username, password, signs in?)
SIGN_IN_PATHS = {
    "unknown user": (None, "tidak.ada", PASSWORD, False),
    "empty user name": (None, "", PASSWORD, False),
    "empty password": (None, "op.kupang", "", False),
    "wrong password": (None, "op.kupang", "salah-sekali-123", False),
    "right password": (None, "op.kupang", PASSWORD, True),
    "locked, right password": (_lock, "op.kupang", PASSWORD, False),
    "locked, wrong password": (_lock, "op.kupang", "salah-sekali-123", False),
    "inactive, right password": ("inactive", "op.kupang", PASSWORD, False),
    "inactive, wrong password": ("inactive", "op.kupang", "salah-sekali-123", False),
}


@pytest.mark.parametrize("path", list(SIGN_IN_PATHS))
def test_every_sign_in_path_costs_one_verification_and_one_write(db, accounts, monkeypatch, path):
    setup, username, password, signs_in = SIGN_IN_PATHS[path]
    if setup == "inactive":
        _deactivate(db, accounts, "op.kupang")
    elif setup:
        setup(db, "op.kupang")
    counting = CountingHasher(auth.hasher)
    monkeypatch.setattr(auth, "hasher", counting)
    statements: list[str] = []
    changes = db.conn.total_changes
    version = data_version(db)
    db.conn.set_trace_callback(statements.append)
    who = auth.authenticate(db, username, password)
    db.conn.set_trace_callback(None)
    assert (who is not None) == signs_in
    assert counting.verifications == 1
    # Exactly one committed write that changed a row (so every path syncs to disk alike) ...
    assert [s for s in statements if s.strip().upper() == "COMMIT"] == ["COMMIT"]
    assert db.conn.total_changes > changes
    # ... and sign-in bookkeeping leaves every page cache warm.
    assert data_version(db) == version


def test_production_hashes_are_argon2id_with_owasp_costs_or_more():
    # The dummy hash is made at import with the production hasher (tests swap in a cheap one).
    params = extract_parameters(auth._DUMMY_HASH)
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2


def test_an_account_an_admin_made_or_reset_must_choose_its_own_password(db, accounts):
    admin = principal(db, "admin")
    made = auth.create_user(
        db,
        admin,
        username="siti.ntt",
        password="dari-admin-123",
        role="operator",
        unit_code="kanwil-ntt",
        must_change_password=True,
    )
    assert user_store.must_change_password(db, made)
    who = auth.authenticate(db, "siti.ntt", "dari-admin-123")  # signing in still works
    with pytest.raises(auth.PasswordPolicyError, match="berbeda"):
        auth.choose_first_password(db, who, "dari-admin-123")
    with pytest.raises(auth.PasswordPolicyError):
        auth.choose_first_password(db, who, "pendek")
    assert user_store.must_change_password(db, made)
    auth.choose_first_password(db, who, "pilihan-siti-456")
    assert not user_store.must_change_password(db, made)
    assert auth.authenticate(db, "siti.ntt", "pilihan-siti-456") is not None
    with pytest.raises(StoreError, match="tidak perlu"):
        auth.choose_first_password(db, who, "lain-lagi-7890")
    # A reset by an admin (or the command line) asks again; the owner's own change does not.
    auth.reset_password(db, admin, made, "reset-admin-123")
    assert user_store.must_change_password(db, made)
    auth.change_own_password(db, who, "reset-admin-123", "pilihan-baru-789")
    assert not user_store.must_change_password(db, made)
    auth.reset_password(db, SYSTEM, made, "reset-cli-1234")
    assert user_store.must_change_password(db, made)
    # Accounts made without the flag (demo, command line, tests) are not asked.
    assert not user_store.must_change_password(db, accounts["op.kupang"])


# --- issue 18 item 6: limits per client, locks per account and client, weak passwords ---------

OFFICE, ATTACKER = "198.51.100.20", "203.0.113.66"


def test_a_lock_holds_only_for_the_client_that_failed(db, accounts, monkeypatch):
    """Five wrong passwords from one address must not lock the admin out everywhere."""
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T10:00:00Z")
    for _ in range(auth.MAX_FAILURES):
        assert auth.sign_in(db, "admin", "salah-sekali-123", client=ATTACKER).principal is None
    refused = auth.sign_in(db, "admin", PASSWORD, client=ATTACKER)
    assert (refused.principal, refused.outcome, refused.message) == (
        None,
        auth.LOCKED,
        auth.LOGIN_REFUSED,  # the same words as a wrong password or an unknown name
    )
    assert auth.sign_in(db, "admin", PASSWORD, client=OFFICE).principal.username == "admin"
    # The Pengguna page still sees that somebody is locked out of the account.
    assert user_store.by_username(db, "admin").locked_until


def test_a_client_that_keeps_failing_waits_longer_each_time(db, accounts, monkeypatch):
    """Password spraying: one address, a different account each time, never tripping a lock."""
    start = clock.parse_instant("2026-11-25T10:00:00Z")
    monkeypatch.setenv("HUMAS_NOW", clock.iso(start))
    names = list(accounts) + [f"tidak.ada.{n}" for n in range(20)]
    for n in range(limits.CLIENT_FREE):
        assert auth.sign_in(db, names[n], "salah-sekali-123", client=ATTACKER).wait_seconds == 0
    waits = []
    now = start
    for n in range(6):
        blocked = auth.sign_in(db, "admin", PASSWORD, client=ATTACKER)  # even the right one
        assert blocked.principal is None and blocked.outcome == auth.LOCKED
        assert "Coba lagi dalam" in blocked.message
        waits.append(blocked.wait_seconds)
        now += timedelta(seconds=blocked.wait_seconds)
        monkeypatch.setenv("HUMAS_NOW", clock.iso(now))
        assert auth.sign_in(db, names[n], "salah-sekali-123", client=ATTACKER).principal is None
    assert waits == [1, 2, 4, 8, 16, 32]
    # Others are not slowed down by it, and a quiet quarter of an hour starts afresh.
    assert auth.sign_in(db, "admin", PASSWORD, client=OFFICE).principal is not None
    monkeypatch.setenv("HUMAS_NOW", clock.iso(now + limits.CLIENT_WINDOW + timedelta(seconds=64)))
    assert auth.sign_in(db, "admin", PASSWORD, client=ATTACKER).principal is not None


def test_the_delay_stops_growing_at_its_cap():
    assert limits.client_delay(limits.CLIENT_FREE - 1) == timedelta(0)
    assert limits.client_delay(limits.CLIENT_FREE + 30) == limits.CLIENT_MAX_DELAY


def test_ipv6_clients_are_counted_by_their_network():
    assert limits.client_of("2001:db8:1:2:aaaa::1") == limits.client_of("2001:db8:1:2:bbbb::9")
    assert limits.client_of("2001:db8:1:3::1") != limits.client_of("2001:db8:1:2::1")
    assert limits.client_of("::ffff:203.0.113.66") == "203.0.113.66"
    assert limits.client_of(None) == limits.LOCAL


def test_a_waiting_client_costs_no_verification_and_no_write(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T10:00:00Z")
    for _ in range(limits.CLIENT_FREE):
        auth.sign_in(db, "tidak.ada", "salah-sekali-123", client=ATTACKER)
    counting = CountingHasher(auth.hasher)
    monkeypatch.setattr(auth, "hasher", counting)
    changes = db.conn.total_changes
    assert auth.sign_in(db, "op.kupang", PASSWORD, client=ATTACKER).wait_seconds > 0
    assert counting.verifications == 0 and db.conn.total_changes == changes


@pytest.mark.parametrize(
    "password, username",
    [
        ("aaaaaaaaaa", "baru"),
        ("1234567890", "baru"),
        ("0987654321", "baru"),
        ("password12", "baru"),
        ("qwertyuiop", "baru"),
        ("abababababab", "baru"),
        ("iloveyou123", "baru"),  # in the shipped list of common passwords
        ("siti.humas", "siti.humas"),  # the user name itself
        ("Siti.Humas2026!", "siti.humas"),  # ... dressed up with digits and signs
    ],
)
def test_common_and_trivial_passwords_are_refused(db, password, username):
    with pytest.raises(auth.PasswordPolicyError):
        auth.create_user(
            db,
            SYSTEM,
            username=username,
            password=password,
            role="operator",
            unit_code="kanwil-ntt",
        )
    assert user_store.by_username(db, username) is None


def test_a_weak_password_is_refused_on_reset_and_change_too(db, accounts):
    me = principal(db, "op.kupang")
    with pytest.raises(auth.PasswordPolicyError):
        auth.change_own_password(db, me, PASSWORD, "password12")
    with pytest.raises(auth.PasswordPolicyError):
        auth.reset_password(db, principal(db, "admin"), me.user_id, "op.kupang123")
    assert auth.authenticate(db, "op.kupang", PASSWORD) is not None


def test_the_common_password_list_ships_with_its_licence():
    assert len(auth.common_passwords()) > 19_000
    assert {"password12", "1234567890", "aaaaaaaaaa"} <= auth.common_passwords()
    licence = resources.files("dashboard").joinpath("assets/LICENSE-common-passwords.txt")
    assert "Django Software Foundation" in licence.read_text()
