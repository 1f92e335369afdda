"""Settings an admin can change at run time (stored, audited, with defaults)."""

from __future__ import annotations

from sqlite_utils import Database

from dashboard.store import audit
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import scalar, write

DEFAULTS: dict[str, str] = {
    # How many days back an operator may enter output through the form.
    "backdate_days": "30",
    # Minutes of inactivity after which a signed-in session ends.
    "session_idle_minutes": "120",
}


def get(db: Database, key: str) -> str:
    value = scalar(db, "SELECT value FROM settings WHERE key = ?", (key,))
    return DEFAULTS[key] if value is None else value


def get_int(db: Database, key: str) -> int:
    return int(get(db, key))


def put(db: Database, who: Principal, key: str, value: str) -> None:
    require_admin(who)
    if key not in DEFAULTS:
        raise KeyError(key)
    with write(db):
        before = get(db, key)
        db.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        audit.record(db, who, "update", "setting", key, before=before, after=value)
