"""The app shell: page setup, sign-in, and the navigation built for the user's role."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import clock
from dashboard.store.db import StoreError
from dashboard.ui import data, first_password, login, screen, session, sso, urlstate
from dashboard.ui.pages import LANDING, NATIONAL_LANDING, PAGES, ROLE_LABELS, for_role
from dashboard.ui.text import md_escape


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
    except StoreError as exc:
        st.error(f"Basis data tidak dapat dibuka. Hubungi admin. ({exc})")
        st.stop()
    if who is None:
        st.navigation(_login_pages(), position="hidden").run()
        return
    # Issue 16 item 17: an account whose password an admin chose picks its own first.
    if first_password.required(who):
        st.navigation(_first_password_pages(), position="hidden").run()
        return
    landing = landing_page(who)
    sections: dict[str, list[st.Page]] = {}
    for spec in for_role(who.role):
        sections.setdefault(spec.section, []).append(
            st.Page(
                spec.file,
                title=spec.title,
                icon=spec.icon,
                url_path=spec.key,
                default=spec.key == landing,
            )
        )
    navigation = st.navigation(sections, position="sidebar", expanded=True)
    # Filters of a link opened before signing in: into the widgets before they are drawn.
    for key, value in urlstate.parse(st.session_state.pop(session.KEY_RETURN_PARAMS, {})).items():
        st.session_state[key] = value
    _sidebar(who)
    navigation.run()


def landing_page(who) -> str:
    if who.role == "pimpinan" and data.units_by_id()[who.unit_id]["parent_id"] is None:
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
        alias.__name__ = f"login_{spec.key.replace('-', '_')}"
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
        alias.__name__ = f"first_password_{spec.key.replace('-', '_')}"
        pages.append(st.Page(alias, title="Ganti kata sandi", url_path=spec.key))
    return pages


def _sidebar(who) -> None:
    unit = data.units_by_id().get(who.unit_id, {})
    with st.sidebar:
        st.caption("Masuk sebagai")
        st.text(who.full_name or who.username)
        st.caption(f"{ROLE_LABELS.get(who.role, who.role)} · {md_escape(unit.get('name', '-'))}")
        if unit:
            now = clock.utc_now()
            st.caption(
                f"{clock.abbrev(unit['tz'])} · "
                f"{clock.local_now(unit['tz'], now).strftime('%H.%M')} waktu setempat"
            )
        if st.button("Keluar", icon=":material/logout:", key="logout"):
            session.sign_out("Anda telah keluar.")
            if sso.sign_out_everywhere():
                st.stop()  # the browser follows the logout redirect to a fresh session
            st.rerun()
