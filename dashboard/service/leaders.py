"""Leaderboards among peers (Peringkat) and a unit's rank among its peers (Unit Saya)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from dashboard.domain import NEWS, Unit
from dashboard.kpi import figures as kpi
from dashboard.kpi.leaderboard import Entry, position_of, rank
from dashboard.kpi.periods import Period
from dashboard.service.context import Context
from dashboard.store import counts as count_store
from dashboard.store.access import Principal
from dashboard.store.db import Database


def _entries(ctx: Context, peers: Iterable[dict], totals, period: Period, with_subtree: bool):
    per_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    news_days: dict[int, int] = defaultdict(int)
    for unit_id, group, n, n_days in totals:
        per_unit[unit_id][group] += n
        if group == NEWS:
            news_days[unit_id] += n_days
    span = kpi.days(period.start, period.end)
    entries = []
    for peer in peers:
        members = ctx.subtree(peer.id) if with_subtree else [peer]
        news = sum(per_unit[m.id].get(NEWS, 0) for m in members)
        targets = [ctx.book.expected_total(m, NEWS, span) for m in members]
        known = [t for t in targets if t is not None]
        entries.append(
            Entry(
                unit_id=peer.id,
                name=peer.name,
                news=news,
                news_target=sum(known) if known else None,
                news_days=sum(news_days[m.id] for m in members),
                total_output=sum(sum(per_unit[m.id].values()) for m in members),
            )
        )
    return rank(entries)


def leaderboard(
    db: Database,
    who: Principal,
    ctx: Context,
    peers: list[Unit],
    period: Period,
    *,
    with_subtree: bool = False,
) -> list[Entry]:
    """Rank `peers` (the caller must be able to read all of them, and their subtrees)."""
    members = [m for p in peers for m in (ctx.subtree(p.id) if with_subtree else [p])]
    totals = count_store.totals_by_group(db, who, [m.id for m in members], period.start, period.end)
    return _entries(ctx, peers, totals, period, with_subtree)


def peer_rank(
    db: Database, who: Principal, ctx: Context, unit_id: int, period: Period
) -> tuple[int, int] | None:
    """(rank, number of peers) of a unit the caller may read; nothing else about the peers."""
    peers = [p for p in count_store.peers_of(db, unit_id) if p["id"] in ctx.by_id]
    if len(peers) < 2:
        return None
    totals = count_store.peer_totals_by_group(db, who, unit_id, period.start, period.end)
    ranked = _entries(ctx, [ctx.unit(p["id"]) for p in peers], totals, period, False)
    return position_of(ranked, unit_id)
