"""The scheduler: run each job when it is due, once across every scheduler on every host.

`run_due` asks the database for each job's run (store/jobs.py: a lease taken
in one statement that also checks the job is due), runs the jobs this
process won, one after the other, and records how each ended (`humas
scheduler --once`). `serve` asks every `tick` seconds and runs each job it
wins in a thread of its own, so a long job (a harvest of many channels)
never holds back a short one that must keep its time (the 14.00 reminders):
a job still running here is not asked for again. Told to stop (SIGTERM or
SIGINT), it tells the jobs in progress, which start no new work and end what
they began, and waits for them. Any number of schedulers may run, on one
host or several sharing a database: each job still runs once per interval.

A job that raises is recorded as failed with its one-line reason (the
traceback goes to the log); the next run comes at its interval as usual.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from dashboard import clock
from dashboard.jobs.registry import Job
from dashboard.store import jobs as job_store
from dashboard.store.db import DatabaseProblem, Target, connect

log = logging.getLogger(__name__)
TICK_S = 30.0


@dataclass(frozen=True)
class Ran:
    job: str
    ok: bool
    message: str
    started: datetime
    ended: datetime

    def line(self) -> str:
        took = (self.ended - self.started).total_seconds()
        state = "ok" if self.ok else "failed"
        return f"{clock.iso(self.started)} {self.job}: {state} in {took:.0f} s: {self.message}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:500]


def run_job(
    db_file: Target,
    job: Job,
    holder: str,
    now: Callable[[], datetime],
    stop: threading.Event | None = None,
) -> Ran | None:
    """Run `job` if this holder wins its run; None when it is not due or someone else has it.

    The job is held exclusively (store/jobs.exclusive: an advisory lock on PostgreSQL, a
    file lock beside SQLite) for the whole run, and its lease row says whether it is due:
    a run that outlives its lease still never overlaps the next."""
    with job_store.exclusive(db_file, job.name) as free:
        if not free:
            return None
        started = now()
        with connect(db_file) as db:
            every, lease = job.every, job.lease
            if not job_store.claim(db, job.name, holder, now=started, every=every, lease=lease):
                return None
        ok, message = True, ""
        try:
            message = job.run(db_file, job.budget.total_seconds(), stop or threading.Event())
        except DatabaseProblem as exc:
            ok, message = False, exc.detail
            log.warning("job %s: %s", job.name, exc.detail)
        except Exception as exc:
            ok, message = False, _first_line(exc)
            log.exception("job %s failed", job.name)
        ended = now()
        with connect(db_file) as db:
            job_store.finish(db, job.name, holder, ok=ok, message=message, now=ended)
        return Ran(job.name, ok, message, started, ended)


def run_due(
    db_file: Target,
    jobs: Sequence[Job],
    *,
    holder: str | None = None,
    now: Callable[[], datetime] = clock.utc_now,
    stop: threading.Event | None = None,
) -> list[Ran]:
    holder = holder or job_store.holder_id()
    found = []
    for job in jobs:
        if stop is not None and stop.is_set():
            break
        if (ran := run_job(db_file, job, holder, now, stop)) is not None:
            found.append(ran)
    return found


def _run_reported(
    db_file: Target, job: Job, holder: str, stop: threading.Event, say: Callable[[str], None]
) -> None:
    try:
        ran = run_job(db_file, job, holder, clock.utc_now, stop)
    except DatabaseProblem as exc:  # the database is away for now: try again next tick
        say(f"{clock.now_iso()} scheduler: {exc.detail}")
    else:
        if ran is not None:
            say(ran.line())


def start_due(
    db_file: Target,
    jobs: Sequence[Job],
    running: dict[str, threading.Thread],
    *,
    holder: str,
    stop: threading.Event,
    say: Callable[[str], None],
) -> None:
    """Start a thread for each job not already running here (it runs if it wins the lease)."""
    for job in jobs:
        if stop.is_set():
            return
        if (thread := running.get(job.name)) is not None and thread.is_alive():
            continue
        running[job.name] = thread = threading.Thread(
            target=_run_reported,
            args=(db_file, job, holder, stop, say),
            name=f"job-{job.name}",
            daemon=True,
        )
        thread.start()


def serve(
    db_file: Target,
    jobs: Sequence[Job],
    *,
    stop: threading.Event | None = None,
    tick_s: float = TICK_S,
    say: Callable[[str], None] = print,
) -> None:
    """Run due jobs every `tick_s` seconds until `stop` is set (SIGTERM and SIGINT set it)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    holder = job_store.holder_id()
    names = ", ".join(f"{j.name} every {_minutes(j)} min" for j in jobs)
    say(f"scheduler {holder}: {names}")
    running: dict[str, threading.Thread] = {}
    while not stop.is_set():
        start_due(db_file, jobs, running, holder=holder, stop=stop, say=say)
        stop.wait(tick_s)
    for thread in running.values():  # each was told through `stop`: it ends what it began
        thread.join()
    say("scheduler stopped")


def _minutes(job: Job) -> str:
    return f"{job.every.total_seconds() / 60:.0f}"
