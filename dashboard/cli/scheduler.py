"""humas scheduler [--once] [--list]: run the periodic jobs (the harvest, …).

Without options it runs until stopped (SIGTERM or Ctrl+C: the job in progress
finishes first), checking every 30 seconds which jobs are due; `--once` runs
what is due now and exits (1 if a job failed); `--list` shows each job, its
interval and how its last run ended. Each job runs once per interval across
every scheduler on every host sharing the database.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened, resolve_db


def register(sub: Commands) -> None:
    p = sub.add_parser("scheduler")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="run the jobs due now, then exit")
    mode.add_argument("--list", action="store_true", help="list the jobs and their last runs")
    add_db_option(p)
    p.set_defaults(handler=cmd_scheduler)


def _say(line: str) -> None:
    print(line, flush=True)


def cmd_scheduler(args: argparse.Namespace) -> int:
    from dashboard.jobs import runner
    from dashboard.jobs.registry import jobs
    from dashboard.store import jobs as job_store

    try:
        wanted = jobs()
    except ValueError as exc:
        raise CliError(str(exc), code=2) from exc
    with opened(args, readonly=args.list) as db:  # migrated before any job runs
        last = {r["name"]: r for r in job_store.status(db)} if args.list else {}
    path = resolve_db(args)  # a Path (SQLite) or a PostgreSQL URL: the jobs take both
    if args.list:
        for job in wanted:
            run = last.get(job.name) or {}
            state = run.get("status") or "never run"
            when = run.get("started_at") or "-"
            print(
                f"{job.name:<12} every {job.every.total_seconds() / 60:.0f} min  "
                f"last start {when:<20}  {state}  {run.get('message') or ''}".rstrip()
            )
        return 0
    if args.once:
        ran = runner.run_due(path, wanted)
        for done in ran:
            _say(done.line())
        if not ran:
            print("no job is due", file=sys.stderr)
        return 1 if any(not r.ok for r in ran) else 0
    runner.serve(path, wanted, say=_say)
    return 0
