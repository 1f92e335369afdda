"""The day's-batch form of Input Harian and the edit panel: widgets, their session keys, callbacks.

The batch form is a fragment, not an `st.form`: each field reaches the server
as it is filled in (text a second after the last keystroke), and only the
form reruns, so the rows are kept as a draft on the server (store/drafts.py)
while the page stays light on a phone. A reload, a new tab or a new sign-in of
the same account brings the draft back; nothing is an item before "Simpan
semua", which saves the batch and removes the draft in one transaction.

Buttons work through callbacks, which run before the widgets are drawn: they
save or record the errors, and the rerun draws every message under its field,
with everything typed still in place (widget values live under their keys).
A successful save clears the rows and reruns the whole page (the day's list
and the goals below change); a refused one changes nothing anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st

from dashboard import clock, fmt, words
from dashboard.domain import Item, Kind, Principal
from dashboard.entries import NOTE_MAX, TITLE_MAX, Entry
from dashboard.errors import Problem
from dashboard.links import MAX_LINK_LENGTH
from dashboard.service import entry as entry_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, session, widgets
from dashboard.ui.text import md_escape, struck
from dashboard.words import TAG_LABELS

ROW_FIELDS = ("kind", "title", "link", "note", "tag")
TEXT_FIELDS = ("title", "link", "note")
START_ROWS = 3
MAX_ROWS = 30
LIVE = "1s"  # a typed field is sent a second after the last keystroke (kept as a draft)
KEY_ROWS = "entry_rows"
KEY_ERRORS = "entry_errors"  # {row: {field: Problem}}
KEY_FLASH = "entry_flash"  # (level, message) under the batch form
KEY_EDIT_FLASH = "edit_flash"  # ... inside the opened item's card
KEY_LIST_FLASH = "list_flash"  # ... above the day's list (after a delete)
KEY_DAY = "entry_day"
KEY_UNIT = "entry_unit"
KEY_PICK = "entry_pick"
KEY_EDIT_ERRORS = "edit_errors"  # {field: Problem}
KEY_CONFIRM = "edit_confirm_delete"
KEY_DRAFT_FOR = "entry_draft_for"  # the unit whose rows the form holds
KEY_DRAFT_KEPT = "entry_draft_kept"  # (day, rows) last written to the draft
KEY_RESTORED = "entry_restored"  # (rows, day, when) of a draft just brought back
KEY_WHOLE_PAGE = "entry_whole_page"  # a save or a sign-out: the form reruns the whole page
KEY_STALE = "edit_stale"  # (item id, StaleEdit) after a save refused as based on an old version


CARDS_PER_PAGE = 25
# The kind as a tap on a phone: short words, so the eleven kinds take three lines at 390 px.
# Kinds added later (they are data) show their short label.
CHIPS = {
    "berita_website": "Berita web",
    "berita_portal": "Portal",
    "siaran_pers": "Siaran pers",
    "media_eksternal": "Liputan media",
    "kegiatan_diliput": "Kegiatan",
}


def row_key(name: str, row: int) -> str:
    return f"entry_{name}_{row}"


def edit_key(name: str, item_id: int | None) -> str:
    return f"edit_{name}_{item_id}"


def rows_shown() -> int:
    return st.session_state.setdefault(KEY_ROWS, START_ROWS)


def flash(level: str, message: str, where: str = KEY_FLASH) -> None:
    """A message for the next run, shown where the person is looking."""
    st.session_state[where] = (level, message)


def show_flash(where: str = KEY_FLASH) -> None:
    found = st.session_state.pop(where, None)
    if found:
        level, message = found
        getattr(st, level)(message)


def field_error(problems: Mapping[str, Problem] | None, name: str) -> None:
    """The problem of one field in words, right under it (the words hold no typed text)."""
    if problems and name in problems:
        st.error(md_escape(words.say(problems[name])), icon=":material/error:")


# --- the batch form ----------------------------------------------------------------------


def _row_values(row: int) -> dict:
    state = st.session_state
    return {name: state.get(row_key(name, row)) for name in ROW_FIELDS}


def _started(values: dict) -> bool:
    return any((values[name] or "").strip() for name in TEXT_FIELDS)


def _typed_rows() -> list[tuple[int, Entry]]:
    """The rows someone started filling: a row with no title, link or note is left out."""
    day = st.session_state.get(KEY_DAY)
    found = []
    for row in range(rows_shown()):
        values = _row_values(row)
        if not _started(values):
            continue
        found.append(
            (
                row,
                Entry(
                    day=day,
                    kind=values["kind"] or "",
                    title=values["title"] or "",
                    link=values["link"] or "",
                    note=values["note"] or "",
                    tag=values["tag"],
                    line=row + 1,
                ),
            )
        )
    return found


def _set_rows(rows: list[dict]) -> None:
    """Put rows into the widgets' state (before they are drawn); the rest empty."""
    state = st.session_state
    shown = max(START_ROWS, min(len(rows), MAX_ROWS))
    for row in range(max(rows_shown(), shown)):
        values = rows[row] if row < len(rows) else {}
        for name in ROW_FIELDS:
            value = values.get(name)
            # Set, not deleted: a deleted key would leave the browser showing the old text.
            state[row_key(name, row)] = (value or "") if name in TEXT_FIELDS else value
    state[KEY_ROWS] = shown


