"""Single sign-on in the app: which buttons to show, and turning an identity into a session.

The rules live in dashboard/sso.py; this module reads Streamlit's secrets and
st.user and keeps the outcome in the session.
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta

import streamlit as st

from dashboard import auth, clock, metrics, sso
from dashboard.store.access import Principal
from dashboard.ui import data, session

KEY_REFUSAL = "sso_refusal"
KEY_REFUSED_EMAIL = "sso_refused_email"


def _secrets() -> dict:
    try:
        return {k: st.secrets[k] for k in ("auth", "sso") if k in st.secrets}
    except FileNotFoundError:  # no secrets.toml at all: SSO is off
        return {}


def providers() -> list[sso.Provider]:
    """The SSO buttons to show; none when SSO is not configured."""
    if not all(importlib.util.find_spec(m) for m in ("authlib", "httpx")):  # st.login needs both
        return []
    return sso.providers(_secrets())


def identity() -> dict | None:
    """The identity Streamlit holds for this browser (st.user), when signed in through SSO."""
    user = st.user.to_dict()
    return user if user.get("is_logged_in") is True else None


def attempt() -> Principal | None:
    """Start a session from an SSO identity, or leave a reason for the login page."""
    if not providers():
        return None
    found = identity()
    if found is None:
        return None
    email = sso.email_of(found)
    if email is None:
        st.session_state[KEY_REFUSAL] = sso.NO_EMAIL
        return None
    max_age = timedelta(minutes=data.setting_int("session_idle_minutes"))
    if not sso.is_fresh(found, clock.utc_now(), max_age):
        st.session_state.setdefault(session.KEY_NOTICE, sso.STALE)
        return None
    with data.session_db() as db:
        if auth.sso_identity_outdated(db, email, sso.issued_at(found)):
            # Its sessions were ended after this identity was issued: one click for a fresh one.
            st.session_state.setdefault(session.KEY_NOTICE, sso.STALE)
            return None
        who = auth.sign_in_sso(db, email)
    if who is None or not session.sign_in(who, method="sso"):
        metrics.sign_in("sso", auth.FAILED)
        st.session_state[KEY_REFUSAL] = sso.REFUSED
        st.session_state[KEY_REFUSED_EMAIL] = email
        return None
    metrics.sign_in("sso", auth.OK)
    return who


def sign_out_everywhere() -> bool:
    """Also drop Streamlit's identity cookie, or the next run would sign straight back in.

    True when the browser is being sent to Streamlit's logout route: the caller
    must then end the run (st.stop), not rerun, because a rerun clears the
    session's outgoing messages and could drop that redirect.
    """
    if identity() is None:
        return False
    st.logout()
    return True
