"""Beranda: the signed-in user's unit, its local date and zone, and its output of today."""

import streamlit as st

from dashboard import clock, fmt
from dashboard.kpi.today import verdict
from dashboard.store import items as item_store
from dashboard.ui import data, session, widgets
from dashboard.ui.text import md_escape

who = session.require_page("beranda")
unit = data.units_by_id()[who.unit_id]
now = clock.utc_now()
today = clock.local_today(unit["tz"], now)

st.title("Beranda")
st.markdown(f"### {md_escape(unit['name'])}")
st.caption(
    f"{fmt.day_long(today)} · {fmt.time_in_zone(now, unit['tz'])} · "
    f"zona waktu {clock.abbrev(unit['tz'])} ({unit['tz']})"
)

with data.session_db(readonly=True) as db:
    todays = item_store.on_day(db, who, unit["id"], today)
state = verdict(todays, unit["tz"], now)
if state.has_news:
    st.success(state.headline, icon=":material/check_circle:")
else:
    st.warning(state.headline, icon=":material/schedule:")

widgets.group_counts(state.counts)

st.subheader("Output hari ini")
if todays:
    widgets.items_table(todays, tz=unit["tz"])
else:
    st.info("Belum ada output yang tercatat hari ini untuk unit ini.")
