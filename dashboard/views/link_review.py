"""Tinjauan Tautan: the review queue of flagged items (issue 14), for a pimpinan above the
unit or an admin.

Each item says why it is doubtful (the flags in Indonesian, with what the page
said) and is decided in one click: "Terima" keeps it counting; "Tolak" needs a
note, stops it counting and keeps it (struck through on the unit's pages). The
store refuses anyone else (the unit's own operator or head, another Kanwil).
A link claimed by two units is one of these flags (`duplicate_content`).
"""

from datetime import date

import streamlit as st

from dashboard import fmt, words
from dashboard.domain import ReviewFlag
from dashboard.service import review
from dashboard.service.errors import StoreError
from dashboard.ui import data, session
from dashboard.ui.text import md_escape

who = session.require_page("tinjauan-tautan")
PER_PAGE = 20
FLASH = "review_flash"

st.title("Tinjauan Tautan")
st.caption(
    "Item yang ditandai pemeriksaan tautan otomatis, dari unit di bawah unit Anda. "
    "**Terima**: item tetap dihitung. **Tolak** (dengan alasan): item tidak dihitung lagi, "
    "tetap tersimpan dan tampil dicoret bagi unitnya. Sampai diputuskan, item tetap dihitung."
)


def decide(item_id: int, decision: str) -> None:
    note = st.session_state.get(f"review_note_{item_id}", "")
    try:
        with data.session_db() as db:
            review.decide(db, who, item_id, decision, note)
    except StoreError as exc:  # AccessDenied too
        st.session_state[FLASH] = ("error", str(exc))
        return
    word = "diterima: tetap dihitung" if decision == "accepted" else "ditolak: tidak dihitung"
    st.session_state[FLASH] = ("success", f"Item {word}.")


def evidence(item: ReviewFlag) -> list[str]:
    """What the check saw, one line per flag (page text escaped: it comes from outside)."""
    lines = []
    for code in item.reasons:
        detail = ""
        if code == "date_mismatch" and item.published:
            detail = "halaman terbit " + fmt.day_medium(date.fromisoformat(item.published))
        elif code == "title_mismatch" and item.page_title:
            detail = f"judul halaman: “{md_escape(item.page_title)}”"
        elif code == "link_broken":
            status = f"HTTP {item.status}" if item.status else ""
            detail = md_escape(item.detail or status)
        elif code == "duplicate_content" and item.others:
            detail = "juga dicatat: " + ", ".join(md_escape(o) for o in item.others)
        label = words.REVIEW_REASON_LABELS.get(code, code)
        lines.append(f"- :orange[**{label}**]" + (f" — {detail}" if detail else ""))
    return lines


if flash := st.session_state.pop(FLASH, None):
    kind, text = flash
    (st.success if kind == "success" else st.error)(md_escape(text))

with data.session_db(readonly=True) as db:
    queue = review.open_flags(db, who)

if not queue:
    st.success("Tidak ada item yang menunggu tinjauan dalam cakupan Anda.", icon=":material/check:")
    st.stop()

st.metric("Menunggu keputusan", fmt.number(len(queue)))
pages = (len(queue) + PER_PAGE - 1) // PER_PAGE
page = st.pagination(pages, key="halaman_tinjauan") if pages > 1 else 1
for item in queue[(page - 1) * PER_PAGE : page * PER_PAGE]:
    item_id = item.id
    with st.container(border=True, key=f"review_item_{item_id}"):
        st.caption(
            f"{md_escape(item.unit_name)} · "
            f"{fmt.day_medium(item.day)} · {md_escape(item.kind_short)}"
        )
        st.text(item.title)
        st.markdown("\n".join(evidence(item)))
        with st.container(horizontal=True, vertical_alignment="bottom"):
            if item.link:
                st.link_button("Buka tautan", item.link, icon=":material/open_in_new:")
            st.button(
                "Terima",
                type="primary",
                icon=":material/check:",
                on_click=decide,
                args=(item_id, "accepted"),
                key=f"review_accept_{item_id}",
            )
            with st.popover("Tolak", icon=":material/block:"):
                st.text_input(
                    "Alasan penolakan (wajib)",
                    max_chars=review.NOTE_MAX,
                    key=f"review_note_{item_id}",
                    placeholder="mis. berita bulan lalu, akun pribadi",
                )
                st.button(
                    "Tolak item ini",
                    icon=":material/block:",
                    on_click=decide,
                    args=(item_id, "rejected"),
                    key=f"review_reject_{item_id}",
                )
