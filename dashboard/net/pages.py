"""Page inspection for link checks: does the evidence page exist, what is it called, when was it published.

`inspect_page(url)` asks HEAD first (robots.txt obeyed), then GET where the
answer matters: an HTML page (for its title and date), a HEAD refused or
failed (many servers mishandle HEAD). A binary answer (PDF, image) needs no
GET. Through the safe fetcher: a private address is `unsafe` and never
fetched; a huge page is read up to `PAGE_BYTES` and its head parsed; a slow
one ends at the deadline (`unknown`).

Outcome: `ok` (2xx), `broken` (404, 410, other 4xx, 5xx, no such host, a
redirect loop or chain without end), `unknown` (401, 403, 429 — the site
refuses robots, not the page —, timeouts, TLS failures, robots.txt), or
`unsafe`. `rules.link_broken` confirms `broken` an hour later.

Title: `og:title`, else `<title>`. Published date: JSON-LD `datePublished`,
else `article:published_time` (and its usual aliases), else htmldate with
extensive search off (None rather than a guess). A date in the future, before
1995 or unreadable is metadata that lies: it is skipped for the next source.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dashboard import clock, errors, links
from dashboard.net import pagemeta
from dashboard.net.fetch import MB, Fetcher, FetchError, Response
from dashboard.net.rules import BROKEN, OK, UNKNOWN, UNSAFE

PAGE_BYTES = 2 * MB
OLDEST = date(1995, 1, 1)
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
META_DATES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "date",
)
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")

for _noisy in ("htmldate", "htmldate.core", "htmldate.extractors", "htmldate.validators"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)


@dataclass(frozen=True)
class PageCheck:
    url: str
    checked_at: datetime
    outcome: str  # ok, broken, unknown, unsafe
    status: int | None = None
    final_url: str | None = None
    title: str | None = None
    published: date | None = None
    published_at: datetime | None = None  # when the page gives a time and zone
    date_source: str | None = None  # json-ld, meta, htmldate
    content_type: str | None = None
    code: str | None = None  # why it is not ok: http_404, no_such_host, timeout, ...
    reason: str | None = None  # the same, in Indonesian


def _date_value(text: Any, now: datetime) -> tuple[date, datetime | None] | None:
    """A date (and instant when a zone is given) from ISO-ish text, if plausible."""
    if not isinstance(text, str) or not text.strip():
        return None
    raw = text.strip()
    try:
        if len(raw) == 10:
            day, instant = date.fromisoformat(raw), None
        else:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            instant = value.astimezone(UTC) if value.tzinfo else None
            day = value.date()
    except ValueError:
        return None
    if not OLDEST <= day <= (now + timedelta(days=1)).date():
        return None
    if instant is not None and instant > now + timedelta(days=1):
        return None
    return day, instant


def _json_ld_dates(node: Any, depth: int = 0) -> list[str]:
    if depth > 6:
        return []
    found: list[str] = []
    if isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str):
            found.append(value)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                found += _json_ld_dates(node[key], depth + 1)
    elif isinstance(node, list):
        for item in node[:50]:
            found += _json_ld_dates(item, depth + 1)
    return found


def published_date(
    meta: pagemeta.PageMeta, html_text: str, url: str, now: datetime
) -> tuple[date | None, datetime | None, str | None]:
    for block in meta.json_ld:
        for text in _json_ld_dates(block):
            if found := _date_value(text, now):
                return found[0], found[1], "json-ld"
    for name in META_DATES:
        if found := _date_value(meta.meta(name), now):
            return found[0], found[1], "meta"
    from htmldate import find_date

    guessed: str | None
    try:
        guessed = find_date(
            meta.tree if meta.tree is not None else html_text,
            extensive_search=False,
            original_date=True,
            url=url,
            max_date=now.strftime("%Y-%m-%d"),
        )
    except Exception:  # noqa: BLE001 (a page htmldate cannot read has no date)
        guessed = None
    if found := _date_value(guessed, now):
        return found[0], None, "htmldate"
    return None, None, None


def _looks_binary(body: bytes) -> bool:
    return body.startswith(_BINARY_MAGIC) or b"\x00" in body[:1024]


def _failure(url: str, now: datetime, exc: FetchError) -> PageCheck:
    outcome = {
        "unsafe_address": UNSAFE,
        "no_such_host": BROKEN,
        "redirect_loop": BROKEN,
        "too_many_redirects": BROKEN,
        "bad_url": BROKEN,
        "bad_redirect": BROKEN,
    }.get(exc.code, UNKNOWN)
    return PageCheck(url=url, checked_at=now, outcome=outcome, code=exc.code, reason=exc.reason)


def _status_outcome(status: int) -> tuple[str, str | None, str | None]:
    """A status's outcome, its code for data and its reason: the words of a `page.*` code,
    the text a link check keeps."""
    from dashboard import words  # words imports nothing of the net layer

    if 200 <= status < 300:
        return OK, None, None
    if status in (401, 403, 429):
        outcome, said = UNKNOWN, errors.PAGE_REFUSED
    elif status in (404, 410):
        outcome, said = BROKEN, errors.PAGE_NOT_FOUND
    elif status >= 400:
        outcome, said = BROKEN, errors.PAGE_ERROR
    else:
        outcome, said = UNKNOWN, errors.PAGE_UNEXPECTED
    return outcome, f"http_{status}", words.text(said, {"status": status})


def _answered(url: str, now: datetime, response: Response, **found: Any) -> PageCheck:
    return PageCheck(
        url=url,
        checked_at=now,
        status=response.status,
        final_url=response.final_url,
        content_type=response.content_type,
        **found,
    )


def inspect_page(
    url: str, *, fetcher: Fetcher | None = None, now: datetime | None = None
) -> PageCheck:
    now = now or clock.utc_now()
    fetcher = fetcher or Fetcher.from_env()
    try:
        links.clean_link(url)
    except links.LinkError as exc:
        return PageCheck(url=url, checked_at=now, outcome=BROKEN, code="bad_url", reason=str(exc))
    try:
        head: Response | None = fetcher.head(url, robots=True)
    except FetchError as exc:
        if exc.code != "protocol":  # a slow server is not asked twice
            return _failure(url, now, exc)
        head = None  # some servers break on HEAD: GET decides
    if head is not None and head.ok and head.content_type not in HTML_TYPES:
        return _answered(url, now, head, outcome=OK)
    try:
        page = fetcher.get(
            url,
            robots=True,
            max_bytes=PAGE_BYTES,
            truncate=True,
            headers={"Accept": "text/html,*/*;q=0.8"},
        )
    except FetchError as exc:
        return _failure(url, now, exc)
    outcome, code, reason = _status_outcome(page.status)
    check = _answered(url, now, page, outcome=outcome, code=code, reason=reason)
    if outcome != OK or page.content_type not in HTML_TYPES or _looks_binary(page.body):
        return check
    text = page.text()
    meta = pagemeta.read(text, page.final_url)
    title = meta.meta("og:title") or meta.title
    day, instant, source = published_date(meta, text[: pagemeta.MAX_CHARS], page.final_url, now)
    return replace(
        check,
        title=" ".join(title.split())[:500] if title else None,
        published=day,
        published_at=instant,
        date_source=source,
    )
