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

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import streamlit as st

from dashboard.config import ENV_DB, db_target
from dashboard.domain import Unit
from dashboard.service import kinds as kind_service
from dashboard.service import settings as settings_service
from dashboard.service import units as unit_service
from dashboard.store import applock, bootstrap
from dashboard.store.db import Database, connect, data_version, is_server


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


@st.cache_resource(show_spinner=False)
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


def version() -> int:
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


@st.cache_resource(max_entries=4, show_spinner=False)
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
def _kinds(db_file: str, ver: int) -> list[dict]:
    with connect(db_file, readonly=True) as db:
        return kind_service.list_kinds(db)


def kinds(ver: int | None = None) -> list[dict]:
    return _kinds(path(), version() if ver is None else ver)


@st.cache_data(max_entries=16, ttl=300, show_spinner=False)
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
