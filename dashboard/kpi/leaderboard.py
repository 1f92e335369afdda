"""Leaderboards among peers, with the rule written out for everyone to read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Entry:
    unit_id: int
    name: str
    news: int
    news_target: float | None
    news_days: int
    total_output: int
    rank: int = 0

    @property
    def attainment(self) -> float | None:
        if self.news_target is None or self.news_target <= 0:
            return None
        return self.news / self.news_target


def _key(entry: Entry) -> tuple:
    has_target = entry.attainment is not None
    return (
        0 if has_target else 1,
        -(entry.attainment or 0.0),
        -entry.news_days,
        -entry.total_output,
    )


def rank(entries: Iterable[Entry]) -> list[Entry]:
    """Sorted best first; equal keys share a rank (1, 2, 2, 4), names break display ties only."""
    ordered = sorted(entries, key=lambda e: (_key(e), e.name))
    ranked: list[Entry] = []
    previous_key, previous_rank = None, 0
    for position, entry in enumerate(ordered, 1):
        key = _key(entry)
        current = previous_rank if key == previous_key else position
        ranked.append(replace(entry, rank=current))
        previous_key, previous_rank = key, current
    return ranked


def position_of(ranked: list[Entry], unit_id: int) -> tuple[int, int] | None:
    """(rank, number of peers) of one unit, or None when it is not among them."""
    for entry in ranked:
        if entry.unit_id == unit_id:
            return entry.rank, len(ranked)
    return None
