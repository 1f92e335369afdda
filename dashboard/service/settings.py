"""Run-time settings as pages read and change them: one value, or the admin's form."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.store import settings as settings_store
from dashboard.store.access import Principal
from dashboard.store.db import Database

DEFAULTS = settings_store.DEFAULTS
LIMITS = settings_store.LIMITS

__all__ = ["DEFAULTS", "LIMITS", "save", "value"]


def value(db: Database, key: str) -> str:
    """A setting's stored value, or its default (readable by every signed-in user)."""
    return settings_store.get(db, key)


def save(db: Database, who: Principal, values: Mapping[str, object]) -> list[str]:
    """Check and store several settings at once, all or none (admins); the keys that changed."""
    return settings_store.put_many(db, who, values)
