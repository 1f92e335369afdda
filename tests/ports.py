"""Free TCP ports for the servers tests start, safe across pytest-xdist workers.

A port handed out here is free on 127.0.0.1 and reserved by an flock on a file
in the system's temporary folder, held until this test process ends: no other
test process on the machine (another xdist worker, another checkout's suite)
gets it meanwhile, even before the server has bound it. Ports come from below
the kernel's ephemeral range, so no socket bound to port 0 lands on one.
"""

from __future__ import annotations

import fcntl
import random
import socket
import tempfile
from pathlib import Path
from typing import IO

LOCKS = Path(tempfile.gettempdir()) / "pantau-humas-test-ports"
LOW, HIGH = 20_000, 32_000  # Linux's ephemeral ports start at 32768
_held: list[IO] = []  # lock files kept open (and so locked) for the life of this process


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _reserve(port: int) -> IO | None:
    handle = (LOCKS / str(port)).open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def free_port(count: int = 1) -> int:
    """A port P such that P..P+count-1 are free and reserved for this process."""
    LOCKS.mkdir(mode=0o777, exist_ok=True)
    for _ in range(1000):
        start = random.randrange(LOW, HIGH - count)
        locks = []
        for port in range(start, start + count):
            handle = _reserve(port)
            if handle is None:
                break
            locks.append(handle)
        if len(locks) == count and all(_is_free(p) for p in range(start, start + count)):
            _held.extend(locks)
            return start
        for handle in locks:
            handle.close()  # closing releases the lock
    raise RuntimeError(f"no block of {count} free port(s) between {LOW} and {HIGH}")
