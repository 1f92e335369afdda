"""A unit's registered channels with their harvest health, never with a token for pages."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dashboard.domain.enums import (
    ChannelType,
    Zone,
)
from dashboard.domain.rows import _picked


class ChannelStatus(StrEnum):
    """A channel's health (store/channels.status_of); words.CHANNEL_STATUS_LABELS names each."""

    OK = "ok"
    FAILING = "failing"  # failing for 24 hours
    ERROR = "error"  # the last run failed, not yet for 24 hours
    NEW = "new"  # never read
    NO_TOKEN = "no_token"


@dataclass(frozen=True, slots=True)
class ChannelSkip:
    """A post the channel's last run skipped, and why (Indonesian)."""

    ref: str
    reason: str


@dataclass(frozen=True, slots=True)
class Channel:
    """A unit's registered website or social account with its harvest health.

    `token_cipher` and `state` (the sealed token, the reader's state as JSON) are
    filled only for the harvest (store/channels.to_harvest); pages never get them.
    """

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    unit_tz: Zone
    type: ChannelType
    address: str
    address_key: str
    has_token: bool
    token_set_at: str | None
    token_expires_at: str | None
    created_at: str
    last_run_at: str | None
    last_success_at: str | None
    last_error: str | None  # Indonesian
    last_error_code: str | None
    failing_since: str | None
    last_found: int
    last_added: int
    last_duplicates: int
    last_skipped: int
    last_skips: tuple[ChannelSkip, ...]
    total_added: int
    figures_at: str | None
    removed_at: str | None
    token_cipher: str | None = None
    state: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Channel:
        values = _picked(cls, row)
        values["unit_tz"] = Zone(row["unit_tz"])
        values["type"] = ChannelType(row["type"])
        values["has_token"] = bool(row["has_token"])
        skips = json.loads(row["last_skips"] or "[]")
        values["last_skips"] = tuple(ChannelSkip(s["ref"], s["reason"]) for s in skips)
        return cls(**values)

    def record(self) -> dict[str, Any]:
        """The channel as the audit log keeps it (no token, no state)."""
        return {
            "id": self.id,
            "unit_id": self.unit_id,
            "type": str(self.type),
            "address": self.address,
            "has_token": self.has_token,
            "token_expires_at": self.token_expires_at,
        }
