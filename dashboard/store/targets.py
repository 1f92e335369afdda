"""Coordination goals (targets) as data, with their history.

A target says: for this scope (the nation, a unit type, or one unit), this
metric (a metric group such as `berita`, or one kind such as
`medsos_instagram`) must reach `value` per `period` (day, week, month),
counting working days or every day, from `valid_from` to `valid_to`
(inclusive; open when NULL). Targets are never edited in place: a change
ends the old one and starts a new one, so a past day is always judged by the
target that held on that day. Two targets of the same scope and metric may
not overlap in time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from dashboard import clock, errors, freetext
from dashboard.domain import CountsOn, Group, Period, Scope, Target, UnitType
from dashboard.store import audit
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import Database, StoreError, one, rows, write

NOTE_MAX = 500  # the schema's CHECK; refused here first, in words

SELECT = """
    SELECT t.id, t.scope, t.unit_type, t.unit_id, u.code AS unit_code, u.name AS unit_name,
           t.metric, t.period, t.value, t.counts_on, t.valid_from, t.valid_to, t.note,
           t.created_at
    FROM targets t LEFT JOIN units u ON u.id = t.unit_id
"""


@dataclass(frozen=True)
class NewTarget:
    scope: str  # national | unit_type | unit
    metric: str  # a group (berita, medsos, media, kegiatan) or a metric kind code
    period: str  # day | week | month
    value: int
    counts_on: str  # working | all
    valid_from: date
    valid_to: date | None = None
    unit_type: str | None = None
    unit_id: int | None = None
    note: str = ""


def list_targets(db: Database) -> list[Target]:
    """Every target, past and present. Targets are the ministry's rules: readable by all."""
    found = rows(db, f"{SELECT} ORDER BY t.metric, t.scope, t.valid_from")
    return [Target.from_row(r) for r in found]


def by_id(db: Database, target_id: int) -> Target | None:
    found = one(db, f"{SELECT} WHERE t.id = ?", (target_id,))
    return Target.from_row(found) if found else None


def _metric_codes(db: Database) -> set[str]:
    kinds = {r["code"] for r in rows(db, "SELECT code FROM metric_kinds")}
    return kinds | set(Group)


def _validate(db: Database, target: NewTarget) -> None:
    if target.scope not in tuple(Scope):
        raise StoreError(errors.TARGET_SCOPE_UNKNOWN)
    if target.scope == "unit_type" and target.unit_type not in tuple(UnitType):
        raise StoreError(errors.TARGET_PICK_UNIT_TYPE)
    if target.scope == "unit" and not target.unit_id:
        raise StoreError(errors.TARGET_PICK_UNIT)
    if target.metric not in _metric_codes(db):
        raise StoreError(errors.TARGET_METRIC_UNKNOWN, metric=target.metric)
    if target.period not in tuple(Period):
        raise StoreError(errors.TARGET_PERIOD_UNKNOWN)
    if target.counts_on not in tuple(CountsOn):
        raise StoreError(errors.TARGET_COUNTS_ON_UNKNOWN)
    if not isinstance(target.value, int) or target.value < 0:
        raise StoreError(errors.TARGET_NEGATIVE)
    if target.value > 10_000:
        raise StoreError(errors.TARGET_TOO_BIG)
    if target.valid_to is not None and target.valid_to < target.valid_from:
        raise StoreError(errors.TARGET_ENDS_BEFORE_START)
    if wrong := freetext.problem(target.note.strip(), "target.note", max_len=NOTE_MAX):
        raise wrong.error(StoreError)


def _overlapping(
    db: Database, target: NewTarget, *, exclude_id: int | None = None
) -> Target | None:
    end = (target.valid_to or date.max).isoformat()
    found = one(
        db,
        f"""{SELECT}
        WHERE t.scope = ? AND t.metric = ?
          AND t.unit_type IS NOT DISTINCT FROM ? AND t.unit_id IS NOT DISTINCT FROM ?
          AND t.valid_from <= ? AND (t.valid_to IS NULL OR t.valid_to >= ?)
          AND t.id IS DISTINCT FROM ?
        LIMIT 1""",
        (
            target.scope,
            target.metric,
            target.unit_type if target.scope == "unit_type" else None,
            target.unit_id if target.scope == "unit" else None,
            end,
            target.valid_from.isoformat(),
            exclude_id,
        ),
    )
    return Target.from_row(found) if found else None


def add(db: Database, who: Principal, target: NewTarget) -> int:
    require_admin(who)
    _validate(db, target)
    with write(db):
        clash = _overlapping(db, target)
        if clash:
            raise StoreError(
                errors.TARGET_OVERLAP, valid_from=clash.valid_from, until=clash.valid_to
            )

        cursor = db.conn.execute(
            """
            INSERT INTO targets (scope, unit_type, unit_id, metric, period, value, counts_on,
                                 valid_from, valid_to, note, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """,
            (
                target.scope,
                target.unit_type if target.scope == "unit_type" else None,
                target.unit_id if target.scope == "unit" else None,
                target.metric,
                target.period,
                target.value,
                target.counts_on,
                target.valid_from.isoformat(),
                target.valid_to.isoformat() if target.valid_to else None,
                target.note.strip(),
                who.user_id,
                clock.now_iso(),
            ),
        )
        created = _require(db, cursor.fetchone()[0])
        audit.record(
            db, who, "create", "target", created.id, unit_id=target.unit_id, after=created.record()
        )
        return created.id


def _require(db: Database, target_id: int) -> Target:
    found = by_id(db, target_id)
    if found is None:
        raise StoreError(errors.TARGET_NOT_FOUND)
    return found


def end(db: Database, who: Principal, target_id: int, last_day: date) -> Target:
    """End a target: `last_day` is the last day it holds (history before it stays)."""
    require_admin(who)
    with write(db):
        before = _require(db, target_id)
        if last_day < before.valid_from:
            raise StoreError(errors.TARGET_END_BEFORE_START)
        if before.valid_to and last_day > before.valid_to:
            raise StoreError(errors.TARGET_ENDED_EARLIER)
        db.conn.execute(
            "UPDATE targets SET valid_to = ? WHERE id = ?", (last_day.isoformat(), target_id)
        )
        after = _require(db, target_id)
        audit.record(
            db,
            who,
            "end",
            "target",
            target_id,
            unit_id=before.unit_id,
            before=before.record(),
            after=after.record(),
        )
        return after


def replace(db: Database, who: Principal, target_id: int, new: NewTarget) -> int:
    """End a target the day before `new.valid_from` and start `new`, in one transaction."""
    with write(db):
        end(db, who, target_id, new.valid_from - timedelta(days=1))
        return add(db, who, new)


def as_dict(target: NewTarget) -> dict[str, Any]:
    return asdict(target)
