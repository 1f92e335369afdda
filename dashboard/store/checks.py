"""Link checks of online items, their flags, and the reviewers' decisions (issue 14).

- `link_checks`: every check of an item's link (for `link_broken`: two checks an
  hour apart).
- `item_checks`: the latest check of each item, with the link and day it was
  made for: an item whose link or date was corrected since is due again.
- `item_reviews`: a reviewer's decision on a flagged item. Rejecting sets
  `items.rejected`, which the summary triggers treat as a deletion: a
  rejected item leaves every figure exactly as a deleted one does.

Who may review: an admin, or a pimpinan for the units *below* its own (never
its own unit, never an operator). The store refuses anyone else.

What counts: every live item that is not rejected (unchecked, verified,
flagged and not yet decided, accepted). "Verified" is an item whose current
check found nothing or that a reviewer accepted; "open flags" are flagged
items nobody has decided on yet (an item claimed by another unit when it was
written is one too, before its first check: `duplicate_content`).

SQL here is portable: `?` placeholders, ON CONFLICT upserts, times and dates
computed in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from dashboard import clock, errors
from dashboard.domain import (
    CheckDue,
    LinkCheck,
    Review,
    ReviewDecision,
    ReviewFlag,
    UnitFlag,
    reason_codes,
)
from dashboard.errors import Code
from dashboard.store import audit
from dashboard.store.access import AccessDenied, Principal, subtree_ids, unit_scope
from dashboard.store.db import Database, StoreError, one, present, rows, write

REASONS = (
    "link_broken",
    "date_mismatch",
    "not_unit_channel",
    "duplicate_content",
    "title_mismatch",
    "unsafe_link",
)
NOTE_MAX = 1000
AUDIT_ACTIONS = {"accepted": "review_accept", "rejected": "review_reject"}


class ReviewRefused(StoreError):
    """A decision that cannot be taken (no open flag, missing note, ...): a code for the
    pages (`words.say`), `english` for the command line."""

    def __init__(self, code: Code, english: str, /, **params: object):
        super().__init__(code, **params)
        self.english = english


# --- what is due --------------------------------------------------------------------------

DUE = """
    SELECT i.id, i.unit_id, un.tz, i.day, i.kind, i.title, i.link, i.link_key, i.flagged
    FROM items i
    JOIN units un ON un.id = i.unit_id
    LEFT JOIN item_checks c ON c.item_id = i.id
    WHERE i.deleted = 0 AND i.rejected = 0 AND i.link IS NOT NULL
      AND (c.item_id IS NULL OR c.link <> i.link OR c.day <> i.day OR c.recheck_at <= ?)
"""


def due(
    db: Database,
    *,
    now: datetime,
    unit_ids: Sequence[int] | None = None,
    since: date | None = None,
    limit: int | None = None,
) -> list[CheckDue]:
    """Items never checked, corrected since their check, or due for a re-check; newest first.

    Unscoped (the checker is a system job); `unit_ids` narrows it.
    """
    params: list[object]
    sql, params = DUE, [clock.iso(now)]
    if since is not None:
        sql += " AND i.day >= ?"
        params.append(since.isoformat())
    if unit_ids is not None:
        marks = ", ".join("?" for _ in unit_ids) or "NULL"
        sql += f" AND i.unit_id IN ({marks})"
        params += list(unit_ids)
    sql += " ORDER BY i.day DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [CheckDue.from_row(row) for row in rows(db, sql, tuple(params))]


def history(db: Database, item_id: int, link: str) -> list[tuple[datetime, str]]:
    """(checked_at, outcome) of every check of this item's current link, oldest first."""
    return [
        (clock.parse_instant(r["checked_at"]), r["outcome"])
        for r in rows(
            db,
            "SELECT checked_at, outcome FROM link_checks WHERE item_id = ? AND link = ? "
            "ORDER BY checked_at, id",
            (item_id, link),
        )
    ]


