"""Out-takes of a period: how far the posts published in it travelled (Unit Saya, Ringkasan).

Out-takes (AMEC's term, between output and outcome) are reach, views and
engagement of posts, from Meta exports: they are not output, never count
toward a target, and are never turned into an advertising value. A post's
figures are its lifetime figures from the latest export. Reach is per post,
so a platform's reach is a sum over its posts (a person reached by two posts
counts twice), and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dashboard.kpi.periods import Period
from dashboard.service.context import Context
from dashboard.store import kinds as kind_store
from dashboard.store import outtakes as outtake_store
from dashboard.store.access import Principal, require_read
from dashboard.store.db import Database

BEST = 5
# Engagement: what people did with a post. Facebook reports reactions (likes among them),
# Instagram likes; no export carries both for one post. Clicks and follows are left out.
ENGAGED = ("reactions", "likes", "comments", "shares", "saves")


@dataclass(frozen=True)
class Post:
    unit_name: str
    kind_label: str
    day: date
    title: str
    link: str
    reach: int | None
    views: int | None
    engagement: int


@dataclass(frozen=True)
class Platform:
    kind: str
    label: str
    posts: int  # posts with out-takes
    reach: int  # summed over posts
    views: int
    engagement: int


@dataclass(frozen=True)
class OutTakes:
    period: Period
    platforms: list[Platform]
    best: list[Post]  # most engagement first, then reach

    @property
    def posts(self) -> int:
        return sum(p.posts for p in self.platforms)


def engagement(figures: dict[str, int | None]) -> int:
    return sum(figures.get(m) or 0 for m in ENGAGED)


def summary(
    db: Database, who: Principal, ctx: Context, root_id: int, period: Period, *, subtree: bool
) -> OutTakes:
    """The out-takes of a unit's posts (or its whole subtree's) published in `period`."""
    require_read(db, who, root_id)
    ids = [u.id for u in ctx.subtree(root_id)] if subtree else [root_id]
    found = outtake_store.posts_in_period(db, who, ids, period.start, period.end)
    labels = {k.code: k.short_label for k in kind_store.list_kinds(db)}
    per_kind: dict[str, dict[str, int]] = {}
    ranked = []
    for item_id, kind, day, *values in found:
        figures = dict(zip(outtake_store.POST_METRICS, values, strict=True))
        engaged = engagement(figures)
        tally = per_kind.setdefault(kind, {"posts": 0, "reach": 0, "views": 0, "engagement": 0})
        tally["posts"] += 1
        tally["reach"] += figures["reach"] or 0
        tally["views"] += figures["views"] or 0
        tally["engagement"] += engaged
        ranked.append((-engaged, -(figures["reach"] or 0), day, item_id, figures, engaged))
    ranked.sort()
    top = ranked[:BEST]
    details = outtake_store.posts(db, who, [r[3] for r in top])
    best = [
        Post(
            unit_name=details[item_id].unit_name,
            kind_label=details[item_id].kind_label,
            day=date.fromisoformat(day),
            title=details[item_id].title,
            link=details[item_id].link,
            reach=figures["reach"],
            views=figures["views"],
            engagement=engaged,
        )
        for _e, _r, day, item_id, figures, engaged in top
    ]
    platforms = sorted(
        (Platform(kind=k, label=labels.get(k, k), **v) for k, v in per_kind.items()),
        key=lambda p: (-p.reach, p.label),
    )
    return OutTakes(period=period, platforms=platforms, best=best)
