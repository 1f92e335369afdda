"""Meta Business Suite post exports (Facebook and Instagram), as CSV.

Shape (see tests/fixtures/ingest/meta-*.csv): one row per post; `Permalink`
is the evidence link; `Publish time` is `MM/DD/YYYY HH:MM`; `Date` holds the
word `Lifetime` (the figures are lifetime totals); captions (`Description`,
and Facebook's `Title`) span lines inside quotes. Column names change over
time ("Impressions" became "Views"), so headers are matched blind to case
and spacing and unknown ones are ignored.

Time zone: `Publish time` carries no zone. Meta Business Suite shows and
exports times in the time zone of the computer of whoever exports, and the
operator who exports sits in the unit, so the time is read in the unit's
own zone unless the caller says otherwise (`export_tz`). See DECISIONS.md.

Reach, views and engagement become out-takes, never outputs.
"""

from __future__ import annotations

from datetime import datetime

from dashboard import clock, errors, links
from dashboard.entries import TITLE_MAX, Entry, OutTake, guess_kind
from dashboard.errors import Problem, problem
from dashboard.ingest.common import Parsed, Table, Unreadable, cell, cell_text

PLATFORMS = {
    "meta-facebook": ("medsos_facebook", "Facebook"),
    "meta-instagram": ("medsos_instagram", "Instagram"),
}
# Header (folded) -> out-take metric. "Impressions" is the older name of "Views".
METRICS = {
    "views": "views",
    "impressions": "views",
    "reach": "reach",
    "reactions": "reactions",
    "comments": "comments",
    "shares": "shares",
    "likes": "likes",
    "saves": "saves",
    "follows": "follows",
    "total clicks": "clicks",
}
TIME_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
# Derived titles drop what a spreadsheet would run as a formula (they are not typed text).
FORMULA_CHARS = "=+-@\t\r "


def platform_of(table: Table) -> str | None:
    """'meta-facebook' / 'meta-instagram' for a Meta export, else None."""
    if table.column("permalink") is None or table.column("publish time") is None:
        return None
    keys = set(table.keys)
    if {"account username", "account id"} & keys:
        return "meta-instagram"
    if {"page id", "page name"} & keys:
        return "meta-facebook"
    at = table.column("permalink")
    for _line, cells in table.records[:20]:
        kind = guess_kind(cell_text(cell(cells, at)))
        if kind == "medsos_instagram":
            return "meta-instagram"
        if kind == "medsos_facebook":
            return "meta-facebook"
    return None


def parse_time(text: str, zone: str) -> datetime | None:
    for pattern in TIME_FORMATS:
        try:
            local = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=clock.zone(zone))
    return None


def derive_title(*captions: str) -> str:
    """The first non-empty line of the first caption that has one, at most TITLE_MAX."""
    for caption in captions:
        for line in (caption or "").splitlines():
            title = " ".join(line.split()).lstrip(FORMULA_CHARS)
            if title:
                return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"
    return ""


def _count(text: str) -> int | None:
    digits = text.replace(",", "").replace(".", "").strip()
    return int(digits) if digits.isdigit() else None


def _period(text: str) -> str:
    value = text.strip()
    if not value or value.casefold() == "lifetime":
        return "lifetime"
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    return "lifetime"


def parse(
    table: Table, fmt: str, *, unit_tz: str, export_tz: str | None = None, name: str = ""
) -> Parsed:
    kind, platform = PLATFORMS[fmt]
    export_tz = export_tz or unit_tz
    missing = [c for c in ("permalink", "publish time") if table.column(c) is None]
    if missing:
        raise Unreadable(errors.FILE_META_COLUMNS, missing=missing)
    if not table.records:
        raise Unreadable(errors.FILE_HEADER_ONLY)
    at_link = table.column("permalink")
    at_time = table.column("publish time")
    at_title = table.column("title")
    at_caption = table.column("description", "caption", "message")
    at_type = table.column("post type")
    at_date = table.column("date")
    metric_at = {i: METRICS[k] for i, k in enumerate(table.keys) if k in METRICS}

    parsed = Parsed(format=fmt, entries=[], skipped_empty=table.skipped_empty, name=name)
    for line, cells in table.records:
        problems: list[tuple[str, Problem]] = []
        link = cell_text(cell(cells, at_link))
        when_text = cell_text(cell(cells, at_time))
        when = parse_time(when_text, export_tz) if when_text else None
        day = clock.local_date_of(when, unit_tz) if when else None
        if when is None:
            problems.append(("day", problem(errors.IMPORT_META_TIME)))
        guessed = guess_kind(link) if link else None
        if guessed and guessed != kind:
            problems.append(("link", problem(errors.IMPORT_NOT_PLATFORM, platform=platform)))
        post_type = cell_text(cell(cells, at_type))
        title = derive_title(
            cell_text(cell(cells, at_title)), cell_text(cell(cells, at_caption))
        ) or " ".join(
            part
            for part in (f"Unggahan {platform}", f"({post_type})" if post_type else "", when_text)
            if part
        )
        parsed.entries.append(
            Entry(
                day=day,
                kind=kind,
                title=title,
                link=link,
                published_at=when,
                line=line,
                problems=tuple(problems),
            )
        )
        try:
            key = links.link_key(link)
        except links.LinkError:
            continue
        period = _period(cell_text(cell(cells, at_date)))
        for index, metric in metric_at.items():
            value = _count(cell_text(cell(cells, index)))
            if value is not None:
                parsed.outtakes.append(
                    (len(parsed.entries) - 1, OutTake(key, kind, metric, value, period))
                )
    return parsed
