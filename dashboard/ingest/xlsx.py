"""Reading an XLSX workbook's first sheet, with bounds against zip and XML bombs.

An XLSX is a zip archive of XML parts, and a small file can describe a huge
workbook: 237 KB of shared strings that expand to 5.9 million entries, or 5 MB
of a million blank rows (issue 18). Before openpyxl sees anything:

1. the archive's directory is checked: few enough parts, and a total unpacked
   size under MAX_UNPACKED_BYTES (Python's zipfile never inflates a part
   beyond the size the directory declares, so the declared sizes are a real
   bound);
2. every part is streamed once through expat, which counts shared strings
   (`si`), rows and cells and stops at the first count over its limit, and
   refuses any DTD (so no entity can expand);
3. openpyxl then reads the first sheet, where every row counts toward the
   row limit, blank or not (a gap in the row numbers comes out as blank rows).

With defusedxml installed, openpyxl refuses XML entity expansion itself too.
Formulas are read as their text ("=..."), not as cached values, so the entry
checks can refuse them. All of this runs inside the child process of
`dashboard.ingest.child`, whose memory and time limits are the last guard.
"""

from __future__ import annotations

import io
import zipfile
from xml.parsers import expat

from dashboard import errors
from dashboard.ingest.common import MAX_COLUMNS, MAX_ROWS, Table, Unreadable, too_many_rows

# A year of a busy unit (about 4,000 rows) is about 2 MB unpacked; a 16 MiB workbook holds
# about 35,000 rows as openpyxl writes them (inline text) and 50,000 as Excel does (shared
# strings). Larger exports are for CSV, which is not a zip.
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_PARTS = 1000
# The template has six columns: 50,000 rows need at most 300,000 distinct texts and cells.
MAX_SHARED_STRINGS = 300_000
MAX_CELLS = 1_000_000
# Rows of every sheet together (the first sheet is read; the others are counted, not read).
MAX_SHEET_ROWS = MAX_ROWS + 1_000

_CHUNK = 1 << 20


def check_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Unreadable(errors.FILE_XLSX_NOT_ZIP) from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise Unreadable(errors.FILE_XLSX_PARTS, parts=len(parts), limit=MAX_PARTS)
        unpacked = sum(p.file_size for p in parts)
        if unpacked > MAX_UNPACKED_BYTES:
            raise Unreadable(errors.FILE_XLSX_UNPACKED, size=unpacked, limit=MAX_UNPACKED_BYTES)
        if "xl/workbook.xml" not in archive.namelist():
            raise Unreadable(errors.FILE_XLSX_NOT_WORKBOOK)
        count_parts(archive)


class _Counts:
    """What the parts of a workbook describe, counted as expat streams them (words.XLSX_PARTS
    names each counted element)."""

    def __init__(self) -> None:
        self.limit = {"si": MAX_SHARED_STRINGS, "row": MAX_SHEET_ROWS, "c": MAX_CELLS}
        self.seen = dict.fromkeys(self.limit, 0)

    def start(self, name: str, _attrs) -> None:
        tag = name.rpartition(" ")[2]  # "namespace local" with namespace_separator=" "
        if tag in self.seen:
            self.seen[tag] += 1
            if self.seen[tag] > self.limit[tag]:
                raise Unreadable(errors.FILE_XLSX_COUNT, part=tag, limit=self.limit[tag])


def _refuse_dtd(*_args) -> None:
    raise Unreadable(errors.FILE_XLSX_DTD)


def count_parts(archive: zipfile.ZipFile) -> None:
    """Stream every part through expat once, refusing past the first count over its limit.

    Every part, not only the usual names: a workbook's relationships may point its
    sheet or its shared strings at any part. A part that is not XML stops being
    counted where it stops parsing (openpyxl could not read further either).
    """
    counts = _Counts()
    for info in archive.infolist():
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = counts.start
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        try:
            with archive.open(info) as part:
                while chunk := part.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError:
            continue
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise Unreadable(errors.FILE_XLSX_DAMAGED) from exc


def _why(exc: BaseException) -> str:
    """The innermost cause's name (openpyxl wraps e.g. defusedxml's EntitiesForbidden)."""
    while (inner := exc.__cause__ or exc.__context__) is not None:
        exc = inner
    return type(exc).__name__


def read_xlsx(data: bytes) -> Table:
    check_archive(data)
    import openpyxl  # imported here: the app's pages need it only for uploads

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except MemoryError:
        raise  # the child process's memory limit: reported as such, not as a damaged file
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise Unreadable(errors.FILE_XLSX_UNREADABLE, cause=_why(exc)) from exc
    try:
        if not book.worksheets:
            raise Unreadable(errors.FILE_XLSX_NO_SHEET)
        sheet = book.worksheets[0]
        header: list[str] | None = None
        records: list[tuple[int, list[object]]] = []
        skipped = pending = 0
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            # Every row counts, blank or not: a million blank rows is a million rows to read.
            if number > MAX_ROWS + 1:
                raise too_many_rows()
            cells: list[object] = list(values)
            if all(c is None or not str(c).strip() for c in cells):
                if header is not None:
                    pending += 1
                continue
            if header is None:
                header = ["" if c is None else str(c) for c in cells]
                continue
            skipped, pending = skipped + pending, 0
            records.append((number, cells))
    except (Unreadable, MemoryError):
        raise
    except Exception as exc:
        raise Unreadable(errors.FILE_XLSX_UNREADABLE, cause=_why(exc)) from exc
    finally:
        book.close()
    if header is None:
        raise Unreadable(errors.FILE_EMPTY)
    return Table(header=header, records=records, skipped_empty=skipped)
