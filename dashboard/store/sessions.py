"""Server-side sessions: who is signed in, in which browser, until when.

A session is a row; the browser holds a random 256-bit value in an HttpOnly
cookie, and the row keeps only its SHA-256. Signing in creates the row with a
one-time ticket instead of a cookie value (a page script cannot set cookies):
the app's route /sesi/mulai redeems the ticket, makes the cookie value, stores
its hash and sets the cookie (dashboard/web/routes.py). Every page run then
finds the session by the cookie's hash (`check`), which is one indexed query.

A session is live while it has not ended, its absolute limit has not passed
and it was seen within the idle limit. Ending one (Keluar, Akhiri, a password
change, a deactivated account, an admin) is a write, audited; expiry is not a
write: a session past a limit is simply no longer live.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dashboard import clock, errors
from dashboard.domain import AccountSession, SessionEndReason, SessionMethod
from dashboard.store import audit
from dashboard.store.access import AccessDenied, Principal, principal_of
from dashboard.store.db import Database, StoreError, one, present, rows, scalar, write

SECRET_BYTES = 32  # 256 bits, for cookie values and tickets alike
TICKET_LIFE = timedelta(minutes=2)
# last_seen_at is written at most this often: a page run is a read, not a write.
TOUCH_EVERY = timedelta(seconds=60)
# Rows of sessions that ended or expired this long ago are deleted when a new one starts.
KEEP_DEAD = timedelta(days=90)
USER_AGENT_MAX = 300
ADDRESS_MAX = 64

END_LABELS = {
    "sign_out": "keluar",
    "ended": "diakhiri pemiliknya",
    "all": "keluar dari semua perangkat",
    "admin": "diakhiri admin",
    "deactivated": "akun dinonaktifkan",
    "password": "kata sandi diganti",
}
assert set(END_LABELS) == set(SessionEndReason)

# Why a session is not live (check); the page words each for the person.
UNKNOWN, ENDED, IDLE, EXPIRED, INACTIVE = "unknown", "ended", "idle", "expired", "inactive"


def new_secret() -> str:
    """A random 256-bit value, URL-safe (43 characters)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Started:
    session_id: int
    ticket: str | None  # None when no browser cookie was there to bind it to


@dataclass(frozen=True)
class Live:
    session_id: int
    principal: Principal
    method: str
    last_seen_at: datetime


def _clip(text: str | None, limit: int) -> str:
    # Header text as it came; printable characters only, so the CHECKs and pages stay simple.
    cleaned = "".join(ch for ch in (text or "") if ch.isprintable())
    return cleaned[:limit]


def start(
    db: Database,
    user_id: int,
    *,
    method: str,
    now: datetime,
    max_age: timedelta,
    user_agent: str | None = None,
    address: str | None = None,
    browser_secret: str | None = None,
) -> Started:
    """A new session for an active account (a fresh id at every sign-in).

    With `browser_secret` (the browser's own cookie), the session also gets a
    one-time ticket bound to that browser, which /sesi/mulai turns into the
    session cookie; without it the session lives in the signing-in tab only.
    """
    if method not in tuple(SessionMethod):
        raise StoreError(f"unknown sign-in method {method!r}")
    ticket = new_secret() if browser_secret else None
    with write(db, bump_version=False):
        user = one(
            db,
            "SELECT id AS user_id, username, full_name, role, unit_id, active FROM users "
            "WHERE id = ?",
            (user_id,),
        )
        if user is None or not user["active"]:
            raise AccessDenied(errors.ACCESS_INACTIVE)
        db.conn.execute(
            "DELETE FROM sessions WHERE expires_at < ? OR (ended_at IS NOT NULL AND ended_at < ?)",
            (clock.iso(now - KEEP_DEAD), clock.iso(now - KEEP_DEAD)),
        )
        cursor = db.conn.execute(
            """
            INSERT INTO sessions (ticket_hash, ticket_expires_at, browser_hash, user_id, method,
                                  created_at, last_seen_at, expires_at, user_agent, address)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """,
            (
                digest(ticket) if ticket else None,
                clock.iso(now + TICKET_LIFE) if ticket else None,
                digest(browser_secret) if browser_secret else "",
                user_id,
                method,
                clock.iso(now),
                clock.iso(now),
                clock.iso(now + max_age),
                _clip(user_agent, USER_AGENT_MAX),
                _clip(address, ADDRESS_MAX),
            ),
        )
        session_id = cursor.fetchone()[0]
        audit.record(
            db,
            _principal(user),
            "start",
            "session",
            session_id,
            unit_id=user["unit_id"],
            after=_public(present(one(db, f"{SELECT} WHERE s.id = ?", (session_id,)))),
        )
    return Started(session_id, ticket)


