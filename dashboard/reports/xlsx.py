"""XLSX: a summary per unit, a day-by-unit matrix of news, and the items with clickable links.

openpyxl's write-only (streaming) mode writes the summary and the matrix;
the item list, the one sheet that grows to tens of thousands of rows, is
streamed straight as sheet XML (`sheetxml.py`) and spliced into the package
openpyxl made, so a national month stays well under ten seconds and is
never held in memory.

Figures are values, not formulas, so they read the same in every program and
a test can compare them with the database. Dates are real dates shown the
Indonesian way ("25 November 2026", through the [$-421] locale code);
numbers use the reader's own separators, which an Indonesian Excel shows as
1.234 and 87%. User text is always stored as text, never as a formula; text
a spreadsheet would take for one also gets Excel's quote prefix, so it
stays text when someone edits the cell.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard import clock, fmt
from dashboard.domain import NEWS, Group
from dashboard.kpi import figures as kpi
from dashboard.progress import Report, silent
from dashboard.reports import sheetxml
from dashboard.reports.safe import is_risky
from dashboard.service.report import ReportData
from dashboard.words import GROUP_LABELS, STATUS_LABELS, TAG_LABELS
from dashboard.words import UNIT_TYPE_LABELS as TYPE_LABELS

# Excel keeps at most 65,530 hyperlinks per worksheet: the item list goes on as many sheets
# as it needs, each well under that.
ITEMS_PER_SHEET = 50_000
PROGRESS_EVERY = 5000

GREEN = "0B7A3E"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=GREEN)
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
TITLE_FONT = Font(bold=True, size=14, color="1B2620")
NOTE_FONT = Font(italic=True, size=9, color="5A6660")
BOLD = Font(bold=True)
TOTAL_FILL = PatternFill("solid", fgColor="E3EFE7")
LINK_FONT = Font(color="0563C1", underline="single")
GREY_FILL = PatternFill("solid", fgColor="EEF1EF")
MISSED_FILL = PatternFill("solid", fgColor="F8D7D7")
STATUS_FILLS = {
    kpi.ON_TARGET: PatternFill("solid", fgColor="D4EDDA"),
    kpi.NEAR: PatternFill("solid", fgColor="FFF1C2"),
    kpi.BELOW: PatternFill("solid", fgColor="F8D7D7"),
    kpi.NO_TARGET: PatternFill("solid", fgColor="EEF1EF"),
}
COUNT = "#,##0"
SHARE = "0%"
DAY = "[$-421]d mmmm yyyy"  # 25 November 2026, in Indonesian whatever Excel's language
DAY_HEADER = "[$-421]ddd d"  # Rab 25
STAMP = "dd/mm/yyyy hh:mm"
MAX_INDENT = 6


def styled(ws, value, *, font=None, fill=None, number_format=None, align=None, quote=False):
    cell = WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    if align is not None:
        cell.alignment = align
    if quote:
        cell.data_type = "s"  # openpyxl would otherwise store '=…' as a formula
        cell.quotePrefix = True
    return cell


def text(ws, value: str | None, *, align=None):
    """User text as a text cell, never a formula, whatever it begins with."""
    if not value:
        return None
    if is_risky(value) or align is not None:
        return styled(ws, value, align=align, quote=is_risky(value))
    return value


def _widths(ws, widths: Iterable[float]) -> None:
    # In write-only mode, column widths must be set before the first row.
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(n)].width = width


def _header(ws, labels: Iterable[str]) -> None:
    ws.append(
        [
            styled(ws, label, font=HEADER_FONT, fill=HEADER_FILL, align=HEADER_ALIGN)
            for label in labels
        ]
    )


def _title(ws, heading: str, notes: Iterable[str]) -> int:
    """Title and notes at the top and a blank row; returns the rows used."""
    ws.append([styled(ws, heading, font=TITLE_FONT)])
    used = 1
    for note in notes:
        ws.append([styled(ws, note, font=NOTE_FONT)])
        used += 1
    ws.append([])
    return used + 1


def period_line(data: ReportData) -> str:
    p = data.period
    span = (
        fmt.day_long(p.start)
        if p.start == p.end
        else f"{fmt.day_medium(p.start)} – {fmt.day_medium(p.end)}"
    )
    return f"Periode: {span} · {fmt.number(data.working_days)} hari kerja"


def made_line(data: ReportData) -> str:
    return f"Dibuat {fmt.moment(data.made_at, data.root.tz)} oleh {data.made_by} · Pantau Humas"


# --- Ringkasan: one row per unit ---------------------------------------------------------------

SUMMARY_COLUMNS = [("Kode unit", 26), ("Unit", 46), ("Jenis unit", 13), ("Induk", 30), ("Zona", 7)]
for _group in Group:
    _label = GROUP_LABELS[_group]
    SUMMARY_COLUMNS += [
        (_label, 10),
        (f"Target {_label.lower()}", 10),
        (f"Capaian {_label.lower()}", 10),
    ]
SUMMARY_COLUMNS += [("Total output", 10), ("Hari ada berita", 10), ("Status berita", 20)]


def _group_cells(ws, counts: dict, targets: dict, *, font=None, fill=None) -> list:
    cells = []
    for group in Group:
        count, target = counts.get(group, 0), targets.get(group)
        cells += [
            styled(ws, count, number_format=COUNT, font=font, fill=fill),
            styled(ws, target, number_format=COUNT, font=font, fill=fill),
            styled(ws, kpi.ratio(count, target), number_format=SHARE, font=font, fill=fill),
        ]
    return cells


def _summary(book: Workbook, data: ReportData) -> None:
    ws = book.create_sheet("Ringkasan")
    _widths(ws, [w for _, w in SUMMARY_COLUMNS])
    notes = [
        period_line(data),
        made_line(data),
        "Target dihitung dari awal periode sampai tanggal akhir; capaian = output ÷ target; "
        "kosong: tanpa target. Hari ada berita: hari dengan sedikitnya satu berita.",
    ]
    top = len(notes) + 2  # title, notes, blank
    ws.freeze_panes = f"C{top + 3}"  # the header and the total row stay; so do code and name
    _title(ws, f"{data.title} — {data.root.name}", notes)
    _header(ws, [label for label, _ in SUMMARY_COLUMNS])

    totals = {g: data.totals(g) for g in Group}
    met, judged = data.units_on_news_target()
    total = dict(font=BOLD, fill=TOTAL_FILL)
    ws.append(
        [
            styled(ws, None, **total),
            styled(ws, f"Jumlah ({fmt.number(len(data.units))} unit)", **total),
            styled(ws, None, **total),
            styled(ws, None, **total),
            styled(ws, None, **total),
            *_group_cells(
                ws,
                {g: c for g, (c, _) in totals.items()},
                {g: t for g, (_, t) in totals.items()},
                **total,
            ),
            styled(ws, sum(c for c, _ in totals.values()), number_format=COUNT, **total),
            styled(ws, None, **total),
            styled(ws, f"{fmt.number(met)} dari {fmt.number(judged)} memenuhi", **total),
        ]
    )
    names = {u.id: u.name for u, _ in data.units}
    indents = [Alignment(indent=n) for n in range(MAX_INDENT + 1)]
    for unit, depth in data.units:
        row = data.row(unit.id)
        ws.append(
            [
                text(ws, unit.code),
                text(ws, unit.name, align=indents[min(depth, MAX_INDENT)] if depth else None),
                TYPE_LABELS.get(unit.type, unit.type),
                text(ws, names.get(unit.parent_id)),
                clock.abbrev(unit.tz),
                *_group_cells(ws, row.counts, row.targets),
                styled(ws, row.total, number_format=COUNT),
                styled(ws, row.news_days, number_format=COUNT),
                styled(ws, STATUS_LABELS[row.status], fill=STATUS_FILLS[row.status]),
            ]
        )
    last = get_column_letter(len(SUMMARY_COLUMNS))
    ws.auto_filter.ref = f"A{top + 1}:{last}{top + 2 + len(data.units)}"


# --- Matriks harian: news per unit per day ---------------------------------------------------


def _matrix(book: Workbook, data: ReportData, report: Report):
    ws = book.create_sheet("Matriks harian")
    days = data.days
    _widths(ws, [26, 46] + [7] * len(days) + [9])
    notes = [
        period_line(data),
        "Merah: hari kerja tanpa berita pada unit yang bertarget berita. "
        "Abu-abu: akhir pekan dan hari libur.",
    ]
    ws.freeze_panes = f"C{len(notes) + 4}"
    _title(ws, f"Berita per hari per unit — {data.root.name}", notes)
    header = [
        styled(ws, "Kode unit", font=HEADER_FONT, fill=HEADER_FILL),
        styled(ws, "Unit", font=HEADER_FONT, fill=HEADER_FILL),
    ]
    for day in days:
        working = data.working[day]
        header.append(
            styled(
                ws,
                day,
                font=HEADER_FONT if working else BOLD,
                fill=HEADER_FILL if working else GREY_FILL,
                number_format=DAY_HEADER,
                align=Alignment(horizontal="center"),
            )
        )
    header.append(styled(ws, "Jumlah", font=HEADER_FONT, fill=HEADER_FILL))
    ws.append(header)
    indents = [Alignment(indent=n) for n in range(MAX_INDENT + 1)]
    for n, (unit, depth) in enumerate(data.units, 1):
        per_day = data.daily.get(unit.id, {})
        cells: list = [
            text(ws, unit.code),
            text(ws, unit.name, align=indents[min(depth, MAX_INDENT)] if depth else None),
        ]
        for day in days:
            news = per_day.get(day, {}).get(NEWS, 0)
            if (unit.id, day) in data.missed:
                cells.append(styled(ws, news, fill=MISSED_FILL))
            elif not data.working[day]:
                cells.append(styled(ws, news, fill=GREY_FILL))
            else:
                cells.append(news)
        total = sum(per_day.get(day, {}).get(NEWS, 0) for day in days)
        cells.append(styled(ws, total, number_format=COUNT, font=BOLD))
        ws.append(cells)
        if n % 100 == 0:
            report(n, len(data.units), "XLSX: matriks harian")
    return ws


# --- Item: one row per item, streamed ---------------------------------------------------------

ITEM_COLUMNS = [
    ("Tanggal", 18),
    ("Kode unit", 24),
    ("Unit", 36),
    ("Kelompok", 12),
    ("Jenis", 16),
    ("Judul", 60),
    ("Tautan", 40),
    ("Catatan", 30),
    ("Tag", 18),
    ("Dibuat oleh", 16),
    ("Dibuat pada (waktu setempat)", 18),
    ("Zona", 7),
]


class _ItemStyles:
    """Style ids for the streamed rows, registered in the workbook's stylesheet."""

    def __init__(self, ws):
        self.day = styled(ws, None, number_format=DAY, align=Alignment(horizontal="left")).style_id
        self.stamp = styled(
            ws, None, number_format=STAMP, align=Alignment(horizontal="left")
        ).style_id
        self.link = styled(ws, None, font=LINK_FONT).style_id
        self.quoted = styled(ws, None, quote=True).style_id


