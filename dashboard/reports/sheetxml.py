"""Worksheet rows written straight as SpreadsheetML, for the one sheet that is big: the items.

openpyxl (and XlsxWriter) spend about 10 µs on every cell; a national month
has some 75,000 items of 12 cells, which alone took 11 s on the benchmark
machine (docs/PERFORMANCE.md). Here a row is one formatted string: the same
month takes well under a second. Only what the item list needs is
supported: inline text, numbers, dates, a style id per cell, hyperlinks.

The rows are spliced into a sheet openpyxl wrote (the header, column widths,
frozen pane, filter), so styles and the rest of the package stay openpyxl's.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HYPERLINK_REL = f"{REL_NS}/hyperlink"
EXCEL_EPOCH = date(1899, 12, 30)
# Characters XML 1.0 cannot carry at all (a title pasted from a PDF may hold them).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_cell(ref: str, value: str, style: int = 0) -> str:
    value = _ILLEGAL.sub("", value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def number_cell(ref: str, value: float, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'


def serial(value: date | datetime) -> float:
    """Excel's day number (1900 date system)."""
    if isinstance(value, datetime):
        delta = value - datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    return float((value - EXCEL_EPOCH).days)


class SheetRows:
    """Rows of one worksheet, streamed to a temporary file, with the sheet's hyperlinks."""

    def __init__(self, first_row: int, columns: int):
        self.next_row = first_row
        self.letters = [get_column_letter(n) for n in range(1, columns + 1)]
        self.links: list[tuple[str, str]] = []  # (cell, target)
        # Closed by close(); the rows outlive this call, so no `with` block.
        self.file = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115

    def ref(self, col: int) -> str:
        return f"{self.letters[col]}{self.next_row}"

    def add(self, cells: Iterable[str]) -> None:
        self.file.write(f'<row r="{self.next_row}">{"".join(cells)}</row>')
        self.next_row += 1

    def link(self, col: int, target: str) -> None:
        self.links.append((self.ref(col), target))

    @property
    def last_row(self) -> int:
        return self.next_row - 1

    def close(self) -> None:
        self.file.close()


def _hyperlinks(rows: SheetRows) -> str:
    if not rows.links:
        return ""
    body = "".join(
        f'<hyperlink ref="{ref}" r:id="rId{n}"/>' for n, (ref, _) in enumerate(rows.links, 1)
    )
    return f"<hyperlinks>{body}</hyperlinks>"


def _relationships(rows: SheetRows) -> str:
    body = "".join(
        f'<Relationship Id="rId{n}" Type="{HYPERLINK_REL}" Target={quoteattr(target)} '
        'TargetMode="External"/>'
        for n, (_, target) in enumerate(rows.links, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{body}</Relationships>"
    )


def _splice(sheet_xml: str, rows: SheetRows, last_col: str) -> tuple[str, str]:
    """The sheet openpyxl wrote, cut where our rows go: (before the rows, after them)."""
    cut = sheet_xml.index("</sheetData>")
    head, tail = sheet_xml[:cut], sheet_xml[cut:]
    last = max(rows.last_row, 1)
    head = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{last_col}{last}"/>', head)
    links = _hyperlinks(rows)
    if links and "xmlns:r=" not in head:
        # The r: prefix of the hyperlinks' ids, declared on the root as Excel writes it.
        head = head.replace("<worksheet ", f'<worksheet xmlns:r="{REL_NS}" ', 1)
    if links:
        # Schema order: hyperlinks come after autoFilter and before printOptions/pageMargins.
        anchor = re.search(r"<(printOptions|pageMargins|pageSetup|headerFooter)\b", tail)
        at = anchor.start() if anchor else tail.index("</worksheet>")
        tail = tail[:at] + links + tail[at:]
    return head, tail


def merge(
    package: Path, parts: dict[str, SheetRows], columns: int, out: IO[bytes] | str | Path
) -> None:
    """Copy the openpyxl package to `out`, filling the named sheet parts with their rows."""
    last_col = get_column_letter(columns)
    with (
        zipfile.ZipFile(package) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            rows = parts.get(info.filename)
            if rows is None:
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, tail = _splice(data.decode("utf-8"), rows, last_col)
            part = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            with target.open(part, "w", force_zip64=True) as sheet:
                sheet.write(head.encode("utf-8"))
                rows.file.seek(0)
                while chunk := rows.file.read(1 << 20):
                    sheet.write(chunk.encode("utf-8"))
                sheet.write(tail.encode("utf-8"))
            if rows.links:
                folder, name = info.filename.rsplit("/", 1)
                target.writestr(f"{folder}/_rels/{name}.rels", _relationships(rows))
