"""Storing what a file held: one transaction, through the same checks as the form.

`save` hands the entries to `items.add_batch` (checks, duplicates, flags,
audit) and the out-takes of the rows that were not rejected to
`outtakes.save`, inside ONE write transaction. A dry run reaches the same
outcomes inside one read transaction, writing nothing and taking no write
lock, so a preview says what a commit would do without holding anyone up.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.ingest.common import Parsed
from dashboard.progress import Report, silent
from dashboard.store import audit
from dashboard.store import outtakes as outtake_store
from dashboard.store.access import Principal
from dashboard.store.db import Database, read, write
from dashboard.store.items import batches as item_batches
from dashboard.store.items.batches import REJECTED, BatchResult


@dataclass
class ImportResult:
    parsed: Parsed
    batch: BatchResult
    outtakes: int  # out-take rows stored or changed
    dry_run: bool

    def summary(self) -> str:
        """`added N, duplicates N, rejected N` (what a dry run would do)."""
        return self.batch.summary()

    def rejected_lines(self) -> list[str]:
        """`line L: reason`, one per rejected row."""
        return [
            f"line {o.line if o.line is not None else o.index + 1}: {o.message}"
            for o in self.batch.rejected
        ]


def save(
    db: Database,
    who: Principal,
    unit_id: int,
    parsed: Parsed,
    *,
    dry_run: bool = False,
    report: Report = silent,
) -> ImportResult:
    def work() -> ImportResult:
        batch = item_batches.add_batch(
            db, who, unit_id, parsed.entries, source=parsed.source, dry_run=dry_run, report=report
        )
        kept = {o.index for o in batch.outcomes if o.status != REJECTED}
        changed = outtake_store.save(
            db, who, unit_id, [o for index, o in parsed.outtakes if index in kept], dry_run=dry_run
        )
        if not dry_run and (batch.added or changed):
            _audit(db, who, unit_id, parsed, batch, changed)
        return ImportResult(parsed=parsed, batch=batch, outtakes=changed, dry_run=dry_run)

    # A dry run reads one snapshot and never takes the write lock (see items.add_batch).
    with read(db) if dry_run else write(db):
        return work()


def _audit(db: Database, who: Principal, unit_id: int, parsed: Parsed, batch, outtakes: int):
    """One entry for the import as a whole, beside the entry of each item it created.

    The items' own entries say who created which item, when, from which source;
    this one ties them to the file (its name, its format, what was refused), so
    "who imported what" reads as one event. The items of one import have
    consecutive ids (one write transaction, no other writer in between).
    """
    added = [o.item_id for o in batch.added]
    audit.record(
        db,
        who,
        "import",
        "import",
        parsed.name or None,
        unit_id=unit_id,
        after={
            "file": parsed.name,
            "format": parsed.format,
            "rows": len(batch.outcomes),
            "added": len(added),
            "duplicates": len(batch.duplicates),
            "rejected": len(batch.rejected),
            "outtakes": outtakes,
            "item_ids": [min(added), max(added)] if added else [],
        },
    )
