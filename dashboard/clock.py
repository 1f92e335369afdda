"""Time, as the app sees it: instants in UTC, days in each unit's own zone.

"Today" is always the unit's local date, never the server's. HUMAS_NOW
(an ISO instant, e.g. 2026-11-25T12:00:00Z) freezes the clock for demos,
screenshots and browser tests that run the server in another process.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dashboard.domain import Zone

ZONES = {str(z): z.abbreviation for z in Zone}  # "Asia/Jakarta" -> "WIB", …
ENV_NOW = "HUMAS_NOW"


def utc_now() -> datetime:
    frozen = os.environ.get(ENV_NOW)
    if frozen:
        return parse_instant(frozen)
    return datetime.now(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; a naive one is taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(instant: datetime) -> str:
    """How instants are stored: UTC, seconds precision, with a Z."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return iso(utc_now())


def zone(tz: str) -> ZoneInfo:
    if tz not in ZONES:
        raise ValueError(f"unknown time zone {tz!r}; expected one of {', '.join(ZONES)}")
    return ZoneInfo(tz)


def local_now(tz: str, instant: datetime | None = None) -> datetime:
    return (instant or utc_now()).astimezone(zone(tz))


def local_today(tz: str, instant: datetime | None = None) -> date:
    return local_now(tz, instant).date()


def local_date_of(instant: datetime, tz: str) -> date:
    """The unit-local calendar day an instant falls on (23:30 WITA stays that day)."""
    return instant.astimezone(zone(tz)).date()


def abbrev(tz: str) -> str:
    return ZONES.get(tz, tz)


def time_left_today(tz: str, instant: datetime | None = None) -> timedelta:
    """How long until the unit's day turns over."""
    now = local_now(tz, instant)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    return midnight - now
