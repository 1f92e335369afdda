"""Settings an admin can change at run time (stored, audited, with defaults)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard import errors
from dashboard.store import audit
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import Database, StoreError, scalar, write

DEFAULTS: dict[str, str] = {
    # How many days back an operator may enter output through the form.
    "backdate_days": "30",
    # Minutes of inactivity after which a signed-in session ends.
    "session_idle_minutes": "120",
    # Days after which a session ends however active it was (a fresh sign-in then).
    "session_max_days": "30",
}


@dataclass(frozen=True)
class IntRange:
    """What an admin may set a whole-number setting to (its words: `words.SETTINGS`)."""

    minimum: int
    maximum: int


# Every key of DEFAULTS has its range here (a test checks that they match).
LIMITS: dict[str, IntRange] = {
    "backdate_days": IntRange(0, 366),
    "session_idle_minutes": IntRange(5, 24 * 60),
    "session_max_days": IntRange(1, 90),
}


def parse(key: str, value: object) -> str:
    """The stored text of a setting's value, or a refusal that names the setting and its range."""
    if key not in DEFAULTS:
        raise StoreError(errors.SETTING_UNKNOWN, key=key)
    limits = LIMITS[key]
    try:
        number = int(str(value).strip())
    except ValueError:
        raise StoreError(errors.SETTING_NOT_WHOLE, key=key) from None
    if not limits.minimum <= number <= limits.maximum:
        raise StoreError(
            errors.SETTING_RANGE, key=key, minimum=limits.minimum, maximum=limits.maximum
        )
    return str(number)


def get(db: Database, key: str) -> str:
    value = scalar(db, "SELECT value FROM settings WHERE key = ?", (key,))
    return DEFAULTS[key] if value is None else value


def get_int(db: Database, key: str) -> int:
    return int(get(db, key))


def all_values(db: Database) -> dict[str, str]:
    return {key: get(db, key) for key in DEFAULTS}


def put(db: Database, who: Principal, key: str, value: object) -> None:
    put_many(db, who, {key: value})


def put_many(db: Database, who: Principal, values: Mapping[str, object]) -> list[str]:
    """Change several settings in one transaction, all or none; returns the keys changed.

    Every value is checked before anything is written; each change is audited
    with its value before and after, and an unchanged value writes nothing.
    """
    require_admin(who)
    parsed = {key: parse(key, value) for key, value in values.items()}
    changed = []
    with write(db):
        for key, value in parsed.items():
            before = get(db, key)
            if before == value:
                continue
            db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            audit.record(db, who, "update", "setting", key, before=before, after=value)
            changed.append(key)
    return changed
