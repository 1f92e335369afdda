"""The app shell: page setup, sign-in, and the navigation built for the user's role."""

from __future__ import annotations

import streamlit as st

from dashboard import clock
from dashboard.store.db import StoreError
from dashboard.ui import data, session, sso
from dashboard.ui.pages import ROLE_LABELS, for_role

LOGIN_PAGE = "views/login.py"


def main() -> None:
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
        page = st.Page(LOGIN_PAGE, title="Masuk", icon=":material/login:", url_path="masuk")
        st.navigation([page], position="hidden").run()
        return
    sections: dict[str, list[st.Page]] = {}
    for spec in for_role(who.role):
        sections.setdefault(spec.section, []).append(
            st.Page(spec.file, title=spec.title, icon=spec.icon, url_path=spec.key)
        )
    navigation = st.navigation(sections, position="sidebar")
    _sidebar(who)
    navigation.run()


def _sidebar(who) -> None:
    unit = data.units_by_id().get(who.unit_id, {})
    with st.sidebar:
        st.caption("Masuk sebagai")
        st.text(who.full_name or who.username)
        st.caption(f"{ROLE_LABELS.get(who.role, who.role)} · {unit.get('name', '-')}")
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
