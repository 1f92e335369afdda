"""Output items: each news article, post, release, coverage or covered event.

Reads are scoped to what the principal may see; writes to what it may enter.
Daily counts are never written here: the triggers on `items` keep
`daily_counts` exact in the same transaction.

Writes (`add_batch`, `update`, `delete`) check every row with
`dashboard.entries.check` inside their own IMMEDIATE transaction and record
each change in the audit log, with the record before and after, in that same
transaction. The same normalised link is stored once per unit and kind; an
item without a link is a duplicate of a live item of the same unit, day and
kind with the same title (case and spacing aside). A link another unit already
claims is accepted and flagged for review (`link_conflicts`).

One connection per thread: a connection is not shared by concurrent writers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboard import clock
from dashboard.entries import Checked, Entry, Rules, check, describe, title_key
from dashboard.progress import Report, silent
from dashboard.store import audit
from dashboard.store import settings as settings_store
from dashboard.store.access import (
    AccessDenied,
    Principal,
    require_admin,
    require_read,
    require_write_output,
    unit_scope,
    visible_unit_ids,
)
from dashboard.store.db import Database, StoreError, one, present, read, rows, write
from dashboard.store.migrations import SOURCES

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

SELECT = """
    SELECT i.id, i.unit_id, un.code AS unit_code, un.name AS unit_name, i.day, i.kind,
           k.label AS kind_label, k.short_label AS kind_short, k.grp, i.title, i.link, i.note,
           i.tag, i.source, i.published_at, i.late, i.flagged, i.link_key, i.created_at,
           i.updated_at, i.version, i.rejected, us.username AS created_by
    FROM items i
    JOIN units un ON un.id = i.unit_id
    JOIN metric_kinds k ON k.code = i.kind
    LEFT JOIN users us ON us.id = i.created_by
"""


def on_day(db: Database, who: Principal, unit_id: int, day: date) -> list[dict[str, Any]]:
    """A unit's live items of one local day, newest first (rejected ones too: shown struck through)."""
    require_read(db, who, unit_id)
    return rows(
        db,
        f"{SELECT} WHERE i.unit_id = ? AND i.day = ? AND i.deleted = 0 ORDER BY i.id DESC",
        (unit_id, day.isoformat()),
    )


# What reports list: every column of an exported row, and the unit's zone for local times.
LISTING = """
    SELECT i.id, i.day, un.code AS unit_code, un.name AS unit_name, un.tz AS unit_tz,
           i.kind, k.label AS kind_label, k.short_label AS kind_short, k.grp,
           i.title, i.link, i.note, i.tag, i.source, i.published_at, i.created_at,
           us.username AS created_by
    FROM items i
    JOIN units un ON un.id = i.unit_id
    JOIN metric_kinds k ON k.code = i.kind
    LEFT JOIN users us ON us.id = i.created_by
"""


def in_period(
    db: Database,
    who: Principal,
    unit_ids: Iterable[int] | None,
    start: date,
    end: date,
    *,
    batch: int = 2000,
) -> Iterator[dict[str, Any]]:
    """Counted items (live, not rejected) of the units on local days [start, end], by day,
    unit name and entry order.

    A generator that fetches in batches, so a national export never holds
    75,000 rows in memory; the connection must stay open while it is read.
    """
    where, params = unit_scope(db, who, unit_ids)
    cursor = db.conn.execute(
        f"""{LISTING}
        WHERE i.deleted = 0 AND i.rejected = 0 AND i.day BETWEEN ? AND ? AND i.{where}
        ORDER BY i.day, un.name, i.id""",
        (start.isoformat(), end.isoformat(), *params),
    )
    names = [c[0] for c in cursor.description]
    while chunk := cursor.fetchmany(batch):
        for row in chunk:
            yield dict(zip(names, row, strict=True))


