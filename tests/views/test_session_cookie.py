"""The session cookie as the page script sees it (AppTest, with the browser's cookies seeded).

AppTest has no HTTP layer: st.context.cookies comes from the connection, which
`browser` below stands in for. The route that turns a ticket into the cookie is
the store's `redeem` (web/routes.py only wraps it); tests/browser/test_sessions.py
drives the real thing in Chromium.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import streamlit as st
from streamlit.runtime import context as st_context
from streamlit.testing.v1 import AppTest

from dashboard import clock, metrics
from dashboard.store import sessions as session_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM
from dashboard.ui import session
from dashboard.ui.text import md_escape
from dashboard.web import cookies
from tests.conftest import APP, PASSWORD, principal

BROWSER = session_store.new_secret()


SENT: list[tuple[str, str]] = []  # where the app sent "the browser" (session.follow)


@pytest.fixture
def browser(monkeypatch):
    """The cookies this 'browser' sends when its connection opens (mutable between runs)."""
    jar: dict[str, str] = {cookies.BROWSER: BROWSER}
    client = SimpleNamespace(cookies=jar, headers=[("User-Agent", "Firefox/133.0 (Android)")])
    client.remote_ip = None
    monkeypatch.setattr(st_context, "_get_client_context", lambda: client)
    original = session.follow
    SENT.clear()

    def follow():
        found = st.session_state.get(session.KEY_GO)
        if found:
            SENT.append(found)
        return original()

    monkeypatch.setattr(session, "follow", follow)
    return jar


def titles(at):
    return [t.value for t in at.title]


def infos(at):
    return [i.value for i in at.info]


def fresh_tab() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


def sign_in_with_form(username="op.kupang") -> AppTest:
    at = fresh_tab().run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    return at


def redeem(db, at) -> str:
    """What /sesi/mulai does with the ticket the sign-in sent the browser to."""
    address = SENT[-1][1]
    query = parse_qs(urlsplit(address).query)
    token = session_store.redeem(db, query["tiket"][0], browser_secret=BROWSER, now=clock.utc_now())
    assert token
    return token


def test_a_sign_in_sends_the_browser_for_its_cookie_then_every_tab_is_signed_in(
    db, accounts, browser
):
    at = sign_in_with_form()
    assert not at.exception
    assert [c.value for c in at.caption] == ["Sedang masuk…"]  # on its way to the route
    why, address = SENT[-1]
    assert why == session.SIGNING_IN and address.startswith("/sesi/mulai?tiket=")
    assert parse_qs(urlsplit(address).query)["lanjut"] == ["/"]
    token = redeem(db, at)
    browser[cookies.SESSION] = token
    # The page the browser comes back to, a reload, a new tab: all signed in, no form.
    for _ in range(2):
        tab = fresh_tab().run()
        assert titles(tab) == ["Input Harian"]
        assert tab.session_state["principal"] == principal(db, "op.kupang")
    stored = db.conn.execute("SELECT user_agent, method FROM sessions").fetchall()
    assert stored == [("Firefox/133.0 (Android)", "password")]


def test_without_a_browser_cookie_the_tab_alone_is_signed_in(db, accounts, browser):
    browser.clear()
    at = sign_in_with_form()
    assert titles(at) == ["Input Harian"]
    assert SENT == []  # no ticket: nowhere to send a browser
    assert at.session_state["session_id"]


def test_a_database_that_cannot_take_the_session_still_signs_the_tab_in(
    db, accounts, browser, monkeypatch
):
    def unwritable(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(session_store, "start", unwritable)
    at = sign_in_with_form()
    assert not at.exception
    assert titles(at) == ["Input Harian"]
    assert at.session_state["session_id"] is None  # in this tab only


@pytest.mark.parametrize(
    "value",
    ["", "x", "A" * 43, "A" * 5000, session_store.new_secret()],
    # Fixed ids: a random value in an id would differ between xdist workers.
    ids=["empty", "short", "token-length", "huge", "unknown-token"],
)
def test_a_forged_or_unknown_cookie_gets_the_sign_in_page_without_a_word(
    db, accounts, browser, value
):
    browser[cookies.SESSION] = value
    at = fresh_tab().run()
    assert not at.exception
    assert titles(at) == ["Pantau Humas"] and infos(at) == [] and not at.error


def test_an_idle_cookie_says_why_once(db, accounts, browser):
    at = sign_in_with_form()
    browser[cookies.SESSION] = redeem(db, at)
    then = clock.iso(clock.utc_now() - timedelta(hours=3))
    db.conn.execute("UPDATE sessions SET created_at = ?, last_seen_at = ?", (then, then))
    tab = fresh_tab().run()
    assert titles(tab) == ["Pantau Humas"]
    assert infos(tab) == [session.IDLE_NOTICE]
    tab.text_input[0].input("op.kupang").run()  # the next run of that tab: said already
    assert infos(tab) == []


def test_a_connection_without_the_tabs_cookie_gets_nothing_of_it(db, accounts, browser):
    """The page-script side of issue 18 item 3 (tests/browser/test_sessions.py: the real attack)."""
    at = sign_in_with_form()
    token = redeem(db, at)
    browser[cookies.SESSION] = token
    tab = fresh_tab().run()
    assert titles(tab) == ["Input Harian"]
    tab.text_input(key="entry_title_0").input("ketikan rahasia")
    browser.clear()  # the same Streamlit session, now reached by a connection without cookies
    tab.run()
    assert titles(tab) == ["Pantau Humas"]
    assert "entry_title_0" not in tab.session_state and "principal" not in tab.session_state
    live = session_store.check(db, token=token, now=clock.utc_now(), idle=timedelta(hours=2))
    assert isinstance(live, session_store.Live)  # the owner's session itself goes on


def test_keluar_ends_the_session_and_sends_the_browser_to_drop_its_cookie(db, accounts, browser):
    at = sign_in_with_form()
    browser[cookies.SESSION] = token = redeem(db, at)
    tab = fresh_tab().run()
    tab.sidebar.button(key="logout").click().run()
    assert titles(tab) == ["Pantau Humas"] and "Anda telah keluar." in infos(tab)
    assert session_store.check(db, token=token, now=clock.utc_now(), idle=timedelta(hours=2)) == (
        session_store.ENDED
    )
    del browser[cookies.SESSION]  # that page load's answer removed it (web/middleware.py)
    again = fresh_tab()
    again.query_params["keluar"] = "1"  # where the browser lands
    again.run()
    assert titles(again) == ["Pantau Humas"] and infos(again) == ["Anda telah keluar."]


def _tab_of(db, browser, username="op.kupang"):
    """A signed-in tab of another device (a browser without a session cookie yet)."""
    browser.pop(cookies.SESSION, None)
    at = sign_in_with_form(username)
    browser[cookies.SESSION] = redeem(db, at)
    return fresh_tab().run()


def test_akun_saya_lists_sessions_and_ends_one(db, accounts, browser):
    phone = _tab_of(db, browser)
    phone_cookie = browser[cookies.SESSION]
    laptop = _tab_of(db, browser)
    laptop.switch_page("views/account.py").run()
    assert not laptop.exception
    here = laptop.session_state["session_id"]
    other = phone.session_state["session_id"]
    assert [t.value for t in laptop.text if "Firefox" in t.value] == [
        "Firefox di Android · perangkat ini",
        "Firefox di Android",
    ]
    assert [b.key for b in laptop.button if b.key and b.key.startswith("akhiri-")] == [
        f"akhiri-{other}"
    ]
    laptop.button(key=f"akhiri-{other}").click().run()
    assert "Sesi diakhiri: perangkat itu harus masuk kembali." in [s.value for s in laptop.success]
    browser[cookies.SESSION] = phone_cookie
    phone.run()
    assert titles(phone) == ["Pantau Humas"]
    assert session.ENDED_NOTICE in infos(phone)
    assert laptop.session_state["session_id"] == here


def test_keluar_dari_semua_perangkat(db, accounts, browser):
    _tab_of(db, browser)
    tab = _tab_of(db, browser)
    tab.switch_page("views/account.py").run()
    tab.button(key="keluar_semua").click().run()
    assert titles(tab) == ["Pantau Humas"]
    assert "Anda telah keluar dari semua perangkat." in infos(tab)
    now = clock.utc_now()
    me = principal(db, "op.kupang")
    assert session_store.list_live(db, me, me.user_id, now=now, idle=timedelta(hours=2)) == []


def test_a_password_change_keeps_this_session_and_ends_the_others(db, accounts, browser):
    phone = _tab_of(db, browser)
    phone_cookie = browser[cookies.SESSION]
    laptop = _tab_of(db, browser)
    laptop.switch_page("views/account.py").run()
    laptop.text_input[0].input(PASSWORD)
    laptop.text_input[1].input("kopi-pagi-di-kupang")
    laptop.text_input[2].input("kopi-pagi-di-kupang")
    laptop.button[0].click().run()
    assert "Sesi di perangkat lain telah diakhiri." in laptop.success[0].value
    laptop.run()
    assert titles(laptop)[0] == "Akun Saya"
    browser[cookies.SESSION] = phone_cookie
    phone.run()
    assert titles(phone) == ["Pantau Humas"]


def test_an_admin_ends_a_users_sessions_on_pengguna(db, accounts, browser):
    operator = _tab_of(db, browser)
    operator_cookie = browser[cookies.SESSION]
    admin = _tab_of(db, browser, "admin")
    admin.switch_page("views/users.py").run()
    manage = [s for s in admin.selectbox if s.label == "Akun"][0]
    manage.select("op.kupang").run()
    admin.button(key="end_sessions").click().run()
    assert admin.success[0].value.startswith(f"1 sesi {md_escape('op.kupang')} diakhiri")
    browser[cookies.SESSION] = operator_cookie
    operator.run()
    assert titles(operator) == ["Pantau Humas"]
    entry = db.conn.execute(
        "SELECT actor, action, entity, after FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert entry[:3] == ("admin", "end", "session") and "diakhiri admin" in entry[3]


def test_a_deactivated_accounts_tab_shows_the_sign_in_page_at_its_next_run(db, accounts, browser):
    tab = _tab_of(db, browser)
    user_store.set_active(db, SYSTEM, accounts["op.kupang"], False)
    tab.run()
    assert titles(tab) == ["Pantau Humas"]
    assert any("tidak aktif" in i for i in infos(tab))


def test_page_runs_are_counted_by_page_for_the_metrics(db, accounts, browser):
    def runs(page):
        return None, metrics.REGISTRY.get_sample_value(
            "humas_page_run_seconds_count", {"page": page}
        )

    before_login = runs("masuk")[1] or 0
    at = fresh_tab()
    at.query_params["periode"] = "tahun"
    at.run()
    assert runs("masuk")[1] == before_login + 1  # the form at /ringkasan counts as "masuk"
    browser.pop(cookies.SESSION, None)
    tab = _tab_of(db, browser)
    before = runs("input-harian")[1] or 0
    tab.run()
    assert runs("input-harian")[1] == before + 1
