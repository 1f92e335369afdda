"""CSV: one row per item, UTF-8 with a byte-order mark so Excel reads the accents right.

The columns `tanggal, jenis, judul, tautan, catatan` are those of the entry
template (tanggal as YYYY-MM-DD, jenis as the metric code), so an export can
be read back by the template importer; the rest say where and by whom.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from dashboard import clock, fmt
from dashboard.progress import Report, silent
from dashboard.reports.safe import neutralise

COLUMNS = [
    "tanggal",
    "kode_unit",
    "nama_unit",
    "jenis",
    "judul",
    "tautan",
    "catatan",
    "dibuat_oleh",
    "dibuat_pada",
]
BOM = "\ufeff"
PROGRESS_EVERY = 5000


def local_instant(stamp: str | None, tz: str) -> str:
    """A stored UTC instant as ISO 8601 in the unit's zone: '2026-11-25T10:00:00+08:00'."""
    if not stamp:
        return ""
    return clock.local_now(tz, clock.parse_instant(stamp)).isoformat(timespec="seconds")


def row_of(item: dict) -> list[object]:
    values = [
        item["day"],
        item["unit_code"],
        item["unit_name"],
        item["kind"],
        item["title"],
        item["link"] or "",
        item["note"] or "",
        item["created_by"] or "",
        local_instant(item["created_at"], item["unit_tz"]),
    ]
    return [neutralise(v) for v in values]


def write_csv(
    items: Iterable[dict], out: TextIO, *, total: int = 0, report: Report = silent
) -> int:
    """Write the items to a text stream (open it with newline=''); returns the rows written."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    written = 0
    for item in items:
        writer.writerow(row_of(item))
        written += 1
        if written % PROGRESS_EVERY == 0:
            report(written, max(total, written), f"CSV: {fmt.number(written)} item")
    report(written, max(written, 1), f"CSV: {fmt.number(written)} item")
    return written
