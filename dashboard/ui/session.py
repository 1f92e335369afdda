"""The signed-in user of this browser, and the page guard.

Signing in creates a server-side session (store/sessions.py) and sends the
browser once through /sesi/mulai, which sets the HttpOnly session cookie
(web/routes.py). Every run then reads that cookie (st.context.cookies, as the
browser sent it when its connection opened) and looks the session up: a
reload, a new tab, a restarted server or another worker sign the person
straight back in, until the idle limit (Pengaturan) or the absolute limit.

A tab's state (st.session_state) remembers which cookie it was signed in
with, and each run must present that same cookie again: a second connection
that presents this tab's Streamlit session id without the cookie is signed
out before anything is drawn (issue 18 item 3). A tab that signed in where no
session cookie can be set (a database that cannot be written, a test client)
is bound to the browser cookie instead, and lives in that tab only.

Callbacks run before the page script, with what an earlier run captured:
every callback that writes first asks `current()` for the principal of this
moment (issue 18 item 1), and report files are made through `guarded`.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from urllib.parse import quote, urlencode

import streamlit as st

from dashboard import clock, errors, words
from dashboard.store import sessions as session_store
from dashboard.store import settings as settings_store
from dashboard.store import users as user_store
from dashboard.store.access import AccessDenied, Principal
from dashboard.store.db import DatabaseProblem, connect
from dashboard.ui import data
from dashboard.ui.pages import allowed
from dashboard.web import cookies, downloads
from dashboard.web.routes import START_PATH

KEY_PRINCIPAL = "principal"
KEY_LAST_SEEN = "last_seen"  # for a tab without a server-side session
KEY_NOTICE = "login_notice"
KEY_RETURN_PARAMS = "return_params"
KEY_METHOD = "signed_in_with"  # "password" or "sso"
KEY_SESSION = "session_id"  # this tab's row in the sessions table (None: this tab only)
KEY_BOUND = "bound_to"  # (cookie name, sha256 of its value) every run must present again
KEY_GO = "go_to"  # (why, address) the browser is sent to at the start of the next run
KEY_PAGE = "page_path"  # the url path of the page this run shows (set by the shell)
KEY_DEAD = "dead_cookie"  # the hash of a session cookie already found dead (said once)

SIGNING_IN, SIGNED_OUT = "masuk", "keluar"

IDLE_NOTICE = "Sesi berakhir karena lama tidak aktif. Silakan masuk kembali."
EXPIRED_NOTICE = "Masa berlaku sesi Anda sudah habis. Silakan masuk kembali."
ENDED_NOTICE = "Sesi Anda telah diakhiri. Silakan masuk kembali."
INACTIVE = words.text(errors.ACCESS_INACTIVE)

NOTICES = {
    session_store.IDLE: IDLE_NOTICE,
    session_store.EXPIRED: EXPIRED_NOTICE,
    session_store.ENDED: ENDED_NOTICE,
    session_store.INACTIVE: INACTIVE,
}
# Errors of a database that cannot take the session's write (read-only, full, locked, gone):
# the write is skipped (store.db.DatabaseProblem and its kinds; a raw sqlite3.Error from a read).
UNWRITABLE = (sqlite3.Error, DatabaseProblem)


def _digest(value: str | None) -> str:
    return hashlib.sha256(value.encode()).hexdigest() if value else ""


def _cookies() -> Mapping[str, str]:
    try:
        return st.context.cookies
    except Exception:  # no connection (a bare script run)
        return {}


def _header(name: str) -> str | None:
    try:
        value = st.context.headers.get(name)
    except Exception:
        return None
    return value if isinstance(value, str) else None


def client_address() -> str | None:
    """The browser's address (behind the local proxy: the one the proxy saw); None on loopback."""
    try:
        value = st.context.ip_address
    except Exception:
        return None
    return value if isinstance(value, str) else None


def _idle() -> timedelta:
    return timedelta(minutes=data.setting_int("session_idle_minutes"))


def _here() -> str:
    """Where the browser is, to come back to after signing in: the page's path and its filters.

    The sign-in page itself (/masuk) comes back to the landing page.
    """
    page = st.session_state.get(KEY_PAGE) or ""
    path = "/" if page in ("", "masuk") else f"/{page}"
    try:
        query = urlencode(st.query_params.to_dict())
    except Exception:
        query = ""
    return path + (f"?{query}" if query else "")


def _keep(who: Principal, session_id: int | None, bound: tuple[str, str], method: str) -> None:
    state = st.session_state
    state[KEY_PRINCIPAL] = who
    state[KEY_LAST_SEEN] = time.time()
    state[KEY_METHOD] = method
    state[KEY_SESSION] = session_id
    state[KEY_BOUND] = bound


