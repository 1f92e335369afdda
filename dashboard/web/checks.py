"""Small request checks the routes and the middleware share (no Streamlit page code).

Client addresses are as uvicorn reports them: behind the local nginx (on the
same host, a trusted proxy by uvicorn's default FORWARDED_ALLOW_IPS), the
address the proxy saw, so "loopback" really means this machine.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

# Where a signed-in browser may be sent back to: a path of this app, with a query.
_NEXT = re.compile(r"/[A-Za-z0-9_\-/]*(\?[A-Za-z0-9_\-.~%=&+:,]*)?")


def is_loopback(client: tuple | list | None) -> bool:
    if not client:
        return False
    try:
        return ipaddress.ip_address(str(client[0])).is_loopback
    except ValueError:
        return False


def metrics_token() -> str | None:
    """The bearer token for /metrics from secrets.toml (`[metrics] token = "..."`), if any."""
    try:
        import streamlit as st

        section = st.secrets.get("metrics") or {}
        token = section.get("token")
    except Exception:  # no secrets file, or no such section: loopback only
        return None
    return token if isinstance(token, str) and len(token) >= 16 else None


def may_read_metrics(client, headers: Mapping[str, str]) -> bool:
    """Loopback, or the bearer token set in secrets; nobody else."""
    if is_loopback(client):
        return True
    token = metrics_token()
    given = headers.get("authorization", "")
    if not token or not given.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(given[7:].strip().encode(), token.encode())


def same_origin(headers: Mapping[str, str]) -> bool:
    """Whether a request that changes state comes from this app's own pages.

    Browsers say so in Sec-Fetch-Site; older ones only in Origin or Referer.
    A request saying nothing (no browser) is let through: the routes that
    change state also need a secret bound to the browser (a ticket).
    """
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    host = headers.get("host", "")
    for name in ("origin", "referer"):
        value = headers.get(name)
        if value:
            return urlsplit(value).netloc == host
    return True


def safe_next(value: str | None) -> str:
    """A local path to go on to; anything else (another site, //host, odd characters) is '/'."""
    if value and len(value) <= 2000 and _NEXT.fullmatch(value) and not value.startswith("//"):
        return value
    return "/"
