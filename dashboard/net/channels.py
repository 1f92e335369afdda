"""One entry point for the harvest: read any channel by its type.

    read_channel("instagram", "17841400000000000", token, state) -> ReadResult

`address` is the site's address (website), the channel id (`UC…`, YouTube),
the page id (Facebook) or the Instagram user id; TikTok needs only its
token. The caller keeps `result.state` (and nothing else changes when
`result.error` is set: the state is the one given).
"""

from __future__ import annotations

from datetime import datetime

from dashboard import clock
from dashboard.net import posts as p
from dashboard.net.endpoints import Endpoints
from dashboard.net.fetch import Fetcher
from dashboard.net.graph import read_graph
from dashboard.net.secret import Secret
from dashboard.net.tiktok import read_tiktok
from dashboard.net.website import read_website
from dashboard.net.youtube import read_youtube

NEEDS_TOKEN = ("facebook", "instagram", "tiktok")


def read_channel(
    channel_type: str,
    address: str,
    token: Secret | str | None,
    state: p.ChannelState | None = None,
    *,
    fetcher: Fetcher | None = None,
    endpoints: Endpoints | None = None,
    now: datetime | None = None,
    limits: p.Limits = p.DEFAULT_LIMITS,
) -> p.ReadResult:
    if channel_type not in p.CHANNEL_TYPES:
        raise ValueError(f"unknown channel type {channel_type!r}")
    state = state or p.ChannelState()
    fetcher = fetcher or Fetcher.from_env()
    endpoints = endpoints or Endpoints.from_env()
    now = now or clock.utc_now()
    secret = Secret.of(token)
    if channel_type == "website":
        return read_website(address, state, fetcher=fetcher, now=now, limits=limits)
    if channel_type == "youtube":
        return read_youtube(address, state, fetcher=fetcher, now=now, endpoints=endpoints)
    if channel_type in ("facebook", "instagram"):
        return read_graph(
            channel_type,
            address,
            secret,
            state,
            fetcher=fetcher,
            now=now,
            endpoints=endpoints,
            limits=limits,
        )
    return read_tiktok(secret, state, fetcher=fetcher, now=now, endpoints=endpoints, limits=limits)
