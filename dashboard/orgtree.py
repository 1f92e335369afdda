"""The unit tree as plain data: paths, children, search. Pure functions over the unit list."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from dashboard.domain import Unit


def index(units: Iterable[Unit]) -> dict[int, Unit]:
    return {u.id: u for u in units}


def children_map(
    units: Iterable[Unit], key: Callable[[Unit], Any] = lambda u: u.name
) -> dict[int | None, list[Unit]]:
    """Each parent's children (None: the roots), sorted by `key` (the name unless told)."""
    found: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        found[unit.parent_id].append(unit)
    for kids in found.values():
        kids.sort(key=key)
    return found


def path(unit_id: int, by_id: dict[int, Unit]) -> list[Unit]:
    """From the root down to the unit (a broken parent link ends the walk)."""
    chain: list[Unit] = []
    seen: set[int] = set()
    current = by_id.get(unit_id)
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return list(reversed(chain))


def descendants(unit_id: int, kids: dict[int | None, list[Unit]]) -> list[Unit]:
    found: list[Unit] = []
    stack = list(reversed(kids.get(unit_id, [])))
    while stack:
        unit = stack.pop()
        found.append(unit)
        stack.extend(reversed(kids.get(unit.id, [])))
    return found


_PREFIXES = (
    ("Kanwil Kemenag Provinsi ", ""),
    ("Kantor Kemenag Kabupaten ", "Kab. "),
    ("Kantor Kemenag Kota ", "Kota "),
    ("Kantor Kemenag ", ""),
)


def short_name(name: str, *, kanwil: bool = False) -> str:
    """A unit's name without the words every peer shares: 'Kab. Alor', 'Nusa Tenggara Timur'.

    `kanwil=True` keeps the word Kanwil ('Kanwil Jawa Timur') where Kanwil and
    Kankemenag appear side by side.
    """
    for prefix, replacement in _PREFIXES:
        if name.startswith(prefix):
            if kanwil and prefix.startswith("Kanwil"):
                replacement = "Kanwil "
            return replacement + name[len(prefix) :]
    return name


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def search(units: Iterable[Unit], query: str) -> list[Unit]:
    """Units whose name, code or province contain every word of the query."""
    words = _fold(query).split()
    if not words:
        return list(units)
    return [u for u in units if all(w in _fold(f"{u.name} {u.code} {u.province}") for w in words)]
