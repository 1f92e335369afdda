"""Standard output whose reader went away (`humas units | head`).

Python ignores SIGPIPE, so a write into a pipe whose reading end is closed
raises BrokenPipeError, and the interpreter's last flush at exit prints
"Exception ignored ... BrokenPipeError" after that. A command that meets it
points the broken stream at /dev/null and ends quietly; a long-running
process (the supervisor of several workers) keeps serving without its
messages.
"""

from __future__ import annotations

import os
import select
import sys
from typing import TextIO

SIGPIPE_EXIT = 128 + 13  # the status a shell reports for a program killed by SIGPIPE


def reader_gone(stream: TextIO) -> bool:
    """True when `stream` is a pipe whose reading end is closed (poll reports an error)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poller.poll(0))


def silence_broken() -> bool:
    """Point stdout and stderr at /dev/null where their reader went away.

    False when neither did: the broken pipe was another connection's, not ours to hide.
    """
    gone = [stream for stream in (sys.stdout, sys.stderr) if reader_gone(stream)]
    if not gone:
        return False
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in gone:
            # What is still buffered goes to /dev/null at the last flush, which cannot fail.
            os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)
    return True
