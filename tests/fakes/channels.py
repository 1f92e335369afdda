"""One local fake of every channel type at once, for the harvest's tests (store, commands, pages).

`ChannelWorld` starts four FakeServers — a WordPress site, the YouTube feed,
the Graph API (a Facebook Page and an Instagram account), TikTok — fills them
with a few posts around NOW, points HUMAS_GRAPH_BASE, HUMAS_TIKTOK_BASE and
HUMAS_YOUTUBE_FEED_BASE at them (so `humas` and pages use them too), sets a
secret key, and gives `fetchers()` (no per-host pause) and `endpoints()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet

from dashboard.net.endpoints import Endpoints
from dashboard.store import channels as channel_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import write
from tests.fakes.fixtures import fetcher_for
from tests.fakes.http import FakeServer
from tests.fakes.services import GRAPH_PATH, GraphFake, TikTokFake, WordPressSite, YouTubeFake

NOW = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)  # 13.30 WITA, 12.30 WIB, 14.30 WIT
YOUTUBE_ID = "UC" + "k3m3n4gKup4ngTV0000000"
PAGE_ID, IG_ID = "104857000", "17841400000"
GRAPH_TOKEN = "EAAB-rahasia-halaman"  # GraphFake's token
TIKTOK_TOKEN = "act.tiktok-rahasia"  # TikTokFake's token


def failed_website(
    db,
    unit_id: int,
    address: str,
    error: str,
    *,
    when: datetime,
    code: str = "server_error",
    skips: tuple[tuple[str, str], ...] = (),
) -> int:
    """Register a website for `unit_id` whose one run, at `when`, failed with `error`."""
    channel = channel_store.add(db, SYSTEM, unit_id, "website", address)
    with write(db):
        channel_store.record_run(
            db,
            channel,
            channel_store.RunRecord("{}", error=error, error_code=code, skips=list(skips)),
            now=when,
        )
    return channel


def at(hours_ago: float) -> datetime:
    return NOW - timedelta(hours=hours_ago)


def graph_time(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+0000")


@dataclass
class ChannelWorld:
    site_server: FakeServer
    youtube_server: FakeServer
    graph_server: FakeServer
    tiktok_server: FakeServer
    key: str

    def __post_init__(self) -> None:
        self.site = WordPressSite(
            self.site_server,
            [
                {
                    "id": i,
                    "title": f"Berita Kupang {i}",
                    "link": f"https://kemenag-kupang.example/berita-{i}/",
                    "date_gmt": at(i),
                }
                for i in (1, 2, 3)
            ],
        )
        self.youtube = YouTubeFake(self.youtube_server)
        self.youtube.channels[YOUTUBE_ID] = [
            {"id": "vid00000001", "title": "Liputan Rakor", "published": at(2), "views": 40}
        ]
        self.graph = GraphFake(self.graph_server)
        self.graph.objects[PAGE_ID] = [
            {
                "id": f"{PAGE_ID}_{i}",
                "created_time": graph_time(at(i)),
                "permalink_url": f"https://www.facebook.com/kemenagkupang/posts/{i}",
                "message": f"Unggahan Facebook {i}\nbaris kedua",
                "shares": {"count": i},
                "reactions": {"summary": {"total_count": 10 * i}},
                "comments": {"summary": {"total_count": i}},
            }
            for i in (1, 2)
        ]
        self.graph.objects[IG_ID] = [
            {
                "id": "ig1",
                "caption": "**Tebal** <b>Instagram</b> [tautan](javascript:alert(1))",
                "media_type": "IMAGE",
                "permalink": "https://www.instagram.com/p/Cab1/",
                "timestamp": graph_time(at(3)),
                "like_count": 55,
                "comments_count": 4,
            }
        ]
        self.graph.insights["ig1"] = [
            {"name": "reach", "values": [{"value": 300}]},
            {"name": "views", "values": [{"value": 420}]},
        ]
        self.graph.install()
        self.tiktok = TikTokFake(self.tiktok_server)
        self.tiktok.videos = [
            {
                "id": "tt1",
                "create_time": int(at(4).timestamp()),
                "share_url": "https://www.tiktok.com/@kemenagkupang/video/tt1",
                "title": "Video TikTok",
                "view_count": 900,
                "like_count": 80,
                "comment_count": 6,
                "share_count": 3,
            }
        ]

    @property
    def servers(self) -> tuple[FakeServer, ...]:
        return (self.site_server, self.youtube_server, self.graph_server, self.tiktok_server)

    def endpoints(self) -> Endpoints:
        return Endpoints(
            graph=self.graph_server.url(GRAPH_PATH),
            tiktok=self.tiktok_server.url(""),
            youtube_feed=self.youtube_server.url("/feeds/videos.xml"),
        )

    def fetchers(self, **policy) -> dict:
        fetcher = fetcher_for(*self.servers, **policy)
        return {"website": fetcher, "api": fetcher}

    def environ(self) -> dict[str, str]:
        return {
            "HUMAS_GRAPH_BASE": self.graph_server.url(GRAPH_PATH),
            "HUMAS_TIKTOK_BASE": self.tiktok_server.url(""),
            "HUMAS_YOUTUBE_FEED_BASE": self.youtube_server.url("/feeds/videos.xml"),
            "HUMAS_SECRET_KEY": self.key,
        }

    # address, token per channel type, as a unit registers them
    def registrations(self) -> dict[str, tuple[str, str | None]]:
        return {
            "website": (self.site_server.url("/"), None),
            "youtube": (YOUTUBE_ID, None),
            "facebook": (PAGE_ID, GRAPH_TOKEN),
            "instagram": (IG_ID, GRAPH_TOKEN),
            "tiktok": ("@kemenagkupang", TIKTOK_TOKEN),
        }


def make_world(fake_servers, monkeypatch) -> ChannelWorld:
    world = ChannelWorld(
        fake_servers(),
        fake_servers(),
        fake_servers(),
        fake_servers(),
        Fernet.generate_key().decode(),
    )
    for name, value in world.environ().items():
        monkeypatch.setenv(name, value)
    return world
