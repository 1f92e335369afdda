"""Signing in: argon2id hashes, a password policy, sign-in limits, no user enumeration.

Every refusal says the same thing ("Nama pengguna atau kata sandi salah."),
whether the account does not exist, is inactive, is locked for this client,
or the password is wrong, and each of those paths costs one argon2
verification and one committed write, so neither the words nor the timing
tell an attacker which accounts exist.

Limits (store/limits.py): an account locks after MAX_FAILURES wrong passwords
*from one client address* (someone guessing the admin's password locks only
their own address out of it), and a client address that keeps failing waits
longer after each failure whichever accounts it tries. That last refusal says
how long to wait; it names no account, so it tells nothing about one.
On a database that cannot be written (read-only, disk full) the bookkeeping
writes are skipped (`store.db.skip_if_unwritable`), never the answer: signing
in to read works.

Hashing (argon2id: 64 MiB and four lanes each, deliberately slow) runs on a
few threads of its own (HASH_THREADS per process; more sign-ins at once wait
their turn there, at a lower priority than page runs), never on the thread of
a page run: while it hashes, the
run that asked gives its turn at the gate (serve/gate.py) to the next page
run, so a crowd signing in does not hold up the pages of those already in
(issue 19).
"""

from __future__ import annotations

import gzip
import math
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard import clock, errors, fmt, freetext
from dashboard.serve import gate
from dashboard.store import limits
from dashboard.store import sessions as session_store
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import Principal
from dashboard.store.db import Database, StoreError, skip_if_unwritable

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
MAX_FAILURES = limits.ACCOUNT_FAILURES
LOCK_MINUTES = int(limits.ACCOUNT_LOCK.total_seconds() // 60)
MIN_DISTINCT_CHARACTERS = 4
USERNAME_MIN, USERNAME_MAX = 3, 64
USERNAME = re.compile(rf"[A-Za-z0-9._-]{{{USERNAME_MIN},{USERNAME_MAX}}}")
# An address as identity providers send it: RFC 5322's dot-atom local part (no quoted
# forms), a domain of letters, digits and hyphens (international names in punycode).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9-]+\.)+[A-Za-z0-9-]{{2,}}")
EMAIL_MAX = 200
FULL_NAME_MAX = 120
LOGIN_REFUSED = "Nama pengguna atau kata sandi salah."
# Sign-in's own bookkeeping (counters, lockout, last sign-in): skipped, not fatal, on a
# database that cannot be written, so people can still sign in to read it.
SIGN_IN_RECORD = "sign-in bookkeeping"
# Keyboard rows and counting: a password that is a run along one of these is trivial.
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
hasher = PasswordHasher()
_DUMMY_HASH = hasher.hash("pantau-humas-dummy-password")
_T = TypeVar("_T")
ENV_HASH_THREADS = "HUMAS_HASH_THREADS"
HASH_THREADS = max(1, int(os.environ.get(ENV_HASH_THREADS, "") or 2))
HASH_NICE = (
    10  # nice steps below page runs: the processor goes to pages first, hashing takes the rest
)


def _lower_priority() -> None:
    """Run this hashing thread (and the lanes argon2 starts from it) below the page runs.

    Linux gives each thread its own nice value and a new thread its creator's; elsewhere,
    or where it is refused, the thread keeps the process's priority.
    """
    with suppress(AttributeError, OSError):
        me = threading.get_native_id()
        os.setpriority(
            os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + HASH_NICE)
        )


_hashing = ThreadPoolExecutor(
    max_workers=HASH_THREADS, thread_name_prefix="argon2", initializer=_lower_priority
)


def _hashed(work: Callable[..., _T], *args) -> _T:
    """`work(*args)` on a hashing thread; a page run's turn goes to the next run meanwhile."""
    with gate.runs.aside():
        return _hashing.submit(work, *args).result()


class PasswordPolicyError(StoreError):
    pass


