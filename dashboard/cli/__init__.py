"""The `humas` command. Each sub-module registers its sub-commands.

Every command takes --db PATH, else HUMAS_DB, else data/humas.db. A refusal is
one line on stderr and a non-zero exit (1 for a refused action, 2 for a
command line that cannot be understood).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

from dashboard import __version__
from dashboard.cli import bench, core, imports, kpi, maintenance, ops, reports, screen, users
from dashboard.cli.common import CliError
from dashboard.store.db import DatabaseProblem, StoreError, database_problem

COMMANDS = [core, users, imports, kpi, reports, screen, ops, maintenance, bench]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="humas",
        description="Pantau Humas: output humas harian setiap satker Kementerian Agama.",
    )
    parser.add_argument("--version", action="version", version=f"humas {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


# Arguments that name files: any bytes the file system allows, so never checked as text.
PATH_ARGUMENTS = {"path", "db", "out"}


def undecodable(args: argparse.Namespace) -> str | None:
    """The first text argument that is not valid UTF-8 (Python keeps such bytes as surrogates).

    Such a value would reach SQLite or argon2 and fail there with a traceback.
    """
    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS or not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return name
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if (bad := undecodable(args)) is not None:
        print(f"humas: {bad.replace('_', '-')}: not valid UTF-8 text", file=sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"humas: {exc}", file=sys.stderr)
        return exc.code
    except DatabaseProblem as exc:
        print(f"humas: {exc.detail}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"humas: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # a read that failed outside the store's transactions
        problem = database_problem(exc)
        print(f"humas: {problem.detail if problem else f'database error: {exc}'}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("humas: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
