"""Kalender Kerja: working days, national holidays and cuti bersama; admins adjust days.

An admin can make a day a working day or a day off for the whole country, or
for one unit and every unit below it (a Kanwil's province: a regional holiday,
a local election day). The date starts empty, and nothing is saved before the
admin has read what the change does and confirmed it.
"""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import clock, fmt, orgtree
from dashboard.domain import CalendarOverride
from dashboard.kpi.calendar import national_holidays
from dashboard.kpi.goals import month_bounds
from dashboard.service import calendar as calendar_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, session
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape

KEY_PENDING = "calendar_pending"  # the change waiting for "Ya, simpan"
KEY_FLASH = "calendar_flash"
KEY_ERROR = "calendar_error"
KINDS = {"libur": "Hari libur", "kerja": "Hari kerja"}
SCOPES = {"nasional": "Seluruh Indonesia", "wilayah": "Satu wilayah"}

who = session.require_page("kalender")
units = data.units_by_id()
own = units[session.own_unit(who)]
today = clock.local_today(own.tz)
kids = orgtree.children_map(u for u in units.values() if u.active)


def reach(unit_id: int | None) -> str:
    """Who a change holds for, in words: 'seluruh Indonesia', 'Kanwil X dan 9 unit di bawahnya'."""
    if unit_id is None:
        return "seluruh Indonesia"
    below = len(orgtree.descendants(unit_id, kids))
    name = units[unit_id].name
    return f"{name} dan {fmt.number(below)} unit di bawahnya" if below else name


st.title("Kalender Kerja")
st.caption(
    "Hari kerja: Senin–Jumat, dikurangi libur nasional dan cuti bersama, serta hari yang "
    "diatur admin (untuk seluruh Indonesia atau satu wilayah). Target berita dihitung per "
    "hari kerja; target media sosial setiap hari."
)
flash = st.session_state.pop(KEY_FLASH, None)
if flash:
    st.success(md_escape(flash))

year = st.selectbox(
    "Tahun",
    [today.year - 1, today.year, today.year + 1],
    index=1,
    placeholder="Pilih tahun",
    width=200,
    key="tahun",
    bind="query-params",
)
with data.session_db(readonly=True) as db:
    overrides = calendar_service.special_days(db)
calendar = cached.current_context().book.calendar
mine = calendar.for_unit(own)

holidays = national_holidays([year])
national = {o.day: o for o in overrides if o.national}
rows = []  # (day, row): national days and every region's, in date order
for day in sorted(set(holidays) | {d for d in national if d.year == year}):
    if day in national:
        kind = "Hari kerja (diatur admin)" if national[day].working else "Libur (diatur admin)"
        name = national[day].note
    else:
        name = holidays[day]
        kind = "Cuti bersama" if name.lower().startswith("cuti bersama") else "Libur nasional"
    rows.append((day, name, kind, "Nasional"))
for o in overrides:
    if o.unit_id is not None and o.day.year == year:
        kind = "Hari kerja (wilayah)" if o.working else "Libur wilayah"
        rows.append((o.day, o.note, kind, reach(o.unit_id)))
rows.sort(key=lambda r: r[0])

left, right = st.columns([2, 1])
with left:
    st.subheader(f"Hari libur {year}")
    st.dataframe(
        pd.DataFrame(
            [(fmt.day_long(day), *rest) for day, *rest in rows],
            columns=["Tanggal", "Keterangan", "Jenis", "Berlaku untuk"],
        ),
        hide_index=True,
        width="stretch",
        height=420,
        column_config={"Berlaku untuk": st.column_config.TextColumn(width="medium")},
    )
with right:
    st.subheader("Hari kerja per bulan")
    if mine is calendar:
        st.caption("Kalender nasional.")
    else:
        st.caption(f"Kalender {md_escape(own.name)}, termasuk pengaturan wilayahnya.")
    months = []
    for month in range(1, 13):
        first, last = month_bounds(date(year, month, 1))
        months.append(
            {
                "Bulan": fmt.month_year(first),
                "Hari kerja": mine.counted_days(first, last, "working"),
            }
        )
    st.dataframe(pd.DataFrame(months), hide_index=True, width="stretch", height=420)

if who.role != "admin":
    st.stop()

# --- admin: change a day, after a confirmation ---------------------------------------------

regions = sorted(
    (u for u in units.values() if u.active and u.parent_id is not None),
    key=lambda u: (u.type != "KANWIL", u.name),
)
region_label = {u.id: f"{u.name} ({u.code})" for u in regions}


def status_of(day: date, unit_id: int | None) -> str:
    """What the day is now, where the change would hold."""
    where = calendar if unit_id is None else calendar.for_unit(units[unit_id])
    if where.is_working(day):
        return "hari kerja"
    name = national_holidays([day.year]).get(day)
    if name:
        return f"hari libur ({name})"
    return "akhir pekan" if day.weekday() >= 5 else "hari libur (diatur admin)"


