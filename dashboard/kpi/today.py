"""The verdict of a unit's local today: is there news yet, and how long is left."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dashboard import clock, words
from dashboard.domain import NEWS


@dataclass(frozen=True)
class TodayVerdict:
    has_news: bool
    time_left: timedelta
    zone: str
    counts: dict[str, int]  # group -> items today

    @property
    def headline(self) -> str:
        return words.headline(self.has_news, self.time_left, self.zone)


def verdict(groups: Iterable[str], tz: str, now: datetime) -> TodayVerdict:
    """`groups` are the groups of the unit's live items of its local today, one per item."""
    counts = Counter(groups)
    return TodayVerdict(
        has_news=counts.get(NEWS, 0) > 0,
        time_left=clock.time_left_today(tz, now),
        zone=clock.abbrev(tz),
        counts=dict(counts),
    )
