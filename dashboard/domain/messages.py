"""Messages: recipients, contacts, role defaults and the outbox."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.domain.enums import (
    MessageKind,
    OutboxStatus,
    Role,
    Via,
    Zone,
)
from dashboard.domain.rows import Principal, _picked, as_day


@dataclass(frozen=True, slots=True)
class Recipient:
    """An account as messages need it: whom to write to and whose rights apply."""

    id: int
    username: str
    role: Role
    unit_id: int
    full_name: str = ""
    active: bool = True

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Recipient:
        values = _picked(cls, row)
        values["role"] = Role(row["role"])
        if "active" in values:
            values["active"] = bool(values["active"])
        return cls(**values)

    @property
    def principal(self) -> Principal:
        return Principal(self.id, self.username, self.role, self.unit_id, self.full_name)


@dataclass(frozen=True, slots=True)
class Contact:
    """An account's address on one channel, whether it receives messages there, its last test."""

    user_id: int
    via: Via
    address: str
    enabled: bool = True
    blocked_at: str | None = None
    tested_at: str | None = None
    test_status: str | None = None  # 'sent' or 'failed'
    test_reason: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Contact:
        values = _picked(cls, row)
        values["via"] = Via(row["via"])
        if "enabled" in values:
            values["enabled"] = bool(values["enabled"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class SubscriptionDefault:
    """What a role gets of one kind of message unless an account chose otherwise."""

    role: Role
    kind: MessageKind
    enabled: bool
    at_time: str  # 'HH:MM'
    updated_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SubscriptionDefault:
        values = _picked(cls, row)
        values["role"] = Role(row["role"])
        values["kind"] = MessageKind(row["kind"])
        values["enabled"] = bool(row["enabled"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """One message of the outbox with its recipient's and unit's names."""

    id: int
    user_id: int
    username: str
    full_name: str
    kind: MessageKind
    unit_id: int
    unit_name: str
    unit_tz: Zone
    day: date  # the local date it is about
    via: Via
    address: str
    subject: str
    body: str
    status: OutboxStatus
    attempts: int
    next_attempt_at: str | None
    lease_until: str | None
    reason: str
    provider_id: str | None
    created_at: str
    updated_at: str
    sent_at: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OutboxMessage:
        values = _picked(cls, row)
        values["kind"] = MessageKind(row["kind"])
        values["unit_tz"] = Zone(row["unit_tz"])
        values["day"] = as_day(row["day"])
        values["via"] = Via(row["via"])
        values["status"] = OutboxStatus(row["status"])
        values["attempts"] = int(row["attempts"])
        return cls(**values)