def _local_stamp(stamp: str | None, tz: str) -> datetime | None:
    if not stamp:
        return None
    return clock.local_now(tz, clock.parse_instant(stamp)).replace(tzinfo=None)


def _item_rows(
    items: Iterable[dict], styles: _ItemStyles, total: int, report: Report
) -> list[sheetxml.SheetRows]:
    sheets = [sheetxml.SheetRows(first_row=2, columns=len(ITEM_COLUMNS))]

    def txt(rows: sheetxml.SheetRows, col: int, value: str | None) -> str:
        if not value:
            return ""
        return sheetxml.text_cell(rows.ref(col), value, styles.quoted if is_risky(value) else 0)

    for written, item in enumerate(items, 1):
        rows = sheets[-1]
        if rows.last_row > ITEMS_PER_SHEET:
            rows = sheetxml.SheetRows(first_row=2, columns=len(ITEM_COLUMNS))
            sheets.append(rows)
        link = item["link"]
        if link:
            rows.link(6, link)
        stamp = _local_stamp(item["created_at"], item["unit_tz"])
        tag = TAG_LABELS.get(item["tag"] or "")
        rows.add(
            [
                sheetxml.number_cell(
                    rows.ref(0), sheetxml.serial(date.fromisoformat(item["day"])), styles.day
                ),
                txt(rows, 1, item["unit_code"]),
                txt(rows, 2, item["unit_name"]),
                sheetxml.text_cell(rows.ref(3), GROUP_LABELS.get(item["grp"], item["grp"])),
                txt(rows, 4, item["kind_short"]),
                txt(rows, 5, item["title"]),
                sheetxml.text_cell(rows.ref(6), link, styles.link) if link else "",
                txt(rows, 7, item["note"]),
                sheetxml.text_cell(rows.ref(8), tag) if tag else "",
                txt(rows, 9, item["created_by"]),
                sheetxml.number_cell(rows.ref(10), sheetxml.serial(stamp), styles.stamp)
                if stamp
                else "",
                sheetxml.text_cell(rows.ref(11), clock.abbrev(item["unit_tz"])),
            ]
        )
        if written % PROGRESS_EVERY == 0:
            report(written, max(total, written), f"XLSX: {fmt.number(written)} item")
    return sheets


