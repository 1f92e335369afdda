"""Accounts and their sign-in sessions, as the store's users and sessions reads give them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.domain.enums import (
    Role,
    SessionEndReason,
    SessionMethod,
    Zone,
)
from dashboard.domain.rows import Principal, _picked


@dataclass(frozen=True, slots=True)
class Account:
    """An account with its unit (never its password hash), as the store's users reads give it."""

    id: int
    username: str
    full_name: str
    email: str | None
    role: Role
    unit_id: int
    unit_code: str
    unit_name: str
    unit_tz: Zone
    active: bool
    failed_logins: int
    locked_until: str | None  # ISO instant while locked out somewhere
    created_at: str
    last_login_at: str | None
    must_change_password: bool

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Account:
        values = _picked(cls, row)
        values["role"] = Role(row["role"])
        values["unit_tz"] = Zone(row["unit_tz"])
        values["failed_logins"] = int(row["failed_logins"] or 0)
        for flag in ("active", "must_change_password"):
            values[flag] = bool(row[flag])
        return cls(**values)

    @property
    def principal(self) -> Principal:
        return Principal(
            user_id=self.id,
            username=self.username,
            role=self.role,
            unit_id=self.unit_id,
            full_name=self.full_name,
        )

    def record(self, *, lock: bool = False) -> dict[str, Any]:
        """The account as the audit log stores it (the row's own shape: flags as 0 or 1).

        `lock` adds what a password or lockout change alters, besides the hash the log never holds.
        """
        kept = {
            "username": self.username,
            "full_name": self.full_name,
            "email": self.email,
            "role": str(self.role),
            "unit_code": self.unit_code,
            "active": int(self.active),
            "must_change_password": int(self.must_change_password),
        }
        if lock:
            kept |= {"failed_logins": self.failed_logins, "locked_until": self.locked_until}
        return kept


@dataclass(frozen=True, slots=True)
class AccountSession:
    """One sign-in session of an account (never its hashes), as the account pages list them."""

    id: int
    user_id: int
    method: SessionMethod
    created_at: str
    last_seen_at: str
    expires_at: str
    user_agent: str
    address: str
    ended_at: str | None
    end_reason: SessionEndReason | None
    has_cookie: bool
    username: str
    full_name: str
    role: Role
    unit_id: int
    active: bool  # the account's

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> AccountSession:
        values = _picked(cls, row)
        values["method"] = SessionMethod(row["method"])
        values["end_reason"] = SessionEndReason(row["end_reason"]) if row["end_reason"] else None
        values["role"] = Role(row["role"])
        for flag in ("has_cookie", "active"):
            values[flag] = bool(row[flag])
        return cls(**values)
