"""Cached figures for pages: keyed by database, data version, the caller, and the calendar days.

Streamlit's caches are shared by every session, so each key carries the
caller's Principal (its scope) as well as the data version, which changes
with every committed write in any process. The calendar-day key makes
"today" roll over at each zone's midnight without waiting for a TTL.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
from plotly.basedatatypes import BaseFigure

from dashboard import clock
from dashboard.domain import KindCount, Unit
from dashboard.kpi.periods import Period
from dashboard.service import context, integrity, leaders, overview, report, screen, unit
from dashboard.service import kinds as kind_service
from dashboard.service import outtakes as outtake_service
from dashboard.service import units as unit_service
from dashboard.store.access import Principal
from dashboard.store.db import connect
from dashboard.ui import address, data, memo

T = TypeVar("T")
# What the cache keys hold, hashed as plain text: Streamlit would otherwise turn a dataclass into
# a dict (dataclasses.asdict) and a date into its __reduce__ on every call, ~0.3 ms a cached read
# and a sixth of a warm Ringkasan run (issue 19). The text says everything the value holds.
HASH_FUNCS: dict[str | type[Any], Callable[[Any], Any]] = {
    Principal: repr,
    Period: repr,
    date: date.isoformat,
}
DERIVED_PER_SNAPSHOT = 64
_derived: dict[int, dict[str, object]] = {}
# Re-entrant: a result that is itself a snapshot (a Shelf) goes when it is pushed out, inside
# the lock, and its finaliser (`_forget`) takes the lock again on the same thread.
_derived_lock = threading.RLock()


def derived(snapshot: object, name: str, build: Callable[[], T]) -> T:
    """What a page makes from a cached snapshot (a figure, a table), made once per snapshot.

    The snapshots above (an overview, a leaderboard, a screen's figures) are
    shared by every session that asks with the same key, and a page turns them
    into the same figures and tables on every run: here the first run of a
    snapshot builds them and the runs after it reuse them (issue 19: building
    the Ringkasan trend and tables was a third of a warm run's CPU). They go
    with the snapshot when its cache entry goes. `name` must say everything
    besides the snapshot that the result depends on; the result must never be
    changed by its users (a figure is kept frozen, its spec taken once:
    `FrozenFigure`; Arrow tables are immutable).
    """
    key = id(snapshot)
    with _derived_lock:
        made = _derived.get(key)
        if made is None:
            try:
                weakref.finalize(snapshot, _forget, key)
            except TypeError:  # a snapshot with __slots__ and no weak reference: not kept
                made = None
            else:
                made = _derived[key] = {}
        if made is not None and name in made:
            return made[name]  # type: ignore[return-value]
    value = build()
    if made is None:
        return value
    if isinstance(value, BaseFigure):
        value = frozen(value)  # a Figure still, sent without a copy
    with _derived_lock:
        if name not in made and len(made) >= DERIVED_PER_SNAPSHOT:
            del made[next(iter(made))]  # the oldest: a context serves every unit's page
        return made.setdefault(name, value)  # type: ignore[return-value]


class FrozenFigure(go.Figure):
    """A figure whose spec is taken once: st.plotly_chart sends it without copying it again.

    st.plotly_chart turns a figure into its spec on every call (`to_dict`: a deep
    copy of every trace, arrays re-encoded as base64), which cost a fifth of a warm
    run of the meeting screen (issue 19). A figure made once per snapshot
    (`derived`) never changes, so its spec is taken once, here, and handed out as
    it is: the same dict every run (Streamlit only reads it, and with orjson
    installed plotly writes it out as JSON without walking it first). It stays a
    go.Figure for everything else (its traces, its layout, tests that look at them);
    changing it after freezing would not change what is sent, so nobody may.
    """

    def __init__(self, figure: BaseFigure) -> None:
        super().__init__(figure)
        self._frozen_spec = figure.to_dict()

    def to_dict(self) -> dict[str, Any]:
        return self._frozen_spec


def frozen(figure: BaseFigure) -> FrozenFigure:
    return figure if isinstance(figure, FrozenFigure) else FrozenFigure(figure)


def pickable_tree(who: Principal, ctx: context.Context) -> list[tuple[Unit, int]]:
    """`service.units.pickable_tree` over a cached context's units, made once per context
    for each (role, unit): a leader's picker walks and sorts the whole directory (~1 ms at
    national scale), which Unit Saya, Kanal, Laporan and Peringkat did on every run. The
    list is shared: callers read it, never change it."""
    return derived(
        ctx,
        f"pickable {who.role} {who.unit_id}",
        lambda: unit_service.pickable_tree(who, ctx.units),
    )


def pickable_units(who: Principal, ctx: context.Context) -> list[Unit]:
    """`pickable_tree` without the depths, as a unit picker offers them."""
    return derived(
        ctx,
        f"pickable units {who.role} {who.unit_id}",
        lambda: [unit for unit, _ in pickable_tree(who, ctx)],
    )


def pickable_by_code(who: Principal, ctx: context.Context) -> dict[str, Unit]:
    """`pickable_units` by code, made once per context for each (role, unit)."""
    return derived(
        ctx,
        f"pickable by code {who.role} {who.unit_id}",
        lambda: {unit.code: unit for unit in pickable_units(who, ctx)},
    )


def picker_groups(who: Principal, ctx: context.Context) -> address.Grouped:
    """`service.units.picker_groups` of `pickable_tree` as a two-step picker's groups of
    unit codes, made once per context for each (role, unit)."""
    return derived(
        ctx,
        f"picker groups {who.role} {who.unit_id}",
        lambda: address.Grouped.of(
            [
                (g.key, g.label, [u.code for u in g.units])
                for g in unit_service.picker_groups(pickable_tree(who, ctx))
            ]
        ),
    )


class Shelf:
    """Where one page keeps what it made for one caller and unit from a snapshot: the page's
    results take one of the snapshot's DERIVED_PER_SNAPSHOT places, not one each, so a crowd
    opening many units' pages does not push each other's results out."""


def shelf(snapshot: object, name: str) -> Shelf:
    """The page's shelf on `snapshot`: pass it to `derived` as the snapshot of its results."""
    return derived(snapshot, name, Shelf)


def _forget(key: int) -> None:
    with _derived_lock:
        _derived.pop(key, None)


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A table as Arrow, which st.dataframe sends as it is (a DataFrame is converted each run)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def day_key(now: datetime) -> tuple[date, ...]:
    """Today in each of Indonesia's three zones: figures change when any of them turns over."""
    return tuple(clock.local_today(tz, now) for tz in clock.ZONES)


@memo.shared(max_entries=8, hash_funcs=HASH_FUNCS)
def _context(db_file: str, version: int, days: tuple[date, ...]) -> context.Context:
    with connect(db_file, readonly=True) as db:
        return context.load(db, clock.utc_now())


def current_context() -> context.Context:
    return _context(data.path(), data.version(), day_key(clock.utc_now()))


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False, hash_funcs=HASH_FUNCS)
def _unit_figures(db_file, version, days, who: Principal, unit_id: int, day: date | None):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        return unit.figures(db, who, ctx, unit_id, day)


