"""A child process that claims a job at the same moment as its siblings (light imports: it is
started with `spawn`, which imports this module afresh in every child)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from dashboard.store import jobs as job_store
from dashboard.store.db import connect

T0 = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def claim_at_once(path: str, holder: str, barrier, results) -> None:
    with connect(Path(path)) as db:
        barrier.wait()
        got = job_store.claim(
            db,
            "harvest",
            holder,
            now=T0,
            every=timedelta(minutes=30),
            lease=timedelta(minutes=40),
        )
        results.put((holder, got))
