"""Units as pages offer them: which units a person may pick, in the order a leader reads the tree.

The one home of the rule "which units may this role pick" (every page with a
unit picker asks here): an operator its own unit; a pimpinan its unit and every
active unit below it; an admin every active unit. Inactive units are never
offered. Entering output narrows it to the units `who` may write for (an admin
any, an operator its own, a pimpinan none), the store's own rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dashboard import orgtree
from dashboard.domain import Unit
from dashboard.store import units as unit_store
from dashboard.store.access import Principal, can_write_output
from dashboard.store.db import Database
from dashboard.store.units import TYPE_ORDER
from dashboard.words import UNIT_TYPE_LABELS as TYPE_LABELS

__all__ = [
    "TYPE_LABELS",
    "TYPE_ORDER",
    "UnitGroup",
    "directory",
    "picker_groups",
    "pickable_tree",
    "pickable_units",
    "tree_order",
]


def directory(db: Database) -> list[Unit]:
    """Every unit, inactive ones too, in the order they were made (readable by every
    signed-in user: the unit tree is public within the ministry)."""
    return unit_store.list_all(db)


def tree_order(units: Iterable[Unit], root_id: int) -> list[tuple[Unit, int]]:
    """(unit, depth) from the root down: each unit followed by its own subtree.

    Children by type (Pusat, Kanwil, Kankemenag, PTKN, ...) then name, so a
    Kanwil is followed by its Kankemenag, as a leader reads the tree. Only the
    units given are walked: a unit missing from them (inactive) hides its subtree.
    """
    units = list(units)
    by_id = orgtree.index(units)
    kids = orgtree.children_map(units, key=lambda u: (TYPE_ORDER.get(u.type, 99), u.name))
    ordered: list[tuple[Unit, int]] = []
    stack: list[tuple[Unit, int]] = [(by_id[root_id], 0)] if root_id in by_id else []
    while stack:
        unit, depth = stack.pop()
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(kids.get(unit.id, [])))
    return ordered


def pickable_tree(
    who: Principal, units: Iterable[Unit], *, entering: bool = False
) -> list[tuple[Unit, int]]:
    """The units `who` may pick among `units` (the directory), with their depth in the tree.

    An admin: every active unit, tree by tree (a unit whose parent is inactive
    starts a tree of its own, after the real roots). A pimpinan: its own unit
    and the active units below it. An operator: its own unit. Nobody is offered
    an inactive unit, so a person whose own unit is inactive gets nothing.
    With `entering`, only the units whose output `who` may enter.
    """
    active = [u for u in units if u.active]
    ids = {u.id for u in active}
    if who.role == "admin":
        roots = [u for u in active if u.parent_id is None]
        roots += [u for u in active if u.parent_id is not None and u.parent_id not in ids]
        found = [entry for root in roots for entry in tree_order(active, root.id)]
    elif who.role == "pimpinan" and who.unit_id is not None:
        found = tree_order(active, who.unit_id)
    elif who.unit_id in ids:
        found = [(next(u for u in active if u.id == who.unit_id), 0)]
    else:
        found = []
    if entering:
        found = [(u, depth) for u, depth in found if can_write_output(who, u.id)]
    return found


def pickable_units(who: Principal, units: Iterable[Unit], *, entering: bool = False) -> list[Unit]:
    """`pickable_tree` without the depths: the units a picker offers, in tree order."""
    return [unit for unit, _ in pickable_tree(who, units, entering=entering)]


@dataclass(frozen=True)
class UnitGroup:
    """One step of a long unit picker: a Kanwil with every unit below it, or the leaf units of
    one type just below a root (its Pusat offices with the root itself, its PTKN)."""

    key: str  # the Kanwil's code, or '<root code>/<type>'
    label: str
    units: tuple[Unit, ...]


def picker_groups(tree: list[tuple[Unit, int]]) -> list[UnitGroup]:
    """A picker tree (`pickable_tree`) cut into groups a person picks first, in tree order.

    A unit just below a root that has units below it (a Kanwil) is a group of its own with
    its subtree; the leaf units just below a root are grouped by type, and the root joins
    the group of its own type (the nation with its Pusat offices). Every unit lands in
    exactly one group, and reading the groups in order reads the tree in order.
    """
    found: dict[str, tuple[str, list[Unit]]] = {}
    root: Unit | None = None
    head = ""  # the group of the current depth-1 subtree
    for i, (unit, depth) in enumerate(tree):
        if depth == 0:
            root = unit
            key, label = f"{unit.code}/{unit.type}", TYPE_LABELS.get(unit.type, unit.type)
        elif depth == 1:
            has_below = i + 1 < len(tree) and tree[i + 1][1] > 1
            if has_below:
                key, label = unit.code, unit.name
            else:
                assert root is not None
                key, label = f"{root.code}/{unit.type}", TYPE_LABELS.get(unit.type, unit.type)
            head = key
        else:
            key = head
            label = found[head][0]
        found.setdefault(key, (label, []))[1].append(unit)
    return [UnitGroup(key, label, tuple(units)) for key, (label, units) in found.items()]
