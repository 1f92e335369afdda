"""YouTube channels: the public feed of a channel's last 15 videos (no key), as `medsos_youtube` posts.

`GET {HUMAS_YOUTUBE_FEED_BASE}?channel_id=UC…` answers Atom with `yt:videoId`,
`published` and `media:group` (`media:statistics views`): the views become
an out-take figure. Conditional requests as for any feed.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlencode

from dashboard import errors
from dashboard.errors import problem
from dashboard.net import posts as p
from dashboard.net.endpoints import Endpoints
from dashboard.net.fetch import Fetcher, FetchError, Validators
from dashboard.net.website import entry_instant, finish_document, parse_feed

KIND = p.KIND_OF["youtube"]
CHANNEL_ID = re.compile(r"UC[0-9A-Za-z_-]{22}")


def read_youtube(
    channel_id: str,
    state: p.ChannelState,
    *,
    fetcher: Fetcher,
    now: datetime,
    endpoints: Endpoints,
) -> p.ReadResult:
    channel_id = (channel_id or "").strip()
    if not CHANNEL_ID.fullmatch(channel_id):
        return p.failed(
            state,
            p.ChannelError(p.BAD_ADDRESS, problem(errors.READ_YOUTUBE_BAD_ID)),
        )
    url = f"{endpoints.youtube_feed}?{urlencode({'channel_id': channel_id})}"
    try:
        response = fetcher.get(url, validators=Validators(state.etag, state.last_modified))
    except FetchError as exc:
        return p.failed(state, p.from_fetch(exc))
    if response.not_modified:
        return p.ReadResult(state=state, not_modified=True)
    if not response.ok:
        return p.failed(
            state, p.from_status(response.status, "youtube", response.header("retry-after"))
        )
    feed = parse_feed(response.body)
    if isinstance(feed, p.ChannelError):
        return p.failed(state, feed)
    found = []
    for entry in feed.entries:
        video_id = str(entry.get("yt_videoid") or "")
        stats = entry.get("media_statistics") or {}
        found.append(
            p.make_post(
                link=entry.get("link")
                or (f"https://www.youtube.com/watch?v={video_id}" if video_id else None),
                title=entry.get("title"),
                published_at=entry_instant(entry),
                kind=KIND,
                now=now,
                source_id=video_id,
                figures=p.Figures(views=p.count(stats.get("views"))),
            )
        )
    return finish_document(found, state, response)
