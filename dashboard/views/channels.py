"""Kanal: a unit's website and social accounts, collected automatically — add, test, remove, health."""

import streamlit as st

from dashboard.service import channels as channel_service
from dashboard.ui import channels as panel
from dashboard.ui import figures, session
from dashboard.ui.text import md_escape

who = session.require_page(panel.PAGE)
ctx = figures.current_context()

st.title("Kanal")
st.caption(
    "Situs web dan akun media sosial resmi unit. Unggahan barunya dikumpulkan otomatis setiap "
    "30 menit dan tercatat sebagai output dengan sumber “otomatis” — tidak perlu diketik lagi. "
    "Kegiatan, liputan media dan siaran pers tetap diisi di Input Harian."
)
flash = st.session_state.pop(panel.KEY_FLASH, None)
if flash:
    st.success(flash, icon=":material/check_circle:")

choices = figures.pickable_units(who, ctx)
by_id = {u.id: u for u in choices}
if len(choices) > 1:
    chosen = st.selectbox(
        "Unit kerja",
        list(by_id),
        index=list(by_id).index(who.unit_id) if who.unit_id in by_id else 0,
        format_func=lambda i: by_id[i].name,
        key="kanal_unit",
        placeholder="Pilih unit kerja",
    )
else:
    chosen = choices[0].id
unit = by_id[chosen]
manage = channel_service.can_manage(who, unit.id)

st.markdown(f"### {md_escape(unit.name)}")
channels = panel.unit_channels(who, unit.id)
if not channels:
    st.info(
        "Unit ini belum mendaftarkan kanal."
        + (" Daftarkan situs dan akun resminya di bawah." if manage else ""),
        icon=":material/info:",
    )
for channel in channels:
    panel.channel_card(who, channel, manage)

if manage:
    panel.add_form(who, unit)
elif who.role == "pimpinan":
    st.caption("Kanal didaftarkan dan dikelola oleh operator unit itu atau admin.")

if who.role != "operator" and ctx.children(unit.id):
    panel.coverage_section(who, unit)
