"""The `humas` command. Each sub-module registers its sub-commands.

Every command takes --db PATH, else HUMAS_DB, else the default database (see
dashboard/config.py). A refusal is one line on stderr and a non-zero exit (1
for a refused action, 2 for a command line that cannot be understood).

Commands are imported when used: COMMANDS below names every command, the
module that registers it and its one-line help, so `humas --help` lists them
all without importing any (it answers at once: no Streamlit, pandas or
plotly), and `humas COMMAND ...` imports the one module that owns COMMAND.
A new command goes into COMMANDS and into its module's `register`, which
calls `add_parser(name)` without a help text (it comes from here).

When the reader of the output goes away (`humas units | head`), the command
ends quietly with the exit status a program killed by SIGPIPE has (141), and
no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from dashboard import __version__
from dashboard.stdio import SIGPIPE_EXIT, silence_broken

# name -> (module in dashboard.cli, one-line help), in the order `humas --help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("core", "create or migrate the database and seed reference data"),
    "demo": ("core", "build a demo database: all units, ~90 days, demo accounts"),
    "run": ("core", "start the dashboard (creating the database on first run)"),
    "units": ("core", "list work units"),
    "user": ("users", "manage accounts"),
    "import": (
        "imports",
        "import a unit's output from a template (CSV/XLSX), a Meta export or an RSS/Atom feed",
    ),
    "kpi": ("kpi", "a unit's figures for a day (default: the unit's local today)"),
    "verify": ("verify", "check evidence links of online items; flag the doubtful ones"),
    "review": ("verify", "list, accept or reject flagged items (reviewers only)"),
    "export": (
        "reports",
        "write a report of a unit and the units below it (CSV, XLSX or PDF)",
    ),
    "digest": ("reports", "print the daily recap (Rekap Harian Humas) for WhatsApp"),
    "screen": ("screen", "meeting-screen links (wall display without sign-in)"),
    "channel": ("channels", "a unit's channels (website, YouTube, Facebook, Instagram, TikTok)"),
    "harvest": ("channels", "collect the new posts of every channel (or one unit's) now"),
    "contact": ("notify", "an account's contacts for messages (e-mail, WhatsApp, Telegram)"),
    "subscribe": ("notify", "turn an account's reminder, daily recap or weekly summary on or off"),
    "notify": ("notify", "send the reminders and recaps due now, once (the scheduler's job)"),
    "scheduler": ("scheduler", "run the periodic jobs (channel harvest, messages)"),
    "backup": (
        "ops",
        "copy the database to PATH while the app keeps running (SQLite online backup; "
        "pg_dump on PostgreSQL)",
    ),
    "restore": (
        "ops",
        "replace the database with a checked backup (refused while the app runs)",
    ),
    "copy-db": (
        "ops",
        "copy a whole database to another (SQLite <-> PostgreSQL) that holds no items yet",
    ),
    "rebuild-summary": (
        "maintenance",
        "recount the daily summary (daily_counts) from the live items, in one transaction",
    ),
    "synth": ("bench", "build a synthetic database of N units x D days (default: national scale)"),
    "bench": (
        "bench",
        "build a synthetic database in a temporary folder and measure store, import and pages",
    ),
}


class Commands:
    """What a module's `register` receives: argparse's sub-parsers, with the help from COMMANDS."""

    def __init__(self, sub: argparse._SubParsersAction, module: str):
        self._sub = sub
        self._module = module

    def add_parser(self, name: str, **kwargs) -> argparse.ArgumentParser:
        owner, text = COMMANDS.get(name, (None, ""))
        if owner != self._module:
            raise LookupError(
                f"command {name!r} of dashboard.cli.{self._module} is not in COMMANDS"
            )
        kwargs.setdefault("help", text)
        kwargs.setdefault("description", text[:1].upper() + text[1:] + ".")
        return self._sub.add_parser(name, **kwargs)


def _wanted_module(argv: list[str]) -> str | None:
    """The module of the command named on the line (the top level has no option with a value)."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return COMMANDS[arg][0] if arg in COMMANDS else None
    return None


def build_parser(argv: list[str] | None = None, *, load: str = "wanted") -> argparse.ArgumentParser:
    """The parser: `load="wanted"` imports the module of the command in `argv` alone
    (the others are listed with their help only); `load="all"` imports every module."""
    parser = argparse.ArgumentParser(
        prog="humas",
        description="Pantau Humas: output humas harian setiap satker Kementerian Agama.",
    )
    parser.add_argument("--version", action="version", version=f"humas {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = _wanted_module(sys.argv[1:] if argv is None else argv)
    registered: set[str] = set()
    for name, (module, text) in COMMANDS.items():
        if load == "all" or module == wanted:
            if module not in registered:
                importlib.import_module(f"dashboard.cli.{module}").register(Commands(sub, module))
                registered.add(module)
        else:
            sub.add_parser(name, help=text, add_help=False)
    return parser


# Arguments that name files: any bytes the file system allows, so never checked as text.
PATH_ARGUMENTS = {"path", "db", "out", "source", "target"}


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


def _run(argv: list[str] | None) -> int:
    args = build_parser(argv).parse_args(argv)
    if (bad := undecodable(args)) is not None:
        print(f"humas: {bad.replace('_', '-')}: not valid UTF-8 text", file=sys.stderr)
        return 2
    # Imported only now: the command's own module has loaded the store already.
    import sqlite3

    from dashboard.cli.common import CliError
    from dashboard.store.db import DatabaseProblem, StoreError, database_problem

    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"humas: {exc}", file=sys.stderr)
        return exc.code
    except DatabaseProblem as exc:
        print(f"humas: {exc.detail}", file=sys.stderr)
        return 1
    except StoreError as exc:  # a refusal: its code's words, on one line
        from dashboard import words

        print(f"humas: {words.say(exc)}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # a read that failed outside the store's transactions
        problem = database_problem(exc)
        print(f"humas: {problem.detail if problem else f'database error: {exc}'}", file=sys.stderr)
        return 1


def _flush() -> None:
    """Output still buffered goes now, while a reader that went away can be answered."""
    sys.stdout.flush()
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            code = _run(argv)
        except SystemExit:  # argparse's --help, --version, or a command line it refused
            _flush()
            raise
        except KeyboardInterrupt:
            print("humas: interrupted", file=sys.stderr)
            code = 130
        _flush()
        return code
    except BrokenPipeError:
        if not silence_broken():
            raise
        return SIGPIPE_EXIT


if __name__ == "__main__":
    sys.exit(main())
