"""Report files belong to the browser session that made them.

Streamlit serves a download button's file from /media/<id> to anyone holding
the address until the file is dropped. The report makers (ui/session.py's
`guarded`) register what they made here, under the hash of its bytes, with
the cookie that identifies its owner (the session cookie, or the browser
cookie of a tab signed in without one); the middleware (web/middleware.py)
serves a registered file only to a request presenting that cookie.

In process memory: the file itself lives in this worker's memory too, and
the proxy keeps a browser on one worker.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from collections.abc import Mapping

from dashboard.web import cookies

# The newest this many files are remembered (about 200 bytes each). A file Streamlit still
# serves after that many newer reports in one worker would be public again: far beyond the
# minutes a report's file lives.
MAX_FILES = 20_000

_lock = threading.Lock()
# sha256 of a file's bytes -> the (cookie name, sha256 of its value) of each owner. Two people
# can make byte-identical files (the same CSV): Streamlit then serves one file to both.
_owners: OrderedDict[str, set[tuple[str, str]]] = OrderedDict()


def _hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def register(content: bytes, cookie_name: str, cookie_value: str) -> None:
    """`content` may be fetched only with `cookie_name` set to `cookie_value`."""
    key = _hash(content)
    owner = hashlib.sha256(cookie_value.encode()).hexdigest()
    with _lock:
        _owners.setdefault(key, set()).add((cookie_name, owner))
        _owners.move_to_end(key)
        while len(_owners) > MAX_FILES:
            _owners.popitem(last=False)


def may_fetch(content: bytes, request_cookies: Mapping[str, str]) -> bool:
    """True for a file nobody registered, or for its owner's request."""
    key = _hash(content)
    with _lock:
        found = set(_owners.get(key, ()))
    if not found:
        return True
    for name, owner in found:
        value = cookies.read(request_cookies, name)
        if value and hmac.compare_digest(hashlib.sha256(value.encode()).hexdigest(), owner):
            return True
    return False
