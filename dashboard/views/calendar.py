"""Kalender Kerja: working days, national holidays and cuti bersama; admins adjust days."""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import clock, fmt
from dashboard.kpi.calendar import national_holidays
from dashboard.kpi.goals import Calendar, month_bounds
from dashboard.store import calendar as calendar_store
from dashboard.store.db import StoreError
from dashboard.ui import data, session
from dashboard.ui.text import md_escape

who = session.require_page("kalender")
today = clock.local_today(data.units_by_id()[who.unit_id]["tz"])

st.title("Kalender Kerja")
st.caption(
    "Hari kerja: Senin–Jumat, dikurangi libur nasional dan cuti bersama. Target berita "
    "dihitung per hari kerja; target media sosial setiap hari."
)
flash = st.session_state.pop("calendar_flash", None)
if flash:
    st.success(flash)

year = st.selectbox(
    "Tahun", [today.year - 1, today.year, today.year + 1], index=1, key="tahun", bind="query-params"
)
with data.session_db(readonly=True) as db:
    overrides = calendar_store.list_overrides(db)
changed = {date.fromisoformat(o["day"]): o for o in overrides}
calendar = Calendar({d: bool(o["working"]) for d, o in changed.items()})

holidays = national_holidays([year])
days = sorted(set(holidays) | {d for d in changed if d.year == year})
rows = []
for day in days:
    if day in changed:
        kind = (
            "Hari kerja (ditetapkan admin)"
            if changed[day]["working"]
            else "Libur (ditetapkan admin)"
        )
        name = changed[day]["note"]
    else:
        name = holidays[day]
        kind = "Cuti bersama" if name.lower().startswith("cuti bersama") else "Libur nasional"
    rows.append({"Tanggal": fmt.day_long(day), "Keterangan": name, "Jenis": kind})

left, right = st.columns([3, 2])
with left:
    st.subheader(f"Hari libur {year}")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=420)
with right:
    st.subheader("Hari kerja per bulan")
    months = []
    for month in range(1, 13):
        first, last = month_bounds(date(year, month, 1))
        months.append(
            {
                "Bulan": fmt.month_year(first),
                "Hari kerja": calendar.counted_days(first, last, "working"),
            }
        )
    st.dataframe(pd.DataFrame(months), hide_index=True, width="stretch", height=420)

if who.role == "admin":
    st.subheader("Ubah hari (admin)")
    st.caption(
        "Untuk keputusan yang datang setelah daftar resmi: tambahan cuti bersama, atau hari "
        "libur yang dibatalkan. Setiap perubahan tercatat di log audit."
    )
    with st.form("override"):
        c1, c2 = st.columns(2)
        day = c1.date_input("Tanggal", value=today, format="DD/MM/YYYY", key="o_day")
        working = c2.radio(
            "Menjadi",
            ["libur", "kerja"],
            format_func={"libur": "Hari libur", "kerja": "Hari kerja"}.get,
            horizontal=True,
            key="o_kind",
        )
        note = st.text_input(
            "Keterangan (mis. SKB 3 Menteri tentang cuti bersama)", max_chars=200, key="o_note"
        )
        if st.form_submit_button("Simpan", type="primary"):
            try:
                with data.session_db() as db:
                    calendar_store.set_override(db, who, day, working == "kerja", note)
            except StoreError as exc:
                st.error(md_escape(exc))
            else:
                data.clear_caches()
                st.session_state["calendar_flash"] = f"{fmt.day_long(day)} disimpan."
                st.rerun()
    if overrides:
        labels = {
            o["day"]: f"{fmt.day_long(date.fromisoformat(o['day']))} — {o['note']}"
            for o in overrides
        }
        with st.form("remove_override"):
            chosen = st.selectbox(
                "Hapus pengaturan khusus", list(labels), format_func=labels.get, key="r_day"
            )
            if st.form_submit_button("Hapus"):
                try:
                    with data.session_db() as db:
                        calendar_store.remove_override(db, who, date.fromisoformat(chosen))
                except StoreError as exc:
                    st.error(md_escape(exc))
                else:
                    data.clear_caches()
                    st.session_state["calendar_flash"] = "Pengaturan khusus dihapus."
                    st.rerun()
