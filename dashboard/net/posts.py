"""What channel readers return: normalised posts, skipped posts, the channel's new state, or an error.

Readers are plain functions over these frozen values; they never write. The
store of a later wave keeps `ChannelState` (as `to_json()`), turns each
`Post` into an item of its kind at `post.local_date(unit_tz)`, and its
`Figures` into out-takes. A `ChannelError` says what went wrong with the
whole channel (code for data, reason in Indonesian for people); a `Skip`
says why one post was left out.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dashboard import clock, errors, links
from dashboard.channel_address import KIND_OF
from dashboard.entries import FORMULA_START, TITLE_MAX
from dashboard.errors import Problem, problem
from dashboard.net.fetch import FetchError

CHANNEL_TYPES = tuple(KIND_OF)  # the channel types and their kinds: dashboard.channel_address
FUTURE_SLACK = timedelta(minutes=10)  # clocks differ a little; a post "from tomorrow" does not


@dataclass(frozen=True)
class Figures:
    """Out-take figures a source reports about a post (None: not reported). Never output."""

    views: int | None = None
    reach: int | None = None
    likes: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None

    def reported(self) -> dict[str, int]:
        """Metric name (as the out-takes table names it) -> value, for the figures given."""
        return {k: v for k, v in asdict(self).items() if v is not None}


def count(value: Any) -> int | None:
    """A non-negative whole number from an API's figure (int, "123", {"total_count": 5})."""
    if isinstance(value, dict):
        value = value.get("total_count", value.get("count", value.get("value")))
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


@dataclass(frozen=True)
class Post:
    link: str  # as the source gives it (the evidence shown)
    link_key: str  # normalised (links.link_key): what duplicates are judged by
    title: str
    published_at: datetime  # UTC
    kind: str  # berita_website, medsos_*
    source_id: str = ""  # the platform's id of the post, when it has one
    figures: Figures = field(default_factory=Figures)

    def local_date(self, tz: str) -> date:
        return clock.local_date_of(self.published_at, tz)


def _say(said: Problem) -> str:
    from dashboard import words  # words imports nothing of the net layer

    return words.say(said)


@dataclass(frozen=True)
class Skip:
    ref: str  # the post's id or link, to find it again
    code: str  # no_permalink, bad_link, no_date, future
    said: Problem  # a `read.*` code and its values

    @property
    def reason(self) -> str:
        """The skip in words, as the channel keeps it."""
        return _say(self.said)


@dataclass(frozen=True)
class ChannelError:
    code: str  # its kind, for data: not_found, permission, token_expired, ...
    said: Problem  # for people: a `read.*` (or `fetch.*`, `secret.*`) code and its values
    status: int | None = None
    retry_after_s: int | None = None

    @property
    def reason(self) -> str:
        """The error in words, as the channel keeps it (`last_error`)."""
        return _say(self.said)

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class ChannelState:
    """What a channel remembers between reads (the store keeps it as JSON)."""

    etag: str | None = None
    last_modified: str | None = None
    newest_at: datetime | None = None  # the newest post read so far
    newest_id: str | None = None
    source: str | None = None  # website: the feed, WordPress API or sitemap found ("kind url")

    def to_json(self) -> str:
        data = asdict(self)
        data["newest_at"] = clock.iso(self.newest_at) if self.newest_at else None
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> ChannelState:
        if not text:
            return cls()
        data = json.loads(text)
        known = {k: data.get(k) for k in cls.__dataclass_fields__}
        if known["newest_at"]:
            known["newest_at"] = clock.parse_instant(known["newest_at"])
        return cls(**known)

    def after(self, posts: tuple[Post, ...] | list[Post], **changes: Any) -> ChannelState:
        """This state moved past `posts` (the newest of them and of what was known)."""
        newest = max(posts, key=lambda p: p.published_at, default=None)
        if newest is not None and (self.newest_at is None or newest.published_at >= self.newest_at):
            changes.setdefault("newest_at", newest.published_at)
            changes.setdefault("newest_id", newest.source_id or newest.link_key)
        return replace(self, **changes)


@dataclass(frozen=True)
class ReadResult:
    posts: tuple[Post, ...] = ()
    skips: tuple[Skip, ...] = ()
    state: ChannelState = field(default_factory=ChannelState)
    error: ChannelError | None = None
    not_modified: bool = False
    token_expires_at: datetime | None = None  # when the API told it

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Limits:
    first_days: int = 30  # a channel's first read goes this far back
    max_pages: int = 10  # pages of an API read at most per run
    page_size: int = 25


DEFAULT_LIMITS = Limits()

# --- titles and posts ------------------------------------------------------------------------


def clean_title(text: str | None, kind: str = "") -> str:
    """A caption's first line or an article's title: one line, no controls, within TITLE_MAX."""
    lines = (text or "").replace("\r", "\n").split("\n")
    first = next((line for line in lines if line.strip()), "")
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in first
        if c not in "\ufffe\uffff"
    )
    title = " ".join(kept.split()).lstrip("".join(FORMULA_START) + " ")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    if not title:
        from dashboard import words  # words imports nothing of the net layer

        title = words.untitled_post(kind)
    return title


