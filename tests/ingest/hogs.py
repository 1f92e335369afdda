"""Stand-ins for a parser gone wrong, run by `dashboard.ingest.child` in its child process.

Each takes the file's bytes and the parse options, as `ingest.parse_here` does.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from dashboard.entries import Entry
from dashboard.ingest.common import Parsed


def _note_pid(options: dict) -> None:
    if options.get("pid_file"):
        Path(options["pid_file"]).write_text(str(os.getpid()))


def whoami(data: bytes, **options) -> Parsed:
    """Says which process ran it, and what it was given."""
    return Parsed(
        format="template",
        entries=[Entry(day=None, title=str(os.getpid()), note=data.decode(), line=1)],
        name=options.get("name", ""),
    )


def eat_memory(data: bytes, **options) -> Parsed:
    """Holds on to ever more memory, as a workbook that expands would."""
    _note_pid(options)
    held = []
    while True:
        held.append(bytearray(32 * 1024 * 1024))


def killed_by_the_kernel(data: bytes, **options) -> Parsed:
    """Ends as the kernel's OOM killer would end it."""
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def never_ends(data: bytes, **options) -> Parsed:
    _note_pid(options)
    while True:
        time.sleep(0.05)


def crashes(data: bytes, **options) -> Parsed:
    raise RuntimeError("a bug in a parser")