def sign_in(who: Principal, *, method: str = "password") -> bool:
    """Start a session for an authenticated principal, in this tab and for this browser.

    The session row gets a one-time ticket bound to this browser's cookie; the
    next run sends the browser through /sesi/mulai, which sets the session
    cookie. When the database cannot be written (read-only, full) the session
    lives in this tab only, as it always did: signing in still works. False
    when the account was deactivated in the meantime.
    """
    browser = cookies.read(_cookies(), cookies.BROWSER)
    started = None
    try:
        with data.session_db() as db:
            started = session_store.start(
                db,
                own_account(who),
                method=method,
                now=clock.utc_now(),
                max_age=timedelta(days=data.setting_int("session_max_days")),
                user_agent=_header("User-Agent"),
                address=client_address(),
                browser_secret=browser,
            )
    except UNWRITABLE:
        started = None
    except AccessDenied:
        return False
    session_id = started.session_id if started else None
    _keep(who, session_id, (cookies.BROWSER, _digest(browser)), method)
    if started and started.ticket:
        # The ticket never reaches a page: it goes straight into the redirect.
        address = f"{START_PATH}?tiket={started.ticket}&lanjut={quote(_here(), safe='')}"
        st.session_state[KEY_GO] = (SIGNING_IN, address)
    return True


def method() -> str | None:
    return st.session_state.get(KEY_METHOD)


def session_id() -> int | None:
    return st.session_state.get(KEY_SESSION)


def sign_out(notice: str | None = None) -> None:
    """Forget everything this tab holds (the server-side session is left as it is)."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if notice:
        st.session_state[KEY_NOTICE] = notice


def end_here(notice: str | None = "Anda telah keluar.") -> None:
    """Keluar: end this browser's session on the server, then forget the tab.

    A browser holding the session cookie is sent to the start page, whose load
    removes the cookie (it now names an ended session: web/middleware.py).
    """
    state = st.session_state
    sid, who, bound = state.get(KEY_SESSION), state.get(KEY_PRINCIPAL), state.get(KEY_BOUND)
    if sid and who:
        try:
            with data.session_db() as db:
                session_store.end(db, who, sid, "sign_out")
        except (*UNWRITABLE, AccessDenied):
            pass  # nothing to end, or a database that cannot take it: the tab still forgets
    sign_out(notice)
    if bound and bound[0] == cookies.SESSION:
        state[KEY_DEAD] = bound[1]  # its cookie names an ended session now: nothing more to say
        state[KEY_GO] = (SIGNED_OUT, "/?keluar=1")


def _bound_ok(jar: Mapping[str, str]) -> bool:
    """This run's connection presents the cookie the tab was signed in with."""
    name, expected = st.session_state.get(KEY_BOUND) or (cookies.BROWSER, "")
    return hmac.compare_digest(_digest(cookies.read(jar, name)), expected)


def _from_cookie(token: str) -> Principal | None:
    now = clock.utc_now()
    idle = _idle()  # before the connection: never hold one while asking for another
    with data.session_db(readonly=True) as db:
        found = session_store.check(db, token=token, now=now, idle=idle)
    if not isinstance(found, session_store.Live):
        # Why, once per tab (the next page load removes the cookie). A forged, unknown or
        # foreign cookie gets no word at all.
        notice = NOTICES.get(found)
        if notice and st.session_state.get(KEY_DEAD) != _digest(token):
            st.session_state.setdefault(KEY_NOTICE, notice)
        st.session_state[KEY_DEAD] = _digest(token)
        return None
    _keep(found.principal, found.session_id, (cookies.SESSION, _digest(token)), found.method)
    _touch(found, now)
    return found.principal


def _touch(found: session_store.Live, now) -> None:
    if now - found.last_seen_at < session_store.TOUCH_EVERY:
        return  # recorded less than a minute ago: no connection to open (issue 19)
    try:
        with data.session_db() as db:
            session_store.touch(db, found, now)
    except UNWRITABLE:
        pass  # a read-only database: activity is not recorded, the session goes on


def _refresh(who: Principal) -> Principal | None:
    """The principal of this moment for a signed-in tab, or None (signed out, with a notice)."""
    state = st.session_state
    sid = state.get(KEY_SESSION)
    if sid is not None:
        now = clock.utc_now()
        idle = _idle()  # before the connection: never hold one while asking for another
        with data.session_db(readonly=True) as db:
            found = session_store.check(db, session_id=sid, now=now, idle=idle)
        if not isinstance(found, session_store.Live):
            sign_out(NOTICES.get(found, ENDED_NOTICE))
            return None
        state[KEY_PRINCIPAL] = found.principal
        _touch(found, now)
        return found.principal
    # A tab-only session (the database could not record one): idle time and account here.
    idle_limit = data.setting_int("session_idle_minutes") * 60
    if time.time() - state.get(KEY_LAST_SEEN, 0.0) > idle_limit:
        sign_out(IDLE_NOTICE)
        return None
    with data.session_db(readonly=True) as db:
        user = user_store.by_id(db, who.user_id) if who.user_id else None
    if user is None or not user.active:
        sign_out(INACTIVE)
        return None
    fresh = user_store.principal_of(user)
    state[KEY_PRINCIPAL] = fresh
    state[KEY_LAST_SEEN] = time.time()
    return fresh


