"""What a periodic job is, and the jobs there are.

Each module of JOB_MODULES has `make() -> Job`; `jobs()` makes them all, in
that order, reading their settings (intervals) from the environment then.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.store.db import Target

# Modules whose `make()` gives a job.
JOB_MODULES = ("dashboard.jobs.harvest", "dashboard.jobs.notify", "dashboard.jobs.verify")


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta  # from one start to the next
    # (database path, time budget in seconds, set when the scheduler is asked to stop) -> summary
    run: Callable[[Target, float, threading.Event], str]
    budget: timedelta  # the job starts no new work after this
    grace: timedelta = timedelta(minutes=15)  # to finish work begun before the budget ran out

    @property
    def lease(self) -> timedelta:
        """How long a run holds the job: if its scheduler dies, another may run it after this."""
        return self.budget + self.grace


def jobs() -> list[Job]:
    """Every job, as configured now (ValueError, one line, for a bad setting)."""
    return [importlib.import_module(module).make() for module in JOB_MODULES]


def minutes_from_env(name: str, default: int, *, low: int = 1, high: int = 1440) -> timedelta:
    """An interval in whole minutes from the environment (ValueError, one line, when bad)."""
    text = os.environ.get(name, "").strip()
    if not text:
        return timedelta(minutes=default)
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{name} must be a whole number of minutes from {low} to {high}")
    return timedelta(minutes=int(text))
