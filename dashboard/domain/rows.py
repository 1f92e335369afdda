"""The rows pages use most: units, targets, items, link conflicts, the acting principal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from typing import Any

from dashboard import words
from dashboard.domain.enums import (
    LEADERS,
    CountsOn,
    Group,
    ItemStatus,
    Period,
    Role,
    Scope,
    Source,
    Tag,
    TargetState,
    UnitType,
    Zone,
)


def as_day(value: date | str) -> date:
    """A stored day (ISO text on both backends) as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _picked(cls: type, row: Mapping[str, Any]) -> dict[str, Any]:
    """The row's values for the dataclass's fields (a missing optional column keeps its default)."""
    return {name: row[name] for name in _names(cls) if name in row}


@cache
def _names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, read once (`fields()` on every row cost more than the row)."""
    return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a signed-in account, or the command line's maintenance principal."""

    user_id: int | None
    username: str
    role: str
    unit_id: int | None
    full_name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_leader(self) -> bool:
        return self.role in LEADERS


@dataclass(frozen=True, slots=True)
class Unit:
    id: int
    code: str
    name: str
    type: UnitType
    parent_id: int | None = None
    parent_code: str | None = None
    province: str = ""
    tz: Zone = Zone.WIB
    active: bool = True

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Unit:
        values = _picked(cls, row)
        values["type"] = UnitType(values["type"])
        if "tz" in values:
            values["tz"] = Zone(values["tz"])
        if "active" in values:
            values["active"] = bool(values["active"])
        return cls(**values)

    def record(self) -> dict[str, Any]:
        """The unit as the audit log stores it (the row's own shape: `active` as 0 or 1)."""
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "type": str(self.type),
            "parent_id": self.parent_id,
            "parent_code": self.parent_code,
            "province": self.province,
            "tz": str(self.tz),
            "active": int(self.active),
        }


@dataclass(frozen=True, slots=True)
class Target:
    """A coordination goal: `value` of `metric` per `period` for a scope, from `valid_from` on."""

    id: int
    scope: Scope
    unit_type: UnitType | None
    unit_id: int | None
    metric: str  # a Group, or one metric kind's code
    period: Period
    value: int
    counts_on: CountsOn
    valid_from: date
    valid_to: date | None
    unit_code: str | None = None
    unit_name: str | None = None
    note: str = ""
    created_at: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Target:
        values = _picked(cls, row)
        values["scope"] = Scope(values["scope"])
        values["unit_type"] = UnitType(row["unit_type"]) if row["unit_type"] else None
        values["period"] = Period(values["period"])
        values["counts_on"] = CountsOn(values["counts_on"])
        values["value"] = int(values["value"])
        values["valid_from"] = as_day(row["valid_from"])
        values["valid_to"] = as_day(row["valid_to"]) if row["valid_to"] else None
        return cls(**values)

    def state_on(self, day: date) -> TargetState:
        """Not yet in force, in force (valid_from and valid_to inclusive) or ended, on `day`."""
        if day < self.valid_from:
            return TargetState.UPCOMING
        if self.valid_to is not None and self.valid_to < day:
            return TargetState.ENDED
        return TargetState.IN_FORCE

    def holds_on(self, day: date) -> bool:
        """The target is in force on `day` (valid_from and valid_to inclusive; open when None)."""
        return self.state_on(day) == TargetState.IN_FORCE

    @property
    def rule(self) -> str:
        """The target in the words a unit head uses: '1 berita per hari kerja'."""
        return words.target_rule(self.value, self.metric, self.period, self.counts_on)

    def applies_to(self, unit: Unit) -> bool:
        if self.scope == Scope.UNIT:
            return self.unit_id == unit.id
        if self.scope == Scope.UNIT_TYPE:
            return self.unit_type == unit.type
        return True

    def record(self) -> dict[str, Any]:
        """The target as the audit log stores it (the row's own shape: days as ISO text)."""
        return {
            "id": self.id,
            "scope": str(self.scope),
            "unit_type": str(self.unit_type) if self.unit_type else None,
            "unit_id": self.unit_id,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "metric": self.metric,
            "period": str(self.period),
            "value": self.value,
            "counts_on": str(self.counts_on),
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "note": self.note,
            "created_at": self.created_at,
        }


@dataclass(frozen=True, slots=True)
class Item:
    """One live (or rejected) output item with its unit's and kind's names, as pages show it."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    day: date
    kind: str
    kind_label: str
    kind_short: str
    grp: Group
    title: str
    link: str | None
    note: str
    tag: Tag | None
    source: Source
    published_at: str | None  # ISO instant (UTC) when the post says when it went out
    late: bool
    flagged: bool
    link_key: str | None
    created_at: str
    updated_at: str
    version: int
    rejected: bool
    created_by: str | None  # the account's user name

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Item:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["grp"] = Group(row["grp"])
        values["tag"] = Tag(row["tag"]) if row["tag"] else None
        values["source"] = Source(row["source"])
        for flag in ("late", "flagged", "rejected"):
            values[flag] = bool(row[flag])
        return cls(**values)

    @property
    def status(self) -> ItemStatus:
        return ItemStatus.REJECTED if self.rejected else ItemStatus.LIVE


@dataclass(frozen=True, slots=True)
class LinkConflict:
    """Two live items of different units on one link; `first` is the earlier claim."""

    link_key: str
    first: Item
    second: Item
