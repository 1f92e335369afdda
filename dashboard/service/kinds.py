"""Kinds of output (berita, unggahan, liputan, ...) and their KPI groups, as pages list them."""

from __future__ import annotations

from typing import Any

from dashboard.store import kinds as kind_store
from dashboard.store.db import Database
from dashboard.store.kinds import GROUP_LABELS

__all__ = ["GROUP_LABELS", "list_kinds"]


def list_kinds(db: Database) -> list[dict[str, Any]]:
    """Every kind of output with its group and labels (readable by every signed-in user)."""
    return kind_store.list_kinds(db)