def unit_figures(who: Principal, unit_id: int, day: date | None = None) -> unit.UnitFigures:
    return _unit_figures(data.path(), data.version(), day_key(clock.utc_now()), who, unit_id, day)


# Resources, not data: an overview of 10,000 units is a large object, and cache_data would
# unpickle a fresh copy on every rerun (measured: ~150 ms at 10,000 units). These snapshots
# are never changed by a page, so every session shares the one object.
@memo.shared(max_entries=64, ttl=3600, hash_funcs=HASH_FUNCS)
def _overview(db_file, version, days, who: Principal, root_id: int, period: Period):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        return overview.overview(db, who, ctx, root_id, period)


def subtree_overview(who: Principal, root_id: int, period: Period) -> overview.Overview:
    return _overview(data.path(), data.version(), day_key(clock.utc_now()), who, root_id, period)


@memo.shared(max_entries=64, ttl=3600, hash_funcs=HASH_FUNCS)
def _leaderboard(db_file, version, days, who, peer_ids: tuple[int, ...], period, with_subtree):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        peers = [ctx.unit(i) for i in peer_ids]
        return leaders.leaderboard(db, who, ctx, peers, period, with_subtree=with_subtree)


def leaderboard(who: Principal, peers: list[Unit], period: Period, *, with_subtree: bool = False):
    return _leaderboard(
        data.path(),
        data.version(),
        day_key(clock.utc_now()),
        who,
        tuple(p.id for p in peers),
        period,
        with_subtree,
    )


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False, hash_funcs=HASH_FUNCS)
def _peer_rank(db_file, version, days, who, unit_id, period):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        return leaders.peer_rank(db, who, ctx, unit_id, period)


