"""Website channels: find the site's feed, then read new articles as `berita_website` posts.

Given a site's address, `discover` looks, in order, for the WordPress REST
API (the `Link: <…/wp-json/>; rel="https://api.w.org/"` header or its
`<link>`, else `/wp-json/`), a feed named by `<link rel="alternate">`,
`/feed`, and a news sitemap (named in robots.txt, or `/sitemap_news.xml`,
`/news-sitemap.xml`). The REST API is preferred because it pages
(`X-WP-TotalPages`) and so misses nothing between two runs; a feed holds the
last 10 items; a Google News sitemap the last two days. What was found is
kept in the channel's state (`source`) and looked for again when it stops
working.

Feeds are parsed by feedparser from bytes fetched by the safe fetcher, never
fetched by feedparser. robots.txt is obeyed for every request to a site.
"""

from __future__ import annotations

import io
import xml.sax
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from dashboard import clock, errors
from dashboard.errors import problem
from dashboard.net import pagemeta
from dashboard.net import posts as p
from dashboard.net.fetch import Fetcher, FetchError, Response, Validators

KIND = p.KIND_OF["website"]
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
WP_API_REL = "https://api.w.org/"
_ACCEPT = {"Accept": "application/rss+xml, application/atom+xml, application/xml, */*;q=0.5"}
MAX_CHILD_SITEMAPS = 3


# --- feeds ---------------------------------------------------------------------------------


def parse_feed(data: bytes) -> Any | p.ChannelError:
    """feedparser's reading of a feed's bytes, or why it is not a feed."""
    import feedparser

    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return p.ChannelError(p.NOT_A_FEED, problem(errors.READ_EMPTY_ANSWER))
    if head.startswith((b"<!doctype html", b"<html")) or (b"<html" in head and b"<rss" not in head):
        return p.ChannelError(p.NOT_A_FEED, problem(errors.READ_HTML_ANSWER))
    if not head.startswith(b"<"):
        return p.ChannelError(p.NOT_A_FEED, problem(errors.READ_NOT_XML))
    if b"<!ENTITY" in data[:65536].upper():  # entity expansion (billion laughs, external files)
        return p.ChannelError(p.BROKEN_FEED, problem(errors.READ_FEED_ENTITIES))
    feed = feedparser.parse(io.BytesIO(data))
    bozo = feed.get("bozo_exception")
    if feed.get("bozo") and isinstance(bozo, xml.sax.SAXException):
        return p.ChannelError(p.BROKEN_FEED, problem(errors.READ_FEED_BROKEN))
    if not feed.get("version"):
        return p.ChannelError(p.NOT_A_FEED, problem(errors.READ_NOT_FEED))
    return feed


def entry_instant(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)  # feedparser gives UTC


def _get(
    fetcher: Fetcher, url: str, state: p.ChannelState | None = None, what: str = "feed"
) -> Response | p.ChannelError:
    validators = Validators(state.etag, state.last_modified) if state else None
    try:
        response = fetcher.get(url, robots=True, validators=validators, headers=_ACCEPT)
    except FetchError as exc:
        return p.from_fetch(exc)
    if response.not_modified or response.ok:
        return response
    return p.from_status(response.status, what, response.header("retry-after"))


def finish_document(
    found: list[p.Post | p.Skip], state: p.ChannelState, response: Response
) -> p.ReadResult:
    """The posts of one document, and the state moved past them with its new validators."""
    posts, skips = p.sort_out(found)
    validators = response.validators
    new_state = state.after(posts, etag=validators.etag, last_modified=validators.last_modified)
    return p.ReadResult(posts=posts, skips=skips, state=new_state)


def read_feed(
    url: str, state: p.ChannelState, *, fetcher: Fetcher, now: datetime, kind: str = KIND
) -> p.ReadResult:
    response = _get(fetcher, url, state)
    if isinstance(response, p.ChannelError):
        return p.failed(state, response)
    if response.not_modified:
        return p.ReadResult(state=state, not_modified=True)
    feed = parse_feed(response.body)
    if isinstance(feed, p.ChannelError):
        return p.failed(state, feed)
    found = [
        p.make_post(
            link=entry.get("link"),
            title=entry.get("title"),
            published_at=entry_instant(entry),
            kind=kind,
            now=now,
            source_id=str(entry.get("id") or ""),
        )
        for entry in feed.entries
    ]
    return finish_document(found, state, response)


# --- WordPress REST ------------------------------------------------------------------------


