"""Create or migrate a database and seed its reference data, idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.store import migrations, seed
from dashboard.store.db import (
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseUnavailable,
    Target,
    connect,
    describe,
    is_server,
    open_db,
    problems_mapped,
)


@dataclass
class InitReport:
    path: Target
    applied: list[str]
    kinds_added: int
    units_added: int
    targets_added: int = 0

    def summary(self) -> str:
        steps = ", ".join(self.applied) if self.applied else "none"
        return (
            f"database {describe(self.path)}: schema steps applied: {steps}; "
            f"metric kinds added: {self.kinds_added}; units added: {self.units_added}; "
            f"targets added: {self.targets_added}"
        )


def init(target: Target) -> InitReport:
    """Create (SQLite) or migrate the schema, then seed what is missing.

    On PostgreSQL the database must exist (its administrator creates it and
    grants the app's role the right to create tables in it); `init` makes the
    schema inside it, exactly as on SQLite.
    """
    if not is_server(target):
        target = Path(target)
        if target.exists() and target.is_dir():
            raise DatabaseUnavailable(f"{target} is a folder, not a database file")
    db = open_db(target, create=True)
    try:
        with problems_mapped(db):
            applied = migrations.apply(db)
        kinds = seed.seed_kinds(db)
        units = seed.seed_units(db)
        targets = seed.seed_targets(db)
    finally:
        db.close()
    return InitReport(
        path=target, applied=applied, kinds_added=kinds, units_added=units, targets_added=targets
    )


def ensure(target: Target) -> None:
    """For the app: make sure the schema is current before the first query.

    A database that cannot be written (a read-only file or mount, a full disk,
    a read-only PostgreSQL role or standby) is served as it is when its schema
    is current, so people can still read it; one that needs a schema step it
    cannot take is refused.
    """
    try:
        init(target)
    except (DatabaseReadOnly, DatabaseFull):
        with connect(target, readonly=True) as db:
            migrations.check_not_newer(db)
            if migrations.pending(db):
                raise
