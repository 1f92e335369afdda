"""One export of a scope over a period: CSV, XLSX or PDF, to a stream, to bytes or to a file.

What the page's download buttons and `humas export` share. A file is written
to a temporary name in its own folder and renamed into place only when
complete, so a failure (a full disk, a refused read, Ctrl+C) never leaves a
half-written report behind.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dashboard import fmt
from dashboard.domain import Unit
from dashboard.kpi.periods import Period
from dashboard.progress import Report, silent
from dashboard.reports.csv_export import write_csv
from dashboard.reports.pdf import write_pdf
from dashboard.reports.xlsx import write_xlsx
from dashboard.service import report as report_data
from dashboard.service.context import Context
from dashboard.store.access import Principal
from dashboard.store.db import Database

FORMATS = ("csv", "xlsx", "pdf")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class ExportError(Exception):
    """An export that cannot be written; the message is one line for the user."""


@dataclass(frozen=True)
class ExportResult:
    format: str
    unit: Unit
    period: Period
    units: int
    items: int  # items written (the PDF lists at most its cap; the others all)
    seconds: float
    path: Path | None = None

    def summary(self) -> str:
        where = f" to {self.path}" if self.path else ""
        units = f"{fmt.number(self.units)} unit{'s' if self.units != 1 else ''}"
        items = f"{fmt.number(self.items)} item{'s' if self.items != 1 else ''}"
        return (
            f"wrote {self.format.upper()} of {self.unit.code} "
            f"{self.period.start.isoformat()}..{self.period.end.isoformat()}{where}: "
            f"{units}, {items} in {self.seconds:.1f} s"
        )


def file_name(unit: dict, period: Period, kind: str) -> str:
    """'laporan-humas_kanwil-ntt_2026-11-01_2026-11-25.xlsx'."""
    return f"laporan-humas_{unit.code}_{period.start.isoformat()}_{period.end.isoformat()}.{kind}"


def write(
    db: Database,
    who: Principal,
    ctx: Context,
    root_id: int,
    period: Period,
    kind: str,
    out: BinaryIO,
    *,
    report: Report = silent,
) -> ExportResult:
    """Write one export of the scope `root_id` (as far as `who` may read) to a binary stream."""
    if kind not in FORMATS:
        raise ExportError(f"unknown format {kind!r}; expected one of {', '.join(FORMATS)}")
    started = time.monotonic()
    data = report_data.build(db, who, ctx, root_id, period)
    items = report_data.items(db, who, data)
    if kind == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            written = write_csv(items, text, total=data.item_count, report=report)
            text.flush()
        finally:
            text.detach()  # leave the caller's stream open
    elif kind == "xlsx":
        written = write_xlsx(data, items, out, report=report)
    else:
        written = write_pdf(data, items, out, report=report)
    return ExportResult(
        format=kind,
        unit=data.root,
        period=period,
        units=len(data.units),
        items=written,
        seconds=time.monotonic() - started,
    )


def to_bytes(
    db: Database, who: Principal, ctx: Context, root_id: int, period: Period, kind: str
) -> bytes:
    buffer = io.BytesIO()
    write(db, who, ctx, root_id, period, kind, buffer)
    return buffer.getvalue()


def check_target(path: Path) -> None:
    """Refuse, before any work, a path the export could not be written to."""
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {path}: folder {folder} is not writable")


def to_file(
    db: Database,
    who: Principal,
    ctx: Context,
    root_id: int,
    period: Period,
    kind: str,
    path: Path,
    *,
    report: Report = silent,
) -> ExportResult:
    """Write the export to `path` whole or not at all (temporary file, then rename)."""
    path = Path(path)
    check_target(path)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (renamed or removed below)
            dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
        )
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    temporary = Path(handle.name)
    try:
        with handle:
            result = write(db, who, ctx, root_id, period, kind, handle, report=report)
            handle.flush()
            os.fsync(handle.fileno())
        # The temporary file's 0600 stays: a report lists a unit's work, for its owner's eyes.
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return ExportResult(**{**result.__dict__, "path": path})
