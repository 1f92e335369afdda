"""One ASGI middleware in front of Streamlit: what every request passes first.

- Oversized headers or cookies are refused (431, or a closed websocket)
  before anything parses them.
- Streamlit's own /_stcore/metrics (session counts, cache names) is for
  loopback or the metrics bearer token only, as our /metrics is.
- /media/ files a report maker registered (web/downloads.py) go only to the
  browser session that made them.
- Page loads (the HTML of the app) get frame headers (no clickjacking: no
  other site may frame the app), the browser cookie when it has none, and a
  dead session cookie (ended, expired, unknown) removed.

Pure ASGI (no BaseHTTPMiddleware), so websockets and streamed files pass
through untouched.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dashboard import clock
from dashboard.config import db_target
from dashboard.store import sessions as session_store
from dashboard.store import settings as settings_store
from dashboard.store.db import DatabaseUnavailable, connect
from dashboard.web import checks, cookies, downloads

MAX_HEADER_BYTES = 16 * 1024
MAX_COOKIE_BYTES = 8 * 1024
# Paths that are not the app's HTML: Streamlit's machinery, files, our routes.
NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/sesi/", "/auth/", "/app/")
NOT_PAGE_NAMES = {"/healthz", "/metrics", "/oauth2callback", "/favicon.png", "/favicon.ico"}
FRAME_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


def parse_cookies(header: str) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def is_page(method: str, path: str) -> bool:
    return (
        method in ("GET", "HEAD") and not path.startswith(NOT_PAGES) and path not in NOT_PAGE_NAMES
    )


def session_is_live(token: str) -> bool:
    now = clock.utc_now()
    try:
        with connect(db_target(), readonly=True) as db:
            idle = timedelta(minutes=settings_store.get_int(db, "session_idle_minutes"))
            found = session_store.check(db, token=token, now=now, idle=idle)
    except (sqlite3.Error, DatabaseUnavailable):
        return True  # cannot tell: leave the cookie alone
    return isinstance(found, session_store.Live)


async def _plain(send: Send, status: int, text: str, extra: list | None = None) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _media_allowed(path: str, request_cookies: dict[str, str]) -> bool:
    name = path.rsplit("/", 1)[-1]
    try:
        from streamlit import runtime

        manager = runtime.get_instance().media_file_mgr
        found = manager.read_file(name) if manager.can_read_files else None
    except Exception:  # no runtime (tests of the middleware alone), unknown file
        found = None
    if found is None:
        return True  # Streamlit answers 404 itself
    return downloads.may_fetch(found.content, request_cookies)


class Guard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = scope.get("headers") or []
        cookie_bytes = sum(len(v) for k, v in raw if k == b"cookie")
        if sum(len(k) + len(v) for k, v in raw) > MAX_HEADER_BYTES or (
            cookie_bytes > MAX_COOKIE_BYTES
        ):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1009})
            else:
                await _plain(send, 431, "Header permintaan terlalu besar.")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return

        headers = Headers(scope=scope)
        path = scope.get("path", "")
        if path.startswith("/_stcore/metrics") and not checks.may_read_metrics(
            scope.get("client"), headers
        ):
            await _plain(send, 403, "forbidden")
            return
        jar = parse_cookies(headers.get("cookie", ""))
        if path.startswith("/media/") and not await run_in_threadpool(_media_allowed, path, jar):
            await _plain(send, 403, "Berkas ini hanya untuk sesi yang membuatnya.")
            return
        if not is_page(scope.get("method", "GET"), path):
            await self.app(scope, receive, send)
            return

        secure = scope.get("scheme") == "https"
        extra = list(FRAME_HEADERS)
        if cookies.read(jar, cookies.BROWSER) is None:
            value = session_store.new_secret()
            extra.append((b"set-cookie", cookies.browser_header(value, secure=secure).encode()))
        token = cookies.read(jar, cookies.SESSION)
        if (token or jar.get(cookies.SESSION)) and not (
            token and await run_in_threadpool(session_is_live, token) is True
        ):
            extra.append((b"set-cookie", cookies.clear_session_header(secure=secure).encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in extra if name != b"set-cookie"}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
