"""The audit log as the admin's page reads it: one page of entries and how many match."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.domain import AuditEntry
from dashboard.store import audit as audit_store
from dashboard.store.access import Principal, require_admin, subtree_ids
from dashboard.store.db import Database

Filter = audit_store.Filter

__all__ = ["Filter", "LogPage", "log_page", "unit_ids"]


@dataclass(frozen=True)
class LogPage:
    total: int  # entries matching the filter, on every page
    entries: list[AuditEntry]  # this page's, newest first


def unit_ids(db: Database, who: Principal, unit_id: int, *, with_below: bool) -> list[int]:
    """The units an audit filter names: the unit, or it and every unit below it (admins)."""
    require_admin(who)
    return subtree_ids(db, unit_id) if with_below else [unit_id]


def log_page(db: Database, who: Principal, where: Filter, *, page: int, size: int) -> LogPage:
    """Page `page` (from 0) of the entries matching `where`, `size` to a page (admins only)."""
    return LogPage(
        total=audit_store.count(db, who, where),
        entries=audit_store.search(db, who, where, limit=size, offset=page * size),
    )
