"""Create or migrate a database and seed its reference data, idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.store import migrations, seed
from dashboard.store.db import (
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseUnavailable,
    connect,
    open_db,
    problems_mapped,
)


@dataclass
class InitReport:
    path: Path
    applied: list[str]
    kinds_added: int
    units_added: int
    targets_added: int = 0

    def summary(self) -> str:
        steps = ", ".join(self.applied) if self.applied else "none"
        return (
            f"database {self.path}: schema steps applied: {steps}; "
            f"metric kinds added: {self.kinds_added}; units added: {self.units_added}; "
            f"targets added: {self.targets_added}"
        )


def init(path: str | Path) -> InitReport:
    path = Path(path)
    if path.exists() and path.is_dir():
        raise DatabaseUnavailable(f"{path} is a folder, not a database file")
    db = open_db(path, create=True)
    try:
        with problems_mapped(db):
            applied = migrations.apply(db)
        kinds = seed.seed_kinds(db)
        units = seed.seed_units(db)
        targets = seed.seed_targets(db)
    finally:
        db.close()
    return InitReport(
        path=path, applied=applied, kinds_added=kinds, units_added=units, targets_added=targets
    )


def ensure(path: str | Path) -> None:
    """For the app: make sure the schema is current before the first query.

    A database that cannot be written (a read-only file or mount, a full disk)
    is served as it is when its schema is current, so people can still read
    it; one that needs a schema step it cannot take is refused.
    """
    try:
        init(path)
    except (DatabaseReadOnly, DatabaseFull):
        with connect(path, readonly=True) as db:
            migrations.check_not_newer(db)
            if migrations.pending(db):
                raise