def _item_sheet(book: Workbook, number: int, rows: sheetxml.SheetRows):
    ws = book.create_sheet("Item" if number == 1 else f"Item ({number})")
    _widths(ws, [w for _, w in ITEM_COLUMNS])
    ws.freeze_panes = "A2"
    _header(ws, [label for label, _ in ITEM_COLUMNS])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ITEM_COLUMNS))}{max(rows.last_row, 2)}"
    return ws


def write_xlsx(
    data: ReportData, items: Iterable[dict], out: BinaryIO | str | Path, *, report: Report = silent
) -> int:
    """Write the workbook to a path or a binary stream; returns the items written."""
    book = Workbook(write_only=True)
    book.properties.creator = "Pantau Humas"
    book.properties.title = f"{data.title} — {data.root.name}"
    report(0, 1, "XLSX: ringkasan")
    _summary(book, data)
    # Any sheet of the workbook can register the styles the streamed rows refer to.
    styles = _ItemStyles(_matrix(book, data, report))
    sheets = _item_rows(items, styles, data.item_count, report)
    written = sum(rows.last_row - 1 for rows in sheets)
    try:
        # Sheet parts are numbered in workbook order: Ringkasan, Matriks harian, Item...
        parts = {}
        for number, rows in enumerate(sheets, 1):
            _item_sheet(book, number, rows)
            parts[f"xl/worksheets/sheet{2 + number}.xml"] = rows
        report(written, max(written, 1), "XLSX: menyimpan berkas")
        with tempfile.TemporaryDirectory() as folder:
            package = Path(folder) / "package.xlsx"
            book.save(package)
            sheetxml.merge(package, parts, len(ITEM_COLUMNS), out)
    finally:
        for rows in sheets:
            rows.close()
    return written
