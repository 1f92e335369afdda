"""Ganti kata sandi: the only page of an account whose password an admin chose.

An admin who makes an account on Pengguna, or resets its password, knows that
password. Until its owner picks one of their own, the shell shows this page
instead of any other (the account's flag `must_change_password`, read from the
database on every run). Signing in through SSO uses no password and is not
stopped here.
"""

from __future__ import annotations

import streamlit as st

from dashboard import auth
from dashboard.service import accounts as account_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, session
from dashboard.ui.text import md_escape

KEY_NEW, KEY_AGAIN = "first_password_new", "first_password_again"
KEY_ERROR = "first_password_error"


def required(who) -> bool:
    """Whether this run must stop at the password change (one indexed read)."""
    if session.method() == "sso":
        return False
    with data.session_db(readonly=True) as db:
        return account_service.must_change_password(db, who)


def _save() -> None:
    state = st.session_state
    new, again = state.get(KEY_NEW) or "", state.get(KEY_AGAIN) or ""
    # Set, not deleted: the fields are empty again whatever happened.
    state[KEY_NEW] = state[KEY_AGAIN] = ""
    if new != again:
        state[KEY_ERROR] = "Kedua kata sandi tidak sama."
        return
    who = session.current()  # the principal of this moment, not of the run that drew the form
    if who is None:
        return
    try:
        with data.session_db() as db:
            # This session stays signed in; the account's others end (a new password).
            auth.choose_first_password(db, who, new, keep_session=session.session_id())
    except StoreError as exc:
        state[KEY_ERROR] = str(exc)
        return
    st.toast("Kata sandi diganti. Selamat bekerja.", icon=":material/check_circle:")


def render() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        who = st.session_state.get(session.KEY_PRINCIPAL)
        st.title("Ganti kata sandi")
        st.text(f"Masuk sebagai {who.username}")
        st.info(
            "Kata sandi akun ini dibuat atau diatur ulang oleh admin. Pilih kata sandi Anda "
            f"sendiri (minimal {auth.MIN_PASSWORD_LENGTH} karakter) sebelum memakai halaman "
            "lain.",
            icon=":material/key:",
        )
        problem = st.session_state.pop(KEY_ERROR, None)
        if problem:
            st.error(md_escape(problem), icon=":material/error:")
        with st.form("first_password", enter_to_submit=True):
            st.text_input(
                "Kata sandi baru",
                type="password",
                autocomplete="new-password",
                max_chars=auth.MAX_PASSWORD_LENGTH,
                key=KEY_NEW,
            )
            st.text_input(
                "Ulangi kata sandi baru",
                type="password",
                autocomplete="new-password",
                max_chars=auth.MAX_PASSWORD_LENGTH,
                key=KEY_AGAIN,
            )
            st.form_submit_button(
                "Simpan dan lanjutkan", type="primary", width="stretch", on_click=_save
            )
        if st.button("Keluar", icon=":material/logout:", key="first_password_logout"):
            session.end_here("Anda telah keluar.")
            st.rerun()
