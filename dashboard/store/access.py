"""Who may read and write what: enforced here, where the data is.

Every store function that touches unit data takes a `Principal` and asks this
module first, so a page that forgets a check still cannot read or write
another unit's data.

    admin     reads and writes everything
    pimpinan  reads its unit and every unit below it; writes nothing
    operator  reads its own unit; writes its own unit's output
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard import errors
from dashboard.domain import Principal as Principal  # defined there; imported from here too
from dashboard.store.db import Database, StoreError, in_ids, rows


class AccessDenied(StoreError, PermissionError):
    pass


def principal_of(row, *, id_key: str = "id") -> Principal:
    """The principal of an account row (its id under `id_key`)."""
    return Principal(
        user_id=row[id_key],
        username=row["username"],
        role=row["role"],
        unit_id=row["unit_id"],
        full_name=row["full_name"],
    )


# Command-line maintenance (init, demo, seed) acts as this principal.
SYSTEM = Principal(user_id=None, username="system", role="admin", unit_id=None, full_name="Sistem")


def subtree_ids(db: Database, unit_id: int) -> list[int]:
    """The unit and every unit below it."""
    found = rows(
        db,
        """
        WITH RECURSIVE sub(id) AS (
            SELECT ? UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id
        )
        SELECT id FROM sub
        """,
        (unit_id,),
    )
    return [r["id"] for r in found]


def visible_unit_ids(db: Database, who: Principal) -> set[int] | None:
    """The units `who` may read; None means every unit (admin)."""
    if who.role == "admin":
        return None
    if who.unit_id is None:
        return set()
    if who.role == "pimpinan":
        return _subtree_memo(db, who.unit_id)
    return {who.unit_id}


def _subtree_memo(db: Database, unit_id: int) -> set[int]:
    """A pimpinan's subtree, walked once per connection and state of the data.

    One page's figures ask the store a handful of times; at 10,000 units each
    walk costs ~100 ms. The memo lives on the connection (opened per request)
    and is dropped as soon as anything was written, here or elsewhere.
    """
    state = (
        db.conn.total_changes,
        db.conn.execute("SELECT value FROM counters WHERE name = 'data_version'").fetchone(),
    )
    memo = getattr(db, "_humas_subtrees", None)
    if memo is None or memo[0] != state:
        memo = (state, {})
        db._humas_subtrees = memo
    found = memo[1].get(unit_id)
    if found is None:
        found = memo[1][unit_id] = frozenset(subtree_ids(db, unit_id))
    return set(found)


def unit_scope(db: Database, who: Principal, unit_ids: Iterable[int] | None) -> tuple[str, tuple]:
    """A WHERE fragment on `unit_id` limited to what was asked and may be read.

    `unit_ids=None` means every unit `who` may read; asking for a unit outside
    its scope is refused, never silently dropped. Prefix the fragment with a
    table alias and a dot where the query joins (`f"i.{where}"`).
    """
    visible = visible_unit_ids(db, who)
    if unit_ids is None:
        if visible is None:
            return "unit_id IS NOT NULL", ()
        wanted = visible
    else:
        wanted = set(unit_ids)
        if visible is not None and not wanted <= visible:
            raise AccessDenied(errors.ACCESS_SOME_UNITS)
    return in_ids(db, "unit_id", wanted)


def can_read(db: Database, who: Principal, unit_id: int) -> bool:
    visible = visible_unit_ids(db, who)
    return visible is None or unit_id in visible


def can_write_output(who: Principal, unit_id: int) -> bool:
    return who.role == "admin" or (who.role == "operator" and who.unit_id == unit_id)


def require_read(db: Database, who: Principal, unit_id: int) -> None:
    if not can_read(db, who, unit_id):
        raise AccessDenied(errors.ACCESS_UNIT)


def require_write_output(who: Principal, unit_id: int) -> None:
    if not can_write_output(who, unit_id):
        raise AccessDenied(errors.ACCESS_WRITE_OWN_UNIT)


def require_active(db: Database, who: Principal) -> None:
    """Refuse an account that is no longer active, read at this moment.

    Every audited write calls this (store/audit.py's record), inside its
    transaction, so a page holding a principal from an earlier run can never
    write after the account was deactivated. The system (command line) and
    meeting screens have no account and pass.
    """
    if who.user_id is None:
        return
    row = db.conn.execute("SELECT active FROM users WHERE id = ?", (who.user_id,)).fetchone()
    if row is None or not row[0]:
        raise AccessDenied(errors.ACCESS_INACTIVE)


def require_admin(who: Principal) -> None:
    if who.role != "admin":
        raise AccessDenied(errors.ACCESS_ADMIN_ONLY)
