"""Log Audit (admin): who changed what and when, with the record before and after.

Filters by unit (optionally with the units below it), by user and by date
range in the admin's own zone; newest first, fifty entries a page. Each entry
names its record (an item's title, an account) and lists only the fields that
changed, with their Indonesian names (dashboard/audit_text.py); the selected
entry shows them field by field, or the whole record. Everything is shown as
text (table cells), never as Markdown.
"""

from datetime import datetime, time, timedelta

import pandas as pd
import streamlit as st

from dashboard import audit_text, clock, fmt
from dashboard.audit_text import ACTIONS, ENTITIES
from dashboard.service import accounts as account_service
from dashboard.service import audit
from dashboard.ui import data, session
from dashboard.words import GROUP_LABELS

PAGE_SIZE = 50
SYSTEM = "__system__"

who = session.require_page("log-audit")
units = data.units()
unit_by_code = {u.code: u for u in units}
viewer_tz = data.units_by_id()[session.own_unit(who)].tz
today = clock.local_today(viewer_tz)

st.title("Log Audit")
st.caption(
    "Setiap perubahan data: siapa, kapan, apa, nilai sebelum dan sesudahnya. "
    "Log ini hanya bisa ditambah; basis data menolak mengubah atau menghapusnya."
)

with data.session_db(readonly=True) as db:
    accounts = account_service.list_accounts(db, who)
account_by_name = {a.username: a for a in accounts}

left, middle, right = st.columns([3, 2, 2])
unit_code = left.selectbox(
    "Unit kerja",
    list(unit_by_code),
    index=None,
    placeholder="Semua unit",
    format_func=lambda c: f"{unit_by_code[c].name} ({c})",
    key="audit_unit",
)
with_below = left.toggle("Termasuk unit di bawahnya", key="audit_below")
actor = middle.selectbox(
    "Pengguna",
    [SYSTEM, *account_by_name],
    index=None,
    placeholder="Semua pengguna",
    format_func=lambda n: "Sistem (baris perintah)" if n == SYSTEM else n,
    key="audit_actor",
)
period = right.date_input(
    f"Rentang tanggal ({clock.abbrev(viewer_tz)})",
    value=(today - timedelta(days=6), today),
    max_value=today,
    format="DD/MM/YYYY",
    key="audit_dates",
)

start, end = (tuple(period) + (None, None))[:2] if period else (None, None)
end = end or start  # while only the first day of the range is picked
zone = clock.zone(viewer_tz)
unit_ids = None
if unit_code:
    with data.session_db(readonly=True) as db:
        unit_ids = audit.unit_ids(db, who, unit_by_code[unit_code].id, with_below=with_below)
where = audit.Filter(
    unit_ids=unit_ids,
    actor_id=account_by_name[actor].id if actor and actor != SYSTEM else None,
    system_only=actor == SYSTEM,
    since=datetime.combine(start, time.min, zone) if start else None,
    until=datetime.combine(end + timedelta(days=1), time.min, zone) if end else None,
)

# A new filter starts again at the first page.
if st.session_state.get("audit_filter") != where:
    st.session_state["audit_filter"] = where
    st.session_state["audit_page"] = 0
page = st.session_state.get("audit_page", 0)

with data.session_db(readonly=True) as db:
    found = audit.log_page(db, who, where, page=page, size=PAGE_SIZE)
total, entries = found.total, found.entries

if not entries:
    st.info("Tidak ada entri log untuk saringan ini.")
    st.stop()


kind_names = {k.code: k.short_label for k in data.kinds()} | GROUP_LABELS
changed = [audit_text.changes(e, kind_names, tz=viewer_tz) for e in entries]

first = page * PAGE_SIZE + 1
st.caption(
    f"Entri {fmt.number(first)}–{fmt.number(first + len(entries) - 1)} "
    f"dari {fmt.number(total)}, terbaru di atas. Kolom Perubahan memuat isian yang berubah saja."
)
picked = st.dataframe(
    pd.DataFrame(
        {
            "Waktu": [fmt.moment(clock.parse_instant(e.at), viewer_tz) for e in entries],
            "Pengguna": [e.actor for e in entries],
            "Aksi": [ACTIONS.get(e.action, e.action) for e in entries],
            "Data": [ENTITIES.get(e.entity, e.entity) for e in entries],
            "Tentang": [audit_text.subject(e) for e in entries],
            "Unit": [e.unit_name or "" for e in entries],
            "Perubahan": [audit_text.summary(found) for found in changed],
        }
    ),
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="audit_table",
    column_config={
        "Tentang": st.column_config.TextColumn(width="medium"),
        "Perubahan": st.column_config.TextColumn(width="large"),
        "Unit": st.column_config.TextColumn(width="small"),
    },
)

pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
if pages > 1:
    back, where_am_i, forward = st.columns([1, 2, 1], vertical_alignment="center")
    if back.button("‹ Sebelumnya", disabled=page == 0, key="audit_prev", width="stretch"):
        st.session_state["audit_page"] = page - 1
        st.rerun()
    where_am_i.caption(f"Halaman {fmt.number(page + 1)} dari {fmt.number(pages)}")
    if forward.button(
        "Berikutnya ›", disabled=page + 1 >= pages, key="audit_next", width="stretch"
    ):
        st.session_state["audit_page"] = page + 1
        st.rerun()

rows = picked.selection.rows if picked else []
if not rows:
    st.caption("Pilih satu baris untuk melihat perubahannya per isian.")
else:
    entry = entries[rows[0]]
    st.subheader("Rincian entri")
    about = audit_text.subject(entry)
    st.text(
        f"{fmt.moment(clock.parse_instant(entry.at), viewer_tz)} · {entry.actor} · "
        f"{ACTIONS.get(entry.action, entry.action)} "
        f"{ENTITIES.get(entry.entity, entry.entity)}" + (f" · {about}" if about else "")
    )
    whole = st.toggle("Tampilkan semua isian", key="audit_whole")
    fields = audit_text.changes(entry, kind_names, every_field=whole, tz=viewer_tz)
    if fields:
        st.dataframe(
            pd.DataFrame(
                {
                    "Isian": [c.label for c in fields],
                    "Sebelum": [c.before for c in fields],
                    "Sesudah": [c.after for c in fields],
                }
            ),
            hide_index=True,
            width="stretch",
            key="audit_fields",
        )
    else:
        st.caption("Tidak ada isian yang berubah.")
