"""Masuk: the sign-in form, shown at whatever address an anonymous visitor opened."""

import streamlit as st

from dashboard import auth
from dashboard.ui import data, session


def render() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        _form()


def _form() -> None:
    st.title("Pantau Humas")
    st.caption("Pemantauan publikasi harian humas satker Kementerian Agama")
    notice = st.session_state.pop(session.KEY_NOTICE, None)
    if notice:
        st.info(notice)
    with st.form("login", enter_to_submit=True):
        username = st.text_input("Nama pengguna", autocomplete="username", max_chars=64)
        password = st.text_input(
            "Kata sandi", type="password", autocomplete="current-password", max_chars=256
        )
        submitted = st.form_submit_button("Masuk", type="primary", width="stretch")
    if submitted:
        with data.session_db() as db:
            who = auth.authenticate(db, username, password)
        if who is None:
            st.error(auth.LOGIN_REFUSED)
        else:
            session.sign_in(who)
            # The shared link's filters, put back in the address once the real page loads.
            st.session_state[session.KEY_RETURN_PARAMS] = st.query_params.to_dict()
            st.rerun()
    st.caption(
        f"Setelah {auth.MAX_FAILURES} kali gagal, akun dikunci {auth.LOCK_MINUTES} menit. "
        "Lupa kata sandi? Hubungi admin satker Anda."
    )
