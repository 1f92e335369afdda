"""Layar Rapat: make, list and revoke links for the meeting screen (admin, pimpinan)."""

import pandas as pd
import streamlit as st

from dashboard import clock, fmt
from dashboard.domain import ScreenLink
from dashboard.orgtree import short_name
from dashboard.service import screen_links as screens
from dashboard.service.errors import StoreError
from dashboard.ui import data, session
from dashboard.ui.screen import address

KEY_NEW = "screen_new_address"  # the address of a link just made: shown once, then forgotten
KEY_FLASH = "screen_flash"

PAGE = "layar-rapat"
who = session.require_page(PAGE)
viewer_tz = data.units_by_id()[session.own_unit(who)].tz
now = clock.utc_now()

st.title("Layar Rapat")
st.caption(
    "Tautan layar menampilkan ringkasan yang berganti sendiri di layar besar rapat koordinasi, "
    "tanpa masuk. Siapa pun yang memegang tautan dapat membuka layar itu: bagikan hanya kepada "
    "panitia rapat, dan cabut setelah rapat selesai."
)

new_address = st.session_state.pop(KEY_NEW, None)
if new_address:
    st.success(
        "Tautan layar dibuat. Salin sekarang — tautan ini hanya ditampilkan sekali ini.",
        icon=":material/check_circle:",
    )
    st.code(new_address, language=None, wrap_lines=True)
    st.caption(
        "Buka alamat ini di peramban komputer layar rapat, lalu tekan F11 untuk layar penuh. "
        "Tidak perlu masuk; panel berganti sendiri."
    )
flash = st.session_state.pop(KEY_FLASH, None)
if flash:
    st.success(flash)

with data.session_db(readonly=True) as db:
    board = screens.link_board(db, who)
scopes, links = board.scopes, board.links

st.subheader("Buat tautan layar")
if not scopes:
    st.info(
        "Layar rapat mencakup seluruh nasional atau satu Kanwil, dan cakupan Anda tidak "
        "mencakup keduanya. Minta tautan kepada pimpinan Kanwil atau admin.",
        icon=":material/info:",
    )
else:
    names = {u.id: "Nasional" if u.parent_id is None else u.name for u in scopes}
    with st.form("new_screen_link", clear_on_submit=True):
        scope = st.selectbox(
            "Cakupan",
            list(names),
            format_func=names.__getitem__,
            placeholder="Pilih cakupan",
            key="screen_scope",
        )
        left, right = st.columns(2)
        days = left.number_input(
            "Berlaku (hari)",
            min_value=screens.DAYS_RANGE[0],
            max_value=screens.DAYS_RANGE[1],
            value=screens.DEFAULT_DAYS,
            step=1,
            key="screen_days",
        )
        rotate = right.number_input(
            "Panel berganti setiap (detik)",
            min_value=screens.ROTATE_RANGE[0],
            max_value=screens.ROTATE_RANGE[1],
            value=screens.DEFAULT_ROTATE,
            step=5,
            key="screen_rotate",
        )
        label = st.text_input(
            "Keterangan (opsional)",
            max_chars=screens.LABEL_MAX,
            placeholder="mis. Rakorwil Kehumasan 2026",
            key="screen_label",
        )
        submitted = st.form_submit_button("Buat tautan", type="primary")
    if submitted:
        try:
            with data.session_db() as db:
                token = screens.create_link(
                    db, who, scope, days=int(days), rotate_seconds=int(rotate), label=label
                )
        except StoreError as exc:
            st.error(str(exc))
        else:
            st.session_state[KEY_NEW] = address(st.context.url, token, PAGE)
            data.clear_caches()
            st.rerun()

st.subheader("Tautan yang ada")
if not links:
    st.caption("Belum ada tautan layar dalam cakupan Anda.")
else:

    def moment(value: str | None) -> str:
        return fmt.moment(clock.parse_instant(value), viewer_tz) if value else ""

    def status(link: ScreenLink) -> str:
        label = screens.status_label(link, now)
        if link.revoked_at:
            label += f" {moment(link.revoked_at)} oleh {link.revoker}"
        return label

    st.dataframe(
        pd.DataFrame(
            {
                "No.": [link.id for link in links],
                "Cakupan": [
                    "Nasional" if link.national else short_name(link.unit_name, kanwil=True)
                    for link in links
                ],
                "Keterangan": [link.label for link in links],
                "Status": [status(link) for link in links],
                "Berlaku sampai": [moment(link.expires_at) for link in links],
                "Ganti panel": [f"{link.rotate_seconds} detik" for link in links],
                "Dibuat": [
                    f"{fmt.day_short(clock.local_date_of(clock.parse_instant(link.created_at), viewer_tz))}"
                    f" oleh {link.creator}"
                    for link in links
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    live = [link for link in links if screens.is_live(link, now)]
    if live:
        choice = {
            link.id: f"No. {link.id} · "
            + ("Nasional" if link.national else link.unit_code)
            + f" · berlaku s.d. {moment(link.expires_at)}"
            for link in live
        }
        picked = st.selectbox(
            "Cabut tautan",
            list(choice),
            format_func=choice.__getitem__,
            index=None,
            placeholder="Pilih tautan yang akan dicabut",
            key="screen_revoke",
        )
        if (
            st.button("Cabut", key="screen_revoke_button", disabled=picked is None)
            and picked is not None
        ):
            try:
                with data.session_db() as db:
                    screens.revoke_link(db, who, picked)
            except StoreError as exc:
                st.error(str(exc))
            else:
                st.session_state[KEY_FLASH] = (
                    f"Tautan nomor {picked} dicabut. Layar yang memakainya menjadi kosong pada "
                    "penyegaran berikutnya."
                )
                data.clear_caches()
                st.rerun()
