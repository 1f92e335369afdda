"""The link checker: every online item's evidence link checked, flags with reasons (issue 14).

`run()` takes the items due (`store.checks.due`: never checked, corrected since,
or due for a re-check), newest first, inspects each page through the safe
fetcher (`net.pages.inspect_page`: HEAD then GET, robots obeyed, private
addresses never fetched) and stores the result with its flags:

- `unsafe_link`, `date_mismatch`, `title_mismatch`: from the check itself
  (`net.rules.check_flags`);
- `link_broken`: broken on two checks at least an hour apart (`net.rules`); the
  first broken answer schedules the confirming check (`recheck_at`);
- `not_unit_channel`: the unit has registered channels of the link's type and
  the link is on none of them (the harvest's channel registry, issue 13);
- `duplicate_content`: another unit's item, entered earlier, has the same
  address (typed, or the one the link ends at after redirects).

Politeness: pages are fetched by a few threads, items interleaved host by host
(newest first within a host), and the fetcher's per-host rate spaces requests
to one host (1 s by default), so a Kanwil's site is never asked twice at once.
Database writes stay on the caller's thread.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from dashboard import clock, links
from dashboard.domain import CheckDue
from dashboard.net import rules
from dashboard.net.fetch import Fetcher
from dashboard.net.pages import PageCheck, inspect_page
from dashboard.store import checks as check_store
from dashboard.store.channels import channel_match
from dashboard.store.db import Database, Target

THREADS = 4
# Items one scheduled run takes at most (newest first): the rest are first next time, and a run
# on a database with years of unchecked history never reads it all at once.
JOB_BATCH = 2000
# A page that could not be judged (timeout, 403, robots) is asked again after a day, a few times.
UNKNOWN_RETRY = timedelta(days=1)
UNKNOWN_TRIES = 3

# (db, unit_id, kind, link) -> True (on a registered channel), False (not), None (nothing to
# judge by: the unit registered no channel of that type).
ChannelMatch = Callable[[Database, int, str, str], bool | None]


def registered_channel(db: Database, unit_id: int, kind: str, link: str) -> bool | None:
    """The harvest's channel registry (issue 13): None where the unit registered no channel
    of that type (nothing to judge by), else whether the link is on one of them."""
    return channel_match(db, unit_id, kind, link)


@dataclass
class Checked:
    id: int
    link: str
    status: str  # verified, flagged, unknown
    reasons: tuple[str, ...]


@dataclass
class Report:
    items: list[Checked] = field(default_factory=list)
    dropped: int = 0  # changed while being checked: checked again next run

    @property
    def checked(self) -> int:
        return len(self.items)

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    def summary(self) -> str:
        return (
            f"checked {self.checked}, verified {self.count('verified')}, "
            f"flagged {self.count('flagged')}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "verified": self.count("verified"),
            "flagged": self.count("flagged"),
            "items": [
                {"id": i.id, "link": i.link, "status": i.status, "reasons": list(i.reasons)}
                for i in self.items
            ],
        }


def _host(link: str) -> str:
    try:
        return (urlsplit(link).hostname or "").lower()
    except ValueError:
        return ""


def interleaved(items: Sequence[CheckDue]) -> list[CheckDue]:
    """Newest first within each host, hosts taken in turn (the newest item's host first)."""
    by_host: dict[str, list[CheckDue]] = defaultdict(list)
    for item in items:
        by_host[_host(item.link)].append(item)
    queues = list(by_host.values())
    out: list[CheckDue] = []
    while queues:
        for q in queues:
            out.append(q.pop(0))
        queues = [q for q in queues if q]
    return out


def _key(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return links.link_key(url)
    except links.LinkError:
        return None


def judge(
    db: Database,
    item: CheckDue,
    page: PageCheck,
    *,
    channel_match: ChannelMatch = registered_channel,
) -> dict[str, Any]:
    """The flags, verdict and next check of one inspected item (reads the store, writes nothing)."""
    day = item.day
    reasons = list(
        rules.check_flags(
            outcome=page.outcome,
            item_day=day,
            typed_title=item.title,
            page_title=page.title,
            published=page.published,
            published_at=page.published_at,
            tz=item.tz,
        )
    )
    past = check_store.history(db, item.id, item.link)
    seen = [*past, (page.checked_at, page.outcome)]
    if rules.link_broken(seen):
        reasons.insert(0, "link_broken")
    if page.outcome != rules.UNSAFE:
        if channel_match(db, item.unit_id, item.kind, item.link) is False:
            reasons.append("not_unit_channel")
        final_key = _key(page.final_url)
        if check_store.earlier_claims(db, item.id, item.unit_id, [item.link_key, final_key]):
            reasons.append("duplicate_content")
    else:
        final_key = None
    ordered = tuple(r for r in check_store.REASONS if r in reasons)
    if ordered:
        verdict = "flagged"
    elif page.outcome == rules.OK:
        verdict = "verified"
    else:
        verdict = "unknown"
    recheck = rules.recheck_at(seen)
    if recheck is None and page.outcome == rules.UNKNOWN and len(seen) < UNKNOWN_TRIES:
        recheck = page.checked_at + UNKNOWN_RETRY
    return {
        "checked_at": page.checked_at,
        "outcome": page.outcome,
        "status": page.status,
        "code": page.code,
        "final_url": page.final_url,
        "final_key": final_key,
        "page_title": page.title,
        "published": rules.published_local_date(page.published, page.published_at, item.tz),
        "detail": page.reason,
        "reasons": ordered,
        "verdict": verdict,
        "recheck_at": recheck,
    }


def _inspected(
    items: list[CheckDue], fetcher: Fetcher, now: datetime | None, threads: int
) -> Iterator[tuple[CheckDue, PageCheck]]:
    with ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="verify") as pool:
        futures = [(i, pool.submit(inspect_page, i.link, fetcher=fetcher, now=now)) for i in items]
        try:
            for item, future in futures:
                yield item, future.result()
        finally:
            for _, future in futures:
                future.cancel()


def run(
    db: Database,
    *,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
    unit_ids: Sequence[int] | None = None,
    since: date | None = None,
    limit: int | None = None,
    threads: int = THREADS,
    stop: threading.Event | None = None,
    deadline: float | None = None,  # time.monotonic() after which no new item is recorded
    channel_match: ChannelMatch = registered_channel,
) -> Report:
    """Check the items due; returns what was checked (an item changed meanwhile is dropped)."""
    fetcher = fetcher or Fetcher.from_env()
    when = now or clock.utc_now()
    report = Report()
    if stop is not None and stop.is_set():
        return report
    todo = interleaved(check_store.due(db, now=when, unit_ids=unit_ids, since=since, limit=limit))
    for item, page in _inspected(todo, fetcher, now, threads):
        if (stop is not None and stop.is_set()) or (
            deadline is not None and time.monotonic() > deadline
        ):
            break
        found = judge(db, item, page, channel_match=channel_match)
        if not check_store.record(db, item, **found):
            report.dropped += 1
            continue
        report.items.append(Checked(item.id, item.link, found["verdict"], found["reasons"]))
    report.items.sort(key=lambda c: c.id)
    return report


def run_job(path: Target, budget_s: float, stop: threading.Event) -> str:
    """The scheduler's entry (dashboard/jobs: `Job("verify", every=..., run=run_job, ...)`)."""
    from dashboard.store.db import connect

    with connect(path) as db:
        report = run(db, stop=stop, deadline=time.monotonic() + budget_s, limit=JOB_BATCH)
    return report.summary()
