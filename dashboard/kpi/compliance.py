"""'Ada berita hari ini': which units have news on their own local today."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from dashboard import clock


@dataclass(frozen=True)
class Compliance:
    with_news: list[dict]
    without_news: list[dict]

    @property
    def total(self) -> int:
        return len(self.with_news) + len(self.without_news)

    @property
    def share(self) -> float | None:
        return len(self.with_news) / self.total if self.total else None


def local_todays(units: Iterable[Mapping], now: datetime) -> dict[int, date]:
    """Each unit's own today: at 23:30 WIB it is already tomorrow in Jayapura."""
    return {u["id"]: clock.local_today(u["tz"], now) for u in units}


def news_today(
    units: Iterable[Mapping], news_counts: Mapping[tuple[int, date], int], now: datetime
) -> Compliance:
    """`news_counts` maps (unit id, day) to news items; each unit is judged on its local day."""
    units = list(units)
    todays = local_todays(units, now)
    with_news, without = [], []
    for unit in units:
        (with_news if news_counts.get((unit["id"], todays[unit["id"]]), 0) > 0 else without).append(
            unit
        )
    return Compliance(with_news, without)
