"""Beranda: the signed-in user's unit, its local date and zone, and its output of today.

Today's tiles say the count against the day's target ("1 / 1", ✓ when met),
from the figures Unit Saya and Input Harian show (service.unit.figures).
"""

from datetime import timedelta

import streamlit as st

from dashboard import clock, fmt
from dashboard.kpi.today import verdict
from dashboard.service import items as item_service
from dashboard.ui import checks, data, session, widgets
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape
from dashboard.words import SHORT_GROUP_LABELS, goal_note

who = session.require_page("beranda")
unit = data.units_by_id()[who.unit_id]
now = clock.utc_now()
today = clock.local_today(unit.tz, now)

st.title("Beranda")
st.markdown(f"### {md_escape(unit.name)}")
st.caption(
    f"{fmt.day_long(today)} · {fmt.time_in_zone(now, unit.tz)} · "
    f"zona waktu {clock.abbrev(unit.tz)} ({unit.tz})"
)

with data.session_db(readonly=True) as db:
    todays = item_service.day_items(db, who, unit.id, today)
# Rejected items are listed struck through and never counted.
state = verdict([i.grp for i in todays if not i.rejected], unit.tz, now)
if state.has_news:
    st.success(state.headline, icon=":material/check_circle:")
else:
    st.warning(state.headline, icon=":material/schedule:")

day = cached.unit_figures(who, unit.id).groups_on_day()
with st.grid(len(SHORT_GROUP_LABELS), min_column_width=150):
    for group, label in SHORT_GROUP_LABELS.items():
        window = day[group]
        widgets.tile(
            f"{label} hari ini",
            widgets.count_vs_target(window.count, window.target),
            goal_note(window),
        )

FIX = "beranda_fix"
if (asked := st.session_state.pop(FIX, None)) is not None:
    st.switch_page("views/entry.py", query_params={"item": str(asked)})


def fix_item(item_id: int) -> None:
    st.session_state[FIX] = item_id


checks.unit_flags(
    who,
    unit.id,
    today - timedelta(days=checks.LOOKBACK_DAYS),
    fix=fix_item,
    key="home_flags",
)

st.subheader("Output hari ini")
if todays:
    widgets.items_table(todays, tz=unit.tz)
else:
    st.info("Belum ada output yang tercatat hari ini untuk unit ini.")
