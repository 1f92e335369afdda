"""What every sub-command shares: the --db option and opening the database."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from pathlib import Path

from dashboard.config import db_target
from dashboard.store import bootstrap, migrations
from dashboard.store.db import connect


class CliError(Exception):
    """A refusal with its exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="database file, or a postgresql:// URL (default: $HUMAS_DB, else data/humas.db)",
    )


def resolve_db(args: argparse.Namespace) -> Path | str:
    """The database of the command: a Path (SQLite) or a PostgreSQL URL."""
    return db_target(getattr(args, "db", None))


@contextmanager
def opened(args: argparse.Namespace, *, readonly: bool = False):
    """An existing database brought up to date (as the app does at start); refuses a newer one."""
    path = resolve_db(args)
    with connect(path) as db:
        migrations.check_not_newer(db)
        behind = bool(migrations.pending(db))
    if behind:
        bootstrap.init(path)
    with connect(path, readonly=readonly) as db:
        yield db
