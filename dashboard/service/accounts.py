"""Accounts and their sign-in sessions, as the account and user pages need them."""

from __future__ import annotations

from datetime import datetime, timedelta

from dashboard import auth
from dashboard.domain import Account, AccountSession
from dashboard.store import sessions as session_store
from dashboard.store import users as user_store
from dashboard.store.access import Principal
from dashboard.store.db import Database

__all__ = [
    "change_own_password",
    "create_account",
    "end_all_sessions_of",
    "end_session",
    "list_accounts",
    "must_change_password",
    "live_sessions",
    "reset_password",
    "set_active",
    "sign_out_everywhere",
]


def list_accounts(db: Database, who: Principal) -> list[Account]:
    """Every account with its unit, for an admin (the store refuses anyone else)."""
    return user_store.list_users(db, who)


def set_active(db: Database, who: Principal, user_id: int, active: bool) -> int:
    """Turn an account on or off (admins); turning it off ends its sessions."""
    return user_store.set_active(db, who, user_id, active)


def live_sessions(
    db: Database, who: Principal, user_id: int, *, now: datetime, idle: timedelta
) -> list[AccountSession]:
    """An account's live sessions, most recently seen first (its owner or an admin)."""
    return session_store.list_live(db, who, user_id, now=now, idle=idle)


def end_session(db: Database, who: Principal, session_id: int) -> bool:
    """The owner ends one of its sessions; False when it had already ended."""
    return session_store.end(db, who, session_id, "ended")


def sign_out_everywhere(db: Database, who: Principal) -> int:
    """The owner ends every session of its own account; how many ended."""
    if who.user_id is None:
        return 0
    return session_store.end_all(db, who, who.user_id, "all")


def end_all_sessions_of(db: Database, who: Principal, user_id: int) -> int:
    """An admin ends every session of an account; how many ended."""
    return session_store.end_all(db, who, user_id, "admin")


def must_change_password(db: Database, who: Principal) -> bool:
    """Whether `who` must choose a new password before using any page."""
    return user_store.must_change_password(db, who.user_id)


# --- passwords and new accounts (dashboard.auth hashes; the page never holds a hash) -----


# Add an account (admin only): `auth.create_user` checks every field, hashes the password
# and records it; the page calls it by this name.
create_account = auth.create_user


def reset_password(db: Database, who: Principal, user_id: int, new_password: str) -> None:
    """An admin sets another account's password (`auth.reset_password`)."""
    auth.reset_password(db, who, user_id, new_password)


def change_own_password(
    db: Database, who: Principal, current: str, new_password: str, *, keep_session: int | None
) -> None:
    """`who` changes its own password, ending its other sessions (`auth.change_own_password`)."""
    auth.change_own_password(db, who, current, new_password, keep_session=keep_session)
