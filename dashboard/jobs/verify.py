"""The link checks as a periodic job: every HUMAS_VERIFY_EVERY_MIN minutes (default 30).

Each run checks at most 2,000 items due (not checked yet, corrected since, or
due a re-check), newest first and politely per host (service/verify.py); it
stops starting checks when four fifths of the interval have passed or when the
scheduler is asked to stop, and what is left goes first next run. At 48 runs a
day that is far above a day's online items nationally: every one carries a
check within the day.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from dashboard.jobs.registry import Job, minutes_from_env

if TYPE_CHECKING:
    from dashboard.store.db import Target

ENV_EVERY = "HUMAS_VERIFY_EVERY_MIN"
DEFAULT_EVERY_MIN = 30


def run(db_file: Target, budget_s: float, stop: threading.Event) -> str:
    from dashboard.service.verify import run_job

    return run_job(db_file, budget_s, stop)


def make() -> Job:
    every = minutes_from_env(ENV_EVERY, DEFAULT_EVERY_MIN, low=5)
    return Job(name="verify", every=every, run=run, budget=every * 4 / 5)