def wp_posts_url(api_root: str) -> str:
    if "rest_route=" in api_root:
        return urljoin(api_root, "?rest_route=/wp/v2/posts")
    return api_root.rstrip("/") + "/wp/v2/posts"


def _wp_instant(value: Any) -> datetime | None:
    try:
        instant = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def read_wordpress(
    api_root: str,
    state: p.ChannelState,
    *,
    fetcher: Fetcher,
    now: datetime,
    limits: p.Limits = p.DEFAULT_LIMITS,
) -> p.ReadResult:
    """Posts published after the newest known one (a day's overlap), page by page."""
    since = (
        state.newest_at - timedelta(days=1)
        if state.newest_at
        else now - timedelta(days=limits.first_days)
    )
    base = wp_posts_url(api_root)
    joiner = "&" if "?" in base else "?"
    found: list[p.Post | p.Skip] = []
    page = 1
    while page <= limits.max_pages:
        query = urlencode(
            {
                "after": clock.iso(since),
                "per_page": 100,
                "page": page,
                "orderby": "date",
                "order": "desc",
                "_fields": "id,date_gmt,link,title",
            }
        )
        response = _get(fetcher, f"{base}{joiner}{query}", what="wordpress")
        if isinstance(response, p.ChannelError):
            if page > 1 and response.status == 400:  # asked past the last page
                break
            return p.failed(state, response, posts=p.sort_out(found)[0])
        try:
            rows = response.json()
            if not isinstance(rows, list):
                raise ValueError
            for row in rows:
                found.append(
                    p.make_post(
                        link=row.get("link"),
                        title=pagemeta.strip_tags((row.get("title") or {}).get("rendered", "")),
                        published_at=_wp_instant(row.get("date_gmt")),
                        kind=KIND,
                        now=now,
                        source_id=str(row.get("id") or ""),
                    )
                )
        except (FetchError, ValueError, AttributeError, TypeError):
            return p.failed(
                state,
                p.ChannelError(p.BAD_RESPONSE, problem(errors.READ_WORDPRESS_UNKNOWN)),
                posts=p.sort_out(found)[0],
            )
        total = response.header("x-wp-totalpages") or "1"
        if not rows or page >= (int(total) if total.isdigit() else 1):
            break
        page += 1
    posts, skips = p.sort_out(found)
    return p.ReadResult(posts=posts, skips=skips, state=state.after(posts))


# --- news sitemaps ----------------------------------------------------------------------------


def _sitemap_instant(text: str | None) -> datetime | None:
    if not text:
        return None
    text = text.strip()
    try:
        if len(text) == 10:  # a date alone: noon UTC is that same date in WIB, WITA and WIT
            return datetime.fromisoformat(text).replace(hour=12, tzinfo=UTC)
        instant = clock.parse_instant(text)
    except ValueError:
        return None
    return instant


def _parse_sitemap(data: bytes) -> Any | p.ChannelError:
    try:
        return ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return p.ChannelError(p.BROKEN_FEED, problem(errors.READ_SITEMAP_BROKEN))


def is_news_sitemap(root: Any) -> bool:
    return root.tag == f"{SITEMAP_NS}urlset" and root.find(f".//{NEWS_NS}news") is not None


def read_sitemap(
    url: str, state: p.ChannelState, *, fetcher: Fetcher, now: datetime
) -> p.ReadResult:
    response = _get(fetcher, url, state, what="sitemap")
    if isinstance(response, p.ChannelError):
        return p.failed(state, response)
    if response.not_modified:
        return p.ReadResult(state=state, not_modified=True)
    root = _parse_sitemap(response.body)
    if isinstance(root, p.ChannelError):
        return p.failed(state, root)
    roots = [root]
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        roots = []
        for loc in root.iter(f"{SITEMAP_NS}loc"):
            if len(roots) >= MAX_CHILD_SITEMAPS:
                break
            child = _get(fetcher, (loc.text or "").strip(), what="sitemap")
            if isinstance(child, p.ChannelError):
                return p.failed(state, child)
            parsed = _parse_sitemap(child.body)
            if isinstance(parsed, p.ChannelError):
                return p.failed(state, parsed)
            roots.append(parsed)
    elif root.tag != f"{SITEMAP_NS}urlset":
        return p.failed(state, p.ChannelError(p.NOT_A_FEED, problem(errors.READ_NOT_SITEMAP)))
    found: list[p.Post | p.Skip] = []
    for urlset in roots:
        for entry in urlset.iter(f"{SITEMAP_NS}url"):
            news = entry.find(f"{NEWS_NS}news")
            found.append(
                p.make_post(
                    link=entry.findtext(f"{SITEMAP_NS}loc"),
                    title=news.findtext(f"{NEWS_NS}title") if news is not None else None,
                    published_at=_sitemap_instant(
                        news.findtext(f"{NEWS_NS}publication_date") if news is not None else None
                    ),
                    kind=KIND,
                    now=now,
                )
            )
    return finish_document(found, state, response)


