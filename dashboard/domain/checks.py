"""Link checks: what is due, the latest check, the flags a reviewer decides, a decision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.domain.enums import (
    CheckOutcome,
    CheckVerdict,
    ReviewDecision,
    Zone,
)
from dashboard.domain.rows import _picked, as_day


@dataclass(frozen=True, slots=True)
class CheckDue:
    """An item whose link is due for a check (never checked, corrected since, or re-check due)."""

    id: int
    unit_id: int
    tz: Zone  # the unit's
    day: date
    kind: str
    title: str
    link: str
    link_key: str | None
    flagged: bool

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CheckDue:
        values = _picked(cls, row)
        values["tz"] = Zone(row["tz"])
        values["day"] = as_day(row["day"])
        values["flagged"] = bool(row["flagged"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """The latest check of an item's link: what the page answered and what was flagged."""

    item_id: int
    link: str
    day: date
    checked_at: str
    outcome: CheckOutcome
    status: int | None  # HTTP status
    final_url: str | None
    final_key: str | None
    page_title: str | None
    published: str | None  # ISO date the page says it was published
    detail: str | None
    reasons: tuple[str, ...]  # store/checks.REASONS codes
    verdict: CheckVerdict
    recheck_at: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> LinkCheck:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["outcome"] = CheckOutcome(row["outcome"])
        values["reasons"] = reason_codes(row["reasons"])
        values["verdict"] = CheckVerdict(row["verdict"])
        return cls(**values)


def reason_codes(text: str | None) -> tuple[str, ...]:
    """A check's stored reasons ('a,b') as codes."""
    return tuple(r for r in (text or "").split(",") if r)


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    """An open flagged item a leader may decide on, with what its check found."""

    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    day: date
    kind: str
    kind_short: str
    title: str
    link: str | None
    link_key: str | None
    reasons: tuple[str, ...]
    checked_at: str | None
    status: int | None
    final_url: str | None
    page_title: str | None
    published: str | None
    detail: str | None
    others: tuple[str, ...] = ()  # other units that recorded the same link first

    @classmethod
    def from_row(cls, row: Mapping[str, Any], others: tuple[str, ...] = ()) -> ReviewFlag:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["reasons"] = reason_codes(row["reasons"])
        values["others"] = others
        return cls(**values)


@dataclass(frozen=True, slots=True)
class UnitFlag:
    """A unit's own item with an open flag or a rejection, as its operator sees it."""

    id: int
    day: date
    kind: str
    kind_short: str
    title: str
    link: str | None
    version: int
    reasons: tuple[str, ...]
    decision: ReviewDecision | None  # None while open
    note: str | None
    reviewer: str | None
    decided_at: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any], reasons: str | None) -> UnitFlag:
        values = _picked(cls, row)
        values["day"] = as_day(row["day"])
        values["reasons"] = reason_codes(reasons)
        values["decision"] = ReviewDecision(row["decision"]) if row["decision"] else None
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Review:
    """A decision just taken on a flagged item."""

    id: int
    unit_id: int
    decision: ReviewDecision
    reasons: tuple[str, ...]
    note: str