def earlier_claims(
    db: Database, item_id: int, unit_id: int, keys: Iterable[str | None]
) -> list[str]:
    """Names of other units whose counted item, entered before this one, has the same
    address (its link, or the address its link ended at)."""
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    found = rows(
        db,
        f"""
        SELECT DISTINCT un.name FROM items o
        JOIN units un ON un.id = o.unit_id
        LEFT JOIN item_checks c ON c.item_id = o.id AND c.link = o.link
        WHERE o.deleted = 0 AND o.rejected = 0 AND o.unit_id <> ? AND o.id < ?
          AND (o.link_key IN ({marks}) OR c.final_key IN ({marks}))
        ORDER BY un.name
        """,
        (unit_id, item_id, *wanted, *wanted),
    )
    return [r["name"] for r in found]


def record(
    db: Database,
    item: CheckDue,
    *,
    checked_at: datetime,
    outcome: str,
    status: int | None,
    code: str | None,
    final_url: str | None,
    final_key: str | None,
    page_title: str | None,
    published: date | None,
    detail: str | None,
    reasons: Sequence[str],
    verdict: str,
    recheck_at: datetime | None,
) -> bool:
    """Store one check of `item` (a row of `due`): history and latest, in one transaction.

    Returns False when the item changed meanwhile (deleted, rejected, link or date
    corrected): the check is dropped, the next run checks the new state.
    An earlier acceptance stands for the flags it was given for; a check raising
    a flag it did not cover reopens the item for review.
    """
    text = ",".join(reasons)
    with write(db):
        now_item = one(
            db, "SELECT link, day, deleted, rejected FROM items WHERE id = ?", (item.id,)
        )
        if (
            now_item is None
            or now_item["deleted"]
            or now_item["rejected"]
            or now_item["link"] != item.link
            or now_item["day"] != item.day.isoformat()
        ):
            return False
        at = clock.iso(checked_at)
        db.conn.execute(
            "INSERT INTO link_checks (item_id, link, checked_at, outcome, status, code) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (item.id, item.link, at, outcome, status, code),
        )
        db.conn.execute(
            """
            INSERT INTO item_checks (item_id, link, day, checked_at, outcome, status, final_url,
                                     final_key, page_title, published, detail, reasons, verdict,
                                     recheck_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (item_id) DO UPDATE SET
                link = excluded.link, day = excluded.day, checked_at = excluded.checked_at,
                outcome = excluded.outcome, status = excluded.status,
                final_url = excluded.final_url, final_key = excluded.final_key,
                page_title = excluded.page_title, published = excluded.published,
                detail = excluded.detail, reasons = excluded.reasons,
                verdict = excluded.verdict, recheck_at = excluded.recheck_at
            """,
            (
                item.id,
                item.link,
                item.day.isoformat(),
                at,
                outcome,
                status,
                (final_url or "")[:4096] or None,
                (final_key or "")[:4096] or None,
                (page_title or "")[:500] or None,
                None if published is None else published.isoformat(),
                (detail or "")[:300] or None,
                text,
                verdict,
                None if recheck_at is None else clock.iso(recheck_at),
            ),
        )
        accepted = one(
            db,
            "SELECT reasons FROM item_reviews WHERE item_id = ? AND decision = 'accepted'",
            (item.id,),
        )
        if accepted is not None and not set(reasons) <= set(reason_codes(accepted["reasons"])):
            db.conn.execute("DELETE FROM item_reviews WHERE item_id = ?", (item.id,))
    return True


# --- review -------------------------------------------------------------------------------

# The open flags of an item: its current check's, or (before any check) the claim on its link
# by another unit noticed when it was written. Accepted or rejected items have none.
_OPEN = """
    i.deleted = 0 AND i.rejected = 0 AND r.item_id IS NULL
    AND ((c.verdict = 'flagged' AND c.link = i.link AND c.day = i.day)
         OR (c.item_id IS NULL AND i.flagged = 1))
"""
QUEUE = f"""
    SELECT i.id, i.unit_id, un.code AS unit_code, un.name AS unit_name, i.day, i.kind,
           k.short_label AS kind_short, i.title, i.link, i.link_key,
           CASE WHEN c.item_id IS NULL THEN 'duplicate_content' ELSE c.reasons END AS reasons,
           c.checked_at, c.status, c.final_url, c.page_title, c.published, c.detail
    FROM items i
    JOIN units un ON un.id = i.unit_id
    JOIN metric_kinds k ON k.code = i.kind
    LEFT JOIN item_checks c ON c.item_id = i.id
    LEFT JOIN item_reviews r ON r.item_id = i.id
    WHERE {_OPEN}
"""


