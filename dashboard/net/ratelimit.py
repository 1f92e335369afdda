"""A per-host request rate: the one piece of state the network layer shares process-wide.

Every request to a host waits until at least `interval` seconds have passed
since the previous request to that host was let through, whichever thread
or fetcher made it. The slot is reserved under a lock and the wait happens
outside it, so threads fetching from other hosts never queue behind it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MAX_HOSTS = 10_000  # forget hosts idle long enough when the table grows past this


class HostRateLimiter:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, interval: float) -> float:
        """Block until `host` may be asked again; returns the seconds waited."""
        if interval <= 0:
            return 0.0
        key = host.lower()
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(key, now))
            self._next[key] = slot + interval
            if len(self._next) > MAX_HOSTS:
                self._next = {h: t for h, t in self._next.items() if t > now}
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay


LIMITER = HostRateLimiter()
