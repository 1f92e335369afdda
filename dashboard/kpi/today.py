"""The verdict of a unit's local today: is there news yet, and how long is left."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dashboard import clock, fmt
from dashboard.kpi.figures import Window

NEWS_GROUP = "berita"


@dataclass(frozen=True)
class TodayVerdict:
    has_news: bool
    time_left: timedelta
    zone: str
    counts: dict[str, int]  # group -> items today

    @property
    def headline(self) -> str:
        return headline(self.has_news, self.time_left, self.zone)


def headline(has_news: bool, time_left: timedelta, zone: str) -> str:
    """The verdict in the words of the guide, for every page that shows it."""
    if has_news:
        return "Sudah ada berita hari ini"
    return f"Belum ada berita — {fmt.duration(time_left)} lagi sebelum hari berganti ({zone})"


def verdict(items: Iterable[dict[str, Any]], tz: str, now: datetime) -> TodayVerdict:
    """`items` are the unit's live items of its local today, each with its group `grp`."""
    counts = Counter(item["grp"] for item in items)
    return TodayVerdict(
        has_news=counts.get(NEWS_GROUP, 0) > 0,
        time_left=clock.time_left_today(tz, now),
        zone=clock.abbrev(tz),
        counts=dict(counts),
    )


# How the day's figures read where an operator saves (Input Harian) and on Beranda.
SHORT_GROUP_LABELS = {
    "berita": "Berita",
    "medsos": "Medsos",
    "media": "Media",
    "kegiatan": "Kegiatan",
}
ALWAYS_SHOWN = ("berita", "medsos")  # the two daily goals; the others only with a target
MET = "✓"


def goal_progress(windows: Mapping[str, Window], when: str = "hari ini") -> str:
    """'Berita hari ini 1/1 ✓ · Medsos 2/1 ✓' from the day windows of the unit's figures.

    `windows` maps a group to its day `Window` (service.unit.figures: the same
    figures Unit Saya shows). A goal met gets ✓, one not yet met says how many
    are missing, a day the target does not count says so, no target says so.
    """
    parts: list[str] = []
    for group, label in SHORT_GROUP_LABELS.items():
        window = windows.get(group)
        if window is None or (window.target is None and group not in ALWAYS_SHOWN):
            continue
        name = f"{label} {when}" if not parts else label  # the day is said once, first
        count = fmt.number(window.count)
        if window.target is None:
            parts.append(f"{name} {count} (tanpa target)")
        elif window.target == 0:
            parts.append(f"{name} {count} (bukan hari yang dihitung)")
        else:
            target = (
                fmt.number(window.target, 1) if window.target % 1 else fmt.number(window.target)
            )
            if window.count >= window.target:
                parts.append(f"{name} {count}/{target} {MET}")
            else:
                missing = window.target - window.count
                short = fmt.number(missing, 1) if missing % 1 else fmt.number(missing)
                parts.append(f"{name} {count}/{target}, kurang {short}")
    return " · ".join(parts)


def goal_note(window: Window) -> str:
    """A tile's note for a day still running: met, not yet, not counted, no target."""
    if window.target is None:
        return "tanpa target"
    if window.target == 0:
        return "tidak dihitung hari ini"
    if window.count >= window.target:
        return f"{MET} memenuhi target"
    return "hari masih berjalan"
