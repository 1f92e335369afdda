"""The app's own HTTP routes, matched before Streamlit's.

- GET /healthz: 200 "ok" when the database answers a query, else 503 with one
  word (missing, busy, error) for the proxy and monitors.
- GET /metrics: Prometheus text (dashboard/metrics.py), for loopback or the
  bearer token in secrets.toml; 403 otherwise.
- GET /sesi/mulai?tiket=…&lanjut=/path: a sign-in's one-time ticket becomes
  the session cookie, then the browser goes on to the page it signed in on.
  The page script navigates the browser here right after a sign-in
  (ui/session.py); nothing else links to it.

Database work runs on a worker thread, never on the event loop.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from dashboard import clock, metrics
from dashboard.config import db_target
from dashboard.store import sessions as session_store
from dashboard.store import settings as settings_store
from dashboard.store.db import DatabaseUnavailable, connect, data_version, exists
from dashboard.web import checks, cookies

START_PATH = "/sesi/mulai"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _health() -> str | None:
    """None when the database answers; else one word saying why not."""
    path = db_target()
    if not exists(path):
        return "missing"
    try:
        with connect(path, readonly=True) as db:
            data_version(db)
    except DatabaseUnavailable:
        return "unavailable"
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        return "busy" if "locked" in text or "busy" in text else "error"
    except sqlite3.Error:
        return "error"
    return None


async def healthz(request: Request) -> Response:
    problem = await run_in_threadpool(_health)
    if problem:
        return PlainTextResponse(problem, status_code=503, headers={"Cache-Control": "no-store"})
    return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})


async def metrics_endpoint(request: Request) -> Response:
    if not checks.may_read_metrics(request.scope.get("client"), request.headers):
        return PlainTextResponse("forbidden", status_code=403)
    body = await run_in_threadpool(metrics.render)
    return Response(body, media_type=metrics.CONTENT_TYPE, headers={"Cache-Control": "no-store"})


def _redeem(ticket: str, browser: str | None) -> tuple[str, int] | None:
    """The cookie value and its lifetime in seconds, or None."""
    now = clock.utc_now()
    with connect(db_target()) as db:
        token = session_store.redeem(db, ticket, browser_secret=browser, now=now)
        if token is None:
            return None
        max_age = timedelta(days=settings_store.get_int(db, "session_max_days"))
    return token, int(max_age.total_seconds())


async def start_session(request: Request) -> Response:
    if not checks.same_origin(request.headers):
        return PlainTextResponse("Permintaan ditolak.", status_code=403, headers=NO_STORE)
    next_path = checks.safe_next(request.query_params.get("lanjut"))
    ticket = cookies.secret(request.query_params.get("tiket"))
    browser = cookies.read(request.cookies, cookies.BROWSER)
    redeemed = None
    if ticket and browser:
        try:
            redeemed = await run_in_threadpool(_redeem, ticket, browser)
        except (sqlite3.Error, DatabaseUnavailable):
            redeemed = None  # the tab that signed in stays signed in; this browser gets no cookie
    response = RedirectResponse(next_path, status_code=303, headers=NO_STORE)
    if redeemed:
        token, max_age = redeemed
        secure = request.url.scheme == "https"
        response.headers.append(
            "set-cookie", cookies.session_header(token, max_age=max_age, secure=secure)
        )
    return response


def routes() -> list[Route]:
    return [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        Route(START_PATH, start_session, methods=["GET"]),
    ]
