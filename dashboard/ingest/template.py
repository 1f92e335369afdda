"""The project's import template: `tanggal, jenis, judul, tautan, catatan` (+ optional `tag`).

CSV with `;` or `,`, or XLSX (first sheet). Header case and spacing are
ignored. `tanggal` is DD/MM/YYYY or YYYY-MM-DD; `jenis` a metric code or its
label. The tag (capaian / seremonial) goes in an optional `tag` column; a file
without one may write the tag alone in `catatan` (as the shared sample does),
which is then read as the tag, not as a note.
"""

from __future__ import annotations

import io

from dashboard import errors
from dashboard.domain import Kind
from dashboard.entries import TITLE_MAX, Entry, resolve_tag
from dashboard.ingest.common import (
    Parsed,
    Table,
    Unreadable,
    cell,
    cell_text,
    parse_day,
)
from dashboard.words import template_guide

COLUMNS = ("tanggal", "jenis", "judul", "tautan", "catatan", "tag")
REQUIRED = ("tanggal", "jenis", "judul", "tautan")


def looks_like(table: Table) -> bool:
    """Meant as a template (maybe with columns missing, which `parse` then names)."""
    return any(table.column(c) is not None for c in ("tanggal", "jenis", "judul"))


def parse(table: Table, *, name: str = "") -> Parsed:
    missing = [c for c in REQUIRED if table.column(c) is None]
    if missing:
        raise Unreadable(errors.FILE_TEMPLATE_COLUMNS, missing=missing, columns=COLUMNS[:5])
    if not table.records:
        raise Unreadable(errors.FILE_HEADER_ONLY)
    at = {c: table.column(c) for c in COLUMNS}
    entries: list[Entry] = []
    for line, cells in table.records:
        day, problem = parse_day(cell(cells, at["tanggal"]))
        note = cell_text(cell(cells, at["catatan"]))
        tag = cell_text(cell(cells, at["tag"])) or None
        if tag is None and note and resolve_tag(note):
            tag, note = note, ""
        entries.append(
            Entry(
                day=day,
                kind=cell_text(cell(cells, at["jenis"])),
                title=cell_text(cell(cells, at["judul"])),
                link=cell_text(cell(cells, at["tautan"])),
                note=note,
                tag=tag,
                line=line,
                problems=(("day", problem),) if problem else (),
            )
        )
    return Parsed(format="template", entries=entries, skipped_empty=table.skipped_empty, name=name)


def empty_csv() -> bytes:
    """The empty template as Excel opens it in an Indonesian locale: `;`, UTF-8 with BOM."""
    return ("\ufeff" + ";".join(COLUMNS) + "\r\n").encode("utf-8")


def empty_xlsx(kinds: list[Kind]) -> bytes:
    """The empty template as a workbook, with a second sheet listing the codes."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.worksheets[0]  # a new workbook has one sheet, the active one
    sheet.title = "Data"
    sheet.append(list(COLUMNS))
    for col, width in zip("ABCDEF", (12, 20, 60, 60, 30, 12), strict=True):
        sheet.column_dimensions[col].width = width
        sheet[f"{col}1"].font = Font(bold=True)
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Petunjuk")
    for line in template_guide(TITLE_MAX):
        guide.append(line)
    for kind in kinds:
        guide.append([kind.code, kind.label])
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 70
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