def peer_rank(who: Principal, unit_id: int, period: Period) -> tuple[int, int] | None:
    return _peer_rank(data.path(), data.version(), day_key(clock.utc_now()), who, unit_id, period)


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False, hash_funcs=HASH_FUNCS)
def _kind_mix(db_file, version, who, unit_ids: tuple[int, ...], start: date, end: date):
    with connect(db_file, readonly=True) as db:
        return kind_service.kind_mix(db, who, list(unit_ids), start, end)


def kind_mix(who: Principal, unit_ids: list[int], period: Period) -> list[KindCount]:
    """Output per metric kind over the units and the period (kind, label, grp, n)."""
    return _kind_mix(data.path(), data.version(), who, tuple(unit_ids), period.start, period.end)


# Resources (shared, frozen, never changed by a page): a copy per run cost ~1 ms on Ringkasan.
@memo.shared(max_entries=128, ttl=3600, hash_funcs=HASH_FUNCS)
def _outtakes(db_file, version, days, who: Principal, root_id: int, period: Period, subtree):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        return outtake_service.summary(db, who, ctx, root_id, period, subtree=subtree)


def outtakes(
    who: Principal, root_id: int, period: Period, *, subtree: bool
) -> outtake_service.OutTakes:
    """Reach and engagement of the posts published in the period (a unit, or its subtree)."""
    return _outtakes(
        data.path(), data.version(), day_key(clock.utc_now()), who, root_id, period, subtree
    )


@memo.shared(max_entries=64, ttl=3600, hash_funcs=HASH_FUNCS)
def _recap(db_file, version, days, who: Principal, root_id: int, day: date):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        return report.recap(db, who, ctx, root_id, day)


def recap_data(who: Principal, root_id: int, day: date) -> report.RecapData:
    """Tonight's recap figures; "data per" is this run's time, the figures the cached ones."""
    now = clock.utc_now()
    found = _recap(data.path(), data.version(), day_key(now), who, root_id, day)
    return dataclasses.replace(found, made_at=now)


@st.cache_data(max_entries=128, ttl=3600, show_spinner=False, hash_funcs=HASH_FUNCS)
def _scope_size(db_file, version, days, who: Principal, root_id: int, period: Period):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        return report.scope_size(db, who, ctx, root_id, period)


def scope_size(who: Principal, root_id: int, period: Period) -> tuple[int, int]:
    return _scope_size(data.path(), data.version(), day_key(clock.utc_now()), who, root_id, period)


@memo.shared(max_entries=16, ttl=3600, hash_funcs=HASH_FUNCS)
def _screen(db_file, version, days, who: Principal, root_id: int) -> screen.ScreenFigures:
    # A resource, not data: the frozen bundle is shared by every screen of the same scope
    # (same Principal) without a copy per refresh.
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        return screen.figures(db, who, ctx, root_id)


def screen_figures(who: Principal, root_id: int) -> screen.ScreenFigures:
    return _screen(data.path(), data.version(), day_key(clock.utc_now()), who, root_id)


@memo.shared(max_entries=128, ttl=3600, hash_funcs=HASH_FUNCS)
def _integrity(db_file, version, days, who, unit_ids: tuple[int, ...], period, with_subtree):
    ctx = _context(db_file, version, days)
    with connect(db_file, readonly=True) as db:
        units = [ctx.unit(i) for i in unit_ids]
        return integrity.by_unit(db, who, ctx, units, period, with_subtree=with_subtree)


def integrity_by_unit(
    who: Principal, units: list[Unit], period: Period, *, with_subtree: bool = False
) -> dict[int, integrity.Integrity]:
    """Verified share and open flags of each unit (issue 14), cached like the other figures."""
    return _integrity(
        data.path(),
        data.version(),
        day_key(clock.utc_now()),
        who,
        tuple(u.id for u in units),
        period,
        with_subtree,
    )
