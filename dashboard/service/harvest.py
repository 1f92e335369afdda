"""The harvest: every live channel's new posts become items of their unit, collected automatically.

For each channel (longest unread first): open its sealed token, read it
through `dashboard.net` (network reads run a few at a time in threads; no
database transaction is open meanwhile), then in ONE write transaction per
channel:

- each post becomes an item of its kind through `items.add_batch` with the
  source "otomatis" — the same checks, duplicate rules, summary upkeep and
  audit as a typed or imported item — dated on the unit's own calendar
  (`post.local_date(unit tz)`: the same instant is a different day in Kupang
  and in Jakarta near midnight);
- what the channel reports about a post (views, reach, likes, reactions,
  comments, shares) is kept as out-takes (never counted as output);
- the channel keeps its new state and its health (`channels.record_run`).

A post already recorded by the unit, typed or imported in any kind, is a
duplicate; a post a person deleted is not collected again. A channel that
fails is recorded with its reason and the others still run; posts read
before a failure on a later page are kept (the next run asks again from the
same state, and duplicates make that harmless). Once a day a social channel
is read a week back, so that the figures of recent posts grow past the
first minutes after publication.

The harvest acts as its own principal, "otomatis" (no account): the audit
log names it on every item it adds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from dashboard import channel_address, clock, errors, secretbox, words
from dashboard.domain import Channel
from dashboard.entries import Entry, OutTake
from dashboard.net import graph
from dashboard.net import posts as p
from dashboard.net.channels import read_channel
from dashboard.net.endpoints import Endpoints
from dashboard.net.fetch import Fetcher
from dashboard.net.secret import Secret
from dashboard.progress import Report, silent
from dashboard.store import channels as channel_store
from dashboard.store import outtakes as outtake_store
from dashboard.store.access import Principal
from dashboard.store.db import Database, write
from dashboard.store.items import batches as item_batches

log = logging.getLogger(__name__)

HARVESTER = Principal(
    user_id=None, username="otomatis", role="admin", unit_id=None, full_name="Pengumpulan otomatis"
)
READERS = 4  # channels read at the same time (the per-host rate still holds per host)
API_HOST_INTERVAL_S = 0.2  # Graph, TikTok, the YouTube feed: their own quotas govern them
FIGURES_EVERY = timedelta(hours=24)  # a social channel is read a week back this often
FIGURES_DAYS = 7
NO_KEY, UNREADABLE_TOKEN, INTERNAL = "no_key", "token_unreadable", "internal"


@dataclass(frozen=True)
class ChannelOutcome:
    id: int
    unit: str  # the unit's code
    type: str
    found: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    error: str | None = None  # Indonesian
    error_code: str | None = None

    def line(self) -> str:
        head = f"{self.id} {self.unit} {self.type}"
        if self.error:
            return f"{head}: error: {self.error}"
        return f"{head}: found {self.found}, added {self.added}, duplicates {self.duplicates}"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "unit": self.unit,
            "type": self.type,
            "found": self.found,
            "added": self.added,
            "duplicates": self.duplicates,
            "error": self.error,
        }


@dataclass
class HarvestReport:
    channels: list[ChannelOutcome] = field(default_factory=list)
    left: int = 0  # channels not reached before the time budget ran out (first next time)

    @property
    def added(self) -> int:
        return sum(c.added for c in self.channels)

    @property
    def failed(self) -> int:
        return sum(1 for c in self.channels if c.error)

    def as_json(self) -> dict[str, Any]:
        return {"channels": [c.as_json() for c in self.channels], "added": self.added}

    def summary(self) -> str:
        text = f"{len(self.channels)} channels: added {self.added}, {self.failed} with an error"
        return text + (f", {self.left} left for the next run" if self.left else "")


@dataclass(frozen=True)
class _Read:
    channel: Channel
    result: p.ReadResult
    figures: bool  # read a week back for figures


def _key_error(exc: secretbox.KeyProblem) -> p.ChannelError:
    return p.ChannelError(NO_KEY, exc.problem)


def _token(channel: Channel, box: Callable[[], secretbox.SecretBox]) -> Secret | p.ChannelError:
    if not channel.token_cipher:
        return p.ChannelError(p.NO_TOKEN, errors.problem(errors.READ_TOKEN_MISSING))
    try:
        return box().open(channel.token_cipher)
    except secretbox.KeyProblem as exc:
        return _key_error(exc)
    except secretbox.TokenUnreadable as exc:
        return p.ChannelError(UNREADABLE_TOKEN, exc.problem)


def _figures_due(channel: Channel, now: datetime) -> bool:
    if channel.type == "website":
        return False
    last = channel.figures_at
    return last is None or now - clock.parse_instant(last) >= FIGURES_EVERY


def read_one(
    channel: Channel,
    *,
    now: datetime,
    box: Callable[[], secretbox.SecretBox],
    fetchers: dict[str, Fetcher],
    endpoints: Endpoints,
) -> _Read:
    """Read one channel (no database here): its new posts, or why not."""
    state = p.ChannelState.from_json(channel.state)
    figures = _figures_due(channel, now)
    token: Secret | None = None
    if channel.type in channel_address.NEEDS_TOKEN:
        opened = _token(channel, box)
        if isinstance(opened, p.ChannelError):
            return _Read(channel, p.failed(state, opened), False)
        token = opened
    asked = state
    if figures and state.newest_at is not None:
        asked = replace(
            state,
            newest_at=min(state.newest_at, now - timedelta(days=FIGURES_DAYS)),
            newest_id=None,
        )
    fetcher = fetchers["website" if channel.type == "website" else "api"]
    try:
        result = read_channel(
            channel.type,
            channel.address,
            token,
            asked,
            fetcher=fetcher,
            endpoints=endpoints,
            now=now,
        )
    except Exception:  # a reader's bug must not stop the other channels
        log.exception("reading channel %s failed", channel.id)
        error = p.ChannelError(INTERNAL, errors.problem(errors.READ_UNEXPECTED))
        return _Read(channel, p.failed(state, error), False)
    if asked is not state:
        result = replace(result, state=_kept_position(state, result.state))
    if token is not None and result.token_expires_at is None and _expiry_unknown(channel):
        result = replace(result, token_expires_at=_graph_expiry(channel, token, fetcher, endpoints))
    return _Read(channel, result, figures and result.ok)


def _expiry_unknown(channel: Channel) -> bool:
    """A Graph token whose expiry was not asked since it was set (asked once per token)."""
    if channel.type not in ("facebook", "instagram") or channel.token_expires_at:
        return False
    last_run = channel.last_run_at
    return last_run is None or last_run < (channel.token_set_at or "")


def _graph_expiry(
    channel: Channel, token: Secret, fetcher: Fetcher, endpoints: Endpoints
) -> datetime | None:
    """When Graph's /debug_token says the token expires (None: never, or not told)."""
    try:
        info = graph.token_info(token, fetcher=fetcher, endpoints=endpoints)
    except Exception:  # the expiry is a courtesy: never a reason to fail the read
        log.exception("asking the expiry of channel %s's token failed", channel.id)
        return None
    return info.expires_at if isinstance(info, graph.TokenInfo) else None


