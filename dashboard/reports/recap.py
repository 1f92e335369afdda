"""Rekap Harian Humas: the day of a unit and the units below it, as text for a WhatsApp group.

What it says, in this order, at every scope (one Kankemenag, a Kanwil, the
nation): the totals; the units that need attention, each named once; a link
to the app. It always fits in one message of LIMIT characters (Telegram's
limit, and about what a group reads): units are named while they fit, the
most silent first, and the rest are counted ("… dan 12 unit lainnya"). When
naming every unit without news would not fit and the scope has branches (the
nation: its Kanwil), the recap counts them per branch instead and names only
the silent ones.

The builder is pure and takes the scope's RecapData: the page, the command
line and a delivered recap all send the same text.

WhatsApp formats *bold*, _italic_, ~strike~ and `code`/```mono```, and starts
lists and quotes at a line's start ("- ", "* ", "1. ", "> "). The recap uses
*bold* on purpose, for its heading and section titles only. Everything that
comes from users (unit names) is flattened to one line and has the four
marker characters swapped for look-alikes (∗ ˍ ∼ ˋ); no user text ever starts
a line. The link stays exactly as given, on a line of its own.
"""

from __future__ import annotations

import re
from collections import defaultdict

from dashboard import clock, fmt
from dashboard.domain import NEWS, Group, Unit
from dashboard.service.overview import SILENT_AFTER
from dashboard.service.report import RecapData, RecapUnit
from dashboard.words import UNIT_TYPE_LABELS as TYPE_LABELS

TITLE = "REKAP HARIAN HUMAS"
LIMIT = 4096  # characters (UTF-16 code units, as Telegram counts them) in one message
WORDS = {"berita": "berita", "medsos": "medsos", "media": "media", "kegiatan": "kegiatan"}
_MARKERS = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})
_SPACE = re.compile(r"\s+")


def wa_text(text: object) -> str:
    """User text made inert for WhatsApp: one line, no formatting markers."""
    return _SPACE.sub(" ", str(text)).strip().translate(_MARKERS)