def _clear_rows() -> None:
    _set_rows([])


def _who_now():
    """The account and session of this moment (callbacks run before the page and its checks).

    None when the session ended or the account went inactive: the tab was signed
    out, and the form, a fragment, reruns the whole page to show the sign-in form.
    """
    who = session.current()
    if who is None:
        st.session_state[KEY_WHOLE_PAGE] = True
    return who


def on_add_row(who, unit_id: int) -> None:
    st.session_state[KEY_ROWS] = min(rows_shown() + 1, MAX_ROWS)
    keep_draft(who, unit_id)


def keep_draft(who, unit_id: int) -> None:
    """Every change to a row (or the day): the rows as typed, kept on the server.

    A draft that cannot be kept never stops the person typing: the form works
    as before, it is only not restored after a reload.
    """
    state = st.session_state
    rows = [_row_values(row) for row in range(rows_shown())]
    kept = (state.get(KEY_DAY), rows)
    if state.get(KEY_DRAFT_KEPT) == kept or not isinstance(kept[0], date):
        return
    who = _who_now()
    if who is None:
        return
    try:
        with data.session_db() as db:
            entry_service.keep_draft(db, who, unit_id, kept[0], rows)
    except StoreError:
        return
    state[KEY_DRAFT_KEPT] = kept


def restore_draft(who, unit_id: int, *, earliest: date, today: date) -> None:
    """Once per session and unit, before the widgets are drawn: the rows typed earlier.

    The draft's day comes back with it (kept inside the entry window). An admin
    switching units gets the other unit's draft; the rows left behind were
    already kept as the first unit's.
    """
    state = st.session_state
    if state.get(KEY_DRAFT_FOR) == unit_id:
        return
    state[KEY_DRAFT_FOR] = unit_id
    state.pop(KEY_ERRORS, None)
    try:
        with data.session_db(readonly=True) as db:
            draft = entry_service.draft(db, who, unit_id)
    except StoreError:
        draft = None
    if draft is None:
        _clear_rows()
        state[KEY_DRAFT_KEPT] = (state.get(KEY_DAY), None)
        return
    codes = {k.code for k in data.kinds()}
    rows = [
        row
        | {
            "kind": row["kind"] if row["kind"] in codes else None,
            "tag": row["tag"] if row["tag"] in TAG_LABELS else None,
        }
        for row in draft.rows
    ]
    _set_rows(rows)
    state[KEY_DAY] = min(max(draft.day, earliest), today)
    state[KEY_DRAFT_KEPT] = (state[KEY_DAY], [_row_values(r) for r in range(rows_shown())])
    state[KEY_RESTORED] = (sum(_started(r) for r in rows) or len(rows), draft.day, draft.updated_at)


