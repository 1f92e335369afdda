"""The meeting screen's figures: one compact bundle per scope, from the same functions as the pages.

Compliance, month totals and silences come from `overview.overview` (as on
Ringkasan), the leaderboard from `leaders.leaderboard` (as on Peringkat, its
default rule: each Kanwil as its whole province), the 30 days from `overview.daily`.
Only what the screen shows is kept, so a screen can hold its last good
figures in its session while the database is away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dashboard import clock, tilemap, words
from dashboard.domain import NEWS, Unit
from dashboard.kpi.compliance import branch_map, by_branch
from dashboard.kpi.leaderboard import Entry
from dashboard.kpi.periods import Period, resolve
from dashboard.orgtree import short_name
from dashboard.service import leaders, overview
from dashboard.service.context import Context
from dashboard.store.access import Principal
from dashboard.store.db import Database
from dashboard.store.items import reads as item_reads

PERIOD = "bulan"  # leaderboard and totals: the month to date
DAYS_SHOWN = 30
LATEST_LIMIT = 7
LATEST_DAYS = 3  # the newest items are searched among the last days only (cheap)
PTKN_TILE, PUSAT_TILE = "ptkn", "pusat"


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    col: int
    row: int
    with_news: int
    judged: int  # units with a news target today

    @property
    def share(self) -> float | None:
        return self.with_news / self.judged if self.judged else None


@dataclass(frozen=True)
class SilentUnit:
    name: str
    parent: str
    last_news: date | None
    days: int


@dataclass(frozen=True)
class LatestItem:
    at: datetime
    unit: str
    kind: str
    title: str  # typed by an operator: shown as plain text only
    capaian: bool


@dataclass(frozen=True)
class ScreenFigures:
    root_id: int
    title: str  # "Nasional" or the Kanwil's name
    national: bool
    tz: str
    today: date
    with_news: int
    judged: int
    tiles: tuple[Tile, ...]
    peers: str  # what the leaderboard ranks: "Kanwil" or "Kankemenag"
    board: tuple[Entry, ...]
    period: Period
    news: tuple[int, float | None]  # month to date: items, target
    medsos: tuple[int, float | None]
    days: tuple[overview.DayPoint, ...]
    silent: tuple[SilentUnit, ...]
    latest: tuple[LatestItem, ...]

    @property
    def share(self) -> float | None:
        return self.with_news / self.judged if self.judged else None


def figures(db: Database, who: Principal, ctx: Context, root_id: int) -> ScreenFigures:
    """Everything the screen shows for the subtree of `root_id`, read as `who`."""
    root = ctx.unit(root_id)
    national = root.parent_id is None
    today = clock.local_today(root.tz, ctx.now)
    period = resolve(PERIOD, today)
    view = overview.overview(db, who, ctx, root_id, period)

    tiles = _national_tiles(ctx, view, root) if national else _kanwil_tiles(ctx, view, root)
    peers_type = "KANWIL" if national else "KANKEMENAG"
    # Kanwil compared nationally stand for their whole province, as on Peringkat and Ringkasan.
    board = leaders.leaderboard(
        db, who, ctx, ctx.children(root_id, peers_type), period, with_subtree=national
    )
    since = today - timedelta(days=LATEST_DAYS - 1)
    latest = [
        LatestItem(
            at=clock.parse_instant(i.published_at or i.created_at),
            unit=short_name(i.unit_name, kanwil=True),
            kind=i.kind_short,
            title=i.title,
            capaian=i.tag == "capaian",
        )
        for i in item_reads.latest(db, who, None, since, limit=LATEST_LIMIT)
    ]
    return ScreenFigures(
        root_id=root_id,
        title=words.NATIONAL if national else root.name,
        national=national,
        tz=root.tz,
        today=today,
        with_news=len(view.compliance.with_news),
        judged=view.compliance.total,
        tiles=tuple(tiles),
        peers=words.PROVINCE_PEERS if national else words.UNIT_TYPE_LABELS["KANKEMENAG"],
        board=tuple(board),
        period=period,
        news=view.totals(NEWS),
        medsos=view.totals("medsos"),
        days=tuple(overview.daily(db, who, ctx, root_id, DAYS_SHOWN)),
        silent=tuple(_silent(ctx, view)),
        latest=tuple(latest),
    )


def _national_tiles(ctx: Context, view: overview.Overview, root: Unit) -> list[Tile]:
    """One tile per province (its Kanwil's subtree), then PTKN and Pusat when they are judged."""
    units = ctx.subtree(root.id)
    kanwil = ctx.children(root.id, "KANWIL")
    group: dict[int, str] = {k.id: k.code for k in kanwil}
    for child in ctx.children(root.id):
        group.setdefault(child.id, PTKN_TILE if child.type == "PTKN" else PUSAT_TILE)
    branch_of = {
        unit_id: group.get(branch) if branch is not None else PUSAT_TILE
        for unit_id, branch in branch_map(units, root.id).items()
    }
    tally = by_branch(view.compliance, branch_of)
    extras = [key for key in (PTKN_TILE, PUSAT_TILE) if tally.get(key, (0, 0))[1]]
    places = tilemap.province_places([k.code for k in kanwil], extras)
    names = {k.code: short_name(k.name) for k in kanwil} | {
        PTKN_TILE: words.UNIT_TYPE_LABELS["PTKN"],
        PUSAT_TILE: words.UNIT_TYPE_LABELS["PUSAT"],
    }
    return [
        Tile(key, place.label or names[key], place.col, place.row, *tally.get(key, (0, 0)))
        for key, place in places.items()
    ]


def _kanwil_tiles(ctx: Context, view: overview.Overview, root: Unit) -> list[Tile]:
    """The Kanwil office, then each unit under it (its subtree), those judged today only."""
    units = ctx.subtree(root.id)
    branch_of = branch_map(units, root.id)
    branch_of[root.id] = root.id
    tally = by_branch(view.compliance, branch_of)
    members = [root] + ctx.children(root.id)
    shown = [u for u in members if tally.get(u.id, (0, 0))[1]]
    places = tilemap.grid_places([str(u.id) for u in shown])
    return [
        Tile(
            str(u.id),
            "Kanwil" if u.id == root.id else short_name(u.name),
            places[str(u.id)].col,
            places[str(u.id)].row,
            *tally[u.id],
        )
        for u in shown
    ]


def _silent(ctx: Context, view: overview.Overview) -> list[SilentUnit]:
    found = []
    for row in view.silent():
        parent = ctx.by_id.get(row.unit.parent_id) if row.unit.parent_id else None
        if parent is None or parent.parent_id is None:
            label = ""  # directly under the ministry: nothing worth saying
        else:
            label = tilemap.PROVINCES.get(parent.code, (short_name(parent.name),))[0]
        found.append(
            SilentUnit(
                name=short_name(row.unit.name, kanwil=True),
                parent=label,
                last_news=row.last_news,
                days=row.silent_days or 0,
            )
        )
    return found
