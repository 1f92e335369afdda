"""Progress of long work (imports, exports, demo data, benchmarks).

Work functions take a `report(done, total, label)` callback and know nothing
about where it is shown: the command line draws a text bar, the app an
st.progress bar.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Report = Callable[[int, int, str], None]


def silent(done: int, total: int, label: str) -> None:
    return None


class TextBar:
    """A one-line bar on a terminal; on a pipe, a line now and then."""

    def __init__(self, stream: TextIO | None = None, width: int = 30, every_s: float = 0.2):
        self.stream = stream or sys.stderr
        self.width = width
        self.every_s = every_s
        self._last = 0.0
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        finished = total and done >= total
        if not finished and now - self._last < (self.every_s if self._tty else 2.0):
            return
        self._last = now
        share = done / total if total else 0.0
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {share:5.0%} {label}"
        if self._tty:
            self.stream.write("\r" + line[:120].ljust(120))
            if finished:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
