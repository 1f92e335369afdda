"""Pengguna (admin): accounts — add, deactivate or activate, reset a password."""

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import auth, clock, fmt
from dashboard.domain import Account, Role
from dashboard.service import accounts as account_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, messages, session
from dashboard.ui.text import md_escape
from dashboard.words import ROLE_LABELS

who = session.require_page("pengguna")
units = [u for u in data.units() if u.active]
unit_label = {u.code: f"{u.name} ({u.code})" for u in units}
viewer_tz = data.units_by_id()[session.own_unit(who)].tz

st.title("Pengguna")
flash = st.session_state.pop("users_flash", None)
if flash:
    st.success(md_escape(flash))

with data.session_db(readonly=True) as db:
    accounts = account_service.list_accounts(db, who)


def _locked(user: Account) -> str:
    """'sampai 25 Nov 2026 14.30 WIB' while an account is locked after failed sign-ins."""
    if user.locked_until:
        until = clock.parse_instant(user.locked_until)
        if until > clock.utc_now():
            return f"sampai {fmt.moment(until, viewer_tz)}"
    return ""


def _status(user: Account) -> str:
    if not user.active:
        return "Nonaktif"
    return "Aktif, belum ganti kata sandi" if user.must_change_password else "Aktif"


st.dataframe(
    pd.DataFrame(
        {
            "Nama pengguna": [u.username for u in accounts],
            "Nama lengkap": [u.full_name for u in accounts],
            "Peran": [ROLE_LABELS[u.role] for u in accounts],
            "Unit": [u.unit_name for u in accounts],
            "Status": [_status(u) for u in accounts],
            "Terkunci": [_locked(u) for u in accounts],
            "Masuk terakhir": [
                fmt.moment(clock.parse_instant(u.last_login_at), viewer_tz)
                if u.last_login_at
                else ""
                for u in accounts
            ],
        }
    ),
    hide_index=True,
    width="stretch",
    column_config={
        "Status": st.column_config.TextColumn(width="medium"),
        "Terkunci": st.column_config.TextColumn(width="medium"),
    },
)

NEW_FIELDS = {  # key -> the value an empty form holds
    "new_username": "",
    "new_full_name": "",
    "new_role": "operator",
    "new_unit": None,
    "new_email": "",
    "new_password": "",
    "new_password_again": "",
}


def _add() -> None:
    """'Tambah': make the account; an empty form afterwards, and never a password kept."""
    state = st.session_state
    typed: dict[str, Any] = {key: state.get(key) for key in NEW_FIELDS}
    # Set, not deleted: a deleted key would leave the browser showing the old text.
    state["new_password"] = state["new_password_again"] = ""
    if not typed["new_unit"]:
        state["users_error"] = "Pilih unit kerja."
        return
    if typed["new_password"] != typed["new_password_again"]:
        state["users_error"] = "Kedua kata sandi tidak sama."
        return
    try:
        with data.session_db() as db:
            account_service.create_account(
                db,
                who,
                username=typed["new_username"],
                password=typed["new_password"],
                role=typed["new_role"],
                unit_code=typed["new_unit"],
                full_name=typed["new_full_name"],
                email=typed["new_email"],
                must_change_password=True,  # the admin knows it: its owner picks their own
            )
    except StoreError as exc:
        state["users_error"] = str(exc)
        return
    data.clear_caches()
    state.update(NEW_FIELDS)
    state["users_flash"] = (
        f"Pengguna {(typed['new_username'] or '').strip()} ditambahkan. Saat pertama masuk, "
        "ia diminta mengganti kata sandi awal."
    )


add_tab, manage_tab = st.tabs(["Tambah pengguna", "Kelola akun"])

with add_tab:
    with st.form("add_user", clear_on_submit=False):
        c1, c2 = st.columns(2)
        c1.text_input(
            "Nama pengguna",
            max_chars=auth.USERNAME_MAX,
            help=f"{auth.USERNAME_MIN}–{auth.USERNAME_MAX} karakter: huruf, angka, . _ -",
            key="new_username",
        )
        c2.text_input("Nama lengkap", max_chars=auth.FULL_NAME_MAX, key="new_full_name")
        st.session_state.setdefault("new_role", "operator")  # the default, set once
        c1.selectbox(
            "Peran",
            [r.value for r in Role],
            format_func=ROLE_LABELS.__getitem__,
            index=None,
            placeholder="Pilih peran",
            key="new_role",
        )
        c2.selectbox(
            "Unit kerja",
            list(unit_label),
            format_func=unit_label.__getitem__,
            index=None,
            placeholder="Pilih unit",
            key="new_unit",
        )
        c1.text_input("E-mail (opsional, untuk SSO)", max_chars=auth.EMAIL_MAX, key="new_email")
        c3, c4 = st.columns(2)
        c3.text_input(
            "Kata sandi awal", type="password", autocomplete="new-password", key="new_password"
        )
        c4.text_input(
            "Ulangi kata sandi",
            type="password",
            autocomplete="new-password",
            key="new_password_again",
        )
        st.caption("Pengguna baru diminta mengganti kata sandi awal ini saat pertama masuk.")
        st.form_submit_button("Tambah", type="primary", on_click=_add, key="new_submit")
    problem = st.session_state.pop("users_error", None)
    if problem:
        st.error(md_escape(problem), icon=":material/error:")

with manage_tab:
    by_name = {u.username: u for u in accounts}
    chosen = st.selectbox(
        "Akun",
        list(by_name),
        index=None,
        placeholder="Pilih akun",
        format_func=lambda n: f"{n} — {by_name[n].unit_name}",
    )
    if chosen:
        user = by_name[chosen]
        st.markdown(
            f"**{md_escape(user.username)}** · {ROLE_LABELS[user.role]} · "
            f"{md_escape(user.unit_name)} · {'aktif' if user.active else 'nonaktif'}"
        )
        label = "Nonaktifkan" if user.active else "Aktifkan"
        if st.button(label, key="toggle_active"):
            try:
                with data.session_db() as db:
                    account_service.set_active(db, who, user.id, not user.active)
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                done = "dinonaktifkan" if user.active else "diaktifkan"
                st.session_state["users_flash"] = f"Akun {chosen} {done}."
                st.rerun()
        if st.button("Akhiri semua sesi", key="end_sessions", icon=":material/logout:"):
            try:
                with data.session_db() as db:
                    ended = account_service.end_all_sessions_of(db, who, user.id)
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                st.session_state["users_flash"] = (
                    f"{ended} sesi {chosen} diakhiri: akun itu harus masuk kembali."
                )
                st.rerun()
        with st.form("reset_password", clear_on_submit=True):
            new = st.text_input(
                "Kata sandi baru",
                type="password",
                autocomplete="new-password",
                help="Pemilik akun diminta menggantinya saat masuk berikutnya.",
                key="reset_password_new",
            )
            if st.form_submit_button("Atur ulang kata sandi"):
                try:
                    with data.session_db() as db:
                        account_service.reset_password(db, who, user.id, new)
                except StoreError as exc:
                    st.error(md_escape(exc))
                else:
                    st.session_state["users_flash"] = (
                        f"Kata sandi {chosen} diatur ulang; akun yang terkunci dibuka dan "
                        "sesinya diakhiri. Pemilik akun diminta menggantinya saat masuk "
                        "berikutnya."
                    )
                    st.rerun()

        # --- messages: the account's contacts and subscriptions (issue 15) -------------------
        with st.expander("Pesan & pengingat akun ini"):
            messages.settings(who, user.id, prefix=f"pengguna-pesan-{user.id}")
