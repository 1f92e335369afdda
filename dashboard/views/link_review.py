"""Tinjauan Tautan: the same link claimed by two units, for a pimpinan above both or an admin.

Both items were accepted and both count; the reviewer decides whether that is
right (a joint event both covered) or whether one unit claimed the other's
work, and asks that unit's operator (or an admin) to delete its item.
"""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import fmt
from dashboard.store import items as item_store
from dashboard.ui import data, session

who = session.require_page("tinjauan-tautan")

st.title("Tinjauan Tautan")
st.caption(
    "Tautan yang sama dicatat oleh dua unit kerja. Keduanya tetap dihitung sampai salah satu "
    "dihapus oleh operator unitnya (atau admin). Yang tampil: pasangan yang kedua unitnya "
    "berada dalam cakupan Anda."
)

with data.session_db(readonly=True) as db:
    pairs = item_store.link_conflicts(db, who)

if not pairs:
    st.success("Tidak ada tautan ganda antarunit dalam cakupan Anda.", icon=":material/check:")
else:
    st.metric("Pasangan untuk ditinjau", fmt.number(len(pairs)))

    def _day(item: dict) -> str:
        return fmt.day_medium(date.fromisoformat(item["day"]))

    frame = pd.DataFrame(
        {
            "Tautan": [p["second"]["link"] for p in pairs],
            "Unit pertama": [p["first"]["unit_name"] for p in pairs],
            "Jenis (pertama)": [p["first"]["kind_short"] for p in pairs],
            "Tanggal (pertama)": [_day(p["first"]) for p in pairs],
            "Judul (pertama)": [p["first"]["title"] for p in pairs],
            "Unit kedua": [p["second"]["unit_name"] for p in pairs],
            "Jenis (kedua)": [p["second"]["kind_short"] for p in pairs],
            "Tanggal (kedua)": [_day(p["second"]) for p in pairs],
            "Judul (kedua)": [p["second"]["title"] for p in pairs],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "Tautan": st.column_config.LinkColumn(display_text="Buka", width="small"),
            "Judul (pertama)": st.column_config.TextColumn(width="medium"),
            "Judul (kedua)": st.column_config.TextColumn(width="medium"),
        },
    )
