"""Signing in: argon2id hashes, a password policy, lockout, no user enumeration.

Every refusal says the same thing ("Nama pengguna atau kata sandi salah."),
whether the account does not exist, is inactive, is locked, or the password
is wrong, and each path costs one argon2 verification and one committed
write, so neither the words nor the timing tell an attacker which accounts
exist.
"""

from __future__ import annotations

import re
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from dashboard import clock, freetext
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import Principal
from dashboard.store.db import StoreError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
MAX_FAILURES = 5
LOCK_MINUTES = 15
USERNAME = re.compile(r"[A-Za-z0-9._-]{3,64}")
# An address as identity providers send it: RFC 5322's dot-atom local part (no quoted
# forms), a domain of letters, digits and hyphens (international names in punycode).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]{{2,}}")
EMAIL_MAX = 200
FULL_NAME_MAX = 120
LOGIN_REFUSED = "Nama pengguna atau kata sandi salah."

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
hasher = PasswordHasher()
_DUMMY_HASH = hasher.hash("pantau-humas-dummy-password")


class PasswordPolicyError(StoreError):
    pass


def check_password_policy(password: str) -> None:
    if not password or not password.strip():
        raise PasswordPolicyError("Kata sandi tidak boleh kosong.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"Kata sandi maksimal {MAX_PASSWORD_LENGTH} karakter.")


def hash_password(password: str) -> str:
    check_password_policy(password)
    return hasher.hash(password)


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(db: Database, username: str, password: str) -> Principal | None:
    """The signed-in principal, or None with nothing said about why.

    Every path costs the same: exactly one argon2 verification and exactly one
    committed write (a failure counted, a success recorded, or an empty write
    where there is nothing to record), so timing does not tell an unknown name
    from a locked, inactive or wrongly typed one. tests/test_auth.py holds
    each path to that.
    """
    now = clock.utc_now()
    user = user_store.by_username(db, (username or "").strip())
    if user is None or not password:
        _verify(_DUMMY_HASH, password or "x")
        user_store.record_refused_attempt(db)
        return None
    ok = _verify(user_store.password_hash(db, user["id"]), password)
    locked = user["locked_until"] and clock.parse_instant(user["locked_until"]) > now
    if locked:
        user_store.record_refused_attempt(db)  # attempts during a lock neither count nor extend it
        return None
    if not ok:
        user_store.record_login_failure(
            db,
            user["id"],
            now=now,
            max_failures=MAX_FAILURES,
            lock_until=now + timedelta(minutes=LOCK_MINUTES),
        )
        return None
    if not user["active"]:
        user_store.record_refused_attempt(db)
        return None
    user_store.record_login_success(db, user["id"], now=now)
    return user_store.principal_of(user)


def sign_in_sso(db: Database, email: str) -> Principal | None:
    """The active account whose e-mail an identity provider vouched for, or None.

    The provider proved the address, so no password is checked and a password
    lockout does not apply (it guards against guessing, which SSO is not).
    """
    user = user_store.by_email(db, (email or "").strip())
    if user is None or not user["active"]:
        return None
    user_store.record_login_success(db, user["id"], now=clock.utc_now())
    return user_store.principal_of(user)


def create_user(
    db: Database,
    who: Principal,
    *,
    username: str,
    password: str,
    role: str,
    unit_code: str,
    full_name: str = "",
    email: str | None = None,
    must_change_password: bool = False,
) -> int:
    """Validate and add an account (admin only; the store checks that too).

    `must_change_password`: the password was chosen by the admin, so the
    account's first sign-in asks for a new one (the Pengguna page sets it).
    """
    username = (username or "").strip()
    if not USERNAME.fullmatch(username):
        raise StoreError(
            "Nama pengguna 3–64 karakter: huruf, angka, titik, garis bawah atau tanda hubung."
        )
    email = (email or "").strip() or None
    if email and (len(email) > EMAIL_MAX or not EMAIL.fullmatch(email)):
        raise StoreError("Alamat e-mail tidak sah.")
    full_name = (full_name or "").strip()
    if wrong := freetext.problem(full_name, "Nama lengkap", max_len=FULL_NAME_MAX):
        raise StoreError(wrong)
    unit = unit_store.require(db, unit_code)
    return user_store.insert(
        db,
        who,
        username=username,
        password_hash=hash_password(password),
        role=role,
        unit_id=unit["id"],
        full_name=full_name,
        email=email,
        must_change_password=must_change_password,
    )


def reset_password(db: Database, who: Principal, user_id: int, new_password: str) -> None:
    user_store.set_password(db, who, user_id, hash_password(new_password))


def change_own_password(db: Database, who: Principal, current: str, new_password: str) -> None:
    if who.user_id is None or not _verify(user_store.password_hash(db, who.user_id), current):
        raise StoreError("Kata sandi saat ini salah.")
    user_store.set_password(db, who, who.user_id, hash_password(new_password))


def choose_first_password(db: Database, who: Principal, new_password: str) -> None:
    """The password an account picks for itself when an admin made or reset it.

    The account signed in with the admin's password a moment ago, so it is not
    asked again; the new one must differ from it.
    """
    if not user_store.must_change_password(db, who.user_id):
        raise StoreError("Kata sandi akun ini tidak perlu diganti.")
    new_hash = hash_password(new_password)  # the policy first: its message comes first
    if _verify(user_store.password_hash(db, who.user_id), new_password):
        raise PasswordPolicyError(
            "Kata sandi baru harus berbeda dari kata sandi yang diberikan admin."
        )
    user_store.set_password(db, who, who.user_id, new_hash)
