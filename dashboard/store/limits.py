"""Failed sign-ins counted per client address, and per account from one client address.

Two limits (dashboard/auth.py applies them):

- A client address that keeps failing waits: after CLIENT_FREE failures within
  CLIENT_WINDOW, each further failure makes it wait twice as long as the one
  before (1 s, 2 s, 4 s, ... up to CLIENT_MAX_DELAY), whichever accounts it
  tries. Password spraying across accounts slows to a crawl; a typing mistake in
  a shared office does not.
- An account is locked *for one client address* after ACCOUNT_FAILURES failures
  from it, for ACCOUNT_LOCK. Someone guessing the admin's password locks only
  their own address out of that account; the admin signs in from anywhere else.

IPv6 clients are counted by their /64 network (one household or phone gets a
whole /64). Rows are kept per key; a quiet window starts a fresh count.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import clock
from dashboard.store.db import Database, one

CLIENT_FREE = 10
CLIENT_WINDOW = timedelta(minutes=15)
CLIENT_MAX_DELAY = timedelta(minutes=5)
ACCOUNT_FAILURES = 5
ACCOUNT_LOCK = timedelta(minutes=15)
LOCAL = "lokal"  # no address: the same machine (loopback), a test client


def client_of(address: str | None) -> str:
    """The address as counted: IPv4 whole, IPv6 by its /64, none as 'lokal'."""
    if not isinstance(address, str) or not address.strip():
        return LOCAL
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()[:64] or LOCAL
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_key(client: str) -> str:
    return f"client:{client}"


def account_key(user_id: int, client: str) -> str:
    return f"account:{user_id}:{client}"


@dataclass(frozen=True)
class Standing:
    failures: int
    blocked_until: datetime | None


def _standing(db: Database, key: str, now: datetime, window: timedelta) -> Standing:
    row = one(
        db,
        "SELECT failures, last_failure_at, blocked_until FROM signin_limits WHERE key = ?",
        (key,),
    )
    if row is None or clock.parse_instant(row["last_failure_at"]) + window <= now:
        return Standing(0, None)  # never failed, or quiet long enough: a fresh count
    until = clock.parse_instant(row["blocked_until"]) if row["blocked_until"] else None
    return Standing(row["failures"], until if until and until > now else None)


def client_standing(db: Database, client: str, now: datetime) -> Standing:
    return _standing(db, client_key(client), now, CLIENT_WINDOW)


def account_standing(db: Database, user_id: int, client: str, now: datetime) -> Standing:
    return _standing(db, account_key(user_id, client), now, ACCOUNT_LOCK)


def client_delay(failures: int) -> timedelta:
    """How long a client waits after its n-th failure within the window."""
    if failures < CLIENT_FREE:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - CLIENT_FREE)), CLIENT_MAX_DELAY)


def _put(
    db: Database,
    key: str,
    user_id: int | None,
    failures: int,
    now: datetime,
    until: datetime | None,
) -> None:
    db.conn.execute(
        """
        INSERT INTO signin_limits (key, user_id, failures, last_failure_at, blocked_until)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET failures = excluded.failures,
            last_failure_at = excluded.last_failure_at, blocked_until = excluded.blocked_until
        """,
        (key, user_id, failures, clock.iso(now), clock.iso(until) if until else None),
    )


def count_client_failure(db: Database, client: str, now: datetime) -> Standing:
    """One more failure from the client (inside the caller's write transaction)."""
    failures = client_standing(db, client, now).failures + 1
    delay = client_delay(failures)
    until = now + delay if delay else None
    _put(db, client_key(client), None, failures, now, until)
    return Standing(failures, until)


def count_account_failure(db: Database, user_id: int, client: str, now: datetime) -> Standing:
    """One more failure for the account from this client; locked there at ACCOUNT_FAILURES."""
    failures = account_standing(db, user_id, client, now).failures + 1
    until = now + ACCOUNT_LOCK if failures >= ACCOUNT_FAILURES else None
    _put(db, account_key(user_id, client), user_id, failures, now, until)
    return Standing(failures, until)


def clear_account(db: Database, user_id: int, client: str | None = None) -> None:
    """Forget the account's failures: from one client (a success), or all (a reset)."""
    if client is None:
        db.conn.execute("DELETE FROM signin_limits WHERE user_id = ?", (user_id,))
    else:
        db.conn.execute("DELETE FROM signin_limits WHERE key = ?", (account_key(user_id, client),))
