"""Links claimed by more than one unit: the pairs a reviewer looks at."""

from __future__ import annotations

from dashboard import errors
from dashboard.domain import Item, LinkConflict
from dashboard.store.access import AccessDenied, Principal, visible_unit_ids
from dashboard.store.db import Database, rows
from dashboard.store.items.reads import SELECT


def link_conflicts(db: Database, who: Principal, *, limit: int = 500) -> list[LinkConflict]:
    """Pairs of live items of different units on the same link, newest first.

    A pimpinan sees the pairs whose two units both lie in its subtree; an admin
    sees all. In each pair `first` is the earlier claim.
    """
    if not who.is_leader:
        raise AccessDenied(errors.REVIEW_PAIRS_ROLES)
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
    by_id: dict[int, Item] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" for _ in part)
        for row in rows(db, f"{SELECT} WHERE i.id IN ({marks})", tuple(part)):
            item = Item.from_row(row)
            by_id[item.id] = item
    return [
        LinkConflict(link_key=by_id[a].link_key or "", first=by_id[a], second=by_id[b])
        for a, b in chosen
    ]
