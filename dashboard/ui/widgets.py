"""Small pieces of page that recur: counts per group, the item table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import charts, clock, fmt, words
from dashboard.domain import Item, Unit
from dashboard.service import units as unit_service
from dashboard.ui.text import struck
from dashboard.words import GROUP_LABELS, STATUS_LABELS

TAG_LABELS: dict[str | None, str] = {None: ""} | dict(words.TAG_LABELS)


def group_counts(counts: dict[str, int]) -> None:
    # A grid, not columns: two cards a row on a phone instead of four stacked.
    with st.grid(len(GROUP_LABELS), min_column_width=150):
        for group, label in GROUP_LABELS.items():
            st.metric(label, fmt.number(counts.get(group, 0)), border=True)


def item_status(item: Item) -> str:
    """'ditolak peninjau', 'terlambat', 'tautan juga dicatat unit lain', or ''."""
    marks = []
    if item.rejected:
        marks.append("ditolak peninjau, tidak dihitung")
    if item.late:
        marks.append("terlambat")
    if item.flagged:
        marks.append("tautan juga dicatat unit lain")
    return "; ".join(marks)


def items_frame(
    items: list[Item], *, tz: str, show_unit: bool = False, show_status: bool = False
) -> pd.DataFrame:
    """The items table's columns: only those shown are made (dropping them after cost more)."""
    columns: dict[str, list[str]] = {
        "Waktu": [
            fmt.time_in_zone(clock.parse_instant(i.published_at or i.created_at), tz) for i in items
        ]
    }
    if show_unit:
        columns["Unit"] = [i.unit_name for i in items]
    columns["Jenis"] = [i.kind_short for i in items]
    columns["Judul"] = [struck(i.title) if i.rejected else i.title for i in items]
    columns["Tautan"] = [i.link or "" for i in items]  # "" shows nothing; None shows "None"
    columns["Tag"] = [TAG_LABELS.get(i.tag, "") for i in items]
    if show_status:
        columns["Catatan"] = [i.note for i in items]
        columns["Status"] = [item_status(i) for i in items]
    return pd.DataFrame(columns)


def show_items(table: pd.DataFrame | pa.Table) -> None:
    """An `items_frame` (or its Arrow table): titles and notes are data cells (never Markdown),
    links clickable."""
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Judul": st.column_config.TextColumn(width="large"),
            "Tautan": st.column_config.LinkColumn(display_text="Buka", width="small"),
        },
    )


def items_table(
    items: list[Item], *, tz: str, show_unit: bool = False, show_status: bool = False
) -> None:
    """Items as a table: titles and notes are data cells (never Markdown), links clickable."""
    show_items(items_frame(items, tz=tz, show_unit=show_unit, show_status=show_status))


STATUS_MARKS = {"on": "🟢", "near": "🟡", "below": "🔴", "none": "⚪"}


def status_text(state: str) -> str:
    """A status as a coloured mark and its words (never colour alone)."""
    return f"{STATUS_MARKS[state]} {STATUS_LABELS[state]}"


def count_vs_target(count: float, target: float | None) -> str:
    """'18 / 21', or just '18' when there is no target (the note then says so)."""
    if target is None:
        return fmt.number(count)
    shown = fmt.number(target, 1) if target % 1 else fmt.number(target)
    return f"{fmt.number(count)} / {shown}"


def tile(label: str, value: str, note: str | None = None, *, help: str | None = None) -> None:
    st.metric(
        label, value, delta=note, delta_color="off", delta_arrow="off", border=True, help=help
    )


def unit_rows(
    frame: pd.DataFrame | pa.Table, units: list[Unit], *, key: str, **table: Any
) -> Unit | None:
    """A table with one unit per row; a tap on a row (or any of its cells) returns that unit.

    The rows come as a DataFrame or, made once per cached snapshot, as an Arrow
    table (ui/figures.derived), which st.dataframe sends without converting.

    The caller leads there (another page or another scope). Cells are
    selectable as well as rows, so one tap on the unit's name is enough on a
    phone, where the row's check box is a small target.
    """
    event = st.dataframe(
        frame,
        key=key,
        on_select="rerun",
        selection_mode=["single-row", "single-cell"],
        hide_index=True,
        width="stretch",
        **table,
    )
    picked = [*event.selection.rows, *(row for row, _column in event.selection.cells)]
    if not picked or not 0 <= picked[0] < len(units):
        return None
    return units[picked[0]]


