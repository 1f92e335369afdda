"""What every import format shares: limits, decoding, tables, cells, dates.

A file is first turned into a `Table` (a header and records, each with the
line it started on), whatever it was (CSV in any usual encoding and
delimiter, or XLSX); the format modules then map records to entries. A file
that cannot be read at all raises `Unreadable` with a `file.*` code saying why
(`words.say` gives the line), and nothing is written.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from dashboard import errors
from dashboard.entries import Entry, OutTake
from dashboard.errors import HumasError, Problem, problem

MAX_FILE_BYTES = 20 * 1024 * 1024  # a year of a busy unit's output is well under 1 MB
MAX_ROWS = 50_000
MAX_COLUMNS = 64
MAX_CELL_CHARS = 100_000

FORMATS = ("template", "meta-facebook", "meta-instagram", "rss")
# Which `items.source` each format writes.
SOURCE_OF = {
    "template": "template",
    "meta-facebook": "meta",
    "meta-instagram": "meta",
    "rss": "rss",
}

# The first bytes of files that are no import, and what they are (words.FILE_KINDS names them).
SIGNATURES = {
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"%PDF": "pdf",
    b"\xd0\xcf\x11\xe0": "office",
    b"Rar!": "rar",
    b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf": "7z",
}


class Unreadable(HumasError):
    """The file cannot be read at all: a `file.*` code (`words.say` says why, in one line)."""


@dataclass
class Parsed:
    """What a file held: entries to check and store, out-takes, and a few counts."""

    format: str
    entries: list[Entry]
    outtakes: list[tuple[int, OutTake]] = field(default_factory=list)  # (entry index, out-take)
    skipped_empty: int = 0
    name: str = ""

    @property
    def source(self) -> str:
        return SOURCE_OF[self.format]


@dataclass
class Table:
    header: list[str]  # as written in the file
    records: list[tuple[int, list[object]]]  # (line or row number, cells)
    skipped_empty: int = 0

    @property
    def keys(self) -> list[str]:
        return [header_key(h) for h in self.header]

    def column(self, *names: str) -> int | None:
        keys = self.keys
        for name in names:
            if name in keys:
                return keys.index(name)
        return None


def header_key(text: object) -> str:
    """Header names compared blind to case, spacing, underscores and a BOM."""
    raw = "" if text is None else str(text)
    return " ".join(raw.replace("\ufeff", "").replace("_", " ").split()).casefold()


def check_size(data: bytes) -> None:
    if not data or not data.strip():
        raise Unreadable(errors.FILE_EMPTY)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(errors.FILE_TOO_BIG, size=len(data), limit=MAX_FILE_BYTES)


def refuse_binary(data: bytes) -> None:
    """Refuse images, PDFs and other files that are not what their name says."""
    for magic, what in SIGNATURES.items():
        if data.startswith(magic):
            raise Unreadable(errors.FILE_OTHER_KIND, kind=what)
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in head:
        raise Unreadable(errors.FILE_BINARY)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; five bytes are undefined there.
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    """The delimiter of the header line, counting outside quotes: ';', ',' or tab."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ","


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def read_csv(text: str) -> Table:
    if "\x00" in text:
        raise Unreadable(errors.FILE_BINARY_CSV)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    csv.field_size_limit(MAX_CELL_CHARS)
    header: list[str] | None = None
    records: list[tuple[int, list[object]]] = []
    skipped = pending = 0
    start = 1
    try:
        for number, cells in enumerate(reader, start=1):
            # Every row counts toward the limit, blank or not (as in an XLSX).
            if number > MAX_ROWS + 1:
                raise too_many_rows()
            line = start
            start = reader.line_num + 1
            if _blank(cells):
                if header is not None:
                    pending += 1
                continue
            if header is None:
                header = cells[:MAX_COLUMNS]
                continue
            skipped, pending = skipped + pending, 0
            records.append((line, list(cells[:MAX_COLUMNS])))
    except csv.Error as exc:
        raise Unreadable(errors.FILE_CSV_BROKEN, line=reader.line_num, detail=str(exc)) from exc
    if header is None:
        raise Unreadable(errors.FILE_EMPTY)
    return Table(header=header, records=records, skipped_empty=skipped)


def read_table(data: bytes) -> Table:
    """CSV (any usual encoding and delimiter) or XLSX, as a header and records."""
    check_size(data)
    if data.startswith(b"PK\x03\x04"):
        from dashboard.ingest.xlsx import read_xlsx

        return read_xlsx(data)
    refuse_binary(data)
    return read_csv(decode(data))


def too_many_rows() -> Unreadable:
    return Unreadable(errors.FILE_TOO_MANY_ROWS, limit=MAX_ROWS)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell(cells: list[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return None
    return cells[index]


def parse_day(value: object) -> tuple[date | None, Problem | None]:
    """A template date: DD/MM/YYYY or YYYY-MM-DD (or a spreadsheet date cell)."""
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = cell_text(value)
    if not text:
        return None, problem(errors.ENTRY_DAY_REQUIRED)
    text = text.split(" ")[0].split("T")[0]  # "2026-11-24 00:00:00" from a spreadsheet
    parts: list[str]
    if "/" in text:
        parts = text.split("/")
        order = "dmy"
    elif "-" in text and len(text.split("-")[0]) == 4:
        parts = text.split("-")
        order = "ymd"
    else:
        parts, order = [], ""
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        if order == "dmy":
            day, month, year = (int(p) for p in parts)
        else:
            year, month, day = (int(p) for p in parts)
        if year >= 1900 and len(parts[2 if order == "dmy" else 0]) == 4:
            try:
                return date(year, month, day), None
            except ValueError:
                return None, problem(errors.ENTRY_DAY_IMPOSSIBLE)
    return None, problem(errors.ENTRY_DAY_SHAPE)
