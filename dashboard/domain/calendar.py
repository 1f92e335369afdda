"""The working calendar's special days: what an admin set apart from the usual week."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.domain.rows import _picked, as_day


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """A day made a working day or a day off: nationally (`unit_id` None) or for a unit and
    every unit below it. The Kalender Kerja page also holds the change it is asking about as
    one (no unit code or name, not yet created)."""

    day: date
    working: bool
    note: str  # typed by an admin: plain text only
    unit_id: int | None = None
    unit_code: str | None = None
    unit_name: str | None = None
    created_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CalendarOverride:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["working"] = bool(row["working"])
        return cls(**values)

    @property
    def national(self) -> bool:
        return self.unit_id is None