OUTTAKE_NOTE = (
    "Out-take: seberapa jauh unggahan yang terbit pada periode ini menjangkau publik, menurut "
    "ekspor Meta Business Suite (angka seumur unggahan). Ini bukan output: tidak dihitung ke "
    "target, dan tidak dirupiahkan sebagai nilai iklan."
)


def outtakes_panel(found, *, show_unit: bool, key: str) -> None:
    """Reach and engagement per platform and the best posts of a period, labelled as
    out-takes (service.outtakes.OutTakes)."""
    st.subheader("Jangkauan unggahan (out-take)")
    if not found.platforms:  # one caption, not two: every element costs a message (issue 19)
        st.caption(
            "Belum ada data jangkauan untuk unggahan yang terbit pada periode ini. Data ini "
            f"masuk lewat Impor Data dari ekspor Meta Business Suite.\n\n{OUTTAKE_NOTE}"
        )
        return
    st.caption(OUTTAKE_NOTE)
    with st.grid(3, min_column_width=170):
        tile(
            "Unggahan terukur",
            fmt.number(found.posts),
            help="Unggahan pada periode ini yang punya data jangkauan dari ekspor Meta.",
        )
        tile(
            "Jangkauan",
            fmt.number(sum(p.reach for p in found.platforms)),
            "per unggahan, dijumlah",
            help="Akun yang melihat tiap unggahan, dijumlahkan: orang yang sama bisa terhitung "
            "di beberapa unggahan.",
        )
        tile(
            "Interaksi",
            fmt.number(sum(p.engagement for p in found.platforms)),
            help="Reaksi atau suka, komentar, bagikan, dan simpan (klik dan pengikut baru tidak "
            "dihitung).",
        )
    st.plotly_chart(
        charts.outtakes_by_platform(
            [p.label for p in found.platforms],
            [p.reach for p in found.platforms],
            [p.engagement for p in found.platforms],
            title="Per platform",
        ),
        config=charts.config(),
        key=f"{key}_chart",
    )
    st.markdown("**Unggahan dengan interaksi terbanyak**")
    frame = pd.DataFrame(
        {
            "Interaksi": [p.engagement for p in found.best],
            "Jangkauan": [p.reach for p in found.best],
            "Judul": [p.title for p in found.best],
            "Unit": [p.unit_name for p in found.best],
            "Kanal": [p.kind_label for p in found.best],
            "Tanggal": [fmt.day_short(p.day) for p in found.best],
            "Tautan": [p.link for p in found.best],
        }
    )
    st.dataframe(
        frame if show_unit else frame.drop(columns=["Unit"]),
        hide_index=True,
        width="stretch",
        key=f"{key}_best",
        column_config={
            "Interaksi": st.column_config.NumberColumn(format="localized"),
            "Jangkauan": st.column_config.NumberColumn(format="localized"),
            "Judul": st.column_config.TextColumn(width="medium"),
            "Tautan": st.column_config.LinkColumn(display_text="Buka", width="small"),
        },
    )


def entry_unit(who, all_units: dict[int, Unit], *, key: str) -> int:
    """The unit whose output is entered: an admin picks any active unit, an operator gets its
    own (whatever the session says). Which units: `service.units.pickable_units`."""
    if not who.is_admin:
        # Its own unit even when that unit is inactive: the store then says why it refuses.
        return who.unit_id
    active = {u.id: u for u in unit_service.pickable_units(who, all_units.values(), entering=True)}
    return st.selectbox(
        "Unit kerja",
        list(active),
        index=list(active).index(who.unit_id) if who.unit_id in active else 0,
        format_func=lambda i: f"{active[i].name} ({active[i].code})",
        placeholder="Pilih unit kerja",
        key=key,
    )