def reviewable_unit_ids(db: Database, who: Principal) -> set[int] | None:
    """The units whose items `who` may review (None: every unit, an admin)."""
    if who.role == "admin":
        return None
    if who.role != "pimpinan" or who.unit_id is None:
        return set()
    return set(subtree_ids(db, who.unit_id)) - {who.unit_id}


def can_review(db: Database, who: Principal, unit_id: int) -> bool:
    allowed = reviewable_unit_ids(db, who)
    return allowed is None or unit_id in allowed


def queue(
    db: Database, who: Principal, unit_ids: Sequence[int] | None = None, *, limit: int = 1000
) -> list[ReviewFlag]:
    """Open flagged items `who` may review (of `unit_ids` when given), newest first."""
    if not who.is_leader:
        raise AccessDenied(errors.REVIEW_ROLES)
    allowed = reviewable_unit_ids(db, who)
    wanted = allowed if unit_ids is None else set(unit_ids)
    if allowed is not None and wanted is not None and not wanted <= allowed:
        raise AccessDenied(errors.REVIEW_SOME_UNITS)
    if wanted is not None and not wanted:
        return []  # a pimpinan of a unit without units below it
    sql, params = QUEUE, ()
    if wanted is not None:
        where, params = unit_scope(db, who, wanted)
        sql += f" AND i.{where}"
    found = rows(db, sql + " ORDER BY i.day DESC, i.id DESC LIMIT ?", (*params, limit))
    return [
        ReviewFlag.from_row(
            row,
            others=tuple(earlier_claims(db, row["id"], row["unit_id"], [row["link_key"]]))
            if "duplicate_content" in reason_codes(row["reasons"])
            else (),
        )
        for row in found
    ]


def flags_of_unit(db: Database, who: Principal, unit_id: int, since: date) -> list[UnitFlag]:
    """A unit's items from `since` with open flags or a rejection, for its operator.

    Each: the item, its reasons, and the decision (None while open).
    """
    where, params = unit_scope(db, who, [unit_id])
    found = rows(
        db,
        f"""
        SELECT i.id, i.day, i.kind, k.short_label AS kind_short, i.title, i.link, i.version,
               CASE WHEN c.item_id IS NULL THEN 'duplicate_content' ELSE c.reasons END AS reasons,
               r.decision, r.note, r.reviewer, r.decided_at
        FROM items i
        JOIN metric_kinds k ON k.code = i.kind
        LEFT JOIN item_checks c ON c.item_id = i.id
        LEFT JOIN item_reviews r ON r.item_id = i.id
        WHERE i.{where} AND i.day >= ? AND i.deleted = 0
          AND (({_OPEN}) OR r.decision = 'rejected')
        ORDER BY i.day DESC, i.id DESC
        """,
        (*params, since.isoformat()),
    )
    flags = []
    for row in found:
        reasons = row["reasons"]
        if row["decision"] == "rejected":
            reasons = present(
                one(db, "SELECT reasons FROM item_reviews WHERE item_id = ?", (row["id"],))
            )["reasons"]
        flags.append(UnitFlag.from_row(row, reasons))
    return flags