def count_in_period(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> int:
    """How many items `in_period` yields (from the daily summary, so it is cheap)."""
    where, params = unit_scope(db, who, unit_ids)
    found = db.conn.execute(
        f"SELECT COALESCE(SUM(n), 0) FROM daily_counts WHERE day BETWEEN ? AND ? AND {where}",
        (start.isoformat(), end.isoformat(), *params),
    ).fetchone()
    return int(found[0])


def on_day_for_units(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, day: date
) -> list[dict[str, Any]]:
    """Live items of many units on one local day (each unit's own calendar day)."""
    where, params = unit_scope(db, who, unit_ids)
    return rows(
        db,
        f"""{LISTING}
        WHERE i.deleted = 0 AND i.rejected = 0 AND i.day = ? AND i.{where}
        ORDER BY un.name, i.id""",
        (day.isoformat(), *params),
    )


def latest(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, since: date, *, limit: int = 10
) -> list[dict[str, Any]]:
    """The newest live items of the units (None: every unit `who` may read), from `since` on.

    Newest by publication time when known, else by entry time. `since` bounds
    the scan to recent days (the day index), so the read stays cheap on
    millions of items.
    """
    where, params = unit_scope(db, who, unit_ids)
    return rows(
        db,
        f"""{SELECT}
        WHERE i.day >= ? AND i.deleted = 0 AND i.rejected = 0 AND i.{where}
        ORDER BY COALESCE(i.published_at, i.created_at) DESC, i.id DESC
        LIMIT ?""",
        (since.isoformat(), *params, limit),
    )


def count_live(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM items WHERE deleted = 0").fetchone()[0])


def bulk_load(
    db: Database, who: Principal, items: Iterable[dict[str, Any]], *, chunk: int = 5000
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
            return added

    for item in items:
        batch.append(tuple(item.get(c) for c in ITEM_COLUMNS))
        if len(batch) >= chunk:
            added += flush()
            batch.clear()
    if batch:
        added += flush()
    return added


# --- entry: batches, edits, soft deletes -------------------------------------------------

ADDED, DUPLICATE, REJECTED, VALID = "added", "duplicate", "rejected", "valid"
COLLECTED = "otomatis"  # the source of items the harvest collected from a unit's channels
COLLECTED_MESSAGE = (
    "Sudah terkumpul otomatis dari kanal unit ini; tidak perlu diisi lagi (tidak dihitung dua "
    "kali)."
)
EDITABLE = ("day", "kind", "title", "link", "note", "tag")
# What the audit log keeps of an item.
AUDIT_FIELDS = (
    "id",
    "unit_id",
    "day",
    "kind",
    "title",
    "link",
    "note",
    "tag",
    "source",
    "published_at",
    "late",
    "flagged",
    "deleted",
    "version",
)
# The words for each editable field, for telling someone what another person changed.
FIELD_LABELS = {
    "day": "tanggal",
    "kind": "jenis",
    "title": "judul",
    "link": "tautan",
    "note": "catatan",
    "tag": "tag",
}


class EntryInvalid(StoreError):
    """An edit refused; `problems` maps each field at fault to its message."""

    def __init__(self, problems: Mapping[str, str]):
        super().__init__(describe(problems))
        self.problems = dict(problems)


@dataclass(frozen=True)
class RowOutcome:
    index: int  # position in the entries given
    line: int | None  # where the row came from (file line), when known
    status: str  # added | duplicate | rejected | valid (checked, not written)
    problems: dict[str, str] = field(default_factory=dict)  # field -> message
    item_id: int | None = None  # the item added, or the live item it duplicates
    flagged: bool = False  # another unit already claims this link
    flagged_with: tuple[str, ...] = ()  # those units' names, where the caller may read them
    checked: Checked | None = None

    @property
    def message(self) -> str:
        return describe(self.problems)


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


@dataclass(frozen=True)
class Change:
    """Someone else's change to an item: who, when (UTC), which fields (or a deletion)."""

    actor: str
    at: str
    fields: tuple[str, ...]
    deleted: bool = False


class StaleEdit(StoreError):
    """A save based on an older version of the item: nothing was written.

    `changes` says what happened since that version (oldest first); `current`
    is the item as it is now, to show and to start again from.
    """

    def __init__(self, changes: list[Change], current: dict[str, Any] | None):
        names = sorted({FIELD_LABELS.get(f, f) for c in changes for f in c.fields})
        who = sorted({c.actor for c in changes})
        what = f" ({', '.join(names)})" if names else ""
        super().__init__(
            f"Item ini sudah diubah oleh {', '.join(who) or 'orang lain'}{what} sejak Anda "
            "membukanya; perubahan Anda belum disimpan. Muat ulang item, lalu ulangi perubahan."
        )
        self.changes = changes
        self.current = current


class BatchRejected(StoreError):
    """An all-or-nothing batch with a row at fault: nothing was written."""

    def __init__(self, result: BatchResult):
        bad = result.rejected
        super().__init__(f"{len(bad)} baris perlu diperbaiki; tidak ada yang disimpan.")
        self.result = result


def _unit(db: Database, unit_id: int) -> dict[str, Any]:
    unit = one(db, "SELECT id, code, name, tz, active FROM units WHERE id = ?", (unit_id,))
    if unit is None or not unit["active"]:
        raise StoreError("Unit kerja tidak ditemukan atau tidak aktif.")
    return unit


def rules_for(db: Database, unit: dict[str, Any], mode: str) -> Rules:
    """The unit's local today, the stored entry window and the active kinds."""
    kinds = {
        k["code"]: k
        for k in rows(
            db,
            "SELECT code, label, short_label, grp, needs_link FROM metric_kinds WHERE active = 1",
        )
    }
    return Rules(
        today=clock.local_today(unit["tz"]),
        backdate_days=settings_store.get_int(db, "backdate_days"),
        kinds=kinds,
        mode=mode,
        zone=clock.abbrev(unit["tz"]),
    )


def _live_duplicate(
    db: Database, unit_id: int, ck: Checked, *, except_id: int | None = None, any_kind: bool = False
) -> int | None:
    """The live item this row would duplicate, if any.

    A link is a duplicate of the unit's live item with the same link and kind,
    and of one collected from the unit's channels (source "otomatis") whatever
    its kind: a collected post is not entered again as something else. With
    `any_kind` (the harvest), of any live item of the unit with that link.
    """
    if ck.link_key is not None:
        found = db.conn.execute(
            "SELECT id FROM items WHERE unit_id = ? AND kind = ? AND link_key = ? "
            "AND deleted = 0 AND link_key IS NOT NULL AND id IS DISTINCT FROM ?",
            (unit_id, ck.kind, ck.link_key, except_id),
        ).fetchone()
        if found is None:
            found = db.conn.execute(
                "SELECT id FROM items WHERE unit_id = ? AND link_key = ? AND deleted = 0 "
                "AND id IS DISTINCT FROM ?" + ("" if any_kind else f" AND source = '{COLLECTED}'"),
                (unit_id, ck.link_key, except_id),
            ).fetchone()
        return found[0] if found else None
    wanted = title_key(ck.title)
    for item_id, title in db.conn.execute(
        "SELECT id, title FROM items WHERE unit_id = ? AND day = ? AND kind = ? "
        "AND link_key IS NULL AND deleted = 0 AND id IS DISTINCT FROM ?",
        (unit_id, ck.day.isoformat(), ck.kind, except_id),
    ):
        if title_key(title) == wanted:
            return int(item_id)
    return None


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


def _duplicate_message(db: Database, item_id: int) -> str:
    source, deleted = db.conn.execute(
        "SELECT source, deleted FROM items WHERE id = ?", (item_id,)
    ).fetchone()
    if deleted:
        return "Pernah dihapus dari unit ini; tidak dikumpulkan lagi."
    if source == COLLECTED:
        return COLLECTED_MESSAGE
    return "Sudah tercatat sebelumnya; tidak dihitung dua kali."


def _other_claims(db: Database, unit_id: int, link_key: str | None) -> list[int]:
    """Other units with a live item on the same link."""
    if link_key is None:
        return []
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT DISTINCT unit_id FROM items WHERE link_key = ? AND deleted = 0 AND unit_id <> ?",
            (link_key, unit_id),
        )
    ]


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


def _raw(db: Database, item_id: int) -> dict[str, Any] | None:
    return one(db, f"SELECT {', '.join(AUDIT_FIELDS)} FROM items WHERE id = ?", (item_id,))


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
    if source not in SOURCES:
        raise StoreError(f"Sumber data '{source}' tidak dikenal.")
    require_write_output(who, unit_id)
    given = [Entry.of(e) for e in entries]
    mode = "form" if source == "form" else "import"

    def work() -> BatchResult:
        unit = _unit(db, unit_id)
        rules = rules_for(db, unit, mode)
        checked = [check(e, rules) for e in given]
        if all_or_nothing and any(isinstance(c, dict) for c in checked):
            outcomes = [
                RowOutcome(i, e.line, REJECTED, problems=c)
                if isinstance(c, dict)
                else RowOutcome(i, e.line, VALID, checked=c)
                for i, (e, c) in enumerate(zip(given, checked, strict=True))
            ]
            raise BatchRejected(BatchResult(outcomes, written=False))
        visible = visible_unit_ids(db, who)
        tell_claims = not dry_run or who.is_admin
        now = clock.now_iso()
        # What this batch has added so far: a later row with the same key duplicates it.
        added: dict[tuple[Any, ...], tuple[int, int | None]] = {}  # key -> (row index, item id)
        outcomes = []
        total = len(given)
        for i, (entry, ck) in enumerate(zip(given, checked, strict=True)):
            if i % 500 == 0:
                report(i, total, f"{i} dari {total} baris")
            if isinstance(ck, dict):
                outcomes.append(RowOutcome(i, entry.line, REJECTED, problems=ck))
                continue
            key = _batch_key(ck)
            field_name = "link" if ck.link_key else "title"
            if key in added:
                earlier_row, earlier_item = added[key]
                earlier = given[earlier_row]
                where = f"baris {earlier.line}" if earlier.line else "baris sebelumnya"
                outcomes.append(
                    RowOutcome(
                        i,
                        entry.line,
                        DUPLICATE,
                        problems={
                            field_name: f"Sama dengan {where} pada kiriman ini; dicatat sekali."
                        },
                        item_id=earlier_item,
                        checked=ck,
                    )
                )
                continue
            existing = _live_duplicate(db, unit_id, ck, any_kind=source == COLLECTED)
            if existing is None and source == COLLECTED:
                existing = _deleted_collected(db, unit_id, ck)
            if existing is not None:
                outcomes.append(
                    RowOutcome(
                        i,
                        entry.line,
                        DUPLICATE,
                        problems={field_name: _duplicate_message(db, existing)},
                        item_id=existing,
                        checked=ck,
                    )
                )
                continue
            others = _other_claims(db, unit_id, ck.link_key)
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
        report(total, total, f"{total} baris diperiksa")
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


def _typed(ck: Checked) -> tuple[Any, ...]:
    """What a person typed, as the columns day, kind, title, link, link_key, note, tag."""
    return (ck.day.isoformat(), ck.kind, ck.title, ck.link, ck.link_key, ck.note, ck.tag)


def _insert(
    db: Database, who: Principal, unit_id: int, ck: Checked, source: str, flagged: bool, now: str
) -> int:
    """One new item and its audit entry (inside the caller's write transaction)."""
    values = (
        unit_id,
        *_typed(ck),
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


def get(db: Database, who: Principal, item_id: int) -> dict[str, Any] | None:
    """One live item, if `who` may read its unit (AccessDenied otherwise)."""
    item = one(db, f"{SELECT} WHERE i.id = ? AND i.deleted = 0", (item_id,))
    if item is not None:
        require_read(db, who, item["unit_id"])
    return item


def _require_live(db: Database, who: Principal, item_id: int) -> dict[str, Any]:
    before = _raw(db, item_id)
    if before is None or before["deleted"]:
        raise StoreError("Item tidak ditemukan atau sudah dihapus.")
    require_write_output(who, before["unit_id"])
    return before


def _changes_since(db: Database, item_id: int, version: int) -> list[Change]:
    """What the audit log says happened to an item after `version`, oldest first."""
    found = []
    for actor, at, before, after in db.conn.execute(
        """
        SELECT actor, at, before, after FROM audit_log
        WHERE entity = 'item' AND entity_id = ? AND action IN ('update', 'delete')
        ORDER BY id
        """,
        (str(item_id),),
    ):
        old, new = json.loads(before), json.loads(after)
        # Filtered here, not in SQL: JSON paths are spelled differently in SQLite and PostgreSQL.
        if not isinstance(old.get("version"), int) or old["version"] < version:
            continue
        fields = tuple(f for f in EDITABLE if old.get(f) != new.get(f))
        found.append(Change(actor, at, fields, deleted=bool(new.get("deleted"))))
    return found


def _require_version(
    db: Database, item_id: int, before: dict[str, Any], expected: int | None
) -> None:
    if expected is not None and before["version"] != expected:
        raise StaleEdit(
            _changes_since(db, item_id, expected), one(db, f"{SELECT} WHERE i.id = ?", (item_id,))
        )


# A rejected item is kept as the reviewer left it: an edit would let it count again unseen.
REJECTED_EDIT = (
    "Item ini ditolak peninjau dan tidak dihitung; item yang ditolak tidak dapat diubah "
    "(hapus lalu catat ulang bila perlu)."
)


def update(
    db: Database,
    who: Principal,
    item_id: int,
    *,
    expected_version: int | None = None,
    **changes: Any,
) -> dict[str, Any]:
    """Edit an item (day, kind, title, link, note, tag); returns the item after.

    Operators edit only their own unit's items, admins any. Unchanged fields keep
    their value; a changed day must lie in the entry window and sets `late`
    again as the form would. Refusals raise EntryInvalid with a message per field.

    `expected_version` is the version the editor was shown (a page passes it
    always): if the item changed since, nothing is written and StaleEdit says
    who changed what and when. Every update adds one to the version.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise StoreError(f"Kolom item tidak dapat diubah: {', '.join(sorted(unknown))}")
    with write(db):
        before = _require_live(db, who, item_id)
        _require_version(db, item_id, before, expected_version)
        if one(db, "SELECT 1 AS r FROM items WHERE id = ? AND rejected = 1", (item_id,)):
            raise StoreError(REJECTED_EDIT)
        old_day = date.fromisoformat(before["day"])
        new_day = changes.get("day", old_day)
        if isinstance(new_day, str):
            new_day = date.fromisoformat(new_day)
        merged = Entry(
            day=new_day,
            kind=changes.get("kind", before["kind"]),
            title=changes.get("title", before["title"]),
            link=changes.get("link", before["link"] or ""),
            note=changes.get("note", before["note"]),
            tag=changes.get("tag", before["tag"]),
        )
        day_changed = new_day != old_day
        rules = rules_for(db, _unit(db, before["unit_id"]), "form" if day_changed else "import")
        ck = check(merged, rules)
        if isinstance(ck, dict):
            raise EntryInvalid(ck)
        duplicate = _live_duplicate(db, before["unit_id"], ck, except_id=item_id)
        if duplicate is not None:
            if ck.link_key:
                collected = _duplicate_message(db, duplicate) == COLLECTED_MESSAGE
                raise EntryInvalid(
                    {
                        "link": COLLECTED_MESSAGE
                        if collected
                        else "Tautan ini sudah tercatat pada item lain dengan jenis yang sama."
                    }
                )
            raise EntryInvalid(
                {"title": "Item lain dengan judul dan jenis ini sudah tercatat pada tanggal itu."}
            )
        late = ck.late if day_changed else bool(before["late"])
        flagged = bool(_other_claims(db, before["unit_id"], ck.link_key))
        written = db.conn.execute(
            """
            UPDATE items SET day = ?, kind = ?, title = ?, link = ?, link_key = ?, note = ?,
                             tag = ?, late = ?, flagged = ?, updated_at = ?, version = version + 1
            WHERE id = ? AND version = ?
            """,
            (
                *_typed(ck),
                int(late),
                int(flagged),
                clock.now_iso(),
                item_id,
                before["version"],
            ),
        ).rowcount
        if written != 1:  # cannot happen under the write lock; never write on a mismatch
            _require_version(db, item_id, present(_raw(db, item_id)), before["version"])
        after = _raw(db, item_id)
        audit.record(
            db,
            who,
            "update",
            "item",
            item_id,
            unit_id=before["unit_id"],
            before=before,
            after=after,
        )
        return present(one(db, f"{SELECT} WHERE i.id = ?", (item_id,)))


def delete(
    db: Database, who: Principal, item_id: int, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Soft-delete an item (it stops counting; the row and its history stay).

    `expected_version` refuses, as `update` does, a deletion from a stale page.
    """
    with write(db):
        before = _require_live(db, who, item_id)
        _require_version(db, item_id, before, expected_version)
        db.conn.execute(
            "UPDATE items SET deleted = 1, updated_at = ?, version = version + 1 WHERE id = ?",
            (clock.now_iso(), item_id),
        )
        audit.record(
            db,
            who,
            "delete",
            "item",
            item_id,
            unit_id=before["unit_id"],
            before=before,
            after=_raw(db, item_id),
        )
        return before


def history(db: Database, who: Principal, item_id: int) -> list[dict[str, Any]]:
    """The audit entries of one item, oldest first (for "who changed what")."""
    item = _raw(db, item_id)
    if item is None:
        return []
    require_read(db, who, item["unit_id"])
    return rows(
        db,
        "SELECT at, actor, action, before, after FROM audit_log "
        "WHERE entity = 'item' AND entity_id = ? ORDER BY id",
        (str(item_id),),
    )


# --- review of links claimed by more than one unit ---------------------------------------


def link_conflicts(db: Database, who: Principal, *, limit: int = 500) -> list[dict[str, Any]]:
    """Pairs of live items of different units on the same link, newest first.

    A pimpinan sees the pairs whose two units both lie in its subtree; an admin
    sees all. Each pair: {"link_key", "first": item, "second": item}, where
    `first` is the earlier claim.
    """
    if who.role not in ("admin", "pimpinan"):
        raise AccessDenied("Hanya pimpinan atau admin yang dapat meninjau tautan ganda.")
    visible = visible_unit_ids(db, who)
    found = db.conn.execute(
        """
        SELECT f.id, o.id, f.unit_id, o.unit_id
        FROM items f
        JOIN items o ON o.link_key = f.link_key AND o.deleted = 0 AND o.unit_id <> f.unit_id
        WHERE f.flagged = 1 AND f.deleted = 0
        """
    ).fetchall()
    pairs: set[tuple[int, int]] = set()
    for a_id, b_id, a_unit, b_unit in found:
        if visible is None or (a_unit in visible and b_unit in visible):
            pairs.add((min(a_id, b_id), max(a_id, b_id)))
    chosen = sorted(pairs, key=lambda p: p[1], reverse=True)[:limit]
    ids = sorted({i for pair in chosen for i in pair})
    by_id: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" for _ in part)
        for item in rows(db, f"{SELECT} WHERE i.id IN ({marks})", tuple(part)):
            by_id[item["id"]] = item
    return [
        {"link_key": by_id[a]["link_key"], "first": by_id[a], "second": by_id[b]} for a, b in chosen
    ]
