"""humas rebuild-summary"""

from __future__ import annotations

import argparse

from dashboard.cli import Commands
from dashboard.cli.common import add_db_option, opened
from dashboard.store import summary
from dashboard.store.access import SYSTEM


def register(sub: Commands) -> None:
    p = sub.add_parser("rebuild-summary")
    add_db_option(p)
    p.set_defaults(handler=cmd_rebuild_summary)


def cmd_rebuild_summary(args: argparse.Namespace) -> int:
    with opened(args) as db:
        report = summary.rebuild(db, SYSTEM)
    print(report.summary())
    return 0
