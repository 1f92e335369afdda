"""Accounts: rows of the users table. Password policy and hashing live in auth.py."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from dashboard import clock
from dashboard.store import audit
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import StoreError, one, rows, scalar, write
from dashboard.store.migrations import ROLES

SELECT = """
    SELECT us.id, us.username, us.full_name, us.email, us.role, us.unit_id,
           un.code AS unit_code, un.name AS unit_name, un.tz AS unit_tz,
           us.active, us.failed_logins, us.locked_until, us.created_at, us.last_login_at,
           us.must_change_password
    FROM users us JOIN units un ON un.id = us.unit_id
"""

# What the audit log keeps of an account: never the hash.
PUBLIC_FIELDS = (
    "username",
    "full_name",
    "email",
    "role",
    "unit_code",
    "active",
    "must_change_password",
)


def _public(user: dict | None) -> dict | None:
    return None if user is None else {k: user[k] for k in PUBLIC_FIELDS}


def _with_lock(user: dict) -> dict:
    """What a password or lockout change alters, besides the hash the log never holds."""
    return _public(user) | {
        "failed_logins": user["failed_logins"],
        "locked_until": user["locked_until"],
    }


def by_username(db: Database, username: str) -> dict | None:
    return one(db, f"{SELECT} WHERE us.username = ?", (username,))


def by_id(db: Database, user_id: int) -> dict | None:
    return one(db, f"{SELECT} WHERE us.id = ?", (user_id,))


def by_email(db: Database, email: str) -> dict | None:
    return one(db, f"{SELECT} WHERE us.email = ?", (email,))


def password_hash(db: Database, user_id: int) -> str | None:
    row = one(db, "SELECT password_hash FROM users WHERE id = ?", (user_id,))
    return row["password_hash"] if row else None


def list_users(db: Database, who: Principal) -> list[dict]:
    require_admin(who)
    return rows(db, f"{SELECT} ORDER BY us.username")


def principal_of(user: dict) -> Principal:
    return Principal(
        user_id=user["id"],
        username=user["username"],
        role=user["role"],
        unit_id=user["unit_id"],
        full_name=user["full_name"],
    )


def insert(
    db: Database,
    who: Principal,
    *,
    username: str,
    password_hash: str,
    role: str,
    unit_id: int,
    full_name: str = "",
    email: str | None = None,
    must_change_password: bool = False,
) -> int:
    """Add an account. `must_change_password`: its first sign-in asks for a new password."""
    require_admin(who)
    if role not in ROLES:
        raise StoreError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}.")
    now = clock.now_iso()
    with write(db):
        if by_username(db, username):
            raise StoreError(f"Nama pengguna '{username}' sudah dipakai.")
        if email and by_email(db, email):
            raise StoreError(f"E-mail '{email}' sudah dipakai akun lain.")
        cursor = db.conn.execute(
            """
            INSERT INTO users (username, full_name, email, role, unit_id, password_hash,
                               must_change_password, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                username,
                full_name.strip(),
                email or None,
                role,
                unit_id,
                password_hash,
                int(must_change_password),
                now,
                now,
            ),
        )
        user = by_id(db, cursor.lastrowid)
        audit.record(db, who, "create", "user", username, unit_id=unit_id, after=_public(user))
        return user["id"]


def set_active(db: Database, who: Principal, user_id: int, active: bool) -> None:
    require_admin(who)
    if who.user_id == user_id and not active:
        raise StoreError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    with write(db):
        before = by_id(db, user_id)
        if before is None:
            raise StoreError("Akun tidak ditemukan.")
        db.conn.execute(
            "UPDATE users SET active = ?, updated_at = ? WHERE id = ?",
            (1 if active else 0, clock.now_iso(), user_id),
        )
        audit.record(
            db,
            who,
            "activate" if active else "deactivate",
            "user",
            before["username"],
            unit_id=before["unit_id"],
            before=_public(before),
            after=_public(by_id(db, user_id)),
        )


def set_password(db: Database, who: Principal, user_id: int, new_hash: str) -> None:
    """Admin reset, or a user changing its own password. Clears any lockout.

    A reset by anyone else (an admin, the command line) leaves a password that
    someone else knows: the account must choose its own at its next sign-in.
    Its owner changing it clears that.
    """
    own = who.user_id == user_id
    if not own:
        require_admin(who)
    with write(db):
        before = by_id(db, user_id)
        if before is None:
            raise StoreError("Akun tidak ditemukan.")
        db.conn.execute(
            """
            UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL,
                             must_change_password = ?, updated_at = ?
            WHERE id = ?
            """,
            (new_hash, 0 if own else 1, clock.now_iso(), user_id),
        )
        # The hash itself never goes to the log: "password" only says that it changed.
        audit.record(
            db,
            who,
            "change_password" if own else "reset_password",
            "user",
            before["username"],
            unit_id=before["unit_id"],
            before=_with_lock(before) | {"password": "lama"},
            after=_with_lock(by_id(db, user_id)) | {"password": "baru"},
        )


def record_login_failure(
    db: Database, user_id: int, *, now: datetime, max_failures: int, lock_until: datetime
) -> bool:
    """Count a failed sign-in; lock the account at `max_failures`. True when locked now."""
    with write(db, bump_version=False):
        user = by_id(db, user_id)
        failures = user["failed_logins"]
        if user["locked_until"] and clock.parse_instant(user["locked_until"]) <= now:
            failures = 0  # an expired lock starts a fresh count
        failures += 1
        locked = failures >= max_failures
        db.conn.execute(
            "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
            (failures, clock.iso(lock_until) if locked else None, user_id),
        )
        if locked:
            audit.record(
                db,
                Principal(user_id, user["username"], user["role"], user["unit_id"]),
                "lock",
                "user",
                user["username"],
                unit_id=user["unit_id"],
                before=_with_lock(user),
                after=_with_lock(by_id(db, user_id)),
            )
        return locked


def record_refused_attempt(db: Database) -> None:
    """A refusal with nothing to record still commits one write, as a counted failure does.

    Sign-in paths must cost the same (see auth.authenticate): without this, an
    unknown name would answer a durable write (an fsync) faster than a known one.
    """
    with write(db, bump_version=False):
        # A real change, so the commit syncs to disk exactly like a counted failure.
        db.conn.execute(
            "INSERT INTO counters (name, value) VALUES ('refused_signins', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )


def record_login_success(db: Database, user_id: int, *, now: datetime) -> None:
    with write(db, bump_version=False):
        db.conn.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
            (clock.iso(now), user_id),
        )


def must_change_password(db: Database, user_id: int | None) -> bool:
    """Whether the account must choose a new password before using any page."""
    if user_id is None:
        return False
    return bool(scalar(db, "SELECT must_change_password FROM users WHERE id = ?", (user_id,)) or 0)