def make_post(
    *,
    link: str | None,
    title: str | None,
    published_at: datetime | None,
    kind: str,
    now: datetime,
    source_id: str = "",
    figures: Figures | None = None,
) -> Post | Skip:
    """A normalised post, or the reason it is skipped."""
    ref = source_id or (link or "")
    if not link or not str(link).strip():
        return Skip(ref, "no_permalink", problem(errors.READ_NO_PERMALINK))
    try:
        key = links.link_key(str(link).strip())
    except links.LinkError as exc:
        return Skip(ref, "bad_link", problem(errors.READ_BAD_LINK, found=exc.problem))
    if published_at is None:
        return Skip(ref, "no_date", problem(errors.READ_NO_DATE))
    if published_at.tzinfo is None:
        return Skip(ref, "no_date", problem(errors.READ_NO_ZONE))
    if published_at > now + FUTURE_SLACK:
        return Skip(ref, "future", problem(errors.READ_FUTURE))
    return Post(
        link=str(link).strip(),
        link_key=key,
        title=clean_title(title, kind),
        published_at=published_at.astimezone(UTC),
        kind=kind,
        source_id=source_id,
        figures=figures or Figures(),
    )


def first_cutoff(state: ChannelState, now: datetime, limits: Limits) -> datetime:
    """How far back a read goes: the newest known post, else the first read's window."""
    return state.newest_at or now - timedelta(days=limits.first_days)


def take_newer(
    rows: Any,
    to_post: Any,
    state: ChannelState,
    cutoff: datetime,
    found: list[Post | Skip],
) -> bool:
    """Add the posts of a page (newest first) to `found` until the last known post or the
    cutoff; True when reached (pagination stops there)."""
    for row in rows:
        if state.newest_id and str(row.get("id")) == state.newest_id:
            return True
        item = to_post(row)
        if isinstance(item, Post) and item.published_at < cutoff:
            return True
        found.append(item)
    return False


def sort_out(found: list[Post | Skip]) -> tuple[tuple[Post, ...], tuple[Skip, ...]]:
    posts: dict[str, Post] = {}
    for item in found:
        if isinstance(item, Post):
            posts.setdefault(item.link_key, item)  # the same link twice in one read: once
    skips = tuple(item for item in found if isinstance(item, Skip))
    return tuple(posts.values()), skips


# --- errors ------------------------------------------------------------------------------------

TOKEN_EXPIRED = "token_expired"
RATE_LIMITED = "rate_limited"
NOT_FOUND = "not_found"
NO_ANSWER = "no_answer"
NOT_A_FEED = "not_a_feed"
BROKEN_FEED = "broken_feed"
SERVER_ERROR = "server_error"
PERMISSION = "permission"
BAD_RESPONSE = "bad_response"
BAD_ADDRESS = "bad_address"
UNSAFE = "unsafe_address"
TOO_LARGE = "too_large"
ROBOTS = "robots"
NO_TOKEN = "no_token"

_FETCH_CODES = {
    "timeout": NO_ANSWER,
    "connect_failed": NO_ANSWER,
    "no_such_host": NOT_FOUND,
    "unsafe_address": UNSAFE,
    "too_large": TOO_LARGE,
    "robots": ROBOTS,
    "robots_unavailable": SERVER_ERROR,
    "bad_url": BAD_ADDRESS,
    "bad_redirect": BAD_ADDRESS,
    "redirect_loop": BAD_RESPONSE,
    "too_many_redirects": BAD_RESPONSE,
    "tls": BAD_RESPONSE,
    "protocol": BAD_RESPONSE,
    "bad_json": BAD_RESPONSE,
}


def from_fetch(exc: FetchError) -> ChannelError:
    return ChannelError(_FETCH_CODES.get(exc.code, BAD_RESPONSE), exc.problem)


def retry_after(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def from_status(status: int, what: str = "feed", retry: str | None = None) -> ChannelError:
    """An HTTP error status as a channel error (`what` was asked for: a key of
    words.READ_SUBJECTS, "feed", "account", "sitemap", ...)."""
    if status == 404 or status == 410:
        return ChannelError(
            NOT_FOUND, problem(errors.READ_NOT_FOUND, subject=what, status=status), status
        )
    if status == 429:
        return ChannelError(
            RATE_LIMITED, problem(errors.READ_RATE_LIMITED), status, retry_after(retry)
        )
    if status in (401, 403):
        return ChannelError(PERMISSION, problem(errors.READ_DENIED, status=status), status)
    if status >= 500:
        return ChannelError(SERVER_ERROR, problem(errors.READ_SERVER_ERROR, status=status), status)
    return ChannelError(BAD_RESPONSE, problem(errors.READ_STATUS, status=status), status)


def failed(state: ChannelState, error: ChannelError, **extra: Any) -> ReadResult:
    return ReadResult(state=state, error=error, **extra)
