"""RSS 2.0 and Atom feeds of a unit's website, mapped to `berita_website`.

Each entry's published (else updated) instant becomes the unit's local date:
an article at 16:30 UTC is on the next day in Kupang (00:30 WITA) and on the
same day in Surabaya (23:30 WIB). The feed is parsed from bytes, never
fetched by feedparser (fetching, when wanted, is `remote.py`'s job), so no
parse touches the network. Malformed or truncated XML is refused whole.
"""

from __future__ import annotations

import io
import re
import xml.sax
from datetime import UTC, datetime

from dashboard import clock, errors
from dashboard.entries import TITLE_MAX, Entry
from dashboard.ingest.common import Parsed, Unreadable, decode

KIND = "berita_website"
FORMULA_CHARS = "=+-@\t\r "
_ENTRY_TAG = re.compile(r"<(?:[A-Za-z0-9_]+:)?(?:item|entry)[\s>/]")


def looks_like(data: bytes) -> bool:
    head = decode(data[:2048]).lstrip("\ufeff \t\r\n")
    return head.startswith("<")


def _instant(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)  # feedparser gives UTC


def _lines(data: bytes, expected: int) -> list[int | None]:
    """The line each <item>/<entry> starts on, when the count matches the parse."""
    text = decode(data)
    found: list[int | None] = [
        text.count("\n", 0, m.start()) + 1 for m in _ENTRY_TAG.finditer(text)
    ]
    return found if len(found) == expected else [None] * expected


def _title(raw: str) -> str:
    title = " ".join((raw or "").split()).lstrip(FORMULA_CHARS)
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def parse(data: bytes, *, unit_tz: str, name: str = "") -> Parsed:
    import feedparser

    feed = feedparser.parse(io.BytesIO(data))
    problem = feed.get("bozo_exception")
    if feed.get("bozo") and isinstance(problem, xml.sax.SAXException):
        line = None
        if isinstance(problem, xml.sax.SAXParseException):
            line = problem.getLineNumber()
        raise Unreadable(errors.FILE_FEED_BROKEN, line=line, detail=problem.getMessage())
    if not feed.get("version"):
        raise Unreadable(errors.FILE_NOT_FEED)
    if not feed.entries:
        raise Unreadable(errors.FILE_FEED_EMPTY)
    lines = _lines(data, len(feed.entries))
    entries: list[Entry] = []
    for number, (item, line) in enumerate(zip(feed.entries, lines, strict=True), start=1):
        when = _instant(item)
        problems = () if when else (("day", errors.problem(errors.IMPORT_FEED_NO_DATE)),)
        entries.append(
            Entry(
                day=clock.local_date_of(when, unit_tz) if when else None,
                kind=KIND,
                title=_title(item.get("title", "")),
                link=(item.get("link") or "").strip(),
                published_at=when,
                line=line or number,
                problems=problems,
            )
        )
    return Parsed(format="rss", entries=entries, name=name)