def ask() -> None:
    """'Lanjutkan': check what can be checked, then wait for the confirmation."""
    state = st.session_state
    state.pop(KEY_ERROR, None)
    day, note = state.get("o_day"), state.get("o_note") or ""
    unit_id = state.get("o_unit") if state.get("o_scope") == "wilayah" else None
    wrong = calendar_service.problem(day, note)
    if wrong is None and state.get("o_scope") == "wilayah" and unit_id is None:
        wrong = "Pilih Kanwil atau unit kerja wilayahnya."
    if wrong:
        state[KEY_ERROR] = wrong
        return
    assert isinstance(day, date)  # problem() refuses anything else
    state[KEY_PENDING] = CalendarOverride(
        day=day,
        working=state.get("o_kind") == "kerja",
        note=note.strip(),
        unit_id=unit_id,
    )


def confirm() -> None:
    state = st.session_state
    change = state.pop(KEY_PENDING, None)
    if change is None:
        return
    try:
        with data.session_db() as db:
            calendar_service.set_special_day(
                db,
                who,
                change.day,
                change.working,
                change.note,
                unit_id=change.unit_id,
            )
    except StoreError as exc:
        state[KEY_ERROR] = str(exc)
        return
    data.clear_caches()
    state[KEY_FLASH] = (
        f"{fmt.day_long(change.day)} menjadi {KINDS['kerja' if change.working else 'libur'].lower()} "
        f"untuk {reach(change.unit_id)}."
    )
    # Set, not deleted: the next change starts from empty fields again.
    state["o_day"] = None
    state["o_note"] = ""


def cancel() -> None:
    st.session_state.pop(KEY_PENDING, None)


def remove(choice: str) -> None:
    state = st.session_state
    day_text, _, unit_text = choice.partition("|")
    try:
        with data.session_db() as db:
            calendar_service.remove_special_day(
                db,
                who,
                date.fromisoformat(day_text),
                unit_id=int(unit_text) if unit_text else None,
            )
    except StoreError as exc:
        state[KEY_ERROR] = str(exc)
        return
    data.clear_caches()
    state[KEY_FLASH] = "Pengaturan khusus dihapus."
    state["r_day"] = None


st.subheader("Ubah hari (admin)")
st.caption(
    "Untuk keputusan yang datang setelah daftar resmi: tambahan cuti bersama, hari libur "
    "yang dibatalkan, atau libur daerah (mis. Nyepi di Bali, pemilihan kepala daerah) untuk "
    "satu Kanwil dan unit di bawahnya. Setiap perubahan tercatat di log audit."
)
pending = st.session_state.get(KEY_PENDING)
c1, c2 = st.columns(2)
c1.date_input(
    "Tanggal",
    value=None,
    format="DD/MM/YYYY",
    key="o_day",
    on_change=cancel,
    help="Ketik DD/MM/YYYY atau pilih dari kalender.",
)
c2.radio(
    "Menjadi",
    list(KINDS),
    format_func=KINDS.get,
    horizontal=True,
    key="o_kind",
    on_change=cancel,
)
c3, c4 = st.columns(2)
scope = c3.radio(
    "Berlaku untuk",
    list(SCOPES),
    format_func=SCOPES.get,
    horizontal=True,
    key="o_scope",
    on_change=cancel,
)
if scope == "wilayah":
    c4.selectbox(
        "Kanwil atau unit (berlaku juga untuk semua unit di bawahnya)",
        list(region_label),
        index=None,
        format_func=region_label.__getitem__,
        placeholder="Pilih Kanwil atau unit",
        key="o_unit",
        on_change=cancel,
    )
st.text_input(
    "Keterangan (mis. SKB 3 Menteri tentang cuti bersama, SE Gubernur)",
    max_chars=calendar_service.NOTE_MAX,
    key="o_note",
    on_change=cancel,
)
problem = st.session_state.pop(KEY_ERROR, None)
if problem:
    st.error(md_escape(problem), icon=":material/error:")

# Changing any field withdraws a question already asked: the answer would be to other values.
if pending is None:
    st.button("Lanjutkan", type="primary", on_click=ask, key="o_ask")
else:
    becomes = KINDS["kerja" if pending.working else "libur"].lower()
    st.warning(
        f"**{fmt.day_long(pending.day)}** saat ini "
        f"{md_escape(status_of(pending.day, pending.unit_id))} untuk "
        f"{md_escape(reach(pending.unit_id))}. Jadikan **{becomes}**? "
        + (
            "Target berita hari itu tidak dihitung untuk unit-unit tersebut."
            if not pending.working
            else "Target berita hari itu dihitung untuk unit-unit tersebut."
        ),
        icon=":material/event:",
    )
    yes, no = st.columns(2)
    yes.button("Ya, simpan", type="primary", on_click=confirm, key="o_yes", width="stretch")
    no.button("Batal", on_click=cancel, key="o_no", width="stretch")

if overrides:
    labels = {
        f"{o.day.isoformat()}|{o.unit_id or ''}": (
            f"{fmt.day_long(o.day)} — {'Nasional' if o.national else o.unit_name} — {o.note}"
        )
        for o in overrides
    }
    st.subheader("Hapus pengaturan khusus")
    chosen = st.selectbox(
        "Pengaturan",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        placeholder="Pilih pengaturan yang dihapus",
        key="r_day",
    )
    st.button(
        "Hapus",
        icon=":material/delete:",
        disabled=chosen is None,
        on_click=remove,
        args=(chosen or "",),
        key="r_remove",
    )
