"""Roll-ups up the unit tree: a unit's subtree total is its own plus its children's subtrees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from dashboard.domain import Unit


def subtree_totals(
    units: Iterable[Unit], own: Mapping[int, Mapping[str, float]]
) -> dict[int, dict[str, float]]:
    """unit id -> {key: total of the unit and everything below it}."""
    units = list(units)
    kids: dict[int | None, list[int]] = defaultdict(list)
    for unit in units:
        kids[unit.parent_id].append(unit.id)
    totals: dict[int, dict[str, float]] = {}

    def visit(unit_id: int) -> dict[str, float]:
        if unit_id in totals:
            return totals[unit_id]
        total: dict[str, float] = defaultdict(float)
        for key, value in own.get(unit_id, {}).items():
            total[key] += value
        for child in kids.get(unit_id, ()):
            for key, value in visit(child).items():
                total[key] += value
        totals[unit_id] = dict(total)
        return totals[unit_id]

    # Iterative order (deepest first) keeps recursion shallow for 10,000-unit trees.
    depth: dict[int, int] = {}
    by_id = {u.id: u for u in units}
    for unit in units:
        d, current, seen = 0, unit, set()
        while current and current.parent_id in by_id and current.id not in seen:
            seen.add(current.id)
            current = by_id[current.parent_id]
            d += 1
        depth[unit.id] = d
    for unit_id in sorted(depth, key=depth.get, reverse=True):
        visit(unit_id)
    return totals
