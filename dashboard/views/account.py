"""Akun Saya: who am I, and change my password."""

import streamlit as st

from dashboard import auth
from dashboard.store.db import StoreError
from dashboard.ui import data, session
from dashboard.ui.pages import ROLE_LABELS
from dashboard.ui.text import md_escape

who = session.require_page("akun")
unit = data.units_by_id()[who.unit_id]

st.title("Akun Saya")
st.text(f"Nama pengguna : {who.username}")
st.text(f"Nama lengkap  : {who.full_name or '-'}")
st.text(f"Peran         : {ROLE_LABELS[who.role]}")
st.text(f"Unit kerja    : {unit['name']}")

st.subheader("Ganti kata sandi")
with st.form("change_password", clear_on_submit=True):
    current = st.text_input("Kata sandi saat ini", type="password", autocomplete="current-password")
    new = st.text_input(
        f"Kata sandi baru (minimal {auth.MIN_PASSWORD_LENGTH} karakter)",
        type="password",
        autocomplete="new-password",
    )
    again = st.text_input("Ulangi kata sandi baru", type="password", autocomplete="new-password")
    if st.form_submit_button("Simpan", type="primary"):
        if new != again:
            st.error("Kedua kata sandi baru tidak sama.")
        else:
            try:
                with data.session_db() as db:
                    auth.change_own_password(db, who, current, new)
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                st.success("Kata sandi diganti.")
