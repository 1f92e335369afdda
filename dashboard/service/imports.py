"""Impor Data for a caller: a file or a feed read into rows, a preview, a save.

The page reads a template (CSV/XLSX), a Meta Business Suite export or an RSS/Atom
feed into rows (`read`, in a child process with memory and time limits; `fetch_feed`
for a feed's address), shows what each row would become (`preview`: a dry run of the
very save, in one read transaction that writes nothing) and saves everything in one
transaction (`save`). Both go through the store's checks for `who` and the unit, as
the entry form does: a unit `who` may not enter output for is refused.
"""

from __future__ import annotations

from dashboard import ingest
from dashboard.domain import Unit
from dashboard.ingest import importer
from dashboard.ingest import template as template_file
from dashboard.ingest.remote import fetch
from dashboard.progress import Report, silent
from dashboard.service import kinds as kind_service
from dashboard.service.items import ADDED, DUPLICATE, REJECTED
from dashboard.store.access import Principal
from dashboard.store.db import Database

# What a page shows of an import: formats and their names, a row's outcome, the result.
FORMATS = ingest.FORMATS
Parsed = ingest.Parsed
ImportResult = importer.ImportResult
Unreadable = ingest.Unreadable  # a file or feed that cannot be read: a `file.*` code

__all__ = [
    "ADDED",
    "DUPLICATE",
    "FORMATS",
    "REJECTED",
    "ImportResult",
    "Parsed",
    "Unreadable",
    "empty_csv",
    "empty_xlsx",
    "fetch_feed",
    "preview",
    "read",
    "save",
]


def read(raw: bytes, unit: Unit, *, fmt: str = "auto", name: str = "") -> Parsed:
    """The rows a file holds, dated in the unit's zone (`ingest.parse`, in a child process).

    Raises Unreadable for a file that is none of the formats, too big, or broken.
    """
    return ingest.parse(raw, unit_tz=unit.tz, fmt=fmt, name=name)


def fetch_feed(url: str) -> bytes:
    """A feed's bytes from its address (https:// added when it has none); Unreadable if not."""
    return fetch(url)


def preview(db: Database, who: Principal, unit_id: int, parsed: Parsed) -> ImportResult:
    """What saving `parsed` for the unit would do, row by row; nothing is written.

    Give it a read-only connection: a preview cannot write, nor hold anyone's write up.
    """
    return importer.save(db, who, unit_id, parsed, dry_run=True)


def save(
    db: Database, who: Principal, unit_id: int, parsed: Parsed, *, report: Report = silent
) -> ImportResult:
    """Save every row that passes, in one transaction (audited as one import of the file)."""
    return importer.save(db, who, unit_id, parsed, report=report)


def empty_csv() -> bytes:
    """The empty template as Excel opens it in an Indonesian locale."""
    return template_file.empty_csv()


def empty_xlsx(db: Database) -> bytes:
    """The empty template as a workbook, its second sheet listing the kinds of output."""
    return template_file.empty_xlsx(kind_service.list_kinds(db))
