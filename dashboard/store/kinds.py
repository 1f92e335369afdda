"""Metric kinds: what operators enter (berita_website, medsos_instagram, ...)."""

from __future__ import annotations

from dashboard.domain import Kind
from dashboard.store.db import Database, rows


def list_kinds(db: Database, *, active_only: bool = True) -> list[Kind]:
    where = "WHERE active = 1" if active_only else ""
    return [
        Kind.from_row(r)
        for r in rows(db, f"SELECT * FROM metric_kinds {where} ORDER BY sort_order")
    ]
