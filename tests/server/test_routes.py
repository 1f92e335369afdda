"""The app's routes and middleware over ASGI (Starlette's TestClient), without Streamlit behind."""

from __future__ import annotations

import warnings

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from dashboard import clock, metrics
from dashboard.store import sessions as session_store
from dashboard.web import cookies, middleware, routes
from tests.conftest import principal

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

LOOPBACK = ("127.0.0.1", 40000)
OUTSIDE = ("203.0.113.9", 40000)
BROWSER = session_store.new_secret()


async def page(request):
    return HTMLResponse("<html>app</html>")


async def streamlit_metrics(request):
    return PlainTextResponse("streamlit internals")


def make_app():
    """Our routes and middleware in front of stand-ins for Streamlit's page and metrics."""
    return Starlette(
        routes=[
            *routes.routes(),
            Route("/_stcore/metrics", streamlit_metrics),
            Route("/{path:path}", page),
        ],
        middleware=[Middleware(middleware.Guard)],
    )


def client(address=LOOPBACK, **kwargs) -> TestClient:
    return TestClient(make_app(), client=address, follow_redirects=False, **kwargs)


@pytest.fixture
def started(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")
    return session_store.start(
        db,
        accounts["op.kupang"],
        method="password",
        now=clock.utc_now(),
        max_age=session_store.TICKET_LIFE * 100,
        browser_secret=BROWSER,
    )


def test_healthz_says_ok_or_one_word(db_path, tmp_path, monkeypatch):
    assert (client().get("/healthz").status_code, client().get("/healthz").text) == (200, "ok")
    monkeypatch.setenv("HUMAS_DB", str(tmp_path / "gone.db"))
    answer = client().get("/healthz")
    assert (answer.status_code, answer.text) == (503, "missing")
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("HUMAS_DB", str(tmp_path / "junk.db"))
    answer = client().get("/healthz")
    assert answer.status_code == 503 and answer.text in {"error", "unavailable"}
    assert str(tmp_path) not in answer.text


def test_metrics_for_loopback_or_the_bearer_token_only(db_path, monkeypatch):
    metrics.sign_in("password", "failed")
    answer = client().get("/metrics")
    assert answer.status_code == 200
    for name in (
        "humas_page_run_seconds",
        'humas_sign_ins_total{method="password",outcome="failed"}',
        "humas_sessions_active",
        "humas_items_created_total",
        "humas_imports_total",
        "humas_database_bytes",
        "humas_data_version",
        "humas_database_up 1.0",
        "humas_page_runs_running 0.0",
        "humas_page_runs_waiting 0.0",
        "humas_page_runs_queued_total",
    ):
        assert name in answer.text, name
    assert client(OUTSIDE).get("/metrics").status_code == 403
    token = "rahasia-pemantau-metrik-2026"
    monkeypatch.setattr("dashboard.web.checks.metrics_token", lambda: token)
    assert (
        client(OUTSIDE).get("/metrics", headers={"Authorization": "Bearer salah"}).status_code
        == 403
    )
    assert (
        client(OUTSIDE).get("/metrics", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )


def test_streamlits_own_metrics_are_no_longer_open(db_path):
    assert client(OUTSIDE).get("/_stcore/metrics").status_code == 403
    assert client().get("/_stcore/metrics").text == "streamlit internals"


def test_a_ticket_becomes_the_session_cookie_once(started):
    browser = client(cookies={cookies.BROWSER: BROWSER})
    answer = browser.get(
        routes.START_PATH, params={"tiket": started.ticket, "lanjut": "/ringkasan?periode=tahun"}
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/ringkasan?periode=tahun"
    set_cookie = answer.headers["set-cookie"]
    value = set_cookie.split(";", 1)[0].split("=", 1)[1]
    assert set_cookie.startswith(f"{cookies.SESSION}=")
    assert {"HttpOnly", "SameSite=Lax", "Path=/"} <= {p.strip() for p in set_cookie.split(";")}
    assert "Secure" not in set_cookie and f"Max-Age={30 * 24 * 3600}" in set_cookie
    assert answer.headers["cache-control"] == "no-store"
    assert value not in answer.headers["location"]
    again = browser.get(routes.START_PATH, params={"tiket": started.ticket})
    assert again.status_code == 303 and "set-cookie" not in again.headers


def test_the_cookie_is_secure_over_https(started):
    browser = client(cookies={cookies.BROWSER: BROWSER}, base_url="https://humas.example")
    answer = browser.get(routes.START_PATH, params={"tiket": started.ticket})
    assert "Secure" in answer.headers["set-cookie"]


def test_the_cookie_is_secure_when_production_says_so(started, monkeypatch):
    monkeypatch.setenv(cookies.ENV_SECURE, "1")
    browser = client(cookies={cookies.BROWSER: BROWSER})
    answer = browser.get(routes.START_PATH, params={"tiket": started.ticket})
    assert "Secure" in answer.headers["set-cookie"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
    ],
)
def test_a_cross_site_request_is_refused_and_changes_nothing(started, headers):
    browser = client(cookies={cookies.BROWSER: BROWSER})
    refused = browser.get(routes.START_PATH, params={"tiket": started.ticket}, headers=headers)
    assert refused.status_code == 403 and "set-cookie" not in refused.headers
    ok = browser.get(
        routes.START_PATH,
        params={"tiket": started.ticket},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert ok.headers["set-cookie"].startswith(cookies.SESSION)  # the ticket is still unused


def test_a_ticket_from_another_browser_gives_no_cookie(started):
    other = client(cookies={cookies.BROWSER: session_store.new_secret()})
    answer = other.get(routes.START_PATH, params={"tiket": started.ticket})
    assert answer.status_code == 303 and "set-cookie" not in answer.headers


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "x" * 3000,
    ],
)
def test_no_open_redirect(started, target):
    answer = client().get(routes.START_PATH, params={"tiket": "x", "lanjut": target})
    assert answer.headers["location"] == "/"


def test_page_loads_get_frame_headers_and_a_browser_cookie(db_path):
    answer = client().get("/beranda")
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert answer.headers["set-cookie"].startswith(f"{cookies.BROWSER}=")
    assert "HttpOnly" in answer.headers["set-cookie"]
    kept = client(cookies={cookies.BROWSER: BROWSER}).get("/")
    assert "set-cookie" not in kept.headers  # a browser keeps its cookie
    assert "x-frame-options" not in client().get("/healthz").headers


def test_a_dead_session_cookie_is_removed_at_the_next_page_load(started, db, accounts):
    browser = client(cookies={cookies.BROWSER: BROWSER})
    token = browser.get(routes.START_PATH, params={"tiket": started.ticket}).cookies.get(
        cookies.SESSION
    )
    alive = client(cookies={cookies.BROWSER: BROWSER, cookies.SESSION: token}).get("/")
    assert "set-cookie" not in alive.headers
    session_store.end_all(db, principal(db, "op.kupang"), accounts["op.kupang"], "all")
    dead = client(cookies={cookies.BROWSER: BROWSER, cookies.SESSION: token}).get("/")
    assert dead.headers["set-cookie"].startswith(f"{cookies.SESSION}=;")
    assert "Max-Age=0" in dead.headers["set-cookie"]


def test_huge_headers_are_refused_cleanly(db_path):
    answer = client().get("/", headers={"Cookie": "x=" + "a" * 20_000})
    assert answer.status_code == 431
    answer = client().get("/", headers={"X-Pad": "b" * 20_000})
    assert answer.status_code == 431