def discard_draft(who, unit_id: int) -> None:
    who = _who_now()
    if who is None:
        return
    state = st.session_state
    state.pop(KEY_RESTORED, None)
    state.pop(KEY_ERRORS, None)
    _clear_rows()
    try:
        with data.session_db() as db:
            entry_service.drop_draft(db, who, unit_id)
    except StoreError:
        pass
    state[KEY_DRAFT_KEPT] = (state.get(KEY_DAY), None)


def restored_notice(who, unit_id: int, tz: str) -> None:
    """'Draf dipulihkan': said once, with a way to throw the draft away."""
    found = st.session_state.pop(KEY_RESTORED, None)
    if not found:
        return
    rows, day, when = found
    st.info(
        f"Draf dipulihkan: {fmt.number(rows)} baris untuk {fmt.day_long(day)} yang belum "
        f"disimpan (terakhir diketik {fmt.moment(when, tz)}). Periksa, lalu tekan "
        "**Simpan semua**.",
        icon=":material/restore:",
    )
    st.button(
        "Buang draf",
        icon=":material/delete_sweep:",
        on_click=discard_draft,
        args=(who, unit_id),
        key="entry_discard",
    )


def on_save(who, unit_id: int) -> None:
    # Callbacks run before the page: the account and session of this moment, not the run's.
    who = _who_now()
    if who is None:
        return
    st.session_state.pop(KEY_ERRORS, None)
    typed = _typed_rows()
    if not typed:
        flash("warning", "Belum ada item yang diisi: isi judul dan tautan minimal satu baris.")
        return
    try:
        with data.session_db() as db:  # saved with its draft cleared: nothing left to restore
            result = entry_service.save_rows(db, who, unit_id, [entry for _row, entry in typed])
    except entry_service.BatchRejected as refused:
        st.session_state[KEY_ERRORS] = {
            typed[o.index][0]: o.problems for o in refused.result.rejected
        }
        count = len(refused.result.rejected)
        flash(
            "error",
            f"{count} item perlu diperbaiki (lihat pesan di bawah kolomnya); "
            "belum ada yang disimpan.",
        )
        return
    except StoreError as exc:
        flash("error", md_escape(exc))
        return
    data.clear_caches()
    _clear_rows()
    st.session_state[KEY_DRAFT_KEPT] = (st.session_state.get(KEY_DAY), None)
    st.session_state[KEY_WHOLE_PAGE] = True
    day = typed[0][1].day
    assert day is not None  # the store refuses a row without a day, and the batch with it
    flash("success", saved_message(result, day))


def saved_message(result: entry_service.BatchResult, day: date) -> str:
    parts = []
    if result.added:
        parts.append(f"{fmt.number(len(result.added))} item disimpan untuk {fmt.day_long(day)}.")
    if result.duplicates:
        parts.append(
            f"{fmt.number(len(result.duplicates))} item sudah tercatat sebelumnya "
            "dan tidak dihitung dua kali."
        )
    if result.flagged:
        parts.append(
            f"{fmt.number(len(result.flagged))} tautan juga dicatat unit lain; "
            "tetap dihitung dan akan ditinjau pimpinan."
        )
    if any(o.checked and o.checked.late for o in result.added):
        parts.append("Tanggal lampau: item ditandai terlambat.")
    return " ".join(parts)