def _kept_position(before: p.ChannelState, after: p.ChannelState) -> p.ChannelState:
    """After a read a week back: never step behind the newest post known before it."""
    if before.newest_at is None or (after.newest_at and after.newest_at > before.newest_at):
        return after
    return replace(after, newest_at=before.newest_at, newest_id=before.newest_id)


def save_one(db: Database, read: _Read, *, now: datetime) -> ChannelOutcome:
    """Store what was read of one channel, in one write transaction."""
    channel, result = read.channel, read.result
    tz = channel.unit_tz
    entries = [
        Entry(
            day=post.local_date(tz),
            kind=post.kind,
            title=post.title,
            link=post.link,
            published_at=post.published_at,
            line=n + 1,
        )
        for n, post in enumerate(result.posts)
    ]
    skips = [(s.ref, s.reason) for s in result.skips]
    with write(db):
        batch = item_batches.add_batch(db, HARVESTER, channel.unit_id, entries, source="otomatis")
        kept = []
        for outcome in batch.outcomes:
            post = result.posts[outcome.index]
            if outcome.status == item_batches.REJECTED:
                skips.append((post.source_id or post.link, outcome.message))
            else:
                kept.append(post)
        figures = [
            OutTake(post.link_key, post.kind, metric, value)
            for post in kept
            for metric, value in post.figures.reported().items()
        ]
        if figures:
            outtake_store.save(db, HARVESTER, channel.unit_id, figures, source="otomatis")
        error = result.error
        channel_store.record_run(
            db,
            channel.id,
            channel_store.RunRecord(
                state_json=result.state.to_json(),
                found=len(result.posts),
                added=len(batch.added),
                duplicates=len(batch.duplicates),
                skips=skips,
                error=error.reason if error else None,
                error_code=error.code if error else None,
                token_expires_at=result.token_expires_at,
                figures_refreshed=read.figures,
            ),
            now=now,
        )
    return ChannelOutcome(
        id=channel.id,
        unit=channel.unit_code,
        type=channel.type,
        found=len(result.posts),
        added=len(batch.added),
        duplicates=len(batch.duplicates),
        skipped=len(skips),
        error=error.reason if error else None,
        error_code=error.code if error else None,
    )


