"""Akun Saya: who am I, change my password, and where I am signed in."""

from datetime import timedelta

import streamlit as st

from dashboard import auth, clock, fmt, useragent
from dashboard.service import accounts as account_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, messages, session
from dashboard.ui.text import md_escape
from dashboard.words import ROLE_LABELS

who = session.require_page("akun")
unit = data.units_by_id()[session.own_unit(who)]

st.title("Akun Saya")
st.text(f"Nama pengguna : {who.username}")
st.text(f"Nama lengkap  : {who.full_name or '-'}")
st.text(f"Peran         : {ROLE_LABELS[who.role]}")
st.text(f"Unit kerja    : {unit.name}")

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
                    account_service.change_own_password(
                        db, who, current, new, keep_session=session.session_id()
                    )
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                st.success("Kata sandi diganti. Sesi di perangkat lain telah diakhiri.")

# --- where this account is signed in -------------------------------------------------------

KEY_FLASH = "sessions_flash"


def _end_one(target: int) -> None:
    now_who = session.current()  # the principal of this moment, not of the run that drew the button
    if now_who is None:
        return
    try:
        with data.session_db() as db:
            ended = account_service.end_session(db, now_who, target)
    except StoreError as exc:
        st.session_state[KEY_FLASH] = ("error", md_escape(exc))
    else:
        st.session_state[KEY_FLASH] = (
            ("success", "Sesi diakhiri: perangkat itu harus masuk kembali.")
            if ended
            else ("info", "Sesi itu sudah berakhir.")
        )


def _end_all() -> None:
    now_who = session.current()
    if now_who is None:
        return
    with data.session_db() as db:
        account_service.sign_out_everywhere(db, now_who)
    session.end_here("Anda telah keluar dari semua perangkat.")


st.subheader("Sesi masuk")
st.caption(
    "Perangkat tempat akun Anda sedang masuk. Akhiri sesi yang tidak Anda kenali, "
    "lalu ganti kata sandi."
)
flash = st.session_state.pop(KEY_FLASH, None)
if flash:
    getattr(st, flash[0])(flash[1])
viewer_tz = unit.tz
with data.session_db(readonly=True) as db:
    live = account_service.live_sessions(
        db,
        who,
        session.own_account(who),
        now=clock.utc_now(),
        idle=timedelta(minutes=data.setting_int("session_idle_minutes")),
    )
here = session.session_id()
if not live:
    st.caption("Sesi ini hanya berlaku di tab ini (tidak tersimpan di server).")
for row in live:
    with st.container(border=True, key=f"sesi-{row.id}"):
        mine = row.id == here
        left, right = (
            (st.container(), None) if mine else st.columns([4, 1], vertical_alignment="center")
        )
        device = useragent.describe(row.user_agent)
        # Header text from a browser: shown as text, never as Markdown.
        left.text(f"{device} · perangkat ini" if mine else device)
        how = "SSO" if row.method == "sso" else "kata sandi"
        left.caption(
            f"Alamat {md_escape(row.address or 'lokal')} · aktif "
            f"{fmt.moment(clock.parse_instant(row.last_seen_at), viewer_tz)} · masuk "
            f"{fmt.moment(clock.parse_instant(row.created_at), viewer_tz)} dengan {how}"
        )
        if right is not None:
            right.button(
                "Akhiri",
                key=f"akhiri-{row.id}",
                on_click=_end_one,
                args=(row.id,),
                width="stretch",
            )
st.button(
    "Keluar dari semua perangkat",
    key="keluar_semua",
    icon=":material/logout:",
    on_click=_end_all,
    help="Mengakhiri semua sesi akun ini, termasuk di perangkat ini.",
)

# --- messages: contacts and subscriptions (issue 15; dashboard/ui/messages.py) ---------------

st.subheader("Pesan & pengingat")
messages.settings(who, session.own_account(who), prefix="akun-pesan")