@st.fragment
def batch_form(who, unit_id: int, kinds: list[Kind]) -> None:
    """The rows of the day's batch; a field's change reruns only this form."""
    if st.session_state.pop(KEY_WHOLE_PAGE, False):
        st.rerun()  # the whole page: the day's list and goals changed, or the sign-in form
    codes = [k.code for k in kinds]
    short = {k.code: k.short_label for k in kinds}
    errors: dict[int, dict[str, Problem]] = st.session_state.get(KEY_ERRORS) or {}
    remember: dict[str, Any] = {"on_change": keep_draft, "args": (who, unit_id)}
    for row in range(rows_shown()):
        problems = errors.get(row) or {}
        with st.container(border=True, key=f"entry_card_{row}"):
            st.caption(f"**Item {row + 1}** · Jenis (kosongkan untuk tautan media sosial)")
            st.pills(
                "Jenis",
                codes,
                format_func=lambda code: CHIPS.get(code) or short.get(code, code),
                label_visibility="collapsed",
                key=row_key("kind", row),
                **remember,
            )
            field_error(problems, "kind")
            # Side by side on a desktop; Streamlit stacks columns on a phone.
            title_col, link_col = st.columns(2)
            with title_col:
                st.text_input(
                    "Judul",
                    max_chars=TITLE_MAX,
                    placeholder="Judul berita atau unggahan",
                    live=LIVE,
                    key=row_key("title", row),
                    **remember,
                )
                field_error(problems, "title")
            with link_col:
                st.text_input(
                    "Tautan",
                    max_chars=MAX_LINK_LENGTH,
                    type="url",
                    validate="",  # links without https:// are welcome: the store adds it
                    placeholder="mis. kemenag.go.id/berita/…",
                    live=LIVE,
                    key=row_key("link", row),
                    **remember,
                )
                field_error(problems, "link")
            optional = _row_values(row)
            with st.expander(
                "Tag dan catatan (opsional)",
                expanded=bool(optional["tag"] or optional["note"])
                or bool({"tag", "note"} & set(problems)),
            ):
                st.segmented_control(
                    "Tag",
                    list(TAG_LABELS),
                    format_func=TAG_LABELS.__getitem__,
                    key=row_key("tag", row),
                    **remember,
                )
                field_error(problems, "tag")
                st.text_input(
                    "Catatan",
                    max_chars=NOTE_MAX,
                    live=LIVE,
                    key=row_key("note", row),
                    **remember,
                )
                field_error(problems, "note")
    save, more = st.columns(2)
    save.button(
        "Simpan semua",
        type="primary",
        icon=":material/save:",
        width="stretch",
        on_click=on_save,
        args=(who, unit_id),
        key="entry_save",
    )
    more.button(
        "Tambah baris",
        icon=":material/add:",
        width="stretch",
        on_click=on_add_row,
        args=(who, unit_id),
        disabled=rows_shown() >= MAX_ROWS,
        key="entry_more",
    )
    show_flash()  # under the buttons, where the eyes are after pressing one


def day_problem() -> str | None:
    """A date refusal is the same for every row: shown once, under the date."""
    for problems in (st.session_state.get(KEY_ERRORS) or {}).values():
        if "day" in problems:
            return words.say(problems["day"])
    return None


# --- the edit panel ----------------------------------------------------------------------


def on_edit(who, item_id: int) -> None:
    who = session.current()  # the account and session of this moment
    if who is None:
        return
    state = st.session_state
    state.pop(KEY_EDIT_ERRORS, None)
    state.pop(KEY_STALE, None)
    changes = {
        "day": state.get(edit_key("day", item_id)),
        "kind": state.get(edit_key("kind", item_id)) or "",
        "title": state.get(edit_key("title", item_id)) or "",
        "link": state.get(edit_key("link", item_id)) or "",
        "note": state.get(edit_key("note", item_id)) or "",
        "tag": state.get(edit_key("tag", item_id)),
    }
    try:
        with data.session_db() as db:
            # Based on the version the panel was opened with: a change made since is refused.
            entry_service.edit_item(
                db, who, item_id, expected_version=state.get(edit_key("base", item_id)), **changes
            )
    except entry_service.EntryInvalid as exc:
        state[KEY_EDIT_ERRORS] = exc.problems
        flash("error", "Perubahan belum disimpan: perbaiki isian yang ditandai.", KEY_EDIT_FLASH)
        return
    except entry_service.StaleEdit as stale:
        state[KEY_STALE] = (item_id, stale)
        return
    except StoreError as exc:
        flash("error", md_escape(exc), KEY_EDIT_FLASH)
        return
    state.pop(edit_key("base", item_id), None)  # the next draw bases the panel on the new version
    data.clear_caches()
    flash("success", "Perubahan disimpan.", KEY_EDIT_FLASH)


