"""Laporan: a scope's report for any period (CSV, XLSX, PDF) and tonight's WhatsApp recap.

An operator's reports hold its own unit alone; a pimpinan's its unit and the
units below it; an admin picks any unit. Files are made only when a download
button is pressed (Streamlit runs the maker then, on its own thread), so
changing the period costs nothing.
"""

from dataclasses import replace
from datetime import date, timedelta

import streamlit as st

from dashboard import clock, config, fmt
from dashboard.service import exports as export_service
from dashboard.ui import address, data, period, session
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape

RECAP_STYLE = """<style>
.st-key-rekap [data-testid="stCode"] { display: flex; flex-direction: column-reverse; }
.st-key-rekap [data-testid="stCode"] > div:has([data-testid="stElementToolbarButton"]) {
  position: static !important; opacity: 1 !important; visibility: visible !important;
}
.st-key-rekap [data-testid="stCode"] > div:has([data-testid="stElementToolbarButton"]) > div {
  visibility: visible !important; justify-content: flex-start; padding: 0 0 0.5rem 0;
}
.st-key-rekap [data-testid="stElementToolbarButton"] button {
  width: auto; height: auto; padding: 0.45rem 0.9rem; gap: 0.4rem;
  border: 1px solid #0B7A3E; border-radius: 0.5rem; color: #0B7A3E; background: #FFFFFF;
}
.st-key-rekap [data-testid="stElementToolbarButton"] button::after {
  content: "Salin rekap"; font-size: 1rem; font-weight: 600;
}
</style>"""

who = session.require_page("laporan")
now = clock.utc_now()
shared = cached.current_context()
ctx = replace(shared, now=now)  # the cached context, stamped with this run's time
own = ctx.unit(session.own_unit(who))

# What this person may report on: the units it may pick (an admin any, a pimpinan its subtree).
choices = cached.pickable_tree(who, shared)
codes = [u.code for u, _ in choices]
labels = {u.code: "\u2003" * min(depth, 4) + u.name for u, depth in choices}
by_code = {u.code: u for u, _ in choices}

st.title("Laporan")
if len(codes) > 1:
    # A pimpinan starts from its own unit; an admin from the whole ministry (the first root).
    default = own.code if who.role != "admin" else codes[0]
    code = address.choice(
        st.selectbox,
        "Cakupan",
        codes,
        key="unit",
        default=default,
        format_func=labels.__getitem__,
        help="Laporan memuat unit ini beserta seluruh unit di bawahnya.",
    )
else:
    code = own.code
unit = by_code[code]
today = clock.local_today(unit.tz, now)
st.markdown(f"### {md_escape(unit.name)}")


def last_month() -> None:
    # Before the widgets are drawn: a callback, so the bound widgets take these values.
    end = today.replace(day=1) - timedelta(days=1)
    st.session_state["periode"] = "rentang"
    address.show("periode", "rentang")  # the preset lives in the address (ui/address.py)
    st.session_state["dari"] = end.replace(day=1)
    st.session_state["sampai"] = end


chosen = period.pick(today)
st.button(
    "Bulan lalu",
    key="bulan_lalu",
    icon=":material/history:",
    on_click=last_month,
    help="Laporan bulanan: seluruh bulan kemarin.",
)
units, items = cached.scope_size(who, unit.id, chosen)
st.caption(f"{period.describe(chosen)} · {fmt.number(units)} unit · {fmt.number(items)} item")

st.subheader("Unduh laporan")
db_file = data.path()


def maker(kind: str):
    """The file, made when its button is pressed (on a thread of its own: no st.* inside).

    Made for the account and session of that moment (session.guarded), and
    fetchable by this browser session only.
    """
    scope, span = unit.id, chosen

    def make(who_now) -> bytes:
        with data.session_db(readonly=True, db_file=db_file) as db:
            return export_service.report_file(
                db, who_now, replace(ctx, now=clock.utc_now()), scope, span, kind
            )

    return session.guarded(make)


DOWNLOADS = [
    ("xlsx", "Excel (XLSX)", ":material/table_view:"),
    ("pdf", "PDF", ":material/picture_as_pdf:"),
    ("csv", "CSV", ":material/csv:"),
]
with st.container(horizontal=True):
    for kind, label, icon in DOWNLOADS:
        st.download_button(
            label,
            data=maker(kind),
            file_name=export_service.file_name(unit, chosen, kind),
            mime=export_service.MIME[kind],
            key=f"unduh_{kind}",
            icon=icon,
            on_click="ignore",
            type="primary" if kind == "xlsx" else "secondary",
        )
st.caption(
    "**XLSX**: ringkasan per unit (output per kelompok dibanding target, capaian, hari ada "
    "berita), matriks berita per hari, dan daftar item dengan tautan. **PDF**: laporan "
    "siap cetak — angka utama, grafik, tabel unit, dan daftar item. **CSV**: satu baris per "
    "item, kolom yang sama dengan templat impor."
)

st.divider()
st.subheader("Rekap Harian Humas")
kept = st.session_state.get("tanggal")
if isinstance(kept, date) and kept > today:  # a date from another unit's zone or a link
    st.session_state["tanggal"] = today
day = st.date_input(
    "Tanggal rekap",
    value=today,
    max_value=today,
    key="tanggal",
    bind="query-params",
    format="DD/MM/YYYY",
)
if not isinstance(day, date):
    day = today
# The link at the end: the configured public address, else the one this browser used.
link = config.app_url() or (st.context.url or "").rstrip("/").removesuffix("/laporan") or None
text = export_service.recap_text(cached.recap_data(who, unit.id, day), link=link)
with st.container(key="rekap"):
    # Streamlit shows a code block's copy button only on hover (a tap on a phone), at the
    # block's corner: shown here always, above the text, with a word on it (style only).
    st.html(RECAP_STYLE)
    st.code(text, language=None, wrap_lines=True, height=480)
st.caption(
    "Salin dengan tombol **Salin rekap** di atas kotak, lalu tempel ke grup WhatsApp. Tanda "
    "bintang membuat judul tampil tebal di WhatsApp; teks dari pengguna sudah dinetralkan "
    "agar tidak berubah format."
)