def fetchers_from_env() -> dict[str, Fetcher]:
    """Websites at the polite per-host rate; the APIs (one host for many channels) faster."""
    return {
        "website": Fetcher.from_env(),
        "api": Fetcher.from_env(host_interval_s=API_HOST_INTERVAL_S),
    }


def _box_loader() -> Callable[[], secretbox.SecretBox]:
    cached: list[secretbox.SecretBox] = []

    def load() -> secretbox.SecretBox:
        if not cached:
            cached.append(secretbox.load())
        return cached[0]

    return load


def harvest(
    db: Database,
    *,
    unit_ids: Iterable[int] | None = None,
    channel_ids: Iterable[int] | None = None,
    now: datetime | None = None,
    fetchers: dict[str, Fetcher] | None = None,
    endpoints: Endpoints | None = None,
    box: Callable[[], secretbox.SecretBox] | None = None,
    budget_s: float | None = None,
    readers: int = READERS,
    report: Report = silent,
    stop: threading.Event | None = None,
) -> HarvestReport:
    """Read and store every live channel (of the units asked, or those channels alone).

    `budget_s` bounds the run: no channel is started after it, nor once `stop`
    is set (those left are the first next time: channels go longest unread
    first).
    """
    now = now or clock.utc_now()
    fetchers = fetchers or fetchers_from_env()
    endpoints = endpoints or Endpoints.from_env()
    box = box or _box_loader()
    todo = channel_store.to_harvest(db, unit_ids)
    if channel_ids is not None:
        wanted = set(channel_ids)
        todo = [c for c in todo if c.id in wanted]
    started = time.monotonic()
    outcomes: list[ChannelOutcome] = []
    total = len(todo)
    queue = list(todo)
    running: dict[Future[_Read], Channel] = {}

    def in_budget() -> bool:
        if stop is not None and stop.is_set():
            return False
        return budget_s is None or time.monotonic() - started < budget_s

    with ThreadPoolExecutor(max_workers=max(1, readers), thread_name_prefix="harvest") as pool:
        while queue or running:
            while queue and len(running) < max(1, readers) and in_budget():
                channel = queue.pop(0)
                future = pool.submit(
                    read_one, channel, now=now, box=box, fetchers=fetchers, endpoints=endpoints
                )
                running[future] = channel
            if not running:
                break  # the budget ran out with channels still queued
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                running.pop(future)
                outcomes.append(save_one(db, future.result(), now=now))
                report(len(outcomes), total, words.channels_progress(len(outcomes), total))
    outcomes.sort(key=lambda o: o.id)
    return HarvestReport(channels=outcomes, left=len(queue))
