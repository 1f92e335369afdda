"""The app shell: page setup, sign-in, and the navigation built for the user's role."""

from __future__ import annotations

import logging
import sqlite3
import time
from functools import partial

import streamlit as st

from dashboard import clock, metrics
from dashboard.serve import gate
from dashboard.store.db import DatabaseProblem, DatabaseUnavailable, database_problem
from dashboard.ui import data, first_password, login, screen, session, sso, urlstate
from dashboard.ui.pages import LANDING, NATIONAL_LANDING, PAGES, for_role
from dashboard.ui.text import md_escape
from dashboard.words import ROLE_LABELS

log = logging.getLogger(__name__)
KEY_ADDRESS_READ = "address_filters_read"
KEY_PAGES = "shell_pages"  # (role, landing page) and the navigation's pages made for them
KEY_RAN = gate.FIRST_RUN_KEY  # this browser session has run the page script before


def first_run() -> bool:
    """Whether this run is the first of its browser session (a page opened, the landing page
    after signing in); the gate queues those apart from the runs of sessions already open."""
    state = st.session_state
    if state.get(KEY_RAN):
        return False
    state[KEY_RAN] = True
    return True


def main() -> None:
    if screen.requested():  # ?layar=TOKEN: the meeting screen, before and instead of sign-in
        screen.main()
        return
    st.set_page_config(
        page_title="Pantau Humas",
        page_icon=":material/campaign:",
        layout="wide",
        initial_sidebar_state="auto",
    )
    try:
        data.ensure_ready()
        who = session.current() or sso.attempt()
    except (DatabaseProblem, sqlite3.Error) as exc:
        database_error(exc)
        st.stop()
    if session.follow() == session.SIGNING_IN:
        # The browser is on its way to /sesi/mulai for its session cookie, then back here.
        st.caption("Sedang masuk…")
        st.stop()
    if who is None:
        _run(st.navigation(_login_pages(), position="hidden"), label="masuk")
        return
    # Issue 16 item 17: an account whose password an admin chose picks its own first, however
    # it signed in (the form, or a session cookie in a new tab, a reload, another worker).
    if first_password.required(who):
        _run(st.navigation(_first_password_pages(), position="hidden"), label="ganti-kata-sandi")
        return
    try:
        landing = landing_page(who)
    except (DatabaseProblem, sqlite3.Error) as exc:
        database_error(exc)
        st.stop()
    navigation = st.navigation(_sections(who.role, landing), position="sidebar", expanded=True)
    # Filters of a link opened before signing in: into the widgets before they are drawn.
    for key, value in urlstate.parse(st.session_state.pop(session.KEY_RETURN_PARAMS, {})).items():
        st.session_state[key] = value
    # ... and of the address a session starts at (a shared link opened while signed in, the page
    # a sign-in comes back to): Streamlit reads only a value's label from the address
    # (?periode=Tahun+ini), not the value itself (?periode=tahun).
    if not st.session_state.get(KEY_ADDRESS_READ):
        st.session_state[KEY_ADDRESS_READ] = True
        for key, value in urlstate.parse(st.query_params.to_dict()).items():
            st.session_state.setdefault(key, value)
    _sidebar(who)
    # The default page's url_path is '' in Streamlit: /metrics names pages by their key.
    _run(
        navigation,
        label={spec.title: spec.key for spec in for_role(who.role)}.get(navigation.title),
    )


def _sections(role: str, landing: str) -> dict[str, list[st.Page]]:
    """The navigation's pages for a role and its landing page, made once per browser session.

    Making a page resolves its file on disk (~20 pages: ~1.5 ms, a twentieth of a warm
    Ringkasan run, issue 19); the same session asks for the same pages on every run. Kept
    in the session, never shared: st.navigation marks the page it picks on its object.
    """
    kept = st.session_state.get(KEY_PAGES)
    if kept is not None and kept[0] == (role, landing):
        return kept[1]
    sections: dict[str, list[st.Page]] = {}
    for spec in for_role(role):
        page = st.Page(
            spec.file,
            title=spec.title,
            icon=spec.icon,
            # Streamlit serves the default page only at "/" yet reserves its name: under its
            # own name (/input-harian in a shared link, or where a sign-in started) it would
            # be "Page not found". The landing page takes a spare name; a hidden page under
            # its real one forwards to "/" with the address's filters.
            url_path=f"{spec.key}-awal" if spec.key == landing else spec.key,
            default=spec.key == landing,
        )
        sections.setdefault(spec.section, []).append(page)
        if spec.key == landing:
            forward = partial(_forward, page)
            forward.__name__ = "forward_to_landing"  # type: ignore[attr-defined]  # a partial takes attributes; typeshed declares none
            sections[spec.section].append(
                st.Page(forward, title=spec.title, url_path=spec.key, visibility="hidden")
            )
    st.session_state[KEY_PAGES] = ((role, landing), sections)
    return sections


