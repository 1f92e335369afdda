"""Messages as a periodic job: every HUMAS_NOTIFY_EVERY_MIN minutes (default 1).

Each run records the reminders, recaps and weekly summaries due now and sends
what the outbox holds (service/notify.py). It starts no new message after 50
seconds, or when the scheduler is asked to stop; what is left goes next run.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from dashboard.jobs.registry import Job, minutes_from_env
from dashboard.store.db import Target, connect

ENV_EVERY = "HUMAS_NOTIFY_EVERY_MIN"
DEFAULT_EVERY_MIN = 1


def run(db_file: Target, budget_s: float, stop: threading.Event) -> str:
    from dashboard.service.notify import run_once

    with connect(db_file) as db:
        return run_once(db, budget_s=budget_s, stop=stop).line()


def make() -> Job:
    every = minutes_from_env(ENV_EVERY, DEFAULT_EVERY_MIN, high=60)
    budget = max(every - timedelta(seconds=10), timedelta(seconds=50))
    # A sender's hold on one message is 2 minutes: a run that died frees the job soon.
    return Job(name="notify", every=every, run=run, budget=budget, grace=timedelta(minutes=2))
