"""Adding items: a checked batch in one transaction (form, import, harvest) and bulk loads.

`add_batch` checks every row with `dashboard.entries.check` inside its own
IMMEDIATE transaction and records each new item in the audit log in that same
transaction. Daily counts are never written here: the triggers on `items` keep
`daily_counts` exact in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dashboard import clock, errors, words
from dashboard.domain import COLLECTED, Source
from dashboard.entries import Checked, Entry, check, title_key
from dashboard.errors import Problem
from dashboard.progress import Report, silent
from dashboard.store import audit
from dashboard.store.access import Principal, require_admin, require_write_output, visible_unit_ids
from dashboard.store.db import Database, StoreError, read, write
from dashboard.store.items.entry import (
    active_unit,
    duplicate_message,
    live_duplicate,
    other_claims,
    rules_for,
    typed,
)

ITEM_COLUMNS = (
    "unit_id",
    "day",
    "kind",
    "title",
    "link",
    "link_key",
    "note",
    "tag",
    "source",
    "published_at",
    "late",
    "created_by",
    "created_at",
    "updated_at",
)


def bulk_load(
    db: Database, who: Principal, items: Iterable[Mapping[str, Any]], *, chunk: int = 5000
) -> int:
    """Load many trusted items at once (demo and benchmark data), skipping duplicates.

    Not for user input: it validates nothing beyond what the schema checks. Each
    chunk's transaction writes one audit entry (count, sources, id range) rather
    than one per item, which would double the cost of a demo of 100,000 items.
    """
    require_admin(who)
    placeholders = ", ".join("?" for _ in ITEM_COLUMNS)
    sql = (
        f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({placeholders}) "
        "ON CONFLICT DO NOTHING"
    )
    batch: list[tuple[Any, ...]] = []
    added = 0

    def flush() -> int:
        with write(db):
            last = db.conn.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0]
            # rowcount counts the items inserted, not the summary rows the triggers touch
            added = db.conn.executemany(sql, batch).rowcount
            if added:
                # One entry per transaction (not per item): who loaded how many, which ids.
                audit.record(
                    db,
                    who,
                    "bulk_load",
                    "item",
                    None,
                    after={
                        "added": added,
                        "sources": sorted({row[ITEM_COLUMNS.index("source")] for row in batch}),
                        "item_ids": list(
                            db.conn.execute(
                                "SELECT min(id), max(id) FROM items WHERE id > ?", (last,)
                            ).fetchone()
                        ),
                    },
                )
            return int(added)

    for item in items:
        batch.append(tuple(item.get(c) for c in ITEM_COLUMNS))
        if len(batch) >= chunk:
            added += flush()
            batch.clear()
    if batch:
        added += flush()
    return added


ADDED, DUPLICATE, REJECTED, VALID = "added", "duplicate", "rejected", "valid"


@dataclass(frozen=True)
class RowOutcome:
    index: int  # position in the entries given
    line: int | None  # where the row came from (file line), when known
    status: str  # added | duplicate | rejected | valid (checked, not written)
    problems: dict[str, Problem] = field(default_factory=dict)  # field -> what is wrong
    item_id: int | None = None  # the item added, or the live item it duplicates
    flagged: bool = False  # another unit already claims this link
    flagged_with: tuple[str, ...] = ()  # those units' names, where the caller may read them
    checked: Checked | None = None

    @property
    def message(self) -> str:
        """The row's problems in words, on one line."""
        return words.describe(self.problems)


@dataclass
class BatchResult:
    outcomes: list[RowOutcome]
    written: bool  # False for a dry run or a refused all-or-nothing batch

    def _with(self, status: str) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def added(self) -> list[RowOutcome]:
        return self._with(ADDED)

    @property
    def duplicates(self) -> list[RowOutcome]:
        return self._with(DUPLICATE)

    @property
    def rejected(self) -> list[RowOutcome]:
        return self._with(REJECTED)

    @property
    def flagged(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.flagged and o.status == ADDED]

    def summary(self) -> str:
        return (
            f"added {len(self.added)}, duplicates {len(self.duplicates)}, "
            f"rejected {len(self.rejected)}"
        )


class BatchRejected(StoreError):
    """An all-or-nothing batch with a row at fault: nothing was written."""

    def __init__(self, result: BatchResult):
        bad = result.rejected
        super().__init__(errors.ITEM_BATCH_REJECTED, count=len(bad))
        self.result = result


def _deleted_collected(db: Database, unit_id: int, ck: Checked) -> int | None:
    """A deleted item of the unit on this link: the harvest does not bring back what a
    person removed (a feed keeps offering its last posts)."""
    if ck.link_key is None:
        return None
    found = db.conn.execute(
        "SELECT id FROM items WHERE unit_id = ? AND link_key = ? AND deleted = 1 "
        "ORDER BY id DESC LIMIT 1",
        (unit_id, ck.link_key),
    ).fetchone()
    return found[0] if found else None


def _names(db: Database, unit_ids: list[int], visible: set[int] | None) -> tuple[str, ...]:
    shown = [u for u in unit_ids if visible is None or u in visible]
    if not shown:
        return ()
    marks = ", ".join("?" for _ in shown)
    return tuple(
        r[0]
        for r in db.conn.execute(
            f"SELECT name FROM units WHERE id IN ({marks}) ORDER BY name", tuple(shown)
        )
    )


INSERT = """
    INSERT INTO items (unit_id, day, kind, title, link, link_key, note, tag, source,
                       published_at, late, flagged, created_by, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    RETURNING id
"""