def on_reload(item_id: int) -> None:
    """Put the item as it is now into the panel, to make one's change again on top of it."""
    state = st.session_state
    found = state.pop(KEY_STALE, None)
    if not found or found[0] != item_id or found[1].current is None:
        return
    current = found[1].current
    for name in ("kind", "title", "link", "note", "tag"):
        state[edit_key(name, item_id)] = getattr(current, name) or ("" if name != "tag" else None)
    state[edit_key("day", item_id)] = current.day
    state[edit_key("base", item_id)] = current.version
    flash("info", "Isi terbaru sudah dimuat; ulangi perubahan Anda, lalu simpan.", KEY_EDIT_FLASH)


def on_delete(who, item_id: int) -> None:
    who = session.current()  # the account and session of this moment
    if who is None:
        return
    st.session_state.pop(KEY_CONFIRM, None)
    try:
        with data.session_db() as db:
            entry_service.delete_item(
                db, who, item_id, expected_version=st.session_state.get(edit_key("base", item_id))
            )
    except entry_service.StaleEdit as stale:
        st.session_state[KEY_STALE] = (item_id, stale)
        return
    except StoreError as exc:
        flash("error", md_escape(exc), KEY_EDIT_FLASH)
        return
    data.clear_caches()
    st.session_state[KEY_PICK] = None
    st.query_params.pop("item", None)  # the address no longer names a live item
    flash(
        "success",
        "Item dihapus; tidak dihitung lagi (riwayatnya tetap tersimpan).",
        KEY_LIST_FLASH,
    )


def _ask_delete(item_id: int) -> None:
    st.session_state[KEY_CONFIRM] = item_id


def _cancel_delete() -> None:
    st.session_state.pop(KEY_CONFIRM, None)


def on_pick(item_id: int | None) -> None:
    """Open (or close) an item's edit panel; forget the last one's messages and base."""
    for opened in (st.session_state.get(KEY_PICK), item_id):
        st.session_state.pop(edit_key("base", opened), None)
    st.session_state[KEY_PICK] = item_id
    st.session_state.pop(KEY_EDIT_ERRORS, None)
    st.session_state.pop(KEY_CONFIRM, None)
    st.session_state.pop(KEY_STALE, None)


def item_card(
    who: Principal, item: Item, kinds: list[Kind], *, earliest: date, today: date, tz: str
) -> None:
    """One listed item: when, kind, tag, marks, its title as text, its link; Ubah opens the editor."""
    item_id = item.id
    opened = st.session_state.get(KEY_PICK) == item_id
    with st.container(border=True):
        when = fmt.time_in_zone(clock.parse_instant(item.published_at or item.created_at), tz)
        facts = [when, item.kind_short]
        if item.tag:
            facts.append(TAG_LABELS[item.tag])
        marks = widgets.item_status(item)
        st.caption(
            " · ".join(md_escape(f) for f in facts)
            + (f" · :orange[{md_escape(marks)}]" if marks else "")
        )
        st.text(struck(item.title) if item.rejected else item.title)
        if item.note:
            st.caption(md_escape(item.note))
        with st.container(horizontal=True):
            if item.link:
                st.link_button("Buka tautan", item.link, icon=":material/open_in_new:")
            st.button(
                "Tutup" if opened else "Ubah",
                icon=":material/close:" if opened else ":material/edit:",
                on_click=on_pick,
                args=(None if opened else item_id,),
                key=f"entry_open_{item_id}",
            )
        if opened:
            show_flash(KEY_EDIT_FLASH)
            stale_notice(item_id, tz)
            edit_panel(who, item, kinds, earliest=earliest, today=today)


