"""Accounts: rows of the users table. Password policy and hashing live in auth.py."""

from __future__ import annotations

from datetime import datetime

from dashboard import clock, errors
from dashboard.domain import Account, Role
from dashboard.store import audit, limits, sessions
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import Database, StoreError, one, present, rows, scalar, write

SELECT = """
    SELECT us.id, us.username, us.full_name, us.email, us.role, us.unit_id,
           un.code AS unit_code, un.name AS unit_name, un.tz AS unit_tz,
           us.active, us.failed_logins, us.locked_until, us.created_at, us.last_login_at,
           us.must_change_password
    FROM users us JOIN units un ON un.id = us.unit_id
"""


def _get(db: Database, where: str, value: object) -> Account | None:
    found = one(db, f"{SELECT} WHERE {where} = ?", (value,))
    return None if found is None else Account.from_row(found)


def by_username(db: Database, username: str) -> Account | None:
    return _get(db, "us.username", username)


def by_id(db: Database, user_id: int) -> Account | None:
    return _get(db, "us.id", user_id)


def by_email(db: Database, email: str) -> Account | None:
    return _get(db, "us.email", email)


def password_hash(db: Database, user_id: int) -> str | None:
    row = one(db, "SELECT password_hash FROM users WHERE id = ?", (user_id,))
    return row["password_hash"] if row else None


def list_users(db: Database, who: Principal) -> list[Account]:
    require_admin(who)
    return [Account.from_row(row) for row in rows(db, f"{SELECT} ORDER BY us.username")]


def principal_of(user: Account) -> Principal:
    return user.principal


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
    if role not in tuple(Role):
        raise StoreError(errors.USER_ROLE_UNKNOWN, role=role, choices=tuple(Role))
    now = clock.now_iso()
    with write(db):
        if by_username(db, username):
            raise StoreError(errors.USER_NAME_TAKEN, username=username)
        if email and by_email(db, email):
            raise StoreError(errors.USER_EMAIL_TAKEN, email=email)
        cursor = db.conn.execute(
            """
            INSERT INTO users (username, full_name, email, role, unit_id, password_hash,
                               must_change_password, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
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
        user = present(by_id(db, cursor.fetchone()[0]))
        audit.record(db, who, "create", "user", username, unit_id=unit_id, after=user.record())
        return user.id


def set_active(db: Database, who: Principal, user_id: int, active: bool) -> int:
    """Activate or deactivate an account; a deactivation ends its sessions (how many: returned)."""
    require_admin(who)
    if who.user_id == user_id and not active:
        raise StoreError(errors.USER_DEACTIVATE_SELF)
    with write(db):
        before = by_id(db, user_id)
        if before is None:
            raise StoreError(errors.USER_NOT_FOUND)

        db.conn.execute(
            "UPDATE users SET active = ?, updated_at = ? WHERE id = ?",
            (1 if active else 0, clock.now_iso(), user_id),
        )
        audit.record(
            db,
            who,
            "activate" if active else "deactivate",
            "user",
            before.username,
            unit_id=before.unit_id,
            before=before.record(),
            after=present(by_id(db, user_id)).record(),
        )
        if not active:  # an open tab of the account shows the sign-in page at its next run
            return sessions.end_all(db, who, user_id, "deactivated")
        return 0


def set_password(
    db: Database, who: Principal, user_id: int, new_hash: str, *, keep_session: int | None = None
) -> None:
    """Admin reset, or a user changing its own password. Clears any lockout.

    A reset by anyone else (an admin, the command line) leaves a password that
    someone else knows: the account must choose its own at its next sign-in.
    Its owner changing it clears that.

    Ends every session of the account, but `keep_session` (the session of a
    person changing its own password stays signed in where it is).
    """
    own = who.user_id == user_id
    if not own:
        require_admin(who)
    with write(db):
        before = by_id(db, user_id)
        if before is None:
            raise StoreError(errors.USER_NOT_FOUND)

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
            before.username,
            unit_id=before.unit_id,
            before=before.record(lock=True) | {"password": "lama"},
            after=present(by_id(db, user_id)).record(lock=True) | {"password": "baru"},
        )
        sessions.end_all(db, who, user_id, "password", keep=keep_session)
        clear_signin_limits(db, user_id)


def _mirror_locks(db: Database, user_id: int, now: datetime) -> None:
    """users.failed_logins / locked_until show the account's worst standing from any client.

    Locks are per account and client address (store/limits.py); these two
    columns only tell the Pengguna page that someone is locked out somewhere.
    """
    worst = one(
        db,
        """
        SELECT max(CASE WHEN blocked_until > ? THEN blocked_until END) AS until,
               coalesce(max(CASE WHEN last_failure_at > ? THEN failures END), 0) AS failures
        FROM signin_limits WHERE user_id = ?
        """,
        (clock.iso(now), clock.iso(now - limits.ACCOUNT_LOCK), user_id),
    )
    assert worst is not None  # an aggregate without GROUP BY gives one row
    db.conn.execute(
        "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
        (worst["failures"], worst["until"], user_id),
    )


def record_login_failure(db: Database, user_id: int, *, now: datetime, client: str) -> bool:
    """Count a wrong password for the account from `client`; True when that locks it there."""
    with write(db, bump_version=False):
        before = present(by_id(db, user_id))
        limits.count_client_failure(db, client, now)
        standing = limits.count_account_failure(db, user_id, client, now)
        _mirror_locks(db, user_id, now)
        locked = standing.failures == limits.ACCOUNT_FAILURES
        if locked:
            audit.record(
                db,
                before.principal,
                "lock",
                "user",
                before.username,
                unit_id=before.unit_id,
                before=before.record(lock=True),
                after=present(by_id(db, user_id)).record(lock=True) | {"alamat": client},
            )
        return locked


def record_client_failure(db: Database, *, now: datetime, client: str) -> None:
    """A refusal that names no account to count against (unknown, inactive): the client's."""
    with write(db, bump_version=False):
        limits.count_client_failure(db, client, now)


def record_refused_attempt(db: Database) -> None:
    """A refusal with nothing to record still commits one write, as a counted failure does.

    Sign-in paths must cost the same (see auth.authenticate): without this, an
    unknown name would answer a durable write (an fsync) faster than a known one.
    """
    with write(db, bump_version=False):
        # A real change, so the commit syncs to disk exactly like a counted failure.
        db.conn.execute(
            "INSERT INTO counters (name, value) VALUES ('refused_signins', 1) "
            "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1"
        )


def record_login_success(db: Database, user_id: int, *, now: datetime, client: str) -> None:
    with write(db, bump_version=False):
        limits.clear_account(db, user_id, client)
        _mirror_locks(db, user_id, now)
        db.conn.execute(
            "UPDATE users SET last_login_at = ? WHERE id = ?", (clock.iso(now), user_id)
        )


def must_change_password(db: Database, user_id: int | None) -> bool:
    """Whether the account must choose a new password before using any page."""
    if user_id is None:
        return False
    return bool(scalar(db, "SELECT must_change_password FROM users WHERE id = ?", (user_id,)) or 0)


def clear_signin_limits(db: Database, user_id: int) -> None:
    """Forget the account's failed sign-ins from every client (an admin reset, a new password)."""
    limits.clear_account(db, user_id)
