"""The shipped nginx configs, running: no framing by other sites, no session ids in access logs.

Issue 18, items 3 and 9. Each config runs in a real nginx in front of a tiny
stand-in for the app (which, like the app, sends its own X-Frame-Options).
"""

from __future__ import annotations

import http.server
import shutil
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.serve import proxy
from tests.ports import free_port
from tests.serve.cluster import NGINX, needs_nginx, production_site

pytestmark = needs_nginx

SESSION_ID = "5f0c7c4e-1d2b-4c6e-9d1e-0123456789ab"
# What a browser asks for during a session: the first three carry ids, the last two do not.
SECRET_PATHS = [
    f"/_stcore/upload_file/{SESSION_ID}/a1b2c3",
    "/_stcore/stream",
    "/media/3f2a9c0d5e6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d.csv",
    "/%6Dedia/3f2a9c0d5e6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d.pdf",
]
PLAIN_PATHS = ["/", "/_stcore/health"]


class _App(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = b"ok"
        self.send_response(200)
        self.send_header("X-Frame-Options", "SAMEORIGIN")  # the app's own, to be replaced
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@contextmanager
def stand_in_app() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _App)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def running(run_dir: Path, conf: Path, port: int) -> Iterator[None]:
    proxy.check_config(NGINX, run_dir, conf)
    process = proxy.start(NGINX, run_dir, conf)
    try:
        deadline = time.monotonic() + 15
        while not _listening(port):
            assert process.poll() is None, proxy.last_errors(run_dir)
            assert time.monotonic() < deadline, "nginx did not start listening"
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=15)


def fetch(url: str) -> tuple[int, object]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args, **_kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, headers={"Host": "humas.kemenag.go.id"})
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, answer.headers
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers


def assert_not_framed(headers) -> None:
    assert headers.get_all("X-Frame-Options") == ["DENY"]
    assert "frame-ancestors 'none'" in headers.get_all("Content-Security-Policy")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_production_site_refuses_framing_and_logs_no_session_ids(tmp_path):
    https = free_port(2)
    plain = https + 1
    log = tmp_path / "access.log"
    with stand_in_app() as app:
        conf = production_site(
            tmp_path,
            https,
            plain,
            {
                "server 127.0.0.1:8501;": f"server 127.0.0.1:{app};",
                "server 127.0.0.1:8502;": "",
                "/var/log/nginx/pantau-humas.access.log": str(log),
            },
        )
        with running(tmp_path, conf, https):
            for path in PLAIN_PATHS + SECRET_PATHS:
                status, headers = fetch(f"https://127.0.0.1:{https}{path}")
                assert status == 200, path
                assert_not_framed(headers)
                assert headers["Strict-Transport-Security"] == "max-age=31536000"
            for path in SECRET_PATHS:  # the same addresses over plain HTTP, redirected
                assert fetch(f"http://127.0.0.1:{plain}{path}")[0] == 301
            assert fetch(f"http://127.0.0.1:{plain}/")[0] == 301
    logged = log.read_text()
    assert '"GET / HTTP/1.1" 200' in logged and '"GET /_stcore/health HTTP/1.1" 200' in logged
    assert '"GET / HTTP/1.1" 301' in logged
    for secret in (SESSION_ID, "/_stcore/stream", "/media/", "/%6Dedia/", "upload_file"):
        assert secret not in logged, secret


def test_the_local_proxy_of_several_workers_refuses_framing_and_logs_nothing(tmp_path):
    port = free_port(1)
    with stand_in_app() as app:
        conf = proxy.write_config(tmp_path / "run", f"127.0.0.1:{port}", [app])
        with running(tmp_path / "run", conf, port):
            for path in PLAIN_PATHS + SECRET_PATHS:
                status, headers = fetch(f"http://127.0.0.1:{port}{path}")
                assert status == 200
                assert_not_framed(headers)
    assert not [p.name for p in (tmp_path / "run").iterdir() if "access" in p.name]
