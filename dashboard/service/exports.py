"""Laporan's files for a caller: a scope's report over a period as CSV, XLSX or PDF, and the
text of tonight's WhatsApp recap.

The files are made by `dashboard.reports` from `service.report`'s figures, as far as `who`
may read (an operator its own unit, a pimpinan its subtree, an admin any unit); the page
and `humas export` make the same file.
"""

from __future__ import annotations

from dashboard.domain import Unit
from dashboard.kpi.periods import Period
from dashboard.reports import export, recap
from dashboard.service.context import Context
from dashboard.service.report import RecapData
from dashboard.store.access import Principal
from dashboard.store.db import Database

FORMATS = export.FORMATS
MIME = export.MIME

__all__ = ["FORMATS", "MIME", "file_name", "recap_text", "report_file"]


def report_file(
    db: Database, who: Principal, ctx: Context, root_id: int, period: Period, kind: str
) -> bytes:
    """The report of the unit `root_id` and the units below it that `who` may read."""
    return export.to_bytes(db, who, ctx, root_id, period, kind)


def file_name(unit: Unit, period: Period, kind: str) -> str:
    """'laporan-humas_kanwil-ntt_2026-11-01_2026-11-25.xlsx'."""
    return export.file_name(unit, period, kind)


def recap_text(data: RecapData, *, link: str | None = None) -> str:
    """The recap as it is pasted into a WhatsApp group, ending with `link` when given."""
    return recap.render(data, link=link)
