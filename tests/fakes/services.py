"""FakeServers set up as the outside services the network layer talks to.

Each class takes a started FakeServer, installs its routes, and keeps the data
a test changes (posts, videos, errors to answer with). `endpoints()` gives the
`Endpoints` pointing at it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs

from dashboard.net.endpoints import Endpoints
from tests.fakes import documents
from tests.fakes.http import FakeServer, Reply, Request

GRAPH_PATH = "/v26.0"


def _endpoints(server: FakeServer, **kw) -> Endpoints:
    base = dict(
        graph=server.url(GRAPH_PATH),
        tiktok=server.url(""),
        youtube_feed=server.url("/feeds/videos.xml"),
        telegram=server.url(""),
        whatsapp=server.url(GRAPH_PATH),
        wa_gateway=server.url("/send"),
    )
    base.update(kw)
    return Endpoints(**base)


class WordPressSite:
    """A WordPress site: home page naming its API, /wp-json/wp/v2/posts (paged), /feed."""

    def __init__(self, server: FakeServer, posts: list[dict] | None = None, *, api: bool = True):
        self.server = server
        self.posts = posts or []  # {"id", "title", "link", "date_gmt": datetime}, any order
        self.api = api
        server.route("/", self.home)
        server.route("/wp-json/wp/v2/posts", self.rest)
        server.route("/wp-json/", self.root)
        server.route("/feed", self.feed)

    def home(self, request: Request) -> Reply:
        api = self.server.url("/wp-json/") if self.api else None
        headers = {"Link": f'<{api}>; rel="https://api.w.org/"'} if api else {}
        page = documents.html_page(title="Kemenag", feeds=(self.server.url("/feed"),), wp_api=api)
        return Reply(body=page, content_type="text/html; charset=utf-8", headers=headers)

    def root(self, request: Request) -> Reply:
        if not self.api:
            return Reply(status=404)
        return Reply(json={"namespaces": ["oembed/1.0", "wp/v2"]})

    def _newest_first(self) -> list[dict]:
        return sorted(self.posts, key=lambda p: p["date_gmt"], reverse=True)

    def rest(self, request: Request) -> Reply:
        if not self.api:
            return Reply(status=404)
        q = request.query
        rows = self._newest_first()
        if q.get("after"):
            after = datetime.fromisoformat(q["after"].replace("Z", "+00:00"))
            rows = [r for r in rows if r["date_gmt"] > after]
        per_page = int(q.get("per_page", 10))
        page = int(q.get("page", 1))
        pages = max(1, -(-len(rows) // per_page))
        if page > pages:
            return Reply(status=400, json={"code": "rest_post_invalid_page_number"})
        chunk = rows[(page - 1) * per_page : page * per_page]
        data = [
            {
                "id": r["id"],
                "date_gmt": r["date_gmt"].astimezone(UTC).replace(tzinfo=None).isoformat(),
                "link": r["link"],
                "title": {"rendered": r["title"]},
            }
            for r in chunk
        ]
        return Reply(
            json=data, headers={"X-WP-Total": str(len(rows)), "X-WP-TotalPages": str(pages)}
        )

    def feed(self, request: Request) -> Reply:
        items = [
            {"title": r["title"], "link": r["link"], "published": r["date_gmt"]}
            for r in self._newest_first()[:10]
        ]
        return Reply(body=documents.rss_feed(items), content_type="application/rss+xml")


class PageSite:
    """Evidence pages with metadata: `site.add("/berita", title=..., og_title=...,
    json_ld_date=..., meta_date=..., body=...)` (documents.html_page's arguments)."""

    def __init__(self, server: FakeServer):
        self.server = server

    def add(self, path: str, *, status: int = 200, **page) -> str:
        body = documents.html_page(**page)
        self.server.route(
            path, Reply(status=status, body=body, content_type="text/html; charset=utf-8")
        )
        return self.server.url(path)


class YouTubeFake:
    def __init__(self, server: FakeServer):
        self.server = server
        self.channels: dict[str, list[dict]] = {}
        server.route("/feeds/videos.xml", self.feed)

    def feed(self, request: Request) -> Reply:
        channel = request.query.get("channel_id", "")
        if channel not in self.channels:
            return Reply(status=404, body="not found")
        body = documents.youtube_feed(channel, self.channels[channel])
        return (
            Reply(
                body=body, content_type="application/atom+xml", headers={"ETag": f'"{len(body)}"'}
            )
            if request.headers.get("if-none-match") != f'"{len(body)}"'
            else Reply(status=304)
        )

    def endpoints(self) -> Endpoints:
        return _endpoints(self.server)


class GraphFake:
    """Graph API: /{id}/posts and /{id}/media paged by `after` cursors; errors on demand."""

    def __init__(self, server: FakeServer, page_size: int | None = None):
        self.server = server
        self.objects: dict[str, list[dict]] = {}  # id -> rows, newest first
        self.insights: dict[str, list[dict]] = {}  # media id -> insight rows
        self.errors: list[tuple[int, dict]] = []  # answered first, one per request
        self.page_size = page_size
        self.token = "EAAB-rahasia-halaman"
        self.debug = {"is_valid": True, "expires_at": 0, "scopes": ["pages_read_engagement"]}

    def install(self) -> GraphFake:
        self.server.routes.clear()
        for object_id in self.objects:
            for edge in ("posts", "media"):
                self.server.route(f"{GRAPH_PATH}/{object_id}/{edge}", self.edge)
        for media_id in self.insights:
            self.server.route(f"{GRAPH_PATH}/{media_id}/insights", self.insight)
        self.server.route(f"{GRAPH_PATH}/debug_token", self.debug_token)
        return self

    def fail(self, code: int, *, status: int = 400, subcode: int | None = None, message: str = "x"):
        error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1"}
        if subcode is not None:
            error["error_subcode"] = subcode
        self.errors.append((status, {"error": error}))

    def _auth(self, request: Request) -> Reply | None:
        if self.errors:
            status, body = self.errors.pop(0)
            return Reply(status=status, json=body)
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(
                status=400, json={"error": {"code": 190, "message": "Invalid OAuth access token."}}
            )
        return None

    def edge(self, request: Request) -> Reply:
        refused = self._auth(request)
        if refused:
            return refused
        object_id = request.path.split("/")[-2]
        rows = self.objects[object_id]
        size = self.page_size or int(request.query.get("limit", 25))
        start = int(request.query.get("after", "0") or 0)
        chunk = rows[start : start + size]
        body: dict = {"data": chunk}
        if start + size < len(rows):
            body["paging"] = {
                "cursors": {"before": str(start), "after": str(start + size)},
                "next": self.server.url(f"{request.path}?after={start + size}&access_token=LEAK"),
            }
        return Reply(json=body)

    def insight(self, request: Request) -> Reply:
        refused = self._auth(request)
        if refused:
            return refused
        media_id = request.path.split("/")[-2]
        return Reply(json={"data": self.insights[media_id]})

    def debug_token(self, request: Request) -> Reply:
        refused = self._auth(request)
        return refused or Reply(json={"data": self.debug})

    def endpoints(self) -> Endpoints:
        return _endpoints(self.server)


class TikTokFake:
    def __init__(self, server: FakeServer, page_size: int = 20):
        self.server = server
        self.videos: list[dict] = []  # newest first
        self.error_code: str | None = None
        self.status = 200
        self.page_size = page_size
        self.token = "act.tiktok-rahasia"
        server.route("/v2/video/list/", self.list, method="POST")

    def list(self, request: Request) -> Reply:
        if self.error_code:
            return Reply(
                status=self.status,
                json={
                    "data": {},
                    "error": {"code": self.error_code, "message": "x", "log_id": "1"},
                },
            )
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(status=401, json={"error": {"code": "access_token_invalid"}})
        ask = request.json()
        start = int(ask.get("cursor") or 0)
        size = min(int(ask.get("max_count", 20)), self.page_size)
        chunk = self.videos[start : start + size]
        more = start + size < len(self.videos)
        return Reply(
            json={
                "data": {"videos": chunk, "cursor": start + size, "has_more": more},
                "error": {"code": "ok", "message": "", "log_id": "1"},
            }
        )

    def endpoints(self) -> Endpoints:
        return _endpoints(self.server)


class TelegramFake:
    """Bot API sendMessage and getUpdates; chats listed in `blocked`, `missing` get Telegram's
    refusals."""

    def __init__(self, server: FakeServer, token: str = "123456:ABC-rahasia-bot"):
        self.server = server
        self.token = token
        self.blocked: set[str] = set()
        self.missing: set[str] = set()
        self.answer: Reply | None = None  # overrides everything (5xx, garbage, 429)
        self.sent: list[dict] = []
        self.updates: list[dict] = []  # what getUpdates answers (see `press_start`)
        self.asked_offsets: list[int] = []
        server.route(f"/bot{token}/sendMessage", self.send, method="POST")
        server.route(f"/bot{token}/getUpdates", self.get_updates, method="POST")

    def press_start(self, chat_id: int, payload: str = "") -> None:
        """A person opens the bot's t.me link and presses Start: '/start PAYLOAD' arrives."""
        text = f"/start {payload}".strip()
        self.updates.append(
            {
                "update_id": 1000 + len(self.updates),
                "message": {
                    "message_id": len(self.updates) + 1,
                    "from": {"id": chat_id, "is_bot": False, "first_name": "Uji"},
                    "chat": {"id": chat_id, "type": "private"},
                    "date": 1795000000,
                    "text": text,
                },
            }
        )

    def get_updates(self, request: Request) -> Reply:
        if self.answer is not None:
            return self.answer
        offset = int((request.json() or {}).get("offset") or 0)
        self.asked_offsets.append(offset)
        waiting = [u for u in self.updates if u["update_id"] >= offset]
        return Reply(json={"ok": True, "result": waiting})

    def send(self, request: Request) -> Reply:
        if self.answer is not None:
            return self.answer
        ask = request.json()
        chat = str(ask.get("chat_id"))
        if chat in self.blocked:
            return Reply(
                status=403,
                json={
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                },
            )
        if chat in self.missing:
            return Reply(
                status=400,
                json={"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
            )
        self.sent.append(ask)
        return Reply(
            json={"ok": True, "result": {"message_id": len(self.sent), "chat": {"id": chat}}}
        )

    def endpoints(self) -> Endpoints:
        return _endpoints(self.server)


class WhatsAppCloudFake:
    def __init__(
        self,
        server: FakeServer,
        phone_number_id: str = "1098765432",
        token: str = "EAAG-wa-rahasia",
    ):
        self.server = server
        self.phone_number_id = phone_number_id
        self.token = token
        self.sent: list[dict] = []
        self.errors: list[tuple[int, dict]] = []
        server.route(f"{GRAPH_PATH}/{phone_number_id}/messages", self.send, method="POST")

    def send(self, request: Request) -> Reply:
        if self.errors:
            status, body = self.errors.pop(0)
            return Reply(status=status, json=body)
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return Reply(
                status=401, json={"error": {"code": 190, "message": "Invalid OAuth access token."}}
            )
        ask = request.json()
        self.sent.append(ask)
        return Reply(
            json={
                "messaging_product": "whatsapp",
                "contacts": [{"input": ask["to"], "wa_id": ask["to"]}],
                "messages": [{"id": f"wamid.{len(self.sent)}"}],
            }
        )

    def endpoints(self) -> Endpoints:
        return _endpoints(self.server)


class FonnteFake:
    def __init__(self, server: FakeServer, token: str = "fonnte-rahasia"):
        self.server = server
        self.token = token
        self.sent: list[dict] = []
        self.answer: Reply | None = None
        server.route("/send", self.send, method="POST")

    def send(self, request: Request) -> Reply:
        if self.answer is not None:
            return self.answer
        if request.headers.get("authorization") != self.token:
            return Reply(json={"status": False, "reason": "invalid token"})
        form = {k: v[-1] for k, v in parse_qs(request.body.decode()).items()}
        self.sent.append(form)
        return Reply(
            json={
                "status": True,
                "detail": "success! message in queue",
                "id": [str(len(self.sent))],
                "process": "pending",
                "target": [form.get("target")],
            }
        )

    def endpoints(self) -> Endpoints:
        return _endpoints(self.server)
