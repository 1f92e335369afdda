"""The pages' way to the data: one connection per call, and bounded caches.

Connections, the data version and the app's hold on its database are the store's
plumbing and come from it directly; what the pages read comes through
`dashboard.service`.

Streamlit's cache is global across sessions, so every cached read takes the
data version (a counter the store bumps with each committed write, in any
process) and, where the result depends on who asks, the caller's scope.
Streamlit leaves parameters whose names begin with "_" out of the cache key:
never name the version or the scope that way, or a write in another process
goes unseen until the entry expires (tests/ui/test_data.py checks this).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import ParamSpec, TypeVar

import streamlit as st

from dashboard.config import ENV_DB, db_target
from dashboard.domain import Kind, Unit
from dashboard.service import kinds as kind_service
from dashboard.service import settings as settings_service
from dashboard.service import units as unit_service
from dashboard.store import applock, bootstrap
from dashboard.store.db import Database, changes_here, connect, data_version, is_server
from dashboard.ui import memo

P = ParamSpec("P")
R = TypeVar("R")


def path() -> str:
    """The database as a string: an absolute file path, or a PostgreSQL URL.

    Asked many times in every run: with $HUMAS_DB set (as `humas run` does) the
    resolved path is remembered for the same setting and working folder
    (resolving it walks the file system each time).
    """
    setting = os.environ.get(ENV_DB)
    return _resolved(setting, os.getcwd()) if setting else _resolve()


def _resolve() -> str:
    target = db_target()
    return target if isinstance(target, str) else str(target.resolve())


@lru_cache(maxsize=16)
def _resolved(_setting: str, _cwd: str) -> str:
    return _resolve()


@memo.shared()
def _ensure(db_file: str) -> bool:
    # Mark this process as an app on the database (a restore refuses while it lives).
    if not is_server(db_file):
        applock.hold_shared(db_file)
    bootstrap.ensure(db_file)
    return True


def ensure_ready() -> None:
    """Hold the database as the app, create or migrate it: once per process."""
    _ensure(path())


@contextmanager
def session_db(*, readonly: bool = False, db_file: str | None = None) -> Iterator[Database]:
    """A connection for one call: to this app's database, or to `db_file` (a path taken
    earlier, for work on a thread of its own where no st.* may run)."""
    with connect(path() if db_file is None else db_file, readonly=readonly) as db:
        yield db


_run = threading.local()  # the version this thread's page run read, while it runs


@contextmanager
def one_version_per_run() -> Iterator[None]:
    """Around a page run (app.py) or a fragment's: `version()` is read once, then kept.

    A run reads the data version for every cached read it makes (every key carries
    it): eight reads, and eight connections taken, on a Ringkasan run (issue 19).
    Inside this block the first read is kept for the rest of the run, unless this
    process writes meanwhile (store.db.changes_here): a run that saves then shows
    reads the version after its write. A write by another process during the run
    shows from the next run on, as it would had it come a moment later. Nested
    blocks (a fragment drawn inside a full run) share the outer one's.
    """
    depth = getattr(_run, "depth", 0)
    _run.depth = depth + 1
    if not depth:
        _run.kept = None
    try:
        yield
    finally:
        _run.depth = depth
        if not depth:
            _run.kept = None


def per_run(function: Callable[P, R]) -> Callable[P, R]:
    """`function` (a fragment: its reruns do not go through app.py) in one_version_per_run."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_version_per_run():
            return function(*args, **kwargs)

    return run


def version() -> int:
    if not getattr(_run, "depth", 0):
        return _read_version()
    changes = changes_here()  # before the read: a write after it is seen by the next call
    kept: tuple[int, int] | None = _run.kept
    if kept is not None and kept[0] == changes:
        return kept[1]
    found = _read_version()
    _run.kept = (changes, found)
    return found


def _read_version() -> int:
    with session_db(readonly=True) as db:
        return data_version(db)


@st.cache_data(max_entries=8, show_spinner=False)
def _units(db_file: str, ver: int) -> list[Unit]:
    with connect(db_file, readonly=True) as db:
        return unit_service.directory(db)


def units(ver: int | None = None) -> list[Unit]:
    """The unit directory (readable by every signed-in user)."""
    return _units(path(), version() if ver is None else ver)


def units_by_id(ver: int | None = None) -> dict[int, Unit]:
    return {u.id: u for u in units(ver)}


@memo.shared(max_entries=4)
def _unit_index(db_file: str, ver: int) -> tuple[dict[int, Unit], frozenset[int]]:
    # A resource shared by every session, read only through unit() and leads_units(): the
    # shell asks on every run, and a copy of the whole directory (cache_data) cost ~3 ms.
    listed = _units(db_file, ver)
    parents = frozenset(u.parent_id for u in listed if u.active and u.parent_id)
    return {u.id: u for u in listed}, parents


def unit(unit_id: int | None, ver: int | None = None) -> Unit | None:
    """One unit of the directory (frozen, shared), or None."""
    if unit_id is None:
        return None
    return _unit_index(path(), version() if ver is None else ver)[0].get(unit_id)


def leads_units(unit_id: int | None, ver: int | None = None) -> bool:
    """Whether active units sit directly below this unit."""
    return unit_id in _unit_index(path(), version() if ver is None else ver)[1]


@st.cache_data(max_entries=4, show_spinner=False)
def _kinds(db_file: str, ver: int) -> list[Kind]:
    with connect(db_file, readonly=True) as db:
        return kind_service.list_kinds(db)


def kinds(ver: int | None = None) -> list[Kind]:
    return _kinds(path(), version() if ver is None else ver)


# Text, shared as it is: the session check reads one on every run (issue 19).
@memo.shared(max_entries=16, ttl=300)
def _setting(db_file: str, ver: int, key: str) -> str:
    with connect(db_file, readonly=True) as db:
        return settings_service.value(db, key)


def setting_int(key: str, ver: int | None = None) -> int:
    return int(_setting(path(), version() if ver is None else ver, key))


def clear_caches() -> None:
    st.cache_data.clear()


@st.cache_data(max_entries=2, show_spinner=False)
def _template_xlsx(db_file: str, ver: int) -> bytes:
    from dashboard.service import imports as import_service  # the importers load lazily

    with connect(db_file, readonly=True) as db:
        return import_service.empty_xlsx(db)


def template_xlsx(ver: int | None = None) -> bytes:
    """The empty import template as a workbook (its second sheet lists the kinds)."""
    return _template_xlsx(path(), version() if ver is None else ver)
