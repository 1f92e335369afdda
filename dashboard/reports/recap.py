"""Rekap Harian Humas: the day of a unit and the units below it, as text for a WhatsApp group.

WhatsApp formats *bold*, _italic_, ~strike~ and `code`/```mono```, and starts
lists and quotes at a line's start ("- ", "* ", "1. ", "> "). The recap uses
*bold* on purpose, for its heading and section titles only. Everything that
comes from users (unit names, titles) is flattened to one line and has the
four marker characters swapped for look-alikes (∗ ˍ ∼ ˋ), so a title like
"Lomba *Tahfidz* 2026" never turns half the message bold; no user text ever
starts a line. Links stay exactly as stored (they are validated http(s)
links without spaces) on lines of their own, so they stay clickable.
"""

from __future__ import annotations

import re

from dashboard import clock, fmt
from dashboard.kpi.goals import GROUPS, NEWS
from dashboard.service.report import RecapData, RecapUnit

TITLE = "REKAP HARIAN HUMAS"
HIGHLIGHTS = 5
DETAIL_LIMIT = 60  # more units than this: one line per unit directly below the scope
MISSING_LIMIT = 60
WORDS = {"berita": "berita", "medsos": "medsos", "media": "media", "kegiatan": "kegiatan"}
_MARKERS = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})
_SPACE = re.compile(r"\s+")
# Which items make the highlights first: impact before ceremony, news before posts.
GROUP_ORDER = {"berita": 0, "media": 1, "kegiatan": 2, "medsos": 3}
KIND_ORDER = {"berita_portal": 0, "media_eksternal": 0}


def wa_text(text: object) -> str:
    """User text made inert for WhatsApp: one line, no formatting markers."""
    return _SPACE.sub(" ", str(text)).strip().translate(_MARKERS)


def counts_text(counts: dict[str, int]) -> str:
    """'3 berita, 5 medsos, 1 kegiatan' (news always; the rest when there is some)."""
    parts = [f"{fmt.number(counts.get(NEWS, 0))} {WORDS[NEWS]}"]
    parts += [f"{fmt.number(counts[g])} {WORDS[g]}" for g in GROUPS if g != NEWS and counts.get(g)]
    return ", ".join(parts)


def _zone_note(unit: dict, root: dict) -> str:
    return "" if unit["tz"] == root["tz"] else f" ({clock.abbrev(unit['tz'])})"


def _unit_line(entry: RecapUnit, root: dict) -> str:
    name = wa_text(entry.unit["name"]) + _zone_note(entry.unit, root)
    if not entry.judged:
        return f"➖ {name}: {counts_text(entry.counts)} (tanpa target berita)"
    mark = "✅" if entry.has_news else "❌"
    body = counts_text(entry.counts) if entry.total else "belum ada output"
    return f"{mark} {name}: {body}"


def _shown(entry: RecapUnit) -> bool:
    # Units without a news target (the ministry root, bureaus) are not expected to publish:
    # listed only when they did.
    return entry.judged or entry.total > 0


def _branch_lines(data: RecapData) -> list[str]:
    """For large scopes: one line per unit directly below the scope, with its subtree."""
    lines = []
    by_branch: dict[int, list[RecapUnit]] = {}
    for entry in data.units:
        by_branch.setdefault(entry.branch_id, []).append(entry)
    for entry in data.units:
        if entry.depth == 0:
            if _shown(entry):
                lines.append(_unit_line(entry, data.root))
            continue
        if entry.depth != 1:
            continue
        members = by_branch.get(entry.unit["id"], [])
        judged = [m for m in members if m.judged]
        with_news = [m for m in judged if m.has_news]
        counts = {g: sum(m.counts.get(g, 0) for m in members) for g in GROUPS}
        if not judged and not sum(counts.values()):
            continue
        name = wa_text(entry.unit["name"]) + _zone_note(entry.unit, data.root)
        if not judged:
            lines.append(f"➖ {name}: {counts_text(counts)} (tanpa target berita)")
            continue
        mark = "✅" if len(with_news) == len(judged) else "❌"
        share = f"{fmt.number(len(with_news))}/{fmt.number(len(judged))} unit ada berita"
        lines.append(f"{mark} {name}: {share}; {counts_text(counts)}")
    return lines


def highlights(items: list[dict], limit: int = HIGHLIGHTS) -> list[dict]:
    """The day's items worth sharing: one per unit, impact first, news before posts."""

    def key(item: dict):
        return (
            0 if item.get("tag") == "capaian" else 1,
            GROUP_ORDER.get(item["grp"], 9),
            KIND_ORDER.get(item["kind"], 1),
            item.get("published_at") or item.get("created_at") or "",
            item["id"],
        )

    chosen, seen = [], set()
    for item in sorted((i for i in items if i.get("link")), key=key):
        if item["unit_code"] in seen:
            continue
        seen.add(item["unit_code"])
        chosen.append(item)
        if len(chosen) == limit:
            break
    return chosen


def render(data: RecapData) -> str:
    """The recap as plain text, ready to paste into WhatsApp."""
    root = data.root
    when = (
        f"Data per {fmt.time_in_zone(data.made_at, root['tz'])}"
        if data.is_today
        else f"Data per {fmt.moment(data.made_at, root['tz'])}"
    )
    lines = [f"*{TITLE}*", f"*{wa_text(root['name'])}*", fmt.day_long(data.day), when, ""]

    judged = data.judged
    if judged:
        lines.append(
            f"Unit yang sudah ada berita: {fmt.number(len(data.with_news))} dari "
            f"{fmt.number(len(judged))} unit ({fmt.percent(data.share)})"
        )
    else:
        lines.append("Tidak ada unit bertarget berita pada tanggal ini.")
    total = sum(u.total for u in data.units)
    lines.append(f"Output tercatat: {fmt.number(total)} item")
    lines.append("")

    shown = [u for u in data.units if _shown(u)]
    if len(shown) > DETAIL_LIMIT:
        lines.append("*Per unit (beserta unit di bawahnya)*")
        lines += _branch_lines(data)
    else:
        lines.append("*Per unit*")
        lines += [_unit_line(u, root) for u in shown] or ["Tidak ada unit."]
    lines.append("")

    missing = data.without_news
    if judged:
        lines.append(f"*Belum ada berita ({fmt.number(len(missing))})*")
        if missing:
            for n, entry in enumerate(missing[:MISSING_LIMIT], 1):
                lines.append(f"{n}. {wa_text(entry.unit['name'])}{_zone_note(entry.unit, root)}")
            if len(missing) > MISSING_LIMIT:
                lines.append(f"… dan {fmt.number(len(missing) - MISSING_LIMIT)} unit lainnya")
        else:
            lines.append("Semua unit sudah ada berita.")
        lines.append("")

    lines.append("*Sorotan*")
    chosen = highlights(data.items)
    if chosen:
        for n, item in enumerate(chosen, 1):
            lines.append(f"{n}. {wa_text(item['unit_name'])}: {wa_text(item['title'])}")
            lines.append(item["link"])
    else:
        lines.append("Belum ada output bertautan.")
    lines += ["", "Sumber: Pantau Humas"]
    return "\n".join(lines)
