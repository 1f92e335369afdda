"""Input Harian: a unit's output of one day, entered in one go; that day's list, to edit or delete.

Operators enter for their own unit; an admin picks any unit. The date starts
at the unit's local today (never the server's) and goes back as far as the
stored entry window. Rows typed and not saved are a draft on the server and
come back after a reload or a new sign-in. Under the form, the day's goals:
"Berita hari ini 1/1 ✓ · Medsos 2/1 ✓", from the figures Unit Saya shows.
Light on purpose: no charts, usable on a phone.
`?item=ID` opens one item for editing; another unit's item (which the store
refuses) answers exactly as a missing one, so item ids cannot be probed.
"""

from datetime import timedelta

import streamlit as st

from dashboard import clock, fmt
from dashboard.service import items as item_service
from dashboard.service.errors import StoreError
from dashboard.ui import checks, data, entry_form, session, urlstate, widgets
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape
from dashboard.words import GROUP_LABELS, goal_progress

who = session.require_page("input-harian")
all_units = data.units_by_id()

st.title("Input Harian")

unit_id = widgets.entry_unit(who, all_units, key=entry_form.KEY_UNIT)
unit = all_units[unit_id]
zone = clock.abbrev(unit.tz)
today = clock.local_today(unit.tz)
window = data.setting_int("backdate_days")
earliest = today - timedelta(days=window)

st.caption(f"{md_escape(unit.name)} · hari ini {fmt.day_long(today)} ({zone})")


def fix_item(item_id: int) -> None:
    """ "Perbaiki" on a flagged item: open it for editing (named in the address)."""
    st.query_params["item"] = str(item_id)
    entry_form.on_pick(item_id)


checks.unit_flags(
    who, unit_id, today - timedelta(days=checks.LOOKBACK_DAYS), fix=fix_item, key="entry_flags"
)

# Rows typed earlier (another tab, before a reload or a new sign-in) come back first.
entry_form.restore_draft(who, unit_id, earliest=earliest, today=today)
# Keep a remembered date inside today's bounds (the day turns over; admins switch units).
remembered = st.session_state.get(entry_form.KEY_DAY)
if remembered is not None and not earliest <= remembered <= today:
    st.session_state[entry_form.KEY_DAY] = today
# The date lives in the session (a restored draft brings its own): the widget's own default
# is never used, so it names none (Streamlit warns when both are given).
st.session_state.setdefault(entry_form.KEY_DAY, today)
day = st.date_input(
    "Tanggal",
    value=None,
    min_value=earliest,
    max_value=today,
    format="DD/MM/YYYY",
    help=f"Boleh mundur sampai {window} hari; tanggal lampau ditandai terlambat.",
    width=260,
    key=entry_form.KEY_DAY,
    on_change=entry_form.keep_draft,
    args=(who, unit_id),
)
problem = entry_form.day_problem()
if problem:
    st.error(md_escape(problem), icon=":material/error:")
if day < today:
    st.warning(
        f"Mengisi untuk {fmt.day_long(day)}: item akan ditandai terlambat.",
        icon=":material/history:",
    )

kinds = data.kinds()
st.caption(
    "Isi satu baris per berita atau unggahan, lalu **Simpan semua**. Baris kosong diabaikan; "
    "yang sudah diketik tersimpan sebagai draf sampai disimpan. Jenis boleh dikosongkan untuk "
    "tautan Instagram, Facebook, X, TikTok, YouTube, atau WhatsApp: dikenali dari tautannya."
)
entry_form.restored_notice(who, unit_id, unit.tz)
entry_form.batch_form(who, unit_id, kinds)

# The day's goals, right where the operator saves: the figures Unit Saya shows.
progress = goal_progress(
    cached.unit_figures(who, unit_id, day).groups_on_day(),
    "hari ini" if day == today else fmt.day_short(day),
)
st.markdown(f"**{progress}**")

st.subheader(f"Tercatat {fmt.day_long(day)}")
entry_form.show_flash(entry_form.KEY_LIST_FLASH)
with data.session_db(readonly=True) as db:
    listed = item_service.day_items(db, who, unit_id, day)

# An item named in the address (?item=ID) that is not in this day's list.
raw_item = st.query_params.get("item")
asked = urlstate.record_id(raw_item)
if asked is not None and entry_form.KEY_PICK not in st.session_state:
    st.session_state[entry_form.KEY_PICK] = asked  # open it for editing
NOT_FOUND = "Item pada alamat ini tidak ditemukan atau sudah dihapus."
if raw_item and asked is None:
    st.warning(NOT_FOUND)
if asked is not None and asked not in {i.id for i in listed}:
    try:
        with data.session_db(readonly=True) as db:
            named = item_service.find_item(db, who, asked)  # another unit's: None
    except StoreError as exc:
        st.error(md_escape(exc))
        named = False
    if named is None:
        st.warning(NOT_FOUND)
    elif named:
        home = all_units[named.unit_id]
        entry_form.item_card(
            who,
            named,
            kinds,
            earliest=clock.local_today(home.tz) - timedelta(days=window),
            today=clock.local_today(home.tz),
            tz=home.tz,
        )
        st.divider()

if not listed:
    st.info("Belum ada output yang tercatat pada tanggal ini.")
else:
    counts: dict[str, int] = {}
    for item in listed:
        if not item.rejected:  # a rejected item is listed (struck through), never counted
            counts[item.grp] = counts.get(item.grp, 0) + 1
    st.caption(
        " · ".join(f"{GROUP_LABELS[g]}: {fmt.number(n)}" for g, n in counts.items())
        + " — pilih **Ubah** untuk mengubah atau menghapus."
    )
    # A day with hundreds of items (an import, a busy Kanwil) stays fast: cards a page at a time.
    pages = (len(listed) + entry_form.CARDS_PER_PAGE - 1) // entry_form.CARDS_PER_PAGE
    page = st.pagination(pages, key="halaman_item") if pages > 1 else 1
    first = (page - 1) * entry_form.CARDS_PER_PAGE
    for item in listed[first : first + entry_form.CARDS_PER_PAGE]:
        entry_form.item_card(who, item, kinds, earliest=earliest, today=today, tz=unit.tz)
