"""TikTok accounts through the Display API (the account owner grants `video.list`).

    POST {HUMAS_TIKTOK_BASE}/v2/video/list/?fields=id,create_time,share_url,title,…
    {"max_count": 20, "cursor": …} -> {"data": {"videos", "cursor", "has_more"},
                                       "error": {"code": "ok"}}

Newest first; pages by `cursor` while `has_more`, stopping at the last known
video, the first read's window or `Limits.max_pages`. Tokens last 24 hours:
`access_token_invalid` (or HTTP 401) is an expired token, `rate_limit_exceeded`
(or 429) a rate limit, `scope_not_authorized` a missing permission. Views,
likes, comments and shares become out-take figures.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from dashboard import errors
from dashboard.errors import problem
from dashboard.net import posts as p
from dashboard.net.endpoints import Endpoints
from dashboard.net.fetch import Fetcher, FetchError
from dashboard.net.secret import Secret

KIND = p.KIND_OF["tiktok"]
FIELDS = (
    "id,create_time,share_url,title,video_description,view_count,like_count,comment_count,"
    "share_count"
)
MAX_COUNT = 20
_ERRORS = {
    "access_token_invalid": (p.TOKEN_EXPIRED, errors.READ_TIKTOK_TOKEN_EXPIRED),
    "rate_limit_exceeded": (p.RATE_LIMITED, errors.READ_TIKTOK_RATE_LIMITED),
    "scope_not_authorized": (p.PERMISSION, errors.READ_TIKTOK_SCOPE),
    "scope_permission_missed": (p.PERMISSION, errors.READ_TIKTOK_SCOPE),
}


def _error(status: int, body: Any) -> p.ChannelError:
    code = ""
    if isinstance(body, dict):
        code = str((body.get("error") or {}).get("code") or "")
    if code in _ERRORS:
        kind, said = _ERRORS[code]
        return p.ChannelError(kind, problem(said), status)
    if status == 401:
        return p.ChannelError(p.TOKEN_EXPIRED, problem(errors.READ_TIKTOK_TOKEN_EXPIRED), status)
    if status >= 400:
        return p.from_status(status, "tiktok")
    return p.ChannelError(p.BAD_RESPONSE, problem(errors.READ_TIKTOK_REFUSED, code=code), status)


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _post(video: dict, now: datetime) -> p.Post | p.Skip:
    return p.make_post(
        link=video.get("share_url"),
        title=video.get("title") or video.get("video_description"),
        published_at=_instant(video.get("create_time")),
        kind=KIND,
        now=now,
        source_id=str(video.get("id") or ""),
        figures=p.Figures(
            views=p.count(video.get("view_count")),
            likes=p.count(video.get("like_count")),
            comments=p.count(video.get("comment_count")),
            shares=p.count(video.get("share_count")),
        ),
    )


def read_tiktok(
    token: Secret | str | None,
    state: p.ChannelState,
    *,
    fetcher: Fetcher,
    now: datetime,
    endpoints: Endpoints,
    limits: p.Limits = p.DEFAULT_LIMITS,
) -> p.ReadResult:
    secret = Secret.of(token)
    if not secret:
        return p.failed(state, p.ChannelError(p.NO_TOKEN, problem(errors.READ_TOKEN_MISSING)))
    cutoff = p.first_cutoff(state, now, limits)
    url = f"{endpoints.tiktok}/v2/video/list/?fields={FIELDS}"
    headers = {"Authorization": f"Bearer {secret.reveal()}"}
    found: list[p.Post | p.Skip] = []
    cursor: Any = None
    for _page in range(limits.max_pages):
        body: dict[str, Any] = {"max_count": MAX_COUNT}
        if cursor is not None:
            body["cursor"] = cursor
        try:
            response = fetcher.post(url, json_body=body, headers=headers)
        except FetchError as exc:
            return p.failed(state, p.from_fetch(exc), posts=p.sort_out(found)[0])
        try:
            answer = response.json()
        except FetchError:
            answer = None
        ok = isinstance(answer, dict) and (answer.get("error") or {}).get("code") == "ok"
        if not response.ok or not ok:
            return p.failed(state, _error(response.status, answer), posts=p.sort_out(found)[0])
        try:
            data = answer["data"]
            stop = p.take_newer(
                data.get("videos") or [], lambda v: _post(v, now), state, cutoff, found
            )
            cursor = data.get("cursor")
            more = bool(data.get("has_more"))
        except (KeyError, TypeError, AttributeError):
            return p.failed(
                state,
                p.ChannelError(p.BAD_RESPONSE, problem(errors.READ_TIKTOK_UNKNOWN)),
                posts=p.sort_out(found)[0],
            )
        if stop or not more or cursor is None:
            break
    posts, skips = p.sort_out(found)
    return p.ReadResult(posts=posts, skips=skips, state=state.after(posts))
