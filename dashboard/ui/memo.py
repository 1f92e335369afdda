"""Shared snapshots read in a few microseconds: a plain dict in front of st.cache_resource.

Every page run reads several cached snapshots (the context, the overview, the
unit index, a setting). Streamlit's cache answers each read by inspecting the
function's signature, hashing every argument and looking the result up under
that hash: ~0.4 ms a read, ~3.5 ms (a tenth) of a warm Ringkasan run (issue 19).
The arguments of these reads are small hashable values (a path, a data version,
the days, a frozen Principal or Period, ids), so `shared` keeps what Streamlit's
cache returned under the arguments themselves, in a dict of this process, and
answers the next read with the same arguments from there. Streamlit's cache
stays behind it: a first read still goes through it (one computation per key
while other sessions wait, st.cache_resource.clear()).

The dict keeps at most as many entries, as long, as the cache behind it
(`max_entries`, `ttl`): a value Streamlit dropped early may be kept here a
little longer, never past its time. Only for values nobody changes (frozen
snapshots, text): every session gets the same object. Nothing new is made
here: data changes reach pages through the data version in the arguments.
`clear_all()` empties every front (tests, beside st.cache_resource.clear()).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, ParamSpec, TypeVar

import streamlit as st

P = ParamSpec("P")
R = TypeVar("R")
_fronts: list[_Front[Any]] = []


class _Front(Generic[R]):
    def __init__(self, cached: Callable[..., R], max_entries: int | None, ttl: float | None):
        self.cached = cached
        self.max_entries = max_entries
        self.ttl = ttl
        self._kept: OrderedDict[tuple[Hashable, ...], tuple[float, R]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, *args: Hashable) -> R:
        now = time.monotonic()
        with self._lock:
            found = self._kept.get(args)
            if found is not None and found[0] > now:
                self._kept.move_to_end(args)
                return found[1]
        value = self.cached(*args)
        until = now + self.ttl if self.ttl is not None else float("inf")
        with self._lock:
            self._kept[args] = (until, value)
            self._kept.move_to_end(args)
            if self.max_entries is not None:
                while len(self._kept) > self.max_entries:
                    self._kept.popitem(last=False)  # the least recently read
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


def shared(
    *, max_entries: int | None = None, ttl: float | None = None, **streamlit: Any
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """st.cache_resource(max_entries, ttl, **streamlit) with a dict in front of it.

    The decorated function takes positional, hashable arguments only.
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        cached = st.cache_resource(
            max_entries=max_entries, ttl=ttl, show_spinner=False, **streamlit
        )(function)
        front = _Front(cached, max_entries, ttl)
        _fronts.append(front)
        return functools.wraps(function)(front)  # type: ignore[return-value]  # same call, positional

    return decorate


def clear_all() -> None:
    for front in _fronts:
        front.clear()
