"""A child process that claims a job at the same moment as its siblings (light imports: it is
started with `spawn`, which imports this module afresh in every child)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from dashboard.store import jobs as job_store
from dashboard.store.db import connect

T0 = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def claim_at_once(path: str, holder: str, barrier, results) -> None:
    """Put (holder, whether it won) on `results`, or (holder, the error's text)."""
    target = path if "://" in path else Path(path)
    try:
        with connect(target) as db:
            barrier.wait()
            got = job_store.claim(
                db,
                "harvest",
                holder,
                now=T0,
                every=timedelta(minutes=30),
                lease=timedelta(minutes=40),
            )
    except Exception as exc:  # the parent says what went wrong instead of waiting
        results.put((holder, f"{type(exc).__name__}: {exc}"))
        return
    results.put((holder, got))