def current() -> Principal | None:
    """Who is signed in on this connection at this moment, or None.

    Pages get it from the shell; callbacks that write call it first, since
    they run before the shell does.
    """
    jar = _cookies()
    who: Principal | None = st.session_state.get(KEY_PRINCIPAL)
    if who is not None:
        if _bound_ok(jar):
            return _refresh(who)
        # Another connection holding this tab's session id, without its cookie: it gets
        # nothing of the tab, not even its widgets' values.
        sign_out()
    token = cookies.read(jar, cookies.SESSION)
    return _from_cookie(token) if token else None


def follow() -> str | None:
    """Send the browser where the last run asked (after signing in or out); why, or None."""
    found = st.session_state.pop(KEY_GO, None)
    if not found:
        return None
    why, address = found
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    # The message st.login and st.logout use: the browser sets window.location to it.
    message = ForwardMsg()
    message.auth_redirect.url = address
    ctx.enqueue(message)
    return why


def guarded(make: Callable[[Principal], bytes]) -> Callable[[], bytes]:
    """A file maker for st.download_button(data=...), checked when the button is pressed.

    Streamlit calls the maker later, on a thread of its own, with no page run
    around it. At that moment the connection that asks must still present this
    tab's cookie, and the session and the account must still be live; the
    maker then gets the principal read at that moment, never this run's. The
    file is registered to its owner's cookie, so /media/ serves it to nobody
    else (web/downloads.py).
    """
    state = st.session_state
    sid, bound = state.get(KEY_SESSION), state.get(KEY_BOUND)
    who: Principal | None = state.get(KEY_PRINCIPAL)
    owner_name = bound[0] if bound else None
    owner_value = cookies.read(_cookies(), owner_name) if owner_name else None
    db_file = data.path()
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        ctx = get_script_run_ctx()
        streamlit_session = ctx.session_id if ctx else None
    except Exception:
        streamlit_session = None

    def make_now() -> bytes:
        if who is None:
            raise AccessDenied("Silakan masuk terlebih dahulu.")
        if streamlit_session and not _connection_still_bound(streamlit_session, bound):
            raise AccessDenied("Sesi tidak cocok dengan peramban ini.")
        now = clock.utc_now()
        with connect(db_file, readonly=True) as db:
            if sid is not None:
                idle = timedelta(minutes=settings_store.get_int(db, "session_idle_minutes"))
                found = session_store.check(db, session_id=sid, now=now, idle=idle)
                if not isinstance(found, session_store.Live):
                    raise AccessDenied(NOTICES.get(found, ENDED_NOTICE))
                fresh = found.principal
            else:
                user = user_store.by_id(db, who.user_id) if who.user_id else None
                if user is None or not user.active:
                    raise AccessDenied(INACTIVE)
                fresh = user_store.principal_of(user)
        content = make(fresh)
        if owner_name and owner_value:
            downloads.register(content, owner_name, owner_value)
        return content

    return make_now


def _connection_still_bound(streamlit_session: str, bound: tuple[str, str] | None) -> bool:
    """The connection now serving the Streamlit session presents the tab's cookie."""
    try:
        from streamlit import runtime

        client = runtime.get_instance().get_client(streamlit_session)
    except Exception:
        return True  # no runtime (a test calling the maker directly): nothing to compare
    if client is None:
        return False  # the tab is gone
    if client.client_context is None:
        return False  # no request headers to read a cookie from
    name, expected = bound or (cookies.BROWSER, "")
    value = cookies.read(client.client_context.cookies, name)
    return hmac.compare_digest(_digest(value), expected)


def require_page(key: str) -> Principal:
    """The page's own check: stop with a plain message when the role may not see it.

    The shell refreshed the principal from the database earlier in this run.
    """
    who: Principal | None = st.session_state.get(KEY_PRINCIPAL)
    if who is None:
        st.warning("Silakan masuk terlebih dahulu.")
        st.stop()
    if not allowed(key, who.role):
        st.error("Halaman ini tidak tersedia untuk peran Anda.")
        st.stop()
    return who


def own_unit(who: Principal) -> int:
    """The unit of a signed-in account: every account has one (users.unit_id is NOT NULL);
    only the command line's SYSTEM principal has none, and it never opens a page."""
    if who.unit_id is None:
        raise AccessDenied("Akun ini tidak terikat pada unit kerja.")
    return who.unit_id


def own_account(who: Principal) -> int:
    """The account id of a signed-in person (only the command line's SYSTEM has none)."""
    if who.user_id is None:
        raise AccessDenied("Hanya akun yang masuk yang memiliki sesi.")
    return who.user_id
