"""Meeting-screen links (Layar Rapat), never with their token's hash."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dashboard.domain.enums import (
    UnitType,
    Zone,
)
from dashboard.domain.rows import _picked


class ScreenStatus(StrEnum):
    """Where a meeting-screen link stands at an instant (store/screens.status_of)."""

    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class ScreenLink:
    """A meeting-screen link with its scope unit (never its token's hash)."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    unit_type: UnitType
    unit_tz: Zone
    unit_active: bool
    national: bool  # scoped to the root of the unit tree, not a Kanwil
    label: str  # typed by whoever made the link: plain text only
    rotate_seconds: int
    created_at: str
    expires_at: str  # ISO instant
    created_by: int | None
    creator: str
    revoked_at: str | None
    revoked_by: int | None
    revoker: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ScreenLink:
        values = _picked(cls, row)
        values["unit_type"] = UnitType(row["unit_type"])
        values["unit_tz"] = Zone(row["unit_tz"])
        values["rotate_seconds"] = int(row["rotate_seconds"])
        for flag in ("unit_active", "national"):
            values[flag] = bool(row[flag])
        return cls(**values)

    def record(self) -> dict[str, Any]:
        """The link as the audit log and `humas screen` keep it (never the hash)."""
        return {
            "id": self.id,
            "unit_code": self.unit_code,
            "label": self.label,
            "rotate_seconds": self.rotate_seconds,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "creator": self.creator,
            "revoked_at": self.revoked_at,
            "revoker": self.revoker,
        }