@cache
def common_passwords() -> frozenset[str]:
    """Django's list of 20,000 common passwords (lowercased), shipped in dashboard/assets."""
    packed = resources.files("dashboard").joinpath("assets/common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(packed).decode("utf-8").split())


def _is_run(text: str) -> bool:
    """A stretch of one keyboard row or of counting, forwards or backwards (1234567890)."""
    lowered = text.lower()
    return any(lowered in run or lowered in run[::-1] for run in _RUNS)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def check_password_policy(password: str, *, username: str | None = None) -> None:
    """NIST SP 800-63B: a minimum length, no composition rules, no known or trivial password."""
    if not password or not password.strip():
        raise PasswordPolicyError(errors.PASSWORD_EMPTY)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(errors.PASSWORD_TOO_SHORT, limit=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordPolicyError(errors.PASSWORD_TOO_LONG, limit=MAX_PASSWORD_LENGTH)
    lowered = password.lower()
    name = (username or "").strip().lower()
    if name and (lowered == name or _letters(password) == _letters(name) != ""):
        # The name itself, or the name dressed up with digits and signs (admin12345, Op.Kupang!!).
        raise PasswordPolicyError(errors.PASSWORD_IS_NAME)
    if (
        lowered in common_passwords()
        or len(set(lowered)) < MIN_DISTINCT_CHARACTERS
        or _is_run(password)
    ):
        raise PasswordPolicyError(errors.PASSWORD_COMMON)


def hash_password(password: str, *, username: str | None = None) -> str:
    check_password_policy(password, username=username)
    return _hashed(hasher.hash, password)


def _verify(stored_hash: str | None, password: str) -> bool:
    """None (the account vanished meanwhile) is checked against the dummy hash: same time, False."""
    if stored_hash is None:
        _verify(_DUMMY_HASH, password)
        return False
    try:
        return _hashed(hasher.verify, stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


OK, FAILED, LOCKED = "ok", "failed", "locked"


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: the principal, or why not (for the metrics and the page)."""

    principal: Principal | None
    outcome: str  # OK, FAILED (wrong, unknown, inactive) or LOCKED (account or client)
    wait_seconds: int = 0  # > 0: this client must wait before its next attempt is even checked

    @property
    def message(self) -> str:
        if self.wait_seconds:
            return (
                "Terlalu banyak percobaan masuk yang gagal dari perangkat atau jaringan ini. "
                f"Coba lagi dalam {fmt.number(self.wait_seconds)} detik."
            )
        return LOGIN_REFUSED


def sign_in(db: Database, username: str, password: str, *, client: str | None = None) -> SignIn:
    """Check a password sign-in from a client address (None: this machine or a test).

    Every path but the client's wait costs the same: exactly one argon2
    verification and exactly one committed write (a failure counted, a
    success recorded, or an empty write where there is nothing to record),
    so timing does not tell an unknown name from a locked, inactive or wrongly
    typed one. tests/test_auth.py holds each path to that. A client that must
    wait is refused before any of that: it learns nothing it was not told.
    """
    now = clock.utc_now()
    client = limits.client_of(client)
    waiting = limits.client_standing(db, client, now).blocked_until
    if waiting:
        return SignIn(None, LOCKED, max(1, math.ceil((waiting - now).total_seconds())))
    user = user_store.by_username(db, (username or "").strip())
    if user is None or not password or not user.active:
        _verify(user_store.password_hash(db, user.id) if user else _DUMMY_HASH, password or "x")
        with skip_if_unwritable(SIGN_IN_RECORD):
            user_store.record_client_failure(db, now=now, client=client)
        return SignIn(None, FAILED)
    ok = _verify(user_store.password_hash(db, user.id), password)
    # The answer is decided first; the bookkeeping after it may be skipped, never the answer.
    if limits.account_standing(db, user.id, client, now).blocked_until:
        # Attempts during a lock never extend it; a wrong one still counts for the client.
        with skip_if_unwritable(SIGN_IN_RECORD):
            if ok:
                user_store.record_refused_attempt(db)
            else:
                user_store.record_client_failure(db, now=now, client=client)
        return SignIn(None, LOCKED)
    if not ok:
        locked = False
        with skip_if_unwritable(SIGN_IN_RECORD):
            locked = user_store.record_login_failure(db, user.id, now=now, client=client)
        return SignIn(None, LOCKED if locked else FAILED)
    with skip_if_unwritable(SIGN_IN_RECORD):
        user_store.record_login_success(db, user.id, now=now, client=client)
    return SignIn(user_store.principal_of(user), OK)


def authenticate(
    db: Database, username: str, password: str, *, client: str | None = None
) -> Principal | None:
    """The signed-in principal, or None with nothing said about why (see sign_in)."""
    return sign_in(db, username, password, client=client).principal


def sign_in_sso(db: Database, email: str) -> Principal | None:
    """The active account whose e-mail an identity provider vouched for, or None.

    The provider proved the address, so no password is checked and a password
    lockout does not apply (it guards against guessing, which SSO is not).
    """
    user = user_store.by_email(db, (email or "").strip())
    if user is None or not user.active:
        return None
    with skip_if_unwritable(SIGN_IN_RECORD):
        user_store.record_login_success(db, user.id, now=clock.utc_now(), client=limits.LOCAL)
    return user_store.principal_of(user)


def sso_identity_outdated(db: Database, email: str, issued_at) -> bool:
    """An identity issued before one of the account's sessions was ended starts no new one.

    Streamlit keeps the SSO identity in its own cookie, which the app cannot
    remove from another browser: without this, "Akhiri", "Keluar dari semua
    perangkat" or an admin ending the sessions would be undone by the next run
    of that browser. A fresh sign-in at the provider (a new identity) is needed.
    """
    user = user_store.by_email(db, (email or "").strip())
    if user is None or issued_at is None:
        return False
    return session_store.ended_since(db, user.id, issued_at)


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
        raise StoreError(errors.USER_NAME_SHAPE, low=USERNAME_MIN, high=USERNAME_MAX)
    email = (email or "").strip() or None
    if email and (len(email) > EMAIL_MAX or not EMAIL.fullmatch(email)):
        raise StoreError(errors.USER_EMAIL_INVALID)
    full_name = (full_name or "").strip()
    if wrong := freetext.problem(full_name, "user.full_name", max_len=FULL_NAME_MAX):
        raise wrong.error(StoreError)
    unit = unit_store.require(db, unit_code)
    return user_store.insert(
        db,
        who,
        username=username,
        password_hash=hash_password(password, username=username),
        role=role,
        unit_id=unit.id,
        full_name=full_name,
        email=email,
        must_change_password=must_change_password,
    )


def reset_password(db: Database, who: Principal, user_id: int, new_password: str) -> None:
    """An admin sets a new password: the account's sessions and sign-in locks end."""
    user = user_store.by_id(db, user_id)
    if user is None:
        raise StoreError(errors.USER_NOT_FOUND)
    user_store.set_password(db, who, user_id, hash_password(new_password, username=user.username))


def change_own_password(
    db: Database,
    who: Principal,
    current: str,
    new_password: str,
    *,
    keep_session: int | None = None,
) -> None:
    """A person changes its own password: its other sessions end, `keep_session` stays."""
    if who.user_id is None or not _verify(user_store.password_hash(db, who.user_id), current):
        raise StoreError(errors.PASSWORD_WRONG)
    user_store.set_password(
        db,
        who,
        who.user_id,
        hash_password(new_password, username=who.username),
        keep_session=keep_session,
    )


def choose_first_password(
    db: Database, who: Principal, new_password: str, *, keep_session: int | None = None
) -> None:
    """The password an account picks for itself when an admin made or reset it.

    The account signed in with the admin's password a moment ago, so it is not
    asked again; the new one must differ from it. Its other sessions end,
    `keep_session` (the one choosing) stays signed in.
    """
    if who.user_id is None or not user_store.must_change_password(db, who.user_id):
        raise StoreError(errors.PASSWORD_NO_CHANGE_NEEDED)
    # The policy first: its message comes first.
    new_hash = hash_password(new_password, username=who.username)
    if _verify(user_store.password_hash(db, who.user_id), new_password):
        raise PasswordPolicyError(errors.PASSWORD_SAME_AS_GIVEN)
    user_store.set_password(db, who, who.user_id, new_hash, keep_session=keep_session)