def _forward(page: st.Page) -> None:
    st.switch_page(page, query_params=st.query_params.to_dict())


def _run(page, label: str | None = None) -> None:
    """Run the page, timed for /metrics (a rerun or stop ends it early: still one run);
    a database failure ends it with one short message, never a traceback.

    The sign-in form is shown at every page's address: its runs are all "masuk".
    """
    st.session_state[session.KEY_PAGE] = page.url_path
    started = time.perf_counter()
    try:
        page.run()
    except (DatabaseProblem, sqlite3.Error) as exc:
        database_error(exc)
    finally:
        metrics.page_run(label or page.url_path, time.perf_counter() - started)


def database_error(exc: Exception) -> None:
    """What people see when the database fails: one Indonesian sentence, no path, no detail.

    The detail (which file, which SQLite error) goes to the server's log for the admin.
    """
    problem = database_problem(exc)
    if problem is None:  # an error of a statement: a bug, logged with its traceback
        log.error("database error on a page", exc_info=exc)
        problem = DatabaseUnavailable()
    else:
        log.warning("database problem on a page: %s", problem.detail)
    st.error(str(problem), icon=":material/database:")


def landing_page(who) -> str:
    # A leader of a unit with units below it (the nation, a Kakanwil) manages those units:
    # it lands on their overview; the head of a unit without any on that unit's page.
    if who.role == "pimpinan" and data.leads_units(who.unit_id):
        return NATIONAL_LANDING
    return LANDING[who.role]


def _login_pages() -> list[st.Page]:
    """The sign-in form at /masuk and at every page's address.

    A shared link (/ringkasan?periode=tahun) opened before signing in shows the
    form at that address; once signed in, the same address is the real page,
    with its filters still in the URL.
    """
    pages = [st.Page(login.render, title="Masuk", url_path="masuk", default=True)]
    for spec in PAGES:
        alias = partial(login.render)
        alias.__name__ = f"login_{spec.key.replace('-', '_')}"  # type: ignore[attr-defined]  # a partial takes attributes; typeshed declares none
        pages.append(st.Page(alias, title="Masuk", url_path=spec.key))
    return pages


def _first_password_pages() -> list[st.Page]:
    """The password change at every page's address: no page opens before it is done."""
    pages = [
        st.Page(
            first_password.render,
            title="Ganti kata sandi",
            url_path="ganti-kata-sandi",
            default=True,
        )
    ]
    for spec in PAGES:
        alias = partial(first_password.render)
        alias.__name__ = f"first_password_{spec.key.replace('-', '_')}"  # type: ignore[attr-defined]  # a partial takes attributes; typeshed declares none
        pages.append(st.Page(alias, title="Ganti kata sandi", url_path=spec.key))
    return pages


def _sidebar(who) -> None:
    unit = data.unit(who.unit_id) if who.unit_id is not None else None
    with st.sidebar:
        st.caption("Masuk sebagai")
        st.text(who.full_name or who.username)
        name = unit.name if unit else "-"
        st.caption(f"{ROLE_LABELS.get(who.role, who.role)} · {md_escape(name)}")
        if unit:
            now = clock.utc_now()
            st.caption(
                f"{clock.abbrev(unit.tz)} · "
                f"{clock.local_now(unit.tz, now).strftime('%H.%M')} waktu setempat"
            )
        if st.button("Keluar", icon=":material/logout:", key="logout"):
            session.end_here("Anda telah keluar.")
            if sso.sign_out_everywhere():
                st.stop()  # the browser follows the logout redirect to a fresh session
            st.rerun()
