"""Reference data: metric kinds and the first list of units, seeded idempotently.

Seeding only adds what is missing (by code). A unit an admin has renamed or
moved keeps its edits when `humas init` runs again. Each step that adds
something writes one audit entry (the system, the codes added).
"""

from __future__ import annotations

import csv
from pathlib import Path

from dashboard.clock import now_iso
from dashboard.config import KINDS_CSV, UNITS_CSV
from dashboard.store import audit
from dashboard.store.access import SYSTEM
from dashboard.store.db import Database, rows, scalar, write


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_kinds(db: Database, path: Path = KINDS_CSV) -> int:
    added: list[str] = []
    with write(db):
        for row in read_csv(path):
            cursor = db.conn.execute(
                """
                INSERT INTO metric_kinds (code, grp, label, short_label, needs_link, sort_order)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING
                """,
                (
                    row["code"],
                    row["grp"],
                    row["label"],
                    row["short_label"],
                    int(row["needs_link"]),
                    int(row["sort_order"]),
                ),
            )
            if cursor.rowcount:
                added.append(row["code"])
        _audit(db, "metric_kind", added)
    return len(added)


def _audit(db: Database, entity: str, codes: list[str]) -> None:
    """One entry per seeding step that added anything: reference data arrives logged too."""
    if codes:
        audit.record(db, SYSTEM, "seed", entity, None, after={"added": len(codes), "codes": codes})


def seed_units(db: Database, path: Path = UNITS_CSV) -> int:
    """Insert the units of the CSV that are not there yet; parents before children."""
    wanted = read_csv(path)
    added: list[str] = []
    with write(db):
        ids = {r["code"]: r["id"] for r in rows(db, "SELECT id, code FROM units")}
        for row in wanted:  # the CSV lists every parent before its children
            if row["code"] in ids:
                continue
            parent_id = ids[row["parent_code"]] if row["parent_code"] else None
            cursor = db.conn.execute(
                """
                INSERT INTO units (code, name, type, parent_id, province, tz, active)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                RETURNING id
                """,
                (
                    row["code"],
                    row["name"],
                    row["type"],
                    parent_id,
                    row["province"],
                    row["tz"],
                    int(row["active"]),
                ),
            )
            ids[row["code"]] = cursor.fetchone()[0]
            added.append(row["code"])
        _audit(db, "unit", added)
    return len(added)


# Sensible first goals (issue 4): every Kanwil, Kankemenag and PTKN publishes at least one news
# item per working day and one social media post every day; a Kanwil three posts a day.
DEFAULT_TARGETS = [
    # unit_type, metric, period, value, counts_on
    ("KANWIL", "berita", "day", 1, "working"),
    ("KANWIL", "medsos", "day", 3, "all"),
    ("KANKEMENAG", "berita", "day", 1, "working"),
    ("KANKEMENAG", "medsos", "day", 1, "all"),
    ("PTKN", "berita", "day", 1, "working"),
    ("PTKN", "medsos", "day", 1, "all"),
]
DEFAULT_TARGETS_FROM = "2024-01-01"


def seed_targets(db: Database) -> int:
    """The default targets, only into an empty targets table (admins own them after that)."""
    with write(db):
        if scalar(db, "SELECT count(*) FROM targets"):
            return 0
        for unit_type, metric, period, value, counts_on in DEFAULT_TARGETS:
            db.conn.execute(
                """
                INSERT INTO targets (scope, unit_type, metric, period, value, counts_on,
                                     valid_from, note, created_at)
                VALUES ('unit_type', ?, ?, ?, ?, ?, ?, 'Target awal (bawaan)', ?)
                """,
                (unit_type, metric, period, value, counts_on, DEFAULT_TARGETS_FROM, now_iso()),
            )
        _audit(db, "target", [f"{t[0]}:{t[1]}" for t in DEFAULT_TARGETS])
        return len(DEFAULT_TARGETS)
