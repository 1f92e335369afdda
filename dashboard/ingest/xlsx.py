"""Reading an XLSX workbook's first sheet, with bounds against zip and XML bombs.

An XLSX is a zip archive of XML parts. Before openpyxl opens it, the archive's
directory is checked: few enough parts, and a total unpacked size under
MAX_UNPACKED_BYTES. Python's zipfile never inflates a part beyond the size the
directory declares, so the declared sizes are a real bound. With defusedxml
installed, openpyxl refuses XML entity expansion. Formulas are read as their
text ("=..."), not as cached values, so the entry checks can refuse them.
"""

from __future__ import annotations

import io
import zipfile

from dashboard.ingest.common import MAX_COLUMNS, MAX_ROWS, Table, Unreadable, too_many_rows

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 1000


def check_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise Unreadable("Berkas XLSX rusak: bukan arsip zip yang utuh.") from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise Unreadable(f"XLSX memuat {len(parts)} bagian (batas {MAX_PARTS}); ditolak.")
        unpacked = sum(p.file_size for p in parts)
        if unpacked > MAX_UNPACKED_BYTES:
            raise Unreadable(
                f"XLSX mengembang menjadi {unpacked // (1024 * 1024)} MB saat dibuka "
                f"(batas {MAX_UNPACKED_BYTES // (1024 * 1024)} MB); ditolak."
            )
        if "xl/workbook.xml" not in archive.namelist():
            raise Unreadable("Arsip zip ini bukan buku kerja Excel (.xlsx).")


def _why(exc: BaseException) -> str:
    """The innermost cause's name (openpyxl wraps e.g. defusedxml's EntitiesForbidden)."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    return type(exc).__name__


def read_xlsx(data: bytes) -> Table:
    check_archive(data)
    import openpyxl  # imported here: the app's pages need it only for uploads

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise Unreadable(f"XLSX tidak dapat dibaca: {_why(exc)}.") from exc
    try:
        if not book.worksheets:
            raise Unreadable("XLSX tidak memuat lembar kerja.")
        sheet = book.worksheets[0]
        header: list[str] | None = None
        records: list[tuple[int, list[object]]] = []
        skipped = pending = 0
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            cells = list(values)
            if all(c is None or not str(c).strip() for c in cells):
                if header is not None:
                    pending += 1
                continue
            if header is None:
                header = ["" if c is None else str(c) for c in cells]
                continue
            if len(records) >= MAX_ROWS:
                raise too_many_rows()
            skipped, pending = skipped + pending, 0
            records.append((number, cells))
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(f"XLSX tidak dapat dibaca: {_why(exc)}.") from exc
    finally:
        book.close()
    if header is None:
        raise Unreadable("Berkas kosong.")
    return Table(header=header, records=records, skipped_empty=skipped)
