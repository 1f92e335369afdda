"""Facebook Page posts and Instagram professional account media through Meta's Graph API.

    GET {HUMAS_GRAPH_BASE}/{page-id}/posts?fields=id,created_time,permalink_url,message,…
    GET {HUMAS_GRAPH_BASE}/{ig-user-id}/media?fields=id,caption,media_type,permalink,timestamp,…

Newest first, `{"data": [...], "paging": {"cursors": {"after"}, "next"}}`;
the reader asks for the next page by its `after` cursor (never by following
`next`, which carries the token in its query and could name another host),
and stops at the last known post, at the first read's window
(`Limits.first_days`), or after `Limits.max_pages`. The token travels in the
Authorization header only (as Meta documents for the WhatsApp Cloud API on
the same Graph host), so no address that could reach a log holds it.

Errors: code 190 = token expired or revoked (with its expiry when the
message states it); 4, 17, 32, 613 and 80001–80014 = rate limits; 10 and
200–299 = missing permission; 100/33 and 803 = no such object.
Out-takes: reactions, comments and shares (Facebook), likes and comments
(Instagram); with `insights=True` also reach and views per new post
(`/{media-id}/insights?metric=reach,views`, Facebook
`post_total_media_view_unique` as reach). An insight that fails is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from dashboard import errors
from dashboard.errors import problem
from dashboard.net import posts as p
from dashboard.net.endpoints import Endpoints
from dashboard.net.fetch import Fetcher, FetchError, Response
from dashboard.net.secret import Secret

FB_FIELDS = (
    "id,created_time,permalink_url,message,shares,"
    "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)"
)
IG_FIELDS = "id,caption,media_type,permalink,timestamp,like_count,comments_count"
OBJECT_ID = re.compile(r"[0-9A-Za-z_.-]{1,100}")
RATE_CODES = {4, 17, 32, 613} | set(range(80001, 80015))
MAX_INSIGHTS = 25
_EXPIRED_ON = re.compile(r"expired on \w+, (\d{1,2}-\w{3}-\d{2} \d{2}:\d{2}:\d{2}) ([A-Z]{3})")
_ZONES = {"PST": -8, "PDT": -7, "UTC": 0, "GMT": 0}


@dataclass(frozen=True)
class TokenInfo:
    valid: bool
    expires_at: datetime | None  # None: never (or not told)
    scopes: tuple[str, ...] = ()


def _auth(token: Secret) -> dict[str, str]:
    return {"Authorization": f"Bearer {token.reveal()}"}


def expiry_in(message: str) -> datetime | None:
    """The instant in Meta's "Session has expired on Tuesday, 24-Nov-26 20:00:00 PST"."""
    found = _EXPIRED_ON.search(message or "")
    if not found or found.group(2) not in _ZONES:
        return None
    try:
        local = datetime.strptime(found.group(1), "%d-%b-%y %H:%M:%S")
    except ValueError:
        return None
    return local.replace(tzinfo=timezone(timedelta(hours=_ZONES[found.group(2)]))).astimezone(UTC)


def graph_error(response: Response) -> tuple[p.ChannelError, datetime | None]:
    """The channel error a Graph API answer carries (and the token's expiry, when stated)."""
    try:
        error: Any = response.json().get("error") or {}
        code = int(error.get("code"))  # a missing code: TypeError, handled below
    except (FetchError, AttributeError, TypeError, ValueError):
        return p.from_status(response.status, "account", response.header("retry-after")), None
    subcode = error.get("error_subcode")
    message = str(error.get("message") or "")
    if code == 190:
        expires = expiry_in(message)
        return (
            p.ChannelError(
                p.TOKEN_EXPIRED, problem(errors.READ_GRAPH_TOKEN_EXPIRED), response.status
            ),
            expires,
        )
    if code in RATE_CODES:
        return (
            p.ChannelError(
                p.RATE_LIMITED,
                problem(errors.READ_GRAPH_RATE_LIMITED, code=code),
                response.status,
            ),
            None,
        )
    if code == 10 or 200 <= code <= 299:
        return (
            p.ChannelError(
                p.PERMISSION, problem(errors.READ_GRAPH_PERMISSION, code=code), response.status
            ),
            None,
        )
    if (code == 100 and subcode == 33) or code == 803:
        return (
            p.ChannelError(p.NOT_FOUND, problem(errors.READ_GRAPH_NOT_FOUND), response.status),
            None,
        )
    return (
        p.ChannelError(
            p.BAD_RESPONSE, problem(errors.READ_GRAPH_REFUSED, code=code), response.status
        ),
        None,
    )


