"""Kinds of output (berita, unggahan, liputan, ...) and their KPI groups, as pages list them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dashboard.domain import Kind, KindCount
from dashboard.store import counts as count_store
from dashboard.store import kinds as kind_store
from dashboard.store.access import Principal
from dashboard.store.db import Database
from dashboard.words import GROUP_LABELS

__all__ = ["GROUP_LABELS", "kind_mix", "list_kinds"]


def list_kinds(db: Database) -> list[Kind]:
    """Every kind of output with its group and labels (readable by every signed-in user)."""
    return kind_store.list_kinds(db)


def kind_mix(
    db: Database, who: Principal, unit_ids: Iterable[int], start: date, end: date
) -> list[KindCount]:
    """Output per kind (kind, its label, group, items) summed over the units and days that
    `who` may read."""
    return count_store.totals_by_kind(db, who, unit_ids, start, end)
