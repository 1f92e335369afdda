"""Targets as the admin's Target page lists, adds, replaces and ends them."""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard.store import targets as target_store
from dashboard.store.access import Principal
from dashboard.store.db import Database

NewTarget = target_store.NewTarget

NOTE_MAX = target_store.NOTE_MAX  # a target's note, as the form limits it

__all__ = ["NOTE_MAX", "NewTarget", "end", "list_targets", "save"]


def list_targets(db: Database) -> list[dict[str, Any]]:
    """Every target, past and present (the ministry's rules: readable by all)."""
    return target_store.list_targets(db)


def save(db: Database, who: Principal, new: NewTarget, *, replacing: int | None = None) -> int:
    """Store a new target (admins); with `replacing`, that target ends the day before the new
    one starts, in the same transaction. The new target's id."""
    if replacing is None:
        return target_store.add(db, who, new)
    return target_store.replace(db, who, replacing, new)


def end(db: Database, who: Principal, target_id: int, last_day: date) -> None:
    """End a target: `last_day` is the last day it holds (admins; history before it stays)."""
    target_store.end(db, who, target_id, last_day)
