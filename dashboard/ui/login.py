"""Masuk: the sign-in form (and single sign-on buttons when SSO is configured),
shown at whatever address an anonymous visitor opened."""

import streamlit as st

from dashboard import auth, metrics
from dashboard.ui import data, session, sso


def render() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        _form()


def _form() -> None:
    st.title("Pantau Humas")
    st.caption("Pemantauan publikasi harian humas satker Kementerian Agama")
    notice = st.session_state.pop(session.KEY_NOTICE, None)
    if st.query_params.get("keluar") == "1":  # the page a browser lands on after "Keluar"
        del st.query_params["keluar"]
        notice = notice or "Anda telah keluar."
    if notice:
        st.info(notice)
    refusal = st.session_state.pop(sso.KEY_REFUSAL, None)
    if refusal:
        st.error(refusal, icon=":material/block:")
        email = st.session_state.pop(sso.KEY_REFUSED_EMAIL, None)
        if email:
            # From the identity provider: plain text (Markdown would make it a mailto link).
            st.text(f"E-mail dari SSO: {email}")
        if st.button("Keluar dari akun SSO", key="sso_logout"):
            st.logout()
    with st.form("login", enter_to_submit=True):
        username = st.text_input(
            "Nama pengguna", autocomplete="username", max_chars=auth.USERNAME_MAX
        )
        password = st.text_input(
            "Kata sandi",
            type="password",
            autocomplete="current-password",
            max_chars=auth.MAX_PASSWORD_LENGTH,
        )
        submitted = st.form_submit_button("Masuk", type="primary", width="stretch")
    if submitted:
        with data.session_db() as db:
            outcome = auth.sign_in(db, username, password, client=session.client_address())
        metrics.sign_in("password", outcome.outcome)
        who = outcome.principal
        if who is None or not session.sign_in(who):
            st.error(outcome.message)
        else:
            # The shared link's filters, put back in the address once the real page loads.
            st.session_state[session.KEY_RETURN_PARAMS] = st.query_params.to_dict()
            st.rerun()
    providers = sso.providers()
    if providers:
        st.caption("atau")
        for provider in providers:
            if st.button(
                provider.label,
                key=f"sso_{provider.name or 'default'}",
                icon=":material/key:",
                width="stretch",
            ):
                st.login(provider.name)
    st.caption(
        f"Setelah {auth.MAX_FAILURES} kali gagal dari perangkat yang sama, akun dikunci "
        f"{auth.LOCK_MINUTES} menit di perangkat itu. Lupa kata sandi? Hubungi admin satker Anda."
    )
