"""The day's-batch form of Input Harian and the edit panel: widgets, their session keys, callbacks.

Why callbacks: a form's values reach the script only when it is submitted,
after the widgets are drawn. The submit buttons' callbacks run first, save or
record the errors, and the rerun then draws every message under its field,
with everything typed still in place (widget values live under their keys).
A successful save clears the rows; a refused one changes nothing anywhere.

"Tambah baris" is a second submit button of the same form, so adding a row
never loses what was typed in the others, and a phone sends nothing while
someone types (no rerun per field).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import clock, fmt
from dashboard.entries import TAG_LABELS, Entry
from dashboard.store import items as item_store
from dashboard.store.db import StoreError
from dashboard.ui import data, session, widgets
from dashboard.ui.text import md_escape, struck

ROW_FIELDS = ("kind", "title", "link", "note", "tag")
START_ROWS = 2
MAX_ROWS = 30
KEY_ROWS = "entry_rows"
KEY_ERRORS = "entry_errors"  # {row: {field: message}}
KEY_FLASH = "entry_flash"  # (level, message) under the batch form
KEY_EDIT_FLASH = "edit_flash"  # ... inside the opened item's card
KEY_LIST_FLASH = "list_flash"  # ... above the day's list (after a delete)
KEY_DAY = "entry_day"
KEY_UNIT = "entry_unit"
KEY_PICK = "entry_pick"
KEY_EDIT_ERRORS = "edit_errors"  # {field: message}
KEY_CONFIRM = "edit_confirm_delete"
KEY_STALE = "edit_stale"  # (item id, StaleEdit) after a save refused as based on an old version


CARDS_PER_PAGE = 25


def row_key(name: str, row: int) -> str:
    return f"entry_{name}_{row}"


def edit_key(name: str, item_id: int) -> str:
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


def field_error(problems: dict[str, str] | None, name: str) -> None:
    """The message for one field, right under it (messages hold no typed text)."""
    if problems and name in problems:
        st.error(md_escape(problems[name]), icon=":material/error:")


# --- the batch form ----------------------------------------------------------------------


def _typed_rows() -> list[tuple[int, Entry]]:
    """The rows someone started filling: a row with no title, link or note is left out."""
    state = st.session_state
    day = state.get(KEY_DAY)
    found = []
    for row in range(rows_shown()):
        values = {name: state.get(row_key(name, row)) for name in ROW_FIELDS}
        if not any((values[name] or "").strip() for name in ("title", "link", "note")):
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


def _clear_rows() -> None:
    # Set, not deleted: a deleted key would leave the browser showing the old text.
    for row in range(rows_shown()):
        for name in ROW_FIELDS:
            st.session_state[row_key(name, row)] = "" if name in ("title", "link", "note") else None
    st.session_state[KEY_ROWS] = START_ROWS


def on_add_row() -> None:
    st.session_state[KEY_ROWS] = min(rows_shown() + 1, MAX_ROWS)


def on_save(who, unit_id: int) -> None:
    # Callbacks run before the page: the account and session of this moment, not the run's.
    who = session.current()
    if who is None:
        return
    st.session_state.pop(KEY_ERRORS, None)
    typed = _typed_rows()
    if not typed:
        flash("warning", "Belum ada item yang diisi: isi judul dan tautan minimal satu baris.")
        return
    try:
        with data.session_db() as db:
            result = item_store.add_batch(
                db, who, unit_id, [entry for _row, entry in typed], all_or_nothing=True
            )
    except item_store.BatchRejected as refused:
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
    flash("success", saved_message(result, typed[0][1].day))


def saved_message(result: item_store.BatchResult, day: date) -> str:
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


def batch_form(who, unit_id: int, kinds: list[dict]) -> None:
    codes = [k["code"] for k in kinds]
    short = {k["code"]: k["short_label"] for k in kinds}
    errors: dict[int, dict[str, str]] = st.session_state.get(KEY_ERRORS) or {}
    with st.form("entry_form", border=False, enter_to_submit=False):
        for row in range(rows_shown()):
            problems = errors.get(row)
            with st.container(border=True):
                st.markdown(f"**Item {row + 1}**")
                # Three across on a desktop; Streamlit stacks columns on a phone.
                kind_col, title_col, link_col = st.columns([2, 4, 4])
                with kind_col:
                    st.selectbox(
                        "Jenis",
                        codes,
                        index=None,
                        format_func=short.get,
                        placeholder="Pilih jenis",
                        key=row_key("kind", row),
                    )
                    field_error(problems, "kind")
                with title_col:
                    st.text_input(
                        "Judul",
                        max_chars=500,
                        placeholder="Judul berita atau unggahan",
                        key=row_key("title", row),
                    )
                    field_error(problems, "title")
                with link_col:
                    st.text_input(
                        "Tautan",
                        max_chars=2048,
                        placeholder="https://…",
                        key=row_key("link", row),
                    )
                    field_error(problems, "link")
                tag_col, note_col = st.columns([2, 3])
                with tag_col:
                    st.segmented_control(
                        "Tag (opsional)",
                        list(TAG_LABELS),
                        format_func=TAG_LABELS.get,
                        key=row_key("tag", row),
                    )
                    field_error(problems, "tag")
                with note_col:
                    st.text_input(
                        "Catatan (opsional)",
                        max_chars=2000,
                        key=row_key("note", row),
                    )
                    field_error(problems, "note")
        save, more = st.columns(2)
        save.form_submit_button(
            "Simpan semua",
            type="primary",
            icon=":material/save:",
            width="stretch",
            on_click=on_save,
            args=(who, unit_id),
            key="entry_save",
        )
        more.form_submit_button(
            "Tambah baris",
            icon=":material/add:",
            width="stretch",
            on_click=on_add_row,
            disabled=rows_shown() >= MAX_ROWS,
            key="entry_more",
        )


def day_problem() -> str | None:
    """A date refusal is the same for every row: shown once, under the date."""
    for problems in (st.session_state.get(KEY_ERRORS) or {}).values():
        if "day" in problems:
            return problems["day"]
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
            item_store.update(
                db, who, item_id, expected_version=state.get(edit_key("base", item_id)), **changes
            )
    except item_store.EntryInvalid as exc:
        state[KEY_EDIT_ERRORS] = exc.problems
        flash("error", "Perubahan belum disimpan: perbaiki isian yang ditandai.", KEY_EDIT_FLASH)
        return
    except item_store.StaleEdit as stale:
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
        state[edit_key(name, item_id)] = current[name] or ("" if name != "tag" else None)
    state[edit_key("day", item_id)] = date.fromisoformat(current["day"])
    state[edit_key("base", item_id)] = current["version"]
    flash("info", "Isi terbaru sudah dimuat; ulangi perubahan Anda, lalu simpan.", KEY_EDIT_FLASH)


def on_delete(who, item_id: int) -> None:
    who = session.current()  # the account and session of this moment
    if who is None:
        return
    st.session_state.pop(KEY_CONFIRM, None)
    try:
        with data.session_db() as db:
            item_store.delete(
                db, who, item_id, expected_version=st.session_state.get(edit_key("base", item_id))
            )
    except item_store.StaleEdit as stale:
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


def item_card(who, item: dict, kinds: list[dict], *, earliest: date, today: date, tz: str) -> None:
    """One listed item: when, kind, tag, marks, its title as text, its link; Ubah opens the editor."""
    item_id = item["id"]
    opened = st.session_state.get(KEY_PICK) == item_id
    with st.container(border=True):
        when = fmt.time_in_zone(clock.parse_instant(item["published_at"] or item["created_at"]), tz)
        facts = [when, item["kind_short"]]
        if item["tag"]:
            facts.append(TAG_LABELS[item["tag"]])
        marks = widgets.item_status(item)
        st.caption(
            " · ".join(md_escape(f) for f in facts)
            + (f" · :orange[{md_escape(marks)}]" if marks else "")
        )
        st.text(struck(item["title"]) if item.get("rejected") else item["title"])
        if item["note"]:
            st.caption(md_escape(item["note"]))
        with st.container(horizontal=True):
            if item["link"]:
                st.link_button("Buka tautan", item["link"], icon=":material/open_in_new:")
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
    stale: item_store.StaleEdit = found[1]
    st.error(md_escape(stale), icon=":material/sync_problem:")
    lines = [
        f"{fmt.moment(clock.parse_instant(c.at), tz)}: {c.actor} "
        + (
            "menghapus item ini"
            if c.deleted
            else "mengubah " + ", ".join(item_store.FIELD_LABELS[f] for f in c.fields)
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


def edit_panel(who, item: dict, kinds: list[dict], *, earliest: date, today: date) -> None:
    item_id = item["id"]
    codes = [k["code"] for k in kinds]
    short = {k["code"]: k["short_label"] for k in kinds}
    problems = st.session_state.get(KEY_EDIT_ERRORS)
    day = date.fromisoformat(item["day"])
    # The version this panel shows, kept until a save or a reload: a later rerun must not
    # quietly move the base under what the person typed (the widgets keep their values).
    st.session_state.setdefault(edit_key("base", item_id), item["version"])
    with st.form(f"edit_form_{item_id}", enter_to_submit=False):
        left, right = st.columns([2, 3])
        with left:
            st.selectbox(
                "Jenis",
                codes,
                index=codes.index(item["kind"]) if item["kind"] in codes else None,
                format_func=short.get,
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
                "Judul", value=item["title"], max_chars=500, key=edit_key("title", item_id)
            )
            field_error(problems, "title")
            st.text_input(
                "Tautan", value=item["link"] or "", max_chars=2048, key=edit_key("link", item_id)
            )
            field_error(problems, "link")
        st.segmented_control(
            "Tag (opsional)",
            list(TAG_LABELS),
            default=item["tag"],
            format_func=TAG_LABELS.get,
            key=edit_key("tag", item_id),
        )
        field_error(problems, "tag")
        st.text_input(
            "Catatan (opsional)", value=item["note"], max_chars=2000, key=edit_key("note", item_id)
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
