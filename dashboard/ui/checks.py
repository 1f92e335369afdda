"""What the link checks found, on the pages of the unit concerned (issue 14).

`unit_flags` lists a unit's items with open flags (why, in Indonesian) and the
ones a reviewer rejected (struck through, with the reviewer's note), each with
"Perbaiki" for who may correct it: a corrected link or date is checked again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date

import streamlit as st

from dashboard import fmt
from dashboard.service import review
from dashboard.ui import data, widgets
from dashboard.ui.text import md_escape, struck

LOOKBACK_DAYS = 30


def reason_text(codes) -> str:
    return "; ".join(review.reasons(codes))


def unit_flags(
    who, unit_id: int, since: date, *, fix: Callable[[int], None] | None, key: str
) -> None:
    """The unit's flagged and rejected items since `since` (nothing when there are none)."""
    with data.session_db(readonly=True) as db:
        found = review.unit_flags(db, who, unit_id, since)
    if not found:
        return
    open_ = [f for f in found if f.decision is None]
    rejected = [f for f in found if f.decision == "rejected"]
    parts = []
    if open_:
        parts.append(f"{fmt.number(len(open_))} item menunggu tinjauan")
    if rejected:
        parts.append(f"{fmt.number(len(rejected))} item ditolak peninjau (tidak dihitung)")
    with st.expander(
        "Pemeriksaan tautan: " + ", ".join(parts), icon=":material/report:", expanded=bool(open_)
    ):
        st.caption(
            "Tautan bukti diperiksa otomatis. Item bertanda tetap dihitung sampai pimpinan di "
            "atas unit Anda atau admin memutuskan; perbaiki tautan atau tanggalnya bila keliru, "
            "lalu item diperiksa ulang."
        )
        for item in found:
            with st.container(border=True):
                st.caption(f"{fmt.day_medium(item.day)} · {md_escape(item.kind_short)}")
                if item.decision == "rejected":
                    st.text(struck(item.title))
                    st.markdown(
                        f":red[**Ditolak** oleh {md_escape(item.reviewer)}:] {md_escape(item.note)}"
                    )
                else:
                    st.text(item.title)
                st.markdown(f":orange[{md_escape(reason_text(item.reasons))}]")
                with st.container(horizontal=True):
                    if item.link:
                        st.link_button("Buka tautan", item.link, icon=":material/open_in_new:")
                    if (
                        fix is not None
                        and item.decision is None
                        and review.can_correct(who, unit_id)
                    ):
                        st.button(
                            "Perbaiki",
                            icon=":material/edit:",
                            on_click=fix,
                            args=(item.id,),
                            key=f"{key}_fix_{item.id}",
                        )


def share_text(found) -> str:
    """'85%', or '–' when the unit has no counted link in the period."""
    return fmt.percent(found.share) if found.share is not None else "–"


def integrity_tiles(found, *, label: str = "Tautan terverifikasi", grid: bool = True) -> None:
    """Small tiles: the verified share of the links checked, those not checked yet, open flags.

    In a grid of their own, or (`grid=False`) in the caller's: a grid of 4 (min 170 px)
    the tiles above already fill lays them out the same, one element fewer (issue 19).
    """
    with st.grid(4, min_column_width=170) if grid else contextlib.nullcontext():
        widgets.tile(
            label,
            share_text(found),
            f"{fmt.number(found.verified)} dari {fmt.number(found.checked)} diperiksa",
            help="Tautan bukti periode ini yang lolos pemeriksaan otomatis atau diterima "
            "peninjau, di antara yang sudah diperiksa. Item yang ditolak tidak dihitung.",
        )
        widgets.tile(
            "Belum diperiksa",
            fmt.number(found.unchecked),
            f"dari {fmt.number(found.online)} tautan",
            help="Tautan yang belum sempat diperiksa: tetap dihitung ke capaian. Pemeriksaan "
            "berjalan terjadwal, yang terbaru lebih dulu.",
        )
        widgets.tile(
            "Tanda terbuka",
            fmt.number(found.flagged),
            "menunggu tinjauan" if found.flagged else "tidak ada",
            help="Item yang ditandai pemeriksaan tautan dan belum diputuskan pimpinan di atas "
            "unitnya atau admin (halaman Tinjauan Tautan).",
        )
