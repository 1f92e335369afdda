"""Small XLSX files that describe huge workbooks (issue 18, item 2), built in memory.

Each is a minimal, valid workbook (a header row `tanggal, jenis, judul, tautan`
in inline text, plus whatever makes it heavy), written part by part so that
building one costs seconds, not the minutes openpyxl would need. Shared by the
tests and by `scripts/bench_xlsx.py`, which measures what each costs to read.

    strings_bomb()       237 KB-class file: 5.9 million empty shared strings (94 MB unpacked)
    blank_rows()         5 MB-class file: a million blank rows (55 MB unpacked)
    strings_under_cap()  400,000 shared strings inside the unpacked-size cap
    blank_rows_under_cap()  200,000 blank rows inside the cap
    far_row()            a header and one cell in row 1,000,000 (openpyxl fills the gap)
    wide_row()           one row of 1.1 million cells
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_REL}">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER_ROW = (
    '<row r="1">'
    + "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for col, text in zip("ABCD", ("tanggal", "jenis", "judul", "tautan"), strict=True)
    )
    + "</row>"
).encode()


def _write(target: zipfile.ZipFile, name: str, chunks: Iterable[bytes]) -> None:
    with target.open(name, "w", force_zip64=True) as part:
        for chunk in chunks:
            part.write(chunk)


def workbook(
    rows: Iterable[bytes] = (), shared: Iterable[bytes] = (), *, strings: int = 0
) -> bytes:
    """A workbook whose sheet holds HEADER_ROW then `rows`, and `shared` as its string table."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        target.writestr("[Content_Types].xml", CONTENT_TYPES)
        target.writestr("_rels/.rels", ROOT_RELS)
        target.writestr("xl/workbook.xml", WORKBOOK)
        target.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
        _write(
            target,
            "xl/worksheets/sheet1.xml",
            [head.encode(), HEADER_ROW, *rows, b"</sheetData></worksheet>"],
        )
        sst = (
            f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<sst xmlns="{MAIN}" count="{strings}" uniqueCount="{strings}">'
        )
        _write(target, "xl/sharedStrings.xml", [sst.encode(), *shared, b"</sst>"])
    return out.getvalue()


def _repeat(piece: bytes, times: int, per_chunk: int = 65_536) -> Iterable[bytes]:
    for start in range(0, times, per_chunk):
        yield piece * min(per_chunk, times - start)


def strings_bomb(entries: int = 5_900_000) -> bytes:
    """The issue's workbook: millions of empty shared strings, 16 bytes each unpacked."""
    return workbook(shared=_repeat(b"<si><t></t></si>", entries), strings=entries)


def _blank_rows(count: int) -> Iterable[bytes]:
    """Rows 2.. whose one cell is shared string 0, the empty text: blank to any reader."""
    for start in range(2, count + 2, 10_000):
        yield b"".join(
            b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n)
            for n in range(start, min(start + 10_000, count + 2))
        )


def blank_rows(count: int = 1_000_000) -> bytes:
    """The issue's other workbook: a million blank rows after the header."""
    return workbook(rows=_blank_rows(count), shared=[b"<si><t></t></si>"], strings=1)


def strings_under_cap(entries: int = 400_000) -> bytes:
    return strings_bomb(entries)


def blank_rows_under_cap(count: int = 200_000) -> bytes:
    return blank_rows(count)


def far_row(number: int = 1_000_000) -> bytes:
    """A header and one cell far below it: a reader fills the gap with blank rows."""
    row = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (number, number)
    return workbook(rows=[row])


def wide_row(cells: int = 1_100_000) -> bytes:
    """One row of more than a million (empty) cells."""
    return workbook(rows=[b'<row r="2">', *_repeat(b"<c/>", cells), b"</row>"])
