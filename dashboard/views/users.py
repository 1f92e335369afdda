"""Pengguna (admin): accounts — add, deactivate or activate, reset a password."""

import pandas as pd
import streamlit as st

from dashboard import auth, clock, fmt
from dashboard.store import sessions as session_store
from dashboard.store import users as user_store
from dashboard.store.db import StoreError
from dashboard.store.migrations import ROLES
from dashboard.ui import data, messages, session
from dashboard.ui.pages import ROLE_LABELS
from dashboard.ui.text import md_escape

who = session.require_page("pengguna")
units = [u for u in data.units() if u["active"]]
unit_label = {u["code"]: f"{u['name']} ({u['code']})" for u in units}
viewer_tz = data.units_by_id()[who.unit_id]["tz"]

st.title("Pengguna")
flash = st.session_state.pop("users_flash", None)
if flash:
    st.success(flash)

with data.session_db(readonly=True) as db:
    accounts = user_store.list_users(db, who)


def _locked(user: dict) -> str:
    if user["locked_until"] and clock.parse_instant(user["locked_until"]) > clock.utc_now():
        return "Terkunci"
    return ""


st.dataframe(
    pd.DataFrame(
        {
            "Nama pengguna": [u["username"] for u in accounts],
            "Nama lengkap": [u["full_name"] for u in accounts],
            "Peran": [ROLE_LABELS[u["role"]] for u in accounts],
            "Unit": [u["unit_name"] for u in accounts],
            "Status": ["Aktif" if u["active"] else "Nonaktif" for u in accounts],
            "Kunci": [_locked(u) for u in accounts],
            "Masuk terakhir": [
                fmt.moment(clock.parse_instant(u["last_login_at"]), viewer_tz)
                if u["last_login_at"]
                else ""
                for u in accounts
            ],
        }
    ),
    hide_index=True,
    width="stretch",
)

add_tab, manage_tab = st.tabs(["Tambah pengguna", "Kelola akun"])

with add_tab, st.form("add_user", clear_on_submit=False):
    c1, c2 = st.columns(2)
    username = c1.text_input(
        "Nama pengguna", max_chars=64, help="3–64 karakter: huruf, angka, . _ -", key="new_username"
    )
    full_name = c2.text_input("Nama lengkap", max_chars=120, key="new_full_name")
    role = c1.selectbox("Peran", ROLES, format_func=ROLE_LABELS.get, index=2, key="new_role")
    unit_code = c2.selectbox(
        "Unit kerja",
        list(unit_label),
        format_func=unit_label.get,
        index=None,
        placeholder="Pilih unit",
        key="new_unit",
    )
    email = c1.text_input("E-mail (opsional, untuk SSO)", max_chars=200, key="new_email")
    c3, c4 = st.columns(2)
    password = c3.text_input(
        "Kata sandi awal", type="password", autocomplete="new-password", key="new_password"
    )
    again = c4.text_input(
        "Ulangi kata sandi", type="password", autocomplete="new-password", key="new_password_again"
    )
    if st.form_submit_button("Tambah", type="primary"):
        if not unit_code:
            st.error("Pilih unit kerja.")
        elif password != again:
            st.error("Kedua kata sandi tidak sama.")
        else:
            try:
                with data.session_db() as db:
                    auth.create_user(
                        db,
                        who,
                        username=username,
                        password=password,
                        role=role,
                        unit_code=unit_code,
                        full_name=full_name,
                        email=email,
                    )
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                data.clear_caches()
                st.session_state["users_flash"] = f"Pengguna {md_escape(username)} ditambahkan."
                st.rerun()

with manage_tab:
    by_name = {u["username"]: u for u in accounts}
    chosen = st.selectbox(
        "Akun",
        list(by_name),
        index=None,
        placeholder="Pilih akun",
        format_func=lambda n: f"{n} — {by_name[n]['unit_name']}",
    )
    if chosen:
        user = by_name[chosen]
        st.markdown(
            f"**{md_escape(user['username'])}** · {ROLE_LABELS[user['role']]} · "
            f"{md_escape(user['unit_name'])} · {'aktif' if user['active'] else 'nonaktif'}"
        )
        label = "Nonaktifkan" if user["active"] else "Aktifkan"
        if st.button(label, key="toggle_active"):
            try:
                with data.session_db() as db:
                    user_store.set_active(db, who, user["id"], not user["active"])
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                done = "dinonaktifkan" if user["active"] else "diaktifkan"
                st.session_state["users_flash"] = f"Akun {md_escape(chosen)} {done}."
                st.rerun()
        if st.button("Akhiri semua sesi", key="end_sessions", icon=":material/logout:"):
            try:
                with data.session_db() as db:
                    ended = session_store.end_all(db, who, user["id"], "admin")
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                st.session_state["users_flash"] = (
                    f"{ended} sesi {md_escape(chosen)} diakhiri: akun itu harus masuk kembali."
                )
                st.rerun()
        with st.form("reset_password"):
            new = st.text_input("Kata sandi baru", type="password", autocomplete="new-password")
            if st.form_submit_button("Atur ulang kata sandi"):
                try:
                    with data.session_db() as db:
                        auth.reset_password(db, who, user["id"], new)
                except StoreError as exc:
                    st.error(md_escape(exc))
                else:
                    st.session_state["users_flash"] = (
                        f"Kata sandi {md_escape(chosen)} diatur ulang; kunci akun (jika ada) dibuka."
                    )
                    st.rerun()

        # --- messages: the account's contacts and subscriptions (issue 15) -------------------
        with st.expander("Pesan & pengingat akun ini"):
            messages.settings(who, user["id"], prefix=f"pengguna-pesan-{user['id']}")