def add_batch(
    db: Database,
    who: Principal,
    unit_id: int,
    entries: Iterable[Entry | Mapping[str, Any]],
    *,
    source: str = "form",
    all_or_nothing: bool = False,
    dry_run: bool = False,
    report: Report = silent,
) -> BatchResult:
    """Check and store a batch of a unit's items in ONE transaction.

    Every row gets an outcome: added (possibly flagged: another unit claims the
    link), duplicate (of a live item, or of an earlier row of this batch), or
    rejected with a message per field. `source` "form" applies the entry
    window (older days refused, past days late); any other source is an import
    (any past day; late beyond the window). `all_or_nothing` (the form) writes
    nothing when a row is rejected and raises BatchRejected.

    `dry_run` (import previews) reaches the same outcomes inside a read
    transaction, without writing and without the write lock, so a long preview
    never holds up anyone's save or sign-in: earlier rows of the batch are
    remembered in memory instead of being inserted. A dry run tells who else
    claims a link only to an admin (a reviewer): to anyone else a preview would
    be a free way to learn which links other units have recorded.
    """
    if source not in tuple(Source):
        raise StoreError(errors.ITEM_SOURCE_UNKNOWN, source=source)
    require_write_output(who, unit_id)
    given = [Entry.of(e) for e in entries]
    mode = "form" if source == "form" else "import"

    def work() -> BatchResult:
        unit = active_unit(db, unit_id)
        rules = rules_for(db, unit, mode)
        checked = [check(e, rules) for e in given]
        if all_or_nothing and not all(c.ok for c in checked):
            refused = [
                RowOutcome(i, e.line, VALID, checked=c.row)
                if c.ok
                else RowOutcome(i, e.line, REJECTED, problems=c.errors)
                for i, (e, c) in enumerate(zip(given, checked, strict=True))
            ]
            raise BatchRejected(BatchResult(refused, written=False))
        visible = visible_unit_ids(db, who)
        tell_claims = not dry_run or who.is_admin
        now = clock.now_iso()
        # What this batch has added so far: a later row with the same key duplicates it.
        added: dict[tuple[Any, ...], tuple[int, int | None]] = {}  # key -> (row index, item id)
        outcomes: list[RowOutcome] = []
        total = len(given)
        for i, (entry, result) in enumerate(zip(given, checked, strict=True)):
            if i % 500 == 0:
                report(i, total, words.rows_progress(i, total))
            if not result.ok:
                outcomes.append(RowOutcome(i, entry.line, REJECTED, problems=result.errors))
                continue
            ck = result.valid()
            key = _batch_key(ck)
            field_name = "link" if ck.link_key else "title"
            if key in added:
                earlier_row, earlier_item = added[key]
                earlier = given[earlier_row]
                outcomes.append(
                    RowOutcome(
                        i,
                        entry.line,
                        DUPLICATE,
                        problems={
                            field_name: errors.problem(errors.ROW_SAME_AS, line=earlier.line)
                        },
                        item_id=earlier_item,
                        checked=ck,
                    )
                )
                continue
            existing = live_duplicate(db, unit_id, ck, any_kind=source == COLLECTED)
            if existing is None and source == COLLECTED:
                existing = _deleted_collected(db, unit_id, ck)
            if existing is not None:
                outcomes.append(
                    RowOutcome(
                        i,
                        entry.line,
                        DUPLICATE,
                        problems={field_name: duplicate_message(db, existing)},
                        item_id=existing,
                        checked=ck,
                    )
                )
                continue
            others = other_claims(db, unit_id, ck.link_key)
            item_id = None if dry_run else _insert(db, who, unit_id, ck, source, bool(others), now)
            added[key] = (i, item_id)
            outcomes.append(
                RowOutcome(
                    i,
                    entry.line,
                    ADDED,
                    item_id=item_id,
                    flagged=bool(others) and tell_claims,
                    flagged_with=_names(db, others, visible) if tell_claims else (),
                    checked=ck,
                )
            )
        report(total, total, words.rows_checked(total))
        return BatchResult(outcomes, written=not dry_run)

    if dry_run:
        with read(db):
            return work()
    with write(db):
        return work()


def _batch_key(ck: Checked) -> tuple[Any, ...]:
    """What makes two rows of one unit the same item (as `_live_duplicate` looks it up)."""
    if ck.link_key is not None:
        return ("link", ck.kind, ck.link_key)
    return ("title", ck.day, ck.kind, title_key(ck.title))


def _insert(
    db: Database, who: Principal, unit_id: int, ck: Checked, source: str, flagged: bool, now: str
) -> int:
    """One new item and its audit entry (inside the caller's write transaction)."""
    values = (
        unit_id,
        *typed(ck),
        source,
        ck.published_at,
        int(ck.late),
        int(flagged),
        who.user_id,
        now,
        now,
    )
    item_id = db.conn.execute(INSERT, values).fetchone()[0]
    audit.record(
        db,
        who,
        "create",
        "item",
        item_id,
        unit_id=unit_id,
        after={
            "id": item_id,
            "unit_id": unit_id,
            "day": ck.day.isoformat(),
            "kind": ck.kind,
            "title": ck.title,
            "link": ck.link,
            "note": ck.note,
            "tag": ck.tag,
            "source": source,
            "published_at": ck.published_at,
            "late": int(ck.late),
            "flagged": int(flagged),
            "deleted": 0,
            "version": 1,
        },
    )
    return int(item_id)
