"""Peringkat: leaderboards among peers, each with its rule written out."""

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import clock, fmt
from dashboard.domain import Unit
from dashboard.kpi import figures as kpi
from dashboard.ui import address, checks, period, session, widgets
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape
from dashboard.words import OFFICE_RULE, PROVINCE_RULE
from dashboard.words import RANKING_RULE as RULE

who = session.require_page("peringkat")
ctx = cached.current_context()
now = clock.utc_now()
own = ctx.unit(session.own_unit(who))
national_root = next(u for u in ctx.units if u.parent_id is None)
national = who.role == "admin" or own.id == national_root.id

st.title("Peringkat")
today = clock.local_today(own.tz, now)
chosen = period.pick(today)
st.caption(period.describe(chosen))


DAYS = "Hari ada berita"
UNIT_DAYS = "Hari-unit ada berita"  # like "hari-orang": each unit's days, added up


VERIFIED = "Terverifikasi"


def show(peers: list[Unit], *, key: str, summed: bool = False) -> None:
    """The board of `peers`; `summed` when each entry stands for its whole province.

    The last column and the line under the board say how sound each unit's evidence links
    are (issue 14): verified share, and the units with open flags.
    """
    days = UNIT_DAYS if summed else DAYS

    def made() -> tuple[pa.Table | None, list[tuple[str, int]]]:
        entries = cached.leaderboard(who, peers, chosen, with_subtree=summed)
        if not entries:
            return None, []
        sound = cached.integrity_by_unit(who, peers, chosen, with_subtree=summed)
        board = pd.DataFrame(
            {
                "Peringkat": [e.rank for e in entries],
                "Unit": [e.name for e in entries],
                "Status": [widgets.status_text(kpi.status(e.attainment)) for e in entries],
                "Berita": [e.news for e in entries],
                "Target berita": [e.news_target for e in entries],
                "Capaian": [fmt.percent(e.attainment) for e in entries],
                days: [e.news_days for e in entries],
                "Total output": [e.total_output for e in entries],
                VERIFIED: [checks.share_text(sound[e.unit_id]) for e in entries],
            }
        )
        flagged = [(e.name, sound[e.unit_id].flagged) for e in entries if sound[e.unit_id].flagged]
        return cached.arrow(board), flagged

    # The board, its reads and its table, made once per context (data version and day) for
    # this caller, board, period and peers: a cached read hashes every peer's id on each call.
    peer_ids = ",".join(str(p.id) for p in peers)
    table, flagged = cached.derived(ctx, f"board {key} {who} {chosen} {summed} {peer_ids}", made)
    if table is None:
        st.caption("Tidak ada unit untuk diperingkat.")
        return
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(35 * (table.num_rows + 1) + 3, 1400),  # the whole board, no inner scroll
        key=key,
        column_config={
            # Narrow enough that the two link-check columns fit beside the board on a desktop.
            "Unit": st.column_config.TextColumn(width=272),
            "Target berita": st.column_config.NumberColumn(format="%.0f"),
            VERIFIED: st.column_config.TextColumn(
                width=86,
                help="Tautan bukti periode ini yang lolos pemeriksaan otomatis atau diterima "
                "peninjau, di antara yang sudah diperiksa; item ditolak tidak dihitung.",
            ),
            UNIT_DAYS: st.column_config.NumberColumn(
                help="Hari ada berita setiap unit di provinsi, dijumlahkan: dua unit yang "
                "masing-masing ada berita 3 hari = 6 hari-unit."
            ),
        },
    )
    st.caption(
        "Tanda terbuka (menunggu tinjauan): "
        + " · ".join(f"{md_escape(name)} {fmt.number(n)}" for name, n in flagged)
        if flagged
        else "Tidak ada tanda terbuka dari pemeriksaan tautan."
    )


# The Kanwil whose Kankemenag this person may rank: all for national scope, else its own.
if national:
    kanwil_choices = ctx.children(national_root.id, "KANWIL")
else:
    kanwil_choices = [k for k in cached.pickable_units(who, ctx) if k.type == "KANWIL"]

sections = []
if national:
    sections += ["Kanwil (nasional)"]
if kanwil_choices:
    sections += ["Kankemenag dalam Kanwil"]
if national:
    sections += ["PTKN"]

if not sections:
    st.info(
        "Belum ada papan peringkat dalam cakupan Anda. Peringkat unit Anda di antara unit "
        "setara tampil di halaman Unit Saya.",
        icon=":material/info:",
    )
    st.stop()

st.caption(f"Aturan: {RULE}")
tabs = st.tabs(sections)
for tab, section in zip(tabs, sections, strict=True):
    with tab:
        if section == "Kanwil (nasional)":
            # The same Kanwil as Ringkasan's table and the meeting screen: the whole province.
            whole = st.toggle(
                "Seluruh provinsi (Kanwil beserta Kankemenag di bawahnya)",
                value=True,
                key="provinsi",
                bind="query-params",
                help="Matikan untuk menilai kantor Kanwil saja.",
            )
            st.caption(PROVINCE_RULE if whole else OFFICE_RULE)
            peers = ctx.children(national_root.id, "KANWIL")
            show(peers, key="board_kanwil", summed=whole)
        elif section == "Kankemenag dalam Kanwil":
            codes = [k.code for k in kanwil_choices]
            names = {k.code: k.name for k in kanwil_choices}
            if len(codes) > 1:
                code = address.choice(
                    st.selectbox, "Kanwil", codes, key="kanwil", default=codes[0],
                    format_func=names.__getitem__,
                )  # fmt: skip
            else:  # a Kakanwil: its own Kanwil, nothing to choose
                code = codes[0]
                st.caption(f"Kankemenag di {md_escape(names[code])}")
            parent = next(k for k in kanwil_choices if k.code == code)
            peers = ctx.children(parent.id, "KANKEMENAG")
            show(peers, key="board_kankemenag")
        else:
            peers = sorted((u for u in ctx.units if u.type == "PTKN"), key=lambda u: u.name)
            show(peers, key="board_ptkn")
