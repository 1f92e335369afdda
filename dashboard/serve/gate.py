"""A gate around page runs: at most N scripts of this process run at once, first come first served.

Streamlit starts every session's run at once, each in its own thread, and
Python's interpreter lock makes them take turns a few milliseconds at a time:
with 100 runs asked for at the same moment, all 100 finish together after
100 runs' worth of time, the first person waits as long as the last, and the
switching itself costs CPU (issue 19). Behind this gate the runs queue
instead: each one runs (nearly) alone and finishes in its own few
milliseconds, in the order they asked, so the first answer comes after one
run and the average wait halves.

- `turn()` wraps a whole run and a fragment's run: in a served process from
  where Streamlit begins the run until its answer is sent (serve/script_gate.py),
  elsewhere (AppTest) from the first line of dashboard/app.py. A turn is handed
  straight from the run that ends to the oldest waiting one, so a newcomer never
  slips in front of a run that waits.
- Nested turns on the same thread pass through: a fragment drawn inside a
  full run, the run's own st.rerun.
- A run ended by st.rerun or st.switch_page goes on in the same turn where
  script_gate is installed (Streamlit reruns it on the same thread, inside the
  wrapped method); where it is not, the rerun queues again behind those
  already waiting. A run stopped by a newer request of the same browser gives
  its turn back like any other. (Keeping a slot for a thread that may never
  come back was tried and left out: it would close the gate.)
- `aside()` lets the run waiting on something slow that happens off its
  thread (a password hash: auth.py) give its turn to the next run meanwhile;
  it comes back first.
- The first run of a new browser session (`turn(new=True)`: a page opened,
  the landing page after signing in) queues apart from the runs of sessions
  already open, and a freed slot goes to the two queues in turn: when fifty
  people finish signing in together, their fifty landing pages no longer stand
  between someone already working and that person's next click (issue 19: one
  such run waited 1.7 s). Within each queue: first come, first served.

The size is $HUMAS_RUNS_AT_ONCE (default 2: a run waiting on the database
leaves the processor to another). Nothing here imports Streamlit.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

ENV_SIZE = "HUMAS_RUNS_AT_ONCE"
FIRST_RUN_KEY = "shell_ran"  # in a session's state once it has run the page script (ui/shell.py)
DEFAULT_SIZE = 2
P = ParamSpec("P")
R = TypeVar("R")


def size_from_env() -> int:
    raw = os.environ.get(ENV_SIZE, "").strip()
    try:
        value = int(raw) if raw else DEFAULT_SIZE
    except ValueError:
        value = DEFAULT_SIZE
    return max(1, value)


class Gate:
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a gate lets at least one run through")
        self.size = size
        self._lock = threading.Lock()
        self._running = 0
        self._waiting: deque[threading.Lock] = deque()  # runs of sessions already open
        self._new: deque[threading.Lock] = deque()  # first runs of new sessions
        self._new_next = False  # whose turn it is when both queues wait
        self._local = threading.local()
        self.served = 0  # turns given (for tests and /metrics)
        self.queued = 0  # turns that had to wait

    # --- the slots ---------------------------------------------------------------------------

    def _acquire(self, *, first: bool, new: bool = False) -> None:
        with self._lock:
            self.served += 1
            if self._running < self.size and not self._waiting and not self._new:
                self._running += 1
                return
            self.queued += 1
            ticket = threading.Lock()
            ticket.acquire()
            queue = self._new if new else self._waiting
            if first:
                queue.appendleft(ticket)
            else:
                queue.append(ticket)
        ticket.acquire()  # released by _release: the slot is handed over as it is

    def _release(self) -> None:
        with self._lock:
            if self._waiting and self._new:
                queue = self._new if self._new_next else self._waiting
                self._new_next = not self._new_next
            else:
                queue = self._waiting or self._new
            if queue:
                queue.popleft().release()
            else:
                self._running -= 1

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting) + len(self._new)

    def running(self) -> int:
        with self._lock:
            return self._running

    def holds(self) -> bool:
        """Whether this thread is inside a turn."""
        return getattr(self._local, "depth", 0) > 0

    # --- what runs use -------------------------------------------------------------------------

    @contextmanager
    def turn(self, *, new: bool = False) -> Iterator[None]:
        """This thread's run, once its turn comes; `new`: the first run of a new session."""
        local = self._local
        depth = getattr(local, "depth", 0)
        if depth:
            local.depth = depth + 1
            try:
                yield
            finally:
                local.depth = depth
            return
        self._acquire(first=False, new=new)
        local.depth = 1
        try:
            yield
        finally:
            local.depth = 0
            self._release()

    @contextmanager
    def aside(self) -> Iterator[None]:
        """Give this thread's turn to the next run while the block waits; back first after."""
        local = self._local
        depth = getattr(local, "depth", 0)
        if not depth:
            yield
            return
        local.depth = 0
        self._release()
        try:
            yield
        finally:
            self._acquire(first=True)
            local.depth = depth


runs = Gate(size_from_env())


def gated(function: Callable[P, R]) -> Callable[P, R]:
    """`function` run inside a turn (a fragment's own runs: they do not go through app.py)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with runs.turn():
            return function(*args, **kwargs)

    return run
