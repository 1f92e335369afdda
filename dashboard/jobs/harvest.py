"""The harvest as a periodic job: every HUMAS_HARVEST_EVERY_MIN minutes (default 30).

A run stops starting channels when four fifths of the interval have passed,
or when the scheduler is asked to stop: channels go longest unread first, so
those left are first next time and a run never overlaps the next.
"""

from __future__ import annotations

import threading

from dashboard.jobs.registry import Job, minutes_from_env
from dashboard.store.db import Target, connect

ENV_EVERY = "HUMAS_HARVEST_EVERY_MIN"
DEFAULT_EVERY_MIN = 30


def run(db_file: Target, budget_s: float, stop: threading.Event) -> str:
    from dashboard.service.harvest import harvest

    with connect(db_file) as db:
        return harvest(db, budget_s=budget_s, stop=stop).summary()


def make() -> Job:
    every = minutes_from_env(ENV_EVERY, DEFAULT_EVERY_MIN, low=5)
    return Job(name="harvest", every=every, run=run, budget=every * 4 / 5)
