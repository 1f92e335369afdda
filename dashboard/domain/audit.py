"""The audit log: who changed what, when, with the record before and after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.domain.enums import AuditAction, AuditEntity
from dashboard.domain.rows import _picked


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the append-only audit log (store/audit.record writes only registered words)."""

    id: int
    at: str  # ISO instant
    actor_id: int | None  # None: command-line maintenance
    actor: str
    action: AuditAction
    entity: AuditEntity
    entity_id: str | None
    unit_id: int | None
    before: str | None  # the record as JSON text, None when created
    after: str | None  # the record as JSON text, None when removed
    unit_name: str | None = None  # the Log Audit page's search names the unit

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> AuditEntry:
        values = _picked(cls, row)
        values["action"] = AuditAction(row["action"])
        values["entity"] = AuditEntity(row["entity"])
        return cls(**values)
