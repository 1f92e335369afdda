"""humas init | demo | run | units"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

from dashboard import demo
from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened, resolve_db
from dashboard.config import ENV_DB
from dashboard.progress import TextBar
from dashboard.serve import proxy, workers
from dashboard.store import applock, bootstrap
from dashboard.store import units as unit_store
from dashboard.store.db import DatabaseFull, DatabaseReadOnly, is_server

UNIT_FIELDS = ["code", "name", "type", "parent_code", "province", "tz", "active"]


def register(sub: Commands) -> None:
    p = sub.add_parser("init")
    add_db_option(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo")
    add_db_option(p)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("run")
    add_db_option(p)
    p.add_argument(
        "--demo", action="store_true", help="fill an empty database with demo data first"
    )
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="localhost", help="interface to listen on")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Streamlit processes; 2 or more run behind a local nginx on --port "
        "(workers on 127.0.0.1, ports PORT+1..PORT+N)",
    )
    p.add_argument(
        "--run-dir",
        metavar="PATH",
        help="with --workers: folder for the generated nginx config, pid and logs "
        "(default: a temporary folder, removed at exit)",
    )
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("units")
    add_db_option(p)
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.add_argument("--type", dest="unit_type", help="only units of this type (e.g. KANWIL)")
    p.set_defaults(handler=cmd_units)


def cmd_init(args: argparse.Namespace) -> int:
    report = bootstrap.init(resolve_db(args))
    print(report.summary())
    return 0


def _print_accounts(accounts) -> None:
    print(f"demo accounts (password for all: {demo.DEMO_PASSWORD}):")
    for a in accounts:
        print(f"  {a.username:<20} {a.role:<9} {a.unit_code}")


def cmd_demo(args: argparse.Namespace) -> int:
    report = demo.build(resolve_db(args), report=TextBar())
    print(report.summary())
    _print_accounts(report.accounts)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise CliError("--workers must be at least 1", code=2)
    if not 1 <= args.port <= 65535 - args.workers:
        raise CliError(f"--port must leave room for {args.workers} worker port(s)", code=2)
    path = resolve_db(args)
    server = is_server(path)
    if not server:
        path = path.resolve()
    if args.demo and not demo.has_items(path):
        cmd_demo(argparse.Namespace(db=str(path)))
    else:
        try:
            print(bootstrap.init(path).summary())
        except (DatabaseReadOnly, DatabaseFull) as exc:
            bootstrap.ensure(path)  # people may still read it, if its schema is current
            print(f"{exc.detail}: serving the database read-only", flush=True)
        if args.demo:
            _print_accounts(demo.ACCOUNTS)
    if not server:
        # This process lives as long as the server: it marks the database as in use by the
        # app from the first second (the server itself does so at its first session).
        applock.hold_shared(path)
        applock.keep_across_exec(path)  # the lock outlives exec into Streamlit or the supervisor
    if args.workers > 1:
        supervisor = workers.Supervisor(
            db_file=path,
            workers=args.workers,
            port=args.port,
            address=args.address,
            run_dir=Path(args.run_dir).resolve() if args.run_dir else None,
        )
        try:
            supervisor.preflight()
        except (workers.ServeError, proxy.ProxyError) as exc:
            raise CliError(str(exc)) from exc
        # The supervisor lives for days: it continues in a fresh, slim interpreter
        # (~20 MB) instead of this one, which has loaded the whole CLI (~170 MB).
        sys.stdout.flush()
        os.environ[ENV_DB] = str(path)  # how the supervisor learns a URL (see workers.py)
        os.execv(sys.executable, workers.supervisor_command(supervisor))
    env = dict(os.environ, **{ENV_DB: str(path)})
    command = workers.streamlit_command(args.port, args.address)
    print(f"Pantau Humas on http://{args.address}:{args.port}  (Ctrl+C to stop)", flush=True)
    # Streamlit replaces this process: no idle launcher holding ~170 MB beside each worker,
    # and Ctrl+C or SIGTERM reach Streamlit itself. The theme and hardened settings sit
    # beside the app script (package data); the current folder stays, so a
    # .streamlit/secrets.toml there (single sign-on) is read.
    os.execve(sys.executable, command, env)
    return 0  # not reached


def cmd_units(args: argparse.Namespace) -> int:
    with opened(args, readonly=True) as db:
        found = unit_store.list_all(db)
    if args.unit_type:
        wanted = args.unit_type.upper()
        found = [u for u in found if u.type == wanted]
        if not found:
            raise CliError(f"no units of type {args.unit_type!r}")
    if args.format == "csv":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=UNIT_FIELDS, lineterminator="\n", extrasaction="ignore"
        )
        writer.writeheader()
        for unit in found:
            writer.writerow({**unit.record(), "parent_code": unit.parent_code or ""})
        return 0
    for unit in found:
        print(f"{unit.code:<42} {unit.type:<11} {unit.tz:<14} {unit.name}")
    print(f"{len(found)} units", file=sys.stderr)
    return 0