def redeem(db: Database, ticket: str, *, browser_secret: str | None, now: datetime) -> str | None:
    """The session cookie's value for a ticket, once; None for anything else.

    The ticket must be unexpired, unused, of a session that has not ended, and
    presented by the browser it was bound to. The value is made here and only
    its hash is kept.
    """
    if not ticket or not browser_secret:
        return None
    with write(db, bump_version=False):
        row = one(
            db,
            "SELECT id, browser_hash, ticket_expires_at, ended_at FROM sessions "
            "WHERE ticket_hash = ?",
            (digest(ticket),),
        )
        if (
            row is None
            or row["ended_at"] is not None
            or clock.parse_instant(row["ticket_expires_at"]) <= now
            or not hmac.compare_digest(row["browser_hash"], digest(browser_secret))
        ):
            return None
        token = new_secret()
        db.conn.execute(
            "UPDATE sessions SET token_hash = ?, ticket_hash = NULL, ticket_expires_at = NULL "
            "WHERE id = ?",
            (digest(token), row["id"]),
        )
    return token


SELECT = """
    SELECT s.id, s.user_id, s.method, s.created_at, s.last_seen_at, s.expires_at,
           s.user_agent, s.address, s.ended_at, s.end_reason,
           s.token_hash IS NOT NULL AS has_cookie,
           u.username, u.full_name, u.role, u.unit_id, u.active
    FROM sessions s JOIN users u ON u.id = s.user_id
"""


def _principal(row: dict[str, Any]) -> Principal:
    return principal_of(row, id_key="user_id")


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a session: never a hash."""
    return {
        "akun": row["username"],
        "metode": row["method"],
        "perangkat": row["user_agent"],
        "alamat": row["address"],
        "berakhir": row["expires_at"],
    }


def _state(row: dict[str, Any] | None, now: datetime, idle: timedelta) -> str | None:
    """None when live, else why not."""
    if row is None:
        return UNKNOWN
    if not row["active"]:  # first: a deactivation also ended the session, this says why
        return INACTIVE
    if row["ended_at"] is not None:
        return ENDED
    if clock.parse_instant(row["expires_at"]) <= now:
        return EXPIRED
    if clock.parse_instant(row["last_seen_at"]) + idle < now:
        return IDLE
    return None


def check(
    db: Database,
    *,
    now: datetime,
    idle: timedelta,
    token: str | None = None,
    session_id: int | None = None,
) -> Live | str:
    """The live session named by its cookie value (or its id), or why there is none."""
    if token is not None:
        row = one(db, f"{SELECT} WHERE s.token_hash = ?", (digest(token),))
    elif session_id is not None:
        row = one(db, f"{SELECT} WHERE s.id = ?", (session_id,))
    else:
        return UNKNOWN
    why = _state(row, now, idle)
    if why is not None:
        return why
    assert row is not None  # _state names a missing row UNKNOWN
    return Live(
        session_id=row["id"],
        principal=_principal(row),
        method=row["method"],
        last_seen_at=clock.parse_instant(row["last_seen_at"]),
    )


def touch(db: Database, live: Live, now: datetime) -> bool:
    """Record activity, at most once a minute; True when written."""
    if now - live.last_seen_at < TOUCH_EVERY:
        return False
    with write(db, bump_version=False):
        db.conn.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
            (clock.iso(now), live.session_id, clock.iso(now)),
        )
    return True


def _require_owner_or_admin(who: Principal, user_id: int) -> None:
    if who.user_id != user_id and not who.is_admin:
        raise AccessDenied(errors.SESSION_OWN_ONLY)


def _live_clause(now: datetime, idle: timedelta) -> tuple[str, tuple[Any, ...]]:
    return (
        "s.ended_at IS NULL AND s.expires_at > ? AND s.last_seen_at >= ?",
        (clock.iso(now), clock.iso(now - idle)),
    )


def list_live(
    db: Database, who: Principal, user_id: int, *, now: datetime, idle: timedelta
) -> list[AccountSession]:
    """An account's live sessions, the most recently seen first (the owner or an admin)."""
    _require_owner_or_admin(who, user_id)
    clause, params = _live_clause(now, idle)
    found = rows(
        db,
        f"{SELECT} WHERE s.user_id = ? AND {clause} ORDER BY s.last_seen_at DESC, s.id DESC",
        (user_id, *params),
    )
    return [AccountSession.from_row(row) for row in found]


