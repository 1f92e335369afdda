"""The audit log in words: Indonesian names of actions, data and fields; what changed.

Pure functions (no SQL, no Streamlit); the names themselves live in `dashboard.words`
(AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_FIELDS). `tests/test_words.py` checks that every
action and entity the store may record (`store.audit.ACTIONS`, `ENTITIES`, which `record`
enforces) has a name, and `tests/store/test_audit_writers.py` that every field any writer
logs has one.

An entry holds the record before and after (JSON). The Log Audit page shows
the record's name (an item's title, an account's user name), and only the
fields that changed, with the names people use.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard import clock, fmt
from dashboard.domain import AuditEntry
from dashboard.words import (
    AUDIT_ACTIONS,
    AUDIT_ENTITIES,
    AUDIT_FIELDS,
    COUNTS_ON_LABELS,
    PERIOD_LABELS,
    ROLE_LABELS,
    SCOPE_LABELS,
    SETTINGS,
    TAG_LABELS,
)

ACTIONS, ENTITIES, FIELDS = AUDIT_ACTIONS, AUDIT_ENTITIES, AUDIT_FIELDS

# Shown in the full record, never as a change of its own: they change with every write
# (an item's version, the lost-update check, goes up by one with each) or only follow
# another field (the normalised link follows the link).
BOOKKEEPING = {"id", "created_at", "updated_at", "created_by", "link_key", "unit_id", "version"}

FLAGS = {"late", "flagged", "deleted", "active", "must_change_password"}
VALUE_WORDS: dict[str, Mapping[Any, str]] = {
    "tag": TAG_LABELS,
    "role": ROLE_LABELS,
    "working": {0: "hari libur", 1: "hari kerja"},
    "period": PERIOD_LABELS,
    "counts_on": COUNTS_ON_LABELS,
    "scope": SCOPE_LABELS,
    "password": {"lama": "lama", "baru": "baru (diganti)"},
    "metode": {"password": "kata sandi", "sso": "SSO"},
}
DAY_FIELDS = {"day", "valid_from", "valid_to"}
# Instants are logged in UTC ("2026-12-25T05:30:00Z"): shown in the reader's zone.
INSTANT_FIELDS = {
    "berakhir",
    "expires_at",
    "revoked_at",
    "locked_until",
    "published_at",
    "last_change_at",
    "created_at",
    "updated_at",
}
NATIONAL_TZ = "Asia/Jakarta"
SUBJECT_FIELDS = ("title", "name", "label", "username", "akun", "file")


def label(field: str) -> str:
    return FIELDS.get(field, field)


def _loads(value: str | None):
    return None if value is None else json.loads(value)


def value_text(
    field: str, value, kinds: Mapping[str, str] | None = None, tz: str = NATIONAL_TZ
) -> str:
    """A logged value as people read it: dates, times in `tz`, yes/no, kind and tag names;
    '—' for empty."""
    if value is None or value == "":
        return "—"
    if field in FLAGS and value in (0, 1, True, False):
        return "ya" if value else "tidak"
    words = VALUE_WORDS.get(field)
    if words and value in words:
        return words[value]
    if field in ("kind", "metric") and kinds and value in kinds:
        return kinds[value]
    if field in DAY_FIELDS and isinstance(value, str):
        try:
            return fmt.day_medium(date.fromisoformat(value))
        except ValueError:
            return value
    if field in INSTANT_FIELDS and isinstance(value, str):
        try:
            return fmt.moment(clock.parse_instant(value), tz)
        except ValueError:
            return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def _ordered(keys) -> list[str]:
    order = {name: i for i, name in enumerate(FIELDS)}
    return sorted(keys, key=lambda k: (order.get(k, len(order)), k))


def changes(
    entry: AuditEntry,
    kinds: Mapping[str, str] | None = None,
    *,
    every_field: bool = False,
    tz: str = NATIONAL_TZ,
) -> list[Change]:
    """The fields an entry changed (all of a created or removed record's filled fields).

    `every_field` lists the whole record, changed or not (the detail view); times are
    shown in `tz` (the reader's zone).
    """
    before, after = _loads(entry.before), _loads(entry.after)
    if not isinstance(before, dict) and not isinstance(after, dict):
        if before == after and not every_field:
            return []
        field = entry.entity_id or "value"
        name = SETTINGS[field].label if field in SETTINGS else label(field)
        return [
            Change(field, name, value_text(field, before, tz=tz), value_text(field, after, tz=tz))
        ]
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    found = []
    for field in _ordered(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if not every_field:
            if field in BOOKKEEPING or old == new:
                continue
            if old in (None, "") and new in (None, ""):  # nothing filled, before or after
                continue
        found.append(
            Change(
                field,
                label(field),
                value_text(field, old, kinds, tz),
                value_text(field, new, kinds, tz),
            )
        )
    return found


def subject(entry: AuditEntry) -> str:
    """What the entry is about: the item's title, the account, the unit, the day."""
    for record in (_loads(entry.after), _loads(entry.before)):
        if isinstance(record, dict):
            for field in SUBJECT_FIELDS:
                if record.get(field):
                    return str(record[field])
    key = entry.entity_id or ""
    if entry.entity == "setting" and key in SETTINGS:
        return SETTINGS[key].label

    if entry.entity == "target" and key:
        record = _loads(entry.after) or _loads(entry.before) or {}
        return f"#{key} · {record.get('metric', '')}".rstrip(" ·")
    if entry.entity == "calendar" and key:
        where, _, day = key.rpartition(":")
        try:
            shown = fmt.day_medium(date.fromisoformat(day))
        except ValueError:
            return key
        return f"{shown} ({where})" if where else shown
    return key


def summary(found: list[Change], limit: int = 240) -> str:
    """Changes on one line for a table cell: 'Judul: lama → baru · Tag: — → Capaian/dampak'."""
    text = " · ".join(
        f"{c.label}: {c.before} → {c.after}" if c.before != "—" else f"{c.label}: {c.after}"
        for c in found
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"