def size(text: str) -> int:
    """Length as messaging services count it: UTF-16 code units (an emoji beyond BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def counts_text(counts: dict[str, int]) -> str:
    """'3 berita, 5 medsos, 1 kegiatan' (news always; the rest when there is some)."""
    parts = [f"{fmt.number(counts.get(NEWS, 0))} {WORDS[NEWS]}"]
    parts += [f"{fmt.number(counts[g])} {WORDS[g]}" for g in Group if g != NEWS and counts.get(g)]
    return ", ".join(parts)


def _zone_note(tz: str, root: Unit) -> str:
    return "" if tz == root.tz else f" ({clock.abbrev(tz)})"


def _silence(entry: RecapUnit) -> str:
    days = entry.silent_days or 0
    return f" — senyap {fmt.number(days)} hari kerja" if days >= SILENT_AFTER else ""


def _most_silent_first(entries: list[RecapUnit]) -> list[RecapUnit]:
    return sorted(entries, key=lambda e: (-(e.silent_days or 0), e.unit.name))


def _named(entries: list[RecapUnit], root: Unit) -> list[str]:
    return [
        f"{n}. {wa_text(e.unit.name)}{_zone_note(e.unit.tz, root)}{_silence(e)}"
        for n, e in enumerate(_most_silent_first(entries), 1)
    ]


def _branches(data: RecapData) -> list[str]:
    """Units without news counted per branch: a Kanwil by its province; units without units
    below them (PTKN, Pusat bureaus) by their type; worst first."""
    members: dict[int, int] = defaultdict(int)
    by_id = {}
    for entry in data.units:
        members[entry.branch_id] += 1
        by_id[entry.unit.id] = entry.unit
    tally: dict[tuple, list[int]] = {}
    labels: dict[tuple, str] = {}
    for entry in data.judged:
        branch = by_id[entry.branch_id]
        if members[branch.id] > 1 or branch.id == data.root.id:
            key: tuple = ("unit", branch.id)
            name = branch.province if branch.type == "KANWIL" else branch.name
            labels[key] = wa_text(name or branch.name) + _zone_note(branch.tz, data.root)
        else:
            key = ("type", branch.type)
            labels[key] = TYPE_LABELS.get(branch.type, branch.type)
        found = tally.setdefault(key, [0, 0])
        found[0] += not entry.has_news
        found[1] += 1
    order = sorted((k for k in tally if tally[k][0]), key=lambda k: (-tally[k][0], labels[k]))
    return [
        f"❌ {labels[k]}: {fmt.number(tally[k][0])} dari {fmt.number(tally[k][1])} unit"
        for k in order
    ]


def _fit(lines: list[str], budget: int) -> tuple[list[str], int]:
    """The first lines that fit in `budget` characters (with their line breaks), and how many
    were left out."""
    kept, used = [], 0
    for line in lines:
        cost = size(line) + 1
        if used + cost > budget:
            break
        kept.append(line)
        used += cost
    return kept, len(lines) - len(kept)


def _more(left_out: int) -> list[str]:
    return [f"… dan {fmt.number(left_out)} unit lainnya"] if left_out else []


MORE_RESERVE = size("… dan 100.000 unit lainnya") + 1


def render(data: RecapData, *, link: str | None = None) -> str:
    """The recap as plain text, ready to paste into WhatsApp; at most LIMIT characters.

    `link` is the app's address, given last ("Rincian: …"); without one the
    recap ends with "Sumber: Pantau Humas".
    """
    root = data.root
    when = (
        f"data per {fmt.time_in_zone(data.made_at, root.tz)}"
        if data.is_today
        else f"data per {fmt.moment(data.made_at, root.tz)}"
    )
    head = [f"*{TITLE}*", f"*{wa_text(root.name)}*", f"{fmt.day_long(data.day)} · {when}", ""]
    judged = data.judged
    if judged:
        head.append(
            f"Sudah ada berita: {fmt.number(len(data.with_news))} dari "
            f"{fmt.number(len(judged))} unit ({fmt.percent(data.share)})"
        )
    else:
        head.append("Tidak ada unit bertarget berita pada tanggal ini.")
    totals = {g: sum(u.counts.get(g, 0) for u in data.units) for g in Group}
    head.append(f"Output tercatat: {fmt.number(sum(totals.values()))} item ({counts_text(totals)})")
    foot = ["", f"Rincian: {link}" if link else "Sumber: Pantau Humas"]

    missing = data.without_news
    body: list[str] = []
    if judged and not missing:
        body = ["", "Semua unit sudah ada berita."]
    elif missing:
        budget = LIMIT - size("\n".join(head + foot)) - 1
        title = f"*Belum ada berita ({fmt.number(len(missing))} unit)*"
        every = _named(missing, root)
        if size("\n".join(["", title, *every])) <= budget:
            body = ["", title, *every]
        elif any(u.depth == 1 for u in data.units) and len(data.units) > 1:
            silent = [e for e in missing if (e.silent_days or 0) >= SILENT_AFTER]
            branches = ["", title, *_branches(data)]
            branches, left = _fit(branches, budget - MORE_RESERVE)
            body = branches + _more(left)
            if silent and not left:
                room = budget - size("\n".join(body))
                named = [
                    "",
                    f"*Senyap ≥ {SILENT_AFTER} hari kerja ({fmt.number(len(silent))} unit)*",
                    *_named(silent, root),
                ]
                kept, left = _fit(named, room - MORE_RESERVE)
                if len(kept) > 2:  # at least one unit named under the title
                    body += kept + _more(left)
        else:
            kept, left = _fit(["", title, *every], budget - MORE_RESERVE)
            body = kept + _more(left)
    return "\n".join(head + body + foot)