def ended_since(db: Database, user_id: int, instant: datetime) -> bool:
    """Whether a session of the account was ended at or after `instant` (not by its own Keluar,
    which also signs that browser out of SSO)."""
    found = scalar(
        db,
        "SELECT 1 FROM sessions WHERE user_id = ? AND ended_at >= ? AND end_reason <> 'sign_out' "
        "LIMIT 1",
        (user_id, clock.iso(instant)),
    )
    return found is not None


def count_live(db: Database, *, now: datetime, idle: timedelta) -> int:
    clause, params = _live_clause(now, idle)
    return int(scalar(db, f"SELECT count(*) FROM sessions s WHERE {clause}", params))


def end(db: Database, who: Principal, session_id: int, reason: str) -> bool:
    """End one session; False when it had already ended (or is unknown)."""
    if reason not in tuple(SessionEndReason):
        raise StoreError(f"unknown reason {reason!r}")
    with write(db, bump_version=False):
        row = one(db, f"{SELECT} WHERE s.id = ?", (session_id,))
        if row is None:
            return False
        _require_owner_or_admin(who, row["user_id"])
        if row["ended_at"] is not None:
            return False
        _end_rows(db, who, [row], reason)
    return True


def end_all(
    db: Database, who: Principal, user_id: int, reason: str, *, keep: int | None = None
) -> int:
    """End every session of an account that has not ended (but `keep`); how many ended.

    Called inside the write transaction of a deactivation or a password change,
    so the account change and the end of its sessions commit together.
    """
    if reason not in tuple(SessionEndReason):
        raise StoreError(f"unknown reason {reason!r}")
    _require_owner_or_admin(who, user_id)
    with write(db, bump_version=False):
        found = rows(
            db,
            f"{SELECT} WHERE s.user_id = ? AND s.ended_at IS NULL AND s.id IS DISTINCT FROM ?",
            (user_id, keep),
        )
        now = clock.utc_now()
        # Sessions already past a limit end too, quietly: nothing to tell the log about them.
        live = [r for r in found if clock.parse_instant(r["expires_at"]) > now]
        _end_rows(db, who, found, reason, audited=live)
    return len(live)


def _end_rows(
    db: Database,
    who: Principal,
    found: list[dict[str, Any]],
    reason: str,
    *,
    audited: list[dict[str, Any]] | None = None,
) -> None:
    if not found:
        return
    now = clock.now_iso()
    db.conn.executemany(
        "UPDATE sessions SET ended_at = ?, end_reason = ?, ticket_hash = NULL, "
        "ticket_expires_at = NULL WHERE id = ? AND ended_at IS NULL",
        [(now, reason, r["id"]) for r in found],
    )
    for row in found if audited is None else audited:
        audit.record(
            db,
            who,
            "end",
            "session",
            row["id"],
            unit_id=row["unit_id"],
            before=_public(row),
            after={"alasan": END_LABELS[reason]},
        )