# --- discovery -----------------------------------------------------------------------------


def _root(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _link_header(value: str | None, rel: str) -> str | None:
    for part in (value or "").split(","):
        if f'rel="{rel}"' in part or f"rel={rel}" in part:
            start, end = part.find("<"), part.find(">")
            if 0 <= start < end:
                return part[start + 1 : end].strip()
    return None


def _works_as_wordpress(api_root: str, fetcher: Fetcher) -> bool:
    response = _get(fetcher, wp_posts_url(api_root) + "?per_page=1&_fields=id", what="api")
    if isinstance(response, p.ChannelError):
        return False
    try:
        return isinstance(response.json(), list)
    except FetchError:
        return False


def _works_as_feed(url: str, fetcher: Fetcher) -> bool:
    response = _get(fetcher, url)
    return not isinstance(response, p.ChannelError) and not isinstance(
        parse_feed(response.body), p.ChannelError
    )


def _works_as_news_sitemap(url: str, fetcher: Fetcher) -> bool:
    response = _get(fetcher, url, what="sitemap")
    if isinstance(response, p.ChannelError):
        return False
    root = _parse_sitemap(response.body)
    return not isinstance(root, p.ChannelError) and is_news_sitemap(root)


def discover(address: str, fetcher: Fetcher) -> str | p.ChannelError:
    """The channel's source as "wordpress URL", "feed URL" or "sitemap URL", or why none."""
    response = _get(fetcher, address, what="site")
    if isinstance(response, p.ChannelError):
        return response
    body = response.body
    if not isinstance(parse_feed(body), p.ChannelError):
        return f"feed {response.final_url}"  # the address was a feed itself
    root = _root(response.final_url)
    meta = pagemeta.read(response.text(), response.final_url)
    api = _link_header(response.header("link"), WP_API_REL) or meta.link(WP_API_REL)
    for candidate in [api, urljoin(root, "/wp-json/")]:
        if candidate and _works_as_wordpress(candidate, fetcher):
            return f"wordpress {candidate}"
    feeds = [
        href
        for href in meta.links_of("alternate", *FEED_TYPES)
        if "comments" not in href.lower() and "komentar" not in href.lower()
    ]
    for candidate in [*feeds[:2], urljoin(root, "/feed"), urljoin(root, "/feed/")]:
        if _works_as_feed(candidate, fetcher):
            return f"feed {candidate}"
    sitemaps: list[str] = []
    if fetcher.robots is not None:
        try:
            sitemaps = [s for s in fetcher.robots.sitemaps(fetcher, root) if "news" in s.lower()]
        except FetchError:
            sitemaps = []
    for candidate in [
        *sitemaps[:2],
        urljoin(root, "/sitemap_news.xml"),
        urljoin(root, "/news-sitemap.xml"),
    ]:
        if _works_as_news_sitemap(candidate, fetcher):
            return f"sitemap {candidate}"
    return p.ChannelError(p.NOT_FOUND, problem(errors.READ_NO_FEED))


def read_website(
    address: str,
    state: p.ChannelState,
    *,
    fetcher: Fetcher,
    now: datetime,
    limits: p.Limits = p.DEFAULT_LIMITS,
) -> p.ReadResult:
    source = state.source
    if not source:
        found = discover(address, fetcher)
        if isinstance(found, p.ChannelError):
            return p.failed(state, found)
        source = found
        state = replace(state, source=source, etag=None, last_modified=None)
    kind, _, url = source.partition(" ")
    if kind == "wordpress":
        result = read_wordpress(url, state, fetcher=fetcher, now=now, limits=limits)
    elif kind == "sitemap":
        result = read_sitemap(url, state, fetcher=fetcher, now=now)
    else:
        result = read_feed(url, state, fetcher=fetcher, now=now)
    if result.error and result.error.code in (p.NOT_FOUND, p.NOT_A_FEED, p.PERMISSION):
        # The site changed: look for its feed again next time.
        result = replace(result, state=replace(result.state, source=None))
    return result
