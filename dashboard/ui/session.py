"""The signed-in user of this browser session, and the page guard.

A session lives in st.session_state (one per browser tab). On every run the
account is read again, so a deactivated account or a changed role takes
effect at once, and a session idle longer than the admin's setting ends.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard.store import users as user_store
from dashboard.store.access import Principal
from dashboard.ui import data
from dashboard.ui.pages import allowed

KEY_PRINCIPAL = "principal"
KEY_LAST_SEEN = "last_seen"
KEY_NOTICE = "login_notice"
KEY_RETURN_PARAMS = "return_params"
KEY_METHOD = "signed_in_with"  # "password" or "sso"


def sign_in(who: Principal, *, method: str = "password") -> None:
    st.session_state[KEY_PRINCIPAL] = who
    st.session_state[KEY_LAST_SEEN] = time.time()
    st.session_state[KEY_METHOD] = method


def method() -> str | None:
    return st.session_state.get(KEY_METHOD)


def sign_out(notice: str | None = None) -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if notice:
        st.session_state[KEY_NOTICE] = notice


def current() -> Principal | None:
    who: Principal | None = st.session_state.get(KEY_PRINCIPAL)
    if who is None:
        return None
    idle_limit = data.setting_int("session_idle_minutes") * 60
    last_seen = st.session_state.get(KEY_LAST_SEEN, 0.0)
    if time.time() - last_seen > idle_limit:
        sign_out("Sesi berakhir karena lama tidak aktif. Silakan masuk kembali.")
        return None
    with data.session_db(readonly=True) as db:
        user = user_store.by_id(db, who.user_id) if who.user_id else None
    if user is None or not user["active"]:
        sign_out("Akun Anda tidak aktif lagi. Hubungi admin satker Anda.")
        return None
    fresh = user_store.principal_of(user)
    st.session_state[KEY_PRINCIPAL] = fresh
    st.session_state[KEY_LAST_SEEN] = time.time()
    return fresh


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
