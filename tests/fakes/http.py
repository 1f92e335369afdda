"""FakeServer: a threaded HTTP (or HTTPS) server on 127.0.0.1 whose answers each test sets.

    server.route("/feed", Reply(body=rss, content_type="application/rss+xml"))
    server.route("/api", lambda request: Reply(json={"ok": True}), method="POST")
    server.url("/feed")          # http://127.0.0.1:PORT/feed
    server.requests              # every request received, in order

A route answers with a `Reply`, or a function of the `Request` returning one.
`Reply(drip=...)` sends its body a chunk at a time with a pause between, and
`Reply(raw=...)` writes raw bytes on the socket (a broken server); a handler
may also take the socket file itself through `Reply(writer=...)`. Unknown
paths answer 404. HEAD is answered from the GET route without a body.
"""

from __future__ import annotations

import json as jsonlib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # path with query
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(urlsplit(self.target).query).items()}

    def json(self) -> Any:
        return jsonlib.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None
    drip: tuple[int, float] | None = None  # (bytes per chunk, seconds between chunks)
    drip_headers: float | None = None  # seconds between header lines
    raw: bytes | None = None
    writer: Callable[[Any], None] | None = None
    length: int | None = None  # a Content-Length that may lie

    def payload(self) -> bytes:
        if self.json is not None:
            return jsonlib.dumps(self.json).encode()
        return self.body.encode() if isinstance(self.body, str) else self.body


Handler = Reply | Callable[[Request], Reply]


class FakeServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.requests: list[Request] = []
        self.aborted = 0  # replies cut short because the client went away
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self.tls = tls
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def route(self, path: str, handler: Handler | None = None, *, method: str = "GET", **reply):
        self.routes[(method.upper(), path)] = handler if handler is not None else Reply(**reply)
        return self

    def hits(self, path: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
        method = "GET" if request.method == "HEAD" else request.method
        handler = self.routes.get((request.method, request.path)) or self.routes.get(
            (method, request.path)
        )
        if handler is None:
            return Reply(status=404, body="not found")
        return handler if isinstance(handler, Reply) else handler(request)


def _make_handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def _serve(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size) if size else b""
            request = Request(
                self.command,
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                body,
            )
            reply = server._answer(request)
            try:
                self._write(reply)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
                with server._lock:
                    server.aborted += 1
                self.close_connection = True

        def _write(self, reply: Reply) -> None:
            if reply.raw is not None:
                self.wfile.write(reply.raw)
                self.wfile.flush()
                self.close_connection = True
                return
            if reply.writer is not None:
                reply.writer(self.wfile)
                self.close_connection = True
                return
            payload = reply.payload()
            lines = [f"HTTP/1.1 {reply.status} X\r\n"]
            headers = dict(reply.headers)
            if reply.json is not None:
                headers.setdefault("Content-Type", "application/json")
            elif reply.content_type:
                headers.setdefault("Content-Type", reply.content_type)
            headers["Content-Length"] = str(len(payload) if reply.length is None else reply.length)
            lines += [f"{k}: {v}\r\n" for k, v in headers.items()]
            lines.append("\r\n")
            if reply.drip_headers:
                for line in lines:
                    for char in line:
                        self.wfile.write(char.encode("latin-1"))
                        self.wfile.flush()
                        time.sleep(reply.drip_headers)
            else:
                self.wfile.write("".join(lines).encode("latin-1"))
            if self.command == "HEAD" or reply.status in (204, 304):
                self.wfile.flush()
                return
            if reply.drip:
                step, pause = reply.drip
                for start in range(0, len(payload), step):
                    self.wfile.write(payload[start : start + step])
                    self.wfile.flush()
                    time.sleep(pause)
            else:
                self.wfile.write(payload)
            self.wfile.flush()
            if reply.length is not None:  # a lying length: hang up, as a crashed server would
                self.close_connection = True

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _serve

    return Handler
