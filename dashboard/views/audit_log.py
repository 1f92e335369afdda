"""Log Audit (admin): who changed what and when, with the record before and after.

Filters by unit (optionally with the units below it), by user and by date
range in the admin's own zone; newest first, fifty entries a page. Before and
after are shown as text (table cells and code blocks), never as Markdown.
"""

import json
from datetime import datetime, time, timedelta

import pandas as pd
import streamlit as st

from dashboard import clock, fmt
from dashboard.store import audit
from dashboard.store import users as user_store
from dashboard.store.access import subtree_ids
from dashboard.ui import data, session

PAGE_SIZE = 50
SYSTEM = "__system__"
# Every action and entity the store records (tests/views/test_admin_pages.py keeps this whole).
ACTIONS = {
    "create": "tambah",
    "update": "ubah",
    "delete": "hapus",
    "end": "akhiri",
    "set": "atur",
    "remove": "hapus",
    "upsert": "perbarui",
    "activate": "aktifkan",
    "deactivate": "nonaktifkan",
    "reset_password": "atur ulang sandi",
    "change_password": "ganti sandi",
    "lock": "kunci akun",
    "import": "impor",
    "restore": "pulihkan cadangan",
    "seed": "isi data acuan",
    "bulk_load": "muat data massal",
    "bulk_create": "tambah massal",
    "rebuild": "hitung ulang",
    "revoke": "cabut",
    "start": "mulai",
    "copy": "salin basis data",
    "review_accept": "terima (tinjauan tautan)",
    "review_reject": "tolak (tinjauan tautan)",
}
ENTITIES = {
    "unit": "unit kerja",
    "user": "pengguna",
    "setting": "pengaturan",
    "item": "output",
    "target": "target",
    "calendar": "kalender",
    "outtakes": "data jangkauan",
    "import": "berkas impor",
    "database": "basis data",
    "metric_kind": "jenis output",
    "daily_counts": "ringkasan harian",
    "screen_link": "tautan layar rapat",
    "session": "sesi masuk",
}

who = session.require_page("log-audit")
units = data.units()
unit_by_code = {u["code"]: u for u in units}
viewer_tz = data.units_by_id()[who.unit_id]["tz"]
today = clock.local_today(viewer_tz)

st.title("Log Audit")
st.caption(
    "Setiap perubahan data: siapa, kapan, apa, nilai sebelum dan sesudahnya. "
    "Log ini hanya bisa ditambah; basis data menolak mengubah atau menghapusnya."
)

with data.session_db(readonly=True) as db:
    accounts = user_store.list_users(db, who)
account_by_name = {a["username"]: a for a in accounts}

left, middle, right = st.columns([3, 2, 2])
unit_code = left.selectbox(
    "Unit kerja",
    list(unit_by_code),
    index=None,
    placeholder="Semua unit",
    format_func=lambda c: f"{unit_by_code[c]['name']} ({c})",
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
    picked = unit_by_code[unit_code]["id"]
    if with_below:
        with data.session_db(readonly=True) as db:
            unit_ids = subtree_ids(db, picked)
    else:
        unit_ids = [picked]
where = audit.Filter(
    unit_ids=unit_ids,
    actor_id=account_by_name[actor]["id"] if actor and actor != SYSTEM else None,
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
    total = audit.count(db, who, where)
    entries = audit.search(db, who, where, limit=PAGE_SIZE, offset=page * PAGE_SIZE)

if not entries:
    st.info("Tidak ada entri log untuk saringan ini.")
    st.stop()


def _compact(value: str | None) -> str:
    return "" if value is None else json.dumps(json.loads(value), ensure_ascii=False)


def _pretty(value: str | None) -> str:
    if value is None:
        return "(kosong)"
    return json.dumps(json.loads(value), ensure_ascii=False, indent=2, sort_keys=True)


first = page * PAGE_SIZE + 1
st.caption(
    f"Entri {fmt.number(first)}–{fmt.number(first + len(entries) - 1)} "
    f"dari {fmt.number(total)}, terbaru di atas."
)
picked = st.dataframe(
    pd.DataFrame(
        {
            "Waktu": [fmt.moment(clock.parse_instant(e["at"]), viewer_tz) for e in entries],
            "Pengguna": [e["actor"] for e in entries],
            "Aksi": [ACTIONS.get(e["action"], e["action"]) for e in entries],
            "Data": [ENTITIES.get(e["entity"], e["entity"]) for e in entries],
            "Kunci": [e["entity_id"] or "" for e in entries],
            "Sebelum": [_compact(e["before"]) for e in entries],
            "Sesudah": [_compact(e["after"]) for e in entries],
            "Unit": [e["unit_name"] or "" for e in entries],
        }
    ),
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="audit_table",
    column_config={
        "Sebelum": st.column_config.TextColumn(width="large"),
        "Sesudah": st.column_config.TextColumn(width="large"),
        "Unit": st.column_config.TextColumn(width="medium"),
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
    st.caption("Pilih satu baris untuk melihat nilai sebelum dan sesudahnya secara lengkap.")
else:
    entry = entries[rows[0]]
    st.subheader("Rincian entri")
    st.text(
        f"{fmt.moment(clock.parse_instant(entry['at']), viewer_tz)} · {entry['actor']} · "
        f"{ACTIONS.get(entry['action'], entry['action'])} "
        f"{ENTITIES.get(entry['entity'], entry['entity'])} {entry['entity_id'] or ''}"
    )
    before_col, after_col = st.columns(2)
    before_col.caption("Sebelum")
    before_col.code(_pretty(entry["before"]), language="json", wrap_lines=True)
    after_col.caption("Sesudah")
    after_col.code(_pretty(entry["after"]), language="json", wrap_lines=True)
