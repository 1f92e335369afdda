"""humas backup | restore | copy-db"""

from __future__ import annotations

import argparse
import sys

from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, resolve_db
from dashboard.config import db_target
from dashboard.progress import TextBar
from dashboard.store import backup
from dashboard.store import copy as copy_store
from dashboard.store.db import describe, is_server


def register(sub: Commands) -> None:
    p = sub.add_parser("backup")
    p.add_argument("path", metavar="PATH", help="backup file, or a folder for a time-stamped one")
    p.add_argument("--overwrite", action="store_true", help="replace an existing backup file")
    add_db_option(p)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore")
    p.add_argument("path", metavar="PATH", help="a file written by `humas backup`")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--no-safety-copy",
        action="store_true",
        help="do not keep a copy of the database being replaced",
    )
    add_db_option(p)
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("copy-db")
    p.add_argument(
        "--from", dest="source", required=True, metavar="PATH|URL", help="the database to copy"
    )
    p.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="PATH|URL",
        help="a database without items (a new file, or an empty PostgreSQL database)",
    )
    p.set_defaults(handler=cmd_copy_db)


def cmd_backup(args: argparse.Namespace) -> int:
    live = resolve_db(args)
    if isinstance(live, str):  # a PostgreSQL URL: resolve_db gives a Path for SQLite
        dump = backup.backup_postgres(live, args.path, overwrite=args.overwrite)
        print(f"backup written: {dump.summary()}")
        return 0
    if not live.exists():
        raise CliError(f"database {live} does not exist")
    info = backup.backup(live, args.path, overwrite=args.overwrite, report=TextBar())
    print(f"backup written: {info.summary()}")
    return 0


def _confirm(info: backup.BackupInfo, live) -> None:
    if not sys.stdin.isatty():
        raise CliError("restore replaces every record in the database: pass --yes to confirm")
    print(f"backup {info.summary()}")
    answer = input(f"Replace {live} with this backup? Type 'yes': ")
    if answer.strip().lower() != "yes":
        raise CliError("restore cancelled; nothing changed")


def cmd_restore(args: argparse.Namespace) -> int:
    live = resolve_db(args)
    if is_server(live):
        raise CliError(f"{describe(live)} is a PostgreSQL database: {backup.PG_RESTORE_HINT}")
    if not args.yes:
        _confirm(backup.inspect(args.path), live)
    result = backup.restore(args.path, live, safety_copy=not args.no_safety_copy, report=TextBar())
    print(result.summary())
    return 0


def cmd_copy_db(args: argparse.Namespace) -> int:
    result = copy_store.copy(db_target(args.source), db_target(args.target), report=TextBar())
    print(result.summary())
    return 0