def stale_notice(item_id: int, tz: str) -> None:
    """Someone changed the item after this panel was opened: who, what, when; and a reload."""
    found = st.session_state.get(KEY_STALE)
    if not found or found[0] != item_id:
        return
    stale: entry_service.StaleEdit = found[1]
    st.error(md_escape(stale), icon=":material/sync_problem:")
    lines = [
        f"{fmt.moment(clock.parse_instant(c.at), tz)}: {c.actor} "
        + (
            "menghapus item ini"
            if c.deleted
            else "mengubah " + ", ".join(words.ITEM_FIELD_WORDS[f] for f in c.fields)
        )
        for c in stale.changes
    ]
    if lines:
        st.text("\n".join(lines))
    if stale.current is not None:
        st.button(
            "Muat ulang item",
            icon=":material/refresh:",
            on_click=on_reload,
            args=(item_id,),
            key="edit_reload",
        )


def edit_panel(
    who: Principal, item: Item, kinds: list[Kind], *, earliest: date, today: date
) -> None:
    item_id = item.id
    codes = [k.code for k in kinds]
    short = {k.code: k.short_label for k in kinds}
    problems = st.session_state.get(KEY_EDIT_ERRORS)
    day = item.day
    # The version this panel shows, kept until a save or a reload: a later rerun must not
    # quietly move the base under what the person typed (the widgets keep their values).
    st.session_state.setdefault(edit_key("base", item_id), item.version)
    with st.form(f"edit_form_{item_id}", enter_to_submit=False):
        left, right = st.columns([2, 3])
        with left:
            st.selectbox(
                "Jenis",
                codes,
                index=codes.index(item.kind) if item.kind in codes else None,
                format_func=short.__getitem__,
                placeholder="Pilih jenis",
                key=edit_key("kind", item_id),
            )
            field_error(problems, "kind")
            st.date_input(
                "Tanggal",
                value=day,
                min_value=min(earliest, day),
                max_value=today,
                format="DD/MM/YYYY",
                key=edit_key("day", item_id),
            )
            field_error(problems, "day")
        with right:
            st.text_input(
                "Judul", value=item.title, max_chars=TITLE_MAX, key=edit_key("title", item_id)
            )
            field_error(problems, "title")
            st.text_input(
                "Tautan",
                value=item.link or "",
                max_chars=MAX_LINK_LENGTH,
                type="url",
                validate="",  # without https:// is fine: the store adds it
                key=edit_key("link", item_id),
            )
            field_error(problems, "link")
        st.segmented_control(
            "Tag (opsional)",
            list(TAG_LABELS),
            default=item.tag,
            format_func=TAG_LABELS.__getitem__,
            key=edit_key("tag", item_id),
        )
        field_error(problems, "tag")
        st.text_input(
            "Catatan (opsional)",
            value=item.note,
            max_chars=NOTE_MAX,
            key=edit_key("note", item_id),
        )
        field_error(problems, "note")
        st.form_submit_button(
            "Simpan perubahan",
            type="primary",
            icon=":material/save:",
            on_click=on_edit,
            args=(who, item_id),
            key="edit_save",
        )
    if st.session_state.get(KEY_CONFIRM) == item_id:
        st.warning("Hapus item ini? Item tidak dihitung lagi; riwayatnya tetap tersimpan.")
        yes, no = st.columns(2)
        yes.button(
            "Ya, hapus",
            type="primary",
            icon=":material/delete:",
            on_click=on_delete,
            args=(who, item_id),
            key="edit_delete_yes",
            width="stretch",
        )
        no.button(
            "Batal",
            on_click=_cancel_delete,
            key="edit_delete_no",
            width="stretch",
        )
    else:
        st.button(
            "Hapus item",
            icon=":material/delete:",
            on_click=_ask_delete,
            args=(item_id,),
            key="edit_delete",
        )
