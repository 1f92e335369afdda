"""humas import PATH --unit CODE [--format ...] [--dry-run]

Prints `added N, duplicates N, rejected N`, then `line L: reason` per rejected
row, on standard output. Exit 0 when the file was read (rows may still be
rejected); 2 when it cannot be read at all, with one line saying why and
nothing written. Progress and notes (flagged links, skipped empty rows, dry
run) go to standard error, so the output stays easy to read by a script.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import ingest, words
from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.ingest import importer
from dashboard.progress import TextBar
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM


def register(sub: Commands) -> None:
    p = sub.add_parser("import")
    p.add_argument("path", metavar="PATH", help="a file, or an http(s) URL of a feed")
    p.add_argument("--unit", required=True, metavar="CODE", help="unit code, e.g. kanwil-ntt")
    p.add_argument("--format", choices=["auto", *ingest.FORMATS], default="auto")
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    add_db_option(p)
    p.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    # A dry run reads through a read-only connection and never takes the write lock.
    with opened(args, readonly=args.dry_run) as db:
        unit = unit_store.require(db, args.unit)
        try:
            data, name = ingest.read_source(args.path)
            parsed = ingest.parse(data, unit_tz=unit.tz, fmt=args.format, name=name)
        except ingest.Unreadable as exc:
            raise CliError(f"cannot read {args.path}: {words.say(exc)}", code=2) from exc
        result = importer.save(db, SYSTEM, unit.id, parsed, dry_run=args.dry_run, report=TextBar())
    print(result.summary())
    for line in result.rejected_lines():
        print(line)
    for outcome in result.batch.flagged:
        others = ", ".join(outcome.flagged_with)
        print(
            f"line {outcome.line}: flagged for review, link also claimed by {others}",
            file=sys.stderr,
        )
    if parsed.skipped_empty:
        print(f"{parsed.skipped_empty} empty rows skipped", file=sys.stderr)
    if args.dry_run:
        print("dry run: nothing written", file=sys.stderr)
    return 0
