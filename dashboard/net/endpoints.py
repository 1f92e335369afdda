"""Where the outside services are: every base address comes from the environment.

    HUMAS_GRAPH_BASE         https://graph.facebook.com/v26.0   (Facebook, Instagram, WhatsApp Cloud)
    HUMAS_TIKTOK_BASE        https://open.tiktokapis.com
    HUMAS_YOUTUBE_FEED_BASE  https://www.youtube.com/feeds/videos.xml
    HUMAS_TELEGRAM_BASE      https://api.telegram.org
    HUMAS_WHATSAPP_BASE      the Graph base
    HUMAS_WA_GATEWAY_URL     https://api.fonnte.com/send        (a Fonnte-style gateway)

Proxies and tests point them elsewhere; a test's local fake must also be on
HUMAS_FETCH_ALLOW_HOSTS.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULTS = {
    "HUMAS_GRAPH_BASE": "https://graph.facebook.com/v26.0",
    "HUMAS_TIKTOK_BASE": "https://open.tiktokapis.com",
    "HUMAS_YOUTUBE_FEED_BASE": "https://www.youtube.com/feeds/videos.xml",
    "HUMAS_TELEGRAM_BASE": "https://api.telegram.org",
    "HUMAS_WA_GATEWAY_URL": "https://api.fonnte.com/send",
}


@dataclass(frozen=True)
class Endpoints:
    graph: str = DEFAULTS["HUMAS_GRAPH_BASE"]
    tiktok: str = DEFAULTS["HUMAS_TIKTOK_BASE"]
    youtube_feed: str = DEFAULTS["HUMAS_YOUTUBE_FEED_BASE"]
    telegram: str = DEFAULTS["HUMAS_TELEGRAM_BASE"]
    whatsapp: str = DEFAULTS["HUMAS_GRAPH_BASE"]
    wa_gateway: str = DEFAULTS["HUMAS_WA_GATEWAY_URL"]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Endpoints:
        env = os.environ if environ is None else environ

        def get(name: str, default: str) -> str:
            return (env.get(name) or default).strip().rstrip("/")

        graph = get("HUMAS_GRAPH_BASE", DEFAULTS["HUMAS_GRAPH_BASE"])
        return cls(
            graph=graph,
            tiktok=get("HUMAS_TIKTOK_BASE", DEFAULTS["HUMAS_TIKTOK_BASE"]),
            youtube_feed=get("HUMAS_YOUTUBE_FEED_BASE", DEFAULTS["HUMAS_YOUTUBE_FEED_BASE"]),
            telegram=get("HUMAS_TELEGRAM_BASE", DEFAULTS["HUMAS_TELEGRAM_BASE"]),
            whatsapp=get("HUMAS_WHATSAPP_BASE", graph),
            wa_gateway=get("HUMAS_WA_GATEWAY_URL", DEFAULTS["HUMAS_WA_GATEWAY_URL"]),
        )