def decide(db: Database, who: Principal, item_id: int, decision: str, note: str = "") -> Review:
    """Accept (the item keeps counting) or reject (it stops counting, kept) an open flag.

    A reject needs a note. Refused for anyone but an admin or a pimpinan above the
    item's unit; refused when the item has no open flag. Audited.
    """
    if decision not in ("accepted", "rejected"):
        raise ReviewRefused(
            errors.REVIEW_DECISION_UNKNOWN, f"unknown decision {decision!r}", decision=decision
        )
    note = (note or "").strip()
    if decision == "rejected" and not note:
        raise ReviewRefused(errors.REVIEW_NOTE_REQUIRED, "a reject needs a --note")
    if len(note) > NOTE_MAX:
        raise ReviewRefused(
            errors.REVIEW_NOTE_TOO_LONG, f"the note is over {NOTE_MAX} characters", limit=NOTE_MAX
        )
    with write(db):
        item = one(
            db,
            f"""
            SELECT i.id, i.unit_id, i.day, i.link, i.version,
                   CASE WHEN c.item_id IS NULL THEN 'duplicate_content' ELSE c.reasons END
                       AS reasons,
                   ({_OPEN}) AS is_open
            FROM items i
            LEFT JOIN item_checks c ON c.item_id = i.id
            LEFT JOIN item_reviews r ON r.item_id = i.id
            WHERE i.id = ? AND i.deleted = 0
            """,
            (item_id,),
        )
        if item is None:
            raise ReviewRefused(errors.ITEM_NOT_FOUND, "no such live item")
        if not can_review(db, who, item["unit_id"]):
            raise AccessDenied(errors.REVIEW_NOT_REVIEWER)
        if not item["is_open"]:
            raise ReviewRefused(errors.REVIEW_NOT_OPEN, "it has no open flag to decide on")

        at = clock.now_iso()
        db.conn.execute(
            """
            INSERT INTO item_reviews (item_id, decision, reasons, note, reviewer_id, reviewer,
                                      decided_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (item_id) DO UPDATE SET
                decision = excluded.decision, reasons = excluded.reasons, note = excluded.note,
                reviewer_id = excluded.reviewer_id, reviewer = excluded.reviewer,
                decided_at = excluded.decided_at
            """,
            (item_id, decision, item["reasons"], note, who.user_id, who.username, at),
        )
        if decision == "rejected":
            db.conn.execute(
                "UPDATE items SET rejected = 1, updated_at = ?, version = version + 1 WHERE id = ?",
                (at, item_id),
            )
        after = {"decision": decision, "reasons": item["reasons"], "note": note}
        audit.record(
            db,
            who,
            AUDIT_ACTIONS[decision],
            "item",
            item_id,
            unit_id=item["unit_id"],
            before={"reasons": item["reasons"], "link": item["link"], "day": item["day"]},
            after=after,
        )
    return Review(
        id=item_id,
        unit_id=item["unit_id"],
        decision=ReviewDecision(decision),
        reasons=reason_codes(item["reasons"]),
        note=note,
    )


# --- counting -----------------------------------------------------------------------------


def status_by_day(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> list[tuple[int, date, str, int, int, int, int]]:
    """(unit_id, day, group, online, verified, open flags, checked) of counted items, per unit
    and day.

    `online`: counted items with a link; `verified`: whose current check found
    nothing, or accepted; `open flags`: flagged and not decided; `checked`: with a
    check of their current link and date, or a decision.
    """
    where, params = unit_scope(db, who, unit_ids)
    found = db.conn.execute(
        f"""
        SELECT i.unit_id, i.day, k.grp,
               count(*) AS online,
               sum(CASE WHEN r.decision = 'accepted'
                          OR (c.verdict = 'verified' AND c.link = i.link AND c.day = i.day)
                        THEN 1 ELSE 0 END) AS verified,
               sum(CASE WHEN {_OPEN} THEN 1 ELSE 0 END) AS flagged,
               sum(CASE WHEN r.item_id IS NOT NULL OR (c.link = i.link AND c.day = i.day)
                        THEN 1 ELSE 0 END) AS checked
        FROM items i
        JOIN metric_kinds k ON k.code = i.kind
        LEFT JOIN item_checks c ON c.item_id = i.id
        LEFT JOIN item_reviews r ON r.item_id = i.id
        WHERE i.deleted = 0 AND i.rejected = 0 AND i.link IS NOT NULL
          AND i.day BETWEEN ? AND ? AND i.{where}
        GROUP BY i.unit_id, i.day, k.grp
        """,
        (start.isoformat(), end.isoformat(), *params),
    ).fetchall()
    return [
        (u, date.fromisoformat(d), g, int(n), int(v), int(f), int(c))
        for u, d, g, n, v, f, c in found
    ]


def latest_check(db: Database, item_id: int) -> LinkCheck | None:
    """The latest check of one item (unscoped: callers hold the item already)."""
    found = one(db, "SELECT * FROM item_checks WHERE item_id = ?", (item_id,))
    return None if found is None else LinkCheck.from_row(found)