def _call(
    fetcher: Fetcher, url: str, token: Secret
) -> tuple[Any, None, None] | tuple[None, p.ChannelError, datetime | None]:
    try:
        response = fetcher.get(url, headers=_auth(token))
    except FetchError as exc:
        return None, p.from_fetch(exc), None
    if not response.ok:
        error, expires = graph_error(response)
        return None, error, expires
    try:
        return response.json(), None, None
    except FetchError:
        return None, p.ChannelError(p.BAD_RESPONSE, problem(errors.READ_GRAPH_NOT_JSON)), None


def _instant(value: Any) -> datetime | None:
    if not value:
        return None
    text = str(value)
    if re.fullmatch(r".*[+-]\d{4}", text):  # Graph's 2026-11-25T03:00:00+0000
        text = text[:-2] + ":" + text[-2:]
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        return None
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def insight_values(data: Any) -> dict[str, int]:
    """{"data": [{"name", "values": [{"value"}]} or {"name", "total_value": {"value"}}]}."""
    found: dict[str, int] = {}
    for row in (data or {}).get("data") or []:
        if not isinstance(row, dict):
            continue
        value = (row.get("total_value") or {}).get("value")
        if value is None and row.get("values"):
            value = (row["values"][-1] or {}).get("value")
        number = p.count(value)
        if number is not None and row.get("name"):
            found[str(row["name"])] = number
    return found


def _read(
    object_id: str,
    token: Secret | str | None,
    state: p.ChannelState,
    *,
    edge: str,
    fields: str,
    to_post: Callable[[dict, datetime], p.Post | p.Skip],
    fetcher: Fetcher,
    now: datetime,
    endpoints: Endpoints,
    limits: p.Limits,
    insights: Callable[[p.Post], p.Post] | None,
) -> p.ReadResult:
    token = Secret.of(token)
    object_id = (object_id or "").strip()
    if not token:
        return p.failed(state, p.ChannelError(p.NO_TOKEN, problem(errors.READ_TOKEN_MISSING)))
    if not OBJECT_ID.fullmatch(object_id):
        return p.failed(state, p.ChannelError(p.BAD_ADDRESS, problem(errors.READ_GRAPH_BAD_ID)))
    cutoff = p.first_cutoff(state, now, limits)
    found: list[p.Post | p.Skip] = []
    after: str | None = None
    for _page in range(limits.max_pages):
        query = {"fields": fields, "limit": limits.page_size}
        if after:
            query["after"] = after
        data: Any  # the JSON answer; None only together with an error
        data, error, expires = _call(
            fetcher, f"{endpoints.graph}/{object_id}/{edge}?{urlencode(query)}", token
        )
        if error:
            return p.failed(state, error, posts=p.sort_out(found)[0], token_expires_at=expires)
        try:
            rows = data["data"]
            if not isinstance(rows, list):
                raise TypeError
            stop = p.take_newer(rows, lambda row: to_post(row, now), state, cutoff, found)
            paging = data.get("paging") or {}
            after = ((paging.get("cursors") or {}).get("after")) if paging.get("next") else None
        except (KeyError, TypeError, AttributeError):
            return p.failed(
                state,
                p.ChannelError(p.BAD_RESPONSE, problem(errors.READ_GRAPH_UNKNOWN)),
                posts=p.sort_out(found)[0],
            )
        if stop or not after or not rows:
            break
    posts, skips = p.sort_out(found)
    if insights is not None:
        posts = tuple(insights(post) if n < MAX_INSIGHTS else post for n, post in enumerate(posts))
    return p.ReadResult(posts=posts, skips=skips, state=state.after(posts))


