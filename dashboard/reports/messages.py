"""The texts of delivered messages other than the daily recap (reports/recap.py): the
reminder and the weekly summary. Plain Indonesian, pure functions.

- The reminder is one short message (under 300 characters, contacts.REMINDER_MAX):
  the unit, the day, the time left in the unit's own zone, the app's address.
- The weekly summary (Rekap Mingguan Humas) of a scope: news and output over
  the week, the units that published news on every working day, and the units
  with no news all week (named while they fit, the rest counted) — within the
  recap's 4,096 characters.

User text (unit names) goes through recap.wa_text: one line, WhatsApp's
formatting markers made inert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dashboard import clock, fmt
from dashboard.domain import Group, Unit
from dashboard.net.contacts import REMINDER_MAX, WHATSAPP_PARAM_MAX, fit
from dashboard.reports.recap import LIMIT, counts_text, size, wa_text

REMINDER_SUBJECT = "Pengingat berita hari ini"
RECAP_SUBJECT = "Rekap Harian Humas"
WEEKLY_SUBJECT = "Rekap Mingguan Humas"
TEST_SUBJECT = "Pesan uji Pantau Humas"


def reminder(unit: Unit, day: date, now: datetime, *, link: str | None = None) -> str:
    """'Pantau Humas: Kankemenag Kota Kupang belum mencatat berita hari ini (Senin, 30 November
    2026). Sisa waktu 9 jam 55 menit, sampai 24.00 WITA. Catat di: https://…'"""
    left = clock.time_left_today(unit.tz, now)
    hours, minutes = divmod(int(left.total_seconds()) // 60, 60)
    span = f"{hours} jam {minutes} menit" if hours else f"{minutes} menit"
    tail = f" Catat di: {link}" if link else " Catat di Input Harian."
    head = "Pantau Humas: "
    rest = (
        f" belum mencatat berita hari ini ({fmt.day_long(day)}). "
        f"Sisa waktu {span}, sampai 24.00 {clock.abbrev(unit.tz)}."
    )
    room = REMINDER_MAX - size(head + rest + tail)
    name = fit(wa_text(unit.name), max(room, 12))
    return fit(head + name + rest + tail, REMINDER_MAX)


def test_text(name: str, via_label: str) -> str:
    return (
        f"Pesan uji dari Pantau Humas untuk {wa_text(name)} lewat {via_label}. "
        "Jika pesan ini sampai, pengingat dan rekap akan dikirim ke sini."
    )


@dataclass(frozen=True)
class WeekUnit:
    unit: Unit
    counts: dict[str, int]  # group -> items over the week
    news_days: int  # working days with news
    judged_days: int  # working days a news target applied


@dataclass(frozen=True)
class WeeklyData:
    root: Unit
    start: date
    end: date
    units: list[WeekUnit]

    @property
    def judged(self) -> list[WeekUnit]:
        return [u for u in self.units if u.judged_days]


def weekly(data: WeeklyData, *, link: str | None = None) -> str:
    judged = data.judged
    every_day = [u for u in judged if u.news_days >= u.judged_days]
    none = sorted((u for u in judged if not u.news_days), key=lambda u: u.unit.name)
    totals = {g: sum(u.counts.get(g, 0) for u in data.units) for g in Group}
    head = [
        f"*{WEEKLY_SUBJECT.upper()}*",
        f"*{wa_text(data.root.name)}*",
        f"{fmt.day_medium(data.start)} – {fmt.day_medium(data.end)}",
        "",
        f"Output tercatat: {fmt.number(sum(totals.values()))} item ({counts_text(totals)})",
    ]
    if judged:
        head.append(
            f"Berita setiap hari kerja: {fmt.number(len(every_day))} dari "
            f"{fmt.number(len(judged))} unit"
        )
        days = sum(u.judged_days for u in judged)
        covered = sum(min(u.news_days, u.judged_days) for u in judged)
        head.append(f"Hari kerja dengan berita: {fmt.percent(covered / days if days else None)}")
    foot = ["", f"Rincian: {link}" if link else "Sumber: Pantau Humas"]
    body: list[str] = []
    if none:
        budget = LIMIT - size("\n".join(head + foot)) - size("… dan 100.000 unit lainnya") - 2
        lines = ["", f"*Tanpa berita sepekan ({fmt.number(len(none))} unit)*"]
        used = size("\n".join(lines))
        for n, entry in enumerate(none, 1):
            line = f"{n}. {wa_text(entry.unit.name)}"
            if used + size(line) + 1 > budget:
                break
            lines.append(line)
            used += size(line) + 1
        named = len(lines) - 2
        if named < len(none):
            lines.append(f"… dan {fmt.number(len(none) - named)} unit lainnya")
        body = lines
    elif judged:
        body = ["", "Semua unit bertarget mencatat berita pekan ini."]
    return "\n".join(head + body + foot)


def for_template(text: str, limit: int = WHATSAPP_PARAM_MAX) -> str:
    """A recap or weekly summary short enough for one WhatsApp template parameter: its
    paragraphs in order while they fit, and always its last one (the link to the app)."""
    if size(text) <= limit:
        return text
    paragraphs = text.split("\n\n")
    last = paragraphs[-1]
    kept: list[str] = []
    for paragraph in paragraphs[:-1]:
        if size("\n\n".join([*kept, paragraph, last])) > limit:
            break
        kept.append(paragraph)
    return fit("\n\n".join([*kept, last]), limit)
