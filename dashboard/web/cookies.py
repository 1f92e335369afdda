"""The app's two cookies, as the routes set them and the page script reads them.

- `humas_sesi`: the session. A random 256-bit value (43 URL-safe characters),
  of which the database keeps only a hash (store/sessions.py). HttpOnly,
  SameSite=Lax, Path=/, persistent until the session's absolute limit, Secure
  whenever the request came over HTTPS (or HUMAS_SECURE_COOKIES=1).
- `humas_b`: this browser. Random too, set on the first page load, granting
  nothing by itself: a sign-in ticket is bound to it (only the browser that
  signed in can redeem its ticket), and a tab signed in without a session
  cookie is bound to it (another connection presenting that tab's Streamlit
  session id, but not this cookie, gets nothing).

Values are checked for their exact shape before use: anything else, a huge
value included, is no cookie at all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

SESSION = "humas_sesi"
BROWSER = "humas_b"
BROWSER_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (Chromium's cap)
ENV_SECURE = "HUMAS_SECURE_COOKIES"
_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")


def secret(value: object) -> str | None:
    """The value when it has the shape of one of our random values, else None."""
    if isinstance(value, str) and _SECRET.fullmatch(value):
        return value
    return None


def read(cookies: Mapping[str, str], name: str) -> str | None:
    try:
        return secret(cookies.get(name))
    except Exception:  # a broken cookie header: no cookie
        return None


def always_secure() -> bool:
    return os.environ.get(ENV_SECURE, "").strip().lower() in {"1", "true", "yes"}


def _header(name: str, value: str, *, max_age: int, secure: bool) -> str:
    parts = [f"{name}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
    if secure or always_secure():
        parts.append("Secure")
    return "; ".join(parts)


def session_header(value: str, *, max_age: int, secure: bool) -> str:
    return _header(SESSION, value, max_age=max(0, max_age), secure=secure)


def browser_header(value: str, *, secure: bool) -> str:
    return _header(BROWSER, value, max_age=BROWSER_MAX_AGE, secure=secure)


def clear_session_header(*, secure: bool) -> str:
    return _header(SESSION, "", max_age=0, secure=secure)