def _with_insights(
    fetcher: Fetcher, endpoints: Endpoints, token: Secret, metrics: str, names: dict[str, str]
) -> Callable[[p.Post], p.Post]:
    def add(post: p.Post) -> p.Post:
        if not post.source_id or not OBJECT_ID.fullmatch(post.source_id):
            return post
        data, error, _ = _call(
            fetcher,
            f"{endpoints.graph}/{post.source_id}/insights?{urlencode({'metric': metrics})}",
            token,
        )
        if error:
            return post
        values = insight_values(data)
        extra = {field: values[name] for name, field in names.items() if name in values}
        return replace(post, figures=replace(post.figures, **extra)) if extra else post

    return add


def _facebook_post(row: dict, now: datetime) -> p.Post | p.Skip:
    return p.make_post(
        link=row.get("permalink_url"),
        title=row.get("message") or row.get("story"),
        published_at=_instant(row.get("created_time")),
        kind=p.KIND_OF["facebook"],
        now=now,
        source_id=str(row.get("id") or ""),
        figures=p.Figures(
            reactions=p.count((row.get("reactions") or {}).get("summary")),
            comments=p.count((row.get("comments") or {}).get("summary")),
            shares=p.count((row.get("shares") or {}).get("count")),
        ),
    )


def _instagram_post(row: dict, now: datetime) -> p.Post | p.Skip:
    return p.make_post(
        link=row.get("permalink"),
        title=row.get("caption"),
        published_at=_instant(row.get("timestamp")),
        kind=p.KIND_OF["instagram"],
        now=now,
        source_id=str(row.get("id") or ""),
        figures=p.Figures(
            likes=p.count(row.get("like_count")), comments=p.count(row.get("comments_count"))
        ),
    )


@dataclass(frozen=True)
class _Edge:
    name: str  # posts, media
    fields: str
    to_post: Callable[[dict, datetime], p.Post | p.Skip]
    insights: str  # the metrics asked per post
    figures: dict[str, str]  # insight name -> Figures field


EDGES = {
    "facebook": _Edge(
        "posts",
        FB_FIELDS,
        _facebook_post,
        "post_total_media_view_unique",
        {"post_total_media_view_unique": "reach"},
    ),
    "instagram": _Edge(
        "media", IG_FIELDS, _instagram_post, "reach,views", {"reach": "reach", "views": "views"}
    ),
}


def read_graph(
    kind: str,
    object_id: str,
    token: Secret | str | None,
    state: p.ChannelState,
    *,
    fetcher: Fetcher,
    now: datetime,
    endpoints: Endpoints,
    limits: p.Limits = p.DEFAULT_LIMITS,
    insights: bool = True,
) -> p.ReadResult:
    """A Facebook Page's posts (`kind="facebook"`) or an Instagram account's media."""
    edge = EDGES[kind]
    secret = Secret.of(token)
    with_insights = (
        _with_insights(fetcher, endpoints, secret, edge.insights, edge.figures)
        if insights and secret
        else None
    )
    return _read(
        object_id,
        secret,
        state,
        edge=edge.name,
        fields=edge.fields,
        to_post=edge.to_post,
        fetcher=fetcher,
        now=now,
        endpoints=endpoints,
        limits=limits,
        insights=with_insights,
    )


def token_info(
    token: Secret | str, *, fetcher: Fetcher, endpoints: Endpoints
) -> TokenInfo | p.ChannelError:
    """What Graph's /debug_token says about a token: valid, its expiry (0 = never), scopes."""
    secret = Secret.of(token)
    if not secret:
        return p.ChannelError(p.NO_TOKEN, problem(errors.READ_TOKEN_MISSING))
    url = f"{endpoints.graph}/debug_token?{urlencode({'input_token': secret.reveal()})}"
    try:
        response = fetcher.get(url, headers=_auth(secret))
    except FetchError as exc:
        return p.from_fetch(exc)
    if not response.ok:
        return graph_error(response)[0]
    try:
        data = response.json()["data"]
        expires = int(data.get("expires_at") or 0)
        return TokenInfo(
            valid=bool(data.get("is_valid")),
            expires_at=datetime.fromtimestamp(expires, UTC) if expires else None,
            scopes=tuple(str(s) for s in data.get("scopes") or ()),
        )
    except (FetchError, KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError):
        return p.ChannelError(p.BAD_RESPONSE, problem(errors.READ_GRAPH_UNKNOWN))
