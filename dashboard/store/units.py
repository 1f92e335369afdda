"""Work units: the tree of Pusat, Kanwil, Kankemenag, PTKN and what comes later.

The unit directory (names, types, parents, zones) is the ministry's public
structure and readable by every signed-in user; what units *produced* is
scoped (see access.py). Changes are admin-only and audited.
"""

from __future__ import annotations

import re
from typing import Any

from dashboard import clock, errors, freetext
from dashboard.domain import Unit, UnitType
from dashboard.store import audit
from dashboard.store.access import Principal, require_admin, subtree_ids
from dashboard.store.db import Database, StoreError, one, rows, write

SELECT = """
    SELECT u.id, u.code, u.name, u.type, u.parent_id, p.code AS parent_code,
           u.province, u.tz, u.active
    FROM units u LEFT JOIN units p ON p.id = u.parent_id
"""

# Display order of unit types in lists and trees.
TYPE_ORDER = {t: i for i, t in enumerate(UnitType)}


def list_all(db: Database, *, include_inactive: bool = True) -> list[Unit]:
    where = "" if include_inactive else "WHERE u.active = 1"
    return [Unit.from_row(r) for r in rows(db, f"{SELECT} {where} ORDER BY u.id")]


def by_code(db: Database, code: str) -> Unit | None:
    found = one(db, f"{SELECT} WHERE u.code = ?", (code,))
    return Unit.from_row(found) if found else None


def by_id(db: Database, unit_id: int) -> Unit | None:
    found = one(db, f"{SELECT} WHERE u.id = ?", (unit_id,))
    return Unit.from_row(found) if found else None


def _require_id(db: Database, unit_id: int) -> Unit:
    found = by_id(db, unit_id)
    if found is None:
        raise StoreError(errors.UNIT_NOT_FOUND)
    return found


def require(db: Database, code: str) -> Unit:
    unit = by_code(db, code)
    if unit is None:
        raise StoreError(errors.UNIT_CODE_NOT_FOUND, code=code)
    return unit


def children(db: Database, unit_id: int) -> list[Unit]:
    found = rows(db, f"{SELECT} WHERE u.parent_id = ? ORDER BY u.name", (unit_id,))
    return [Unit.from_row(r) for r in found]


def count_by_type(db: Database) -> dict[str, int]:
    found = rows(db, "SELECT type, count(*) AS n FROM units WHERE active = 1 GROUP BY type")
    return {r["type"]: r["n"] for r in found}


CODE = re.compile(r"[a-z0-9-]{2,64}")
NAME_MAX = 200
PROVINCE_MAX = 100


def _check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields as they will be stored (names trimmed), or a StoreError saying what is wrong.

    The schema's CHECK constraints hold too, but they fail with an IntegrityError
    (a crash, not a message); these checks come first and say it in words.
    """
    checked = dict(fields)
    if "code" in fields and not CODE.fullmatch(str(fields["code"] or "")):
        raise StoreError(errors.UNIT_CODE_SHAPE)
    if "name" in fields:
        checked["name"] = str(fields["name"] or "").strip()
        if wrong := freetext.problem(checked["name"], "unit.name", max_len=NAME_MAX, min_len=2):
            raise wrong.error(StoreError)
    if "province" in fields:
        checked["province"] = str(fields["province"] or "").strip()
        if wrong := freetext.problem(checked["province"], "unit.province", max_len=PROVINCE_MAX):
            raise wrong.error(StoreError)
    if "type" in fields and fields["type"] not in tuple(UnitType):
        raise StoreError(errors.UNIT_TYPE_UNKNOWN, type=fields["type"])
    if "tz" in fields:
        clock.zone(fields["tz"])
    return checked


def add(
    db: Database,
    who: Principal,
    *,
    code: str,
    name: str,
    type: str,
    parent_code: str | None,
    province: str = "",
    tz: str = "Asia/Jakarta",
) -> int:
    require_admin(who)
    fields = _check_fields(
        {"code": code, "name": name, "type": type, "province": province, "tz": tz}
    )
    with write(db):
        if by_code(db, code):
            raise StoreError(errors.UNIT_CODE_TAKEN, code=code)
        parent_id = require(db, parent_code).id if parent_code else None
        cursor = db.conn.execute(
            "INSERT INTO units (code, name, type, parent_id, province, tz) VALUES (?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (code, fields["name"], type, parent_id, fields["province"], tz),
        )
        new = _require_id(db, cursor.fetchone()[0])
        audit.record(db, who, "create", "unit", code, unit_id=new.id, after=new.record())
        return new.id


def update(db: Database, who: Principal, code: str, **changes: object) -> Unit:
    """Rename, move, re-zone or (de)activate a unit. Returns the unit after."""
    require_admin(who)
    allowed = {"name", "type", "parent_code", "province", "tz", "active"}
    unknown = set(changes) - allowed
    if unknown:
        raise StoreError(errors.UNIT_FIELDS_UNKNOWN, fields=sorted(unknown))
    checked = _check_fields(changes)
    with write(db):
        before = require(db, code)
        fields = dict(checked)
        if "parent_code" in fields:
            parent_code = fields.pop("parent_code")
            parent_id = require(db, str(parent_code)).id if parent_code else None
            if parent_id is not None and parent_id in subtree_ids(db, before.id):
                raise StoreError(errors.UNIT_BELOW_ITSELF)
            fields["parent_id"] = parent_id
        if "active" in fields:
            fields["active"] = 1 if fields["active"] else 0
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            db.conn.execute(
                f"UPDATE units SET {assignments} WHERE id = ?", (*fields.values(), before.id)
            )
        after = _require_id(db, before.id)
        audit.record(
            db,
            who,
            "update",
            "unit",
            code,
            unit_id=before.id,
            before=before.record(),
            after=after.record(),
        )
        return after
