"""Impor Data: a template (CSV/XLSX), a Meta Business Suite export or an RSS/Atom feed.

Upload (or give a feed's address), see what each row would become, then save
everything in one transaction. The preview is a dry run of the very same
store call, so it says exactly what saving will do (unless someone else
writes in between: the save reports what it actually did).
"""

import hashlib

import pandas as pd
import streamlit as st

from dashboard import clock, fmt, words
from dashboard.service import imports as import_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, session, widgets
from dashboard.ui.text import md_escape

KEY_PREVIEW = "import_preview"
KEY_DONE = "import_done"
KEY_UPLOAD_ROUND = "import_round"  # bumped after a save, so the uploader starts empty

STATUS_LABELS = {
    import_service.ADDED: "Ditambahkan",
    import_service.DUPLICATE: "Sudah tercatat",
    import_service.REJECTED: "Ditolak",
}

who = session.require_page("impor")
all_units = data.units_by_id()

st.title("Impor Data")

unit_id = widgets.entry_unit(who, all_units, key="import_unit")
unit = all_units[unit_id]
st.caption(
    f"{md_escape(unit.name)} · tanggal dihitung di zona {clock.abbrev(unit.tz)}. "
    "Impor boleh berisi tanggal lama (mengisi riwayat); yang lebih tua dari batas isi mundur "
    "ditandai terlambat. Baris yang sudah tercatat tidak dihitung dua kali."
)

with st.expander("Templat kosong dan petunjuk", icon=":material/download:"):
    st.markdown(
        "Kolom: `tanggal` (DD/MM/YYYY atau YYYY-MM-DD), `jenis` (kode atau label), `judul`, "
        "`tautan`, `catatan`, dan `tag` (opsional: capaian atau seremonial). Pemisah `;` atau `,`."
    )
    left, right = st.columns(2)
    left.download_button(
        "Templat CSV",
        import_service.empty_csv(),
        file_name="templat-pantau-humas.csv",
        mime="text/csv",
        icon=":material/table_view:",
        width="stretch",
        key="template_csv",
    )
    right.download_button(
        "Templat Excel",
        data.template_xlsx(),
        file_name="templat-pantau-humas.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/grid_on:",
        width="stretch",
        key="template_xlsx",
    )

done = st.session_state.pop(KEY_DONE, None)
if done:
    st.success(done)

formats = ["auto", *import_service.FORMATS]
format_col, source_col = st.columns([3, 2], vertical_alignment="bottom")
fmt_choice = format_col.selectbox(
    "Format",
    formats,
    format_func=words.IMPORT_FORMAT_LABELS.__getitem__,
    placeholder="Pilih format",
    key="import_format",
)
source = source_col.segmented_control(
    "Sumber",
    ["berkas", "url"],
    default="berkas",
    key="import_source",
    format_func={"berkas": "Unggah berkas", "url": "Alamat umpan RSS"}.__getitem__,
)

raw: bytes | None = None
name = ""
if source == "url":
    with st.form("import_url_form", border=False):
        url = st.text_input(
            "Alamat umpan RSS/Atom",
            placeholder="mis. kemenag.go.id/feed",
            type="url",
            validate="",  # without https:// is fine: it is added
            key="import_url",
        )
        fetch_now = st.form_submit_button("Ambil umpan", icon=":material/rss_feed:")
    if fetch_now and url:
        try:
            with st.spinner("Mengambil umpan…"):
                st.session_state["import_url_bytes"] = (url, import_service.fetch_feed(url))
        except import_service.Unreadable as exc:
            st.session_state.pop("import_url_bytes", None)  # the old preview is not this address's
            st.error(f"Umpan tidak dapat diambil: {md_escape(words.say(exc))}")
    fetched = st.session_state.get("import_url_bytes")
    if fetched:
        name, raw = fetched
else:
    upload = st.file_uploader(
        "Berkas CSV, XLSX, atau RSS/Atom",
        type=["csv", "xlsx", "xml", "rss", "atom", "txt"],
        key=f"import_file_{st.session_state.get(KEY_UPLOAD_ROUND, 0)}",
    )
    # Streamlit's uploader says "Upload" and "per file" in English whatever the app's
    # language (no parameter changes them): the same, in Indonesian, right under it.
    st.caption(
        "Seret berkas ke kotak di atas, atau ketuk **Upload** untuk memilihnya dari perangkat. "
        f"Paling besar {st.get_option('server.maxUploadSize')} MB per berkas."
    )
    if upload is not None:
        raw, name = upload.getvalue(), upload.name

if raw is not None:
    wanted = (hashlib.sha256(raw).hexdigest(), fmt_choice, unit_id, data.version())
    preview = st.session_state.get(KEY_PREVIEW)
    if preview is None or preview["key"] != wanted:
        preview = {"key": wanted, "parsed": None, "result": None, "error": None}
        try:
            with st.spinner("Memeriksa setiap baris…"):
                parsed = import_service.read(raw, unit, fmt=fmt_choice, name=name)
                # A read-only connection: a preview cannot write, nor hold anyone's write up.
                with data.session_db(readonly=True) as db:
                    preview["result"] = import_service.preview(db, who, unit_id, parsed)
            preview["parsed"] = parsed
        except import_service.Unreadable as exc:
            preview["error"] = f"Berkas tidak dapat dibaca: {words.say(exc)}"
        except StoreError as exc:
            preview["error"] = str(exc)
        st.session_state[KEY_PREVIEW] = preview

    if preview["error"]:
        st.error(md_escape(preview["error"]), icon=":material/error:")
    else:
        result: import_service.ImportResult = preview["result"]
        parsed = preview["parsed"]
        batch = result.batch
        st.subheader("Pratinjau")
        st.caption(
            f"{md_escape(name)} · {words.IMPORT_FORMAT_LABELS[parsed.format]} · "
            f"{fmt.number(len(parsed.entries))} baris"
            + (
                f" · {fmt.number(parsed.skipped_empty)} baris kosong dilewati"
                if parsed.skipped_empty
                else ""
            )
        )
        with st.container(horizontal=True):
            st.metric("Akan ditambahkan", fmt.number(len(batch.added)), border=True)
            st.metric("Sudah tercatat", fmt.number(len(batch.duplicates)), border=True)
            st.metric("Ditolak", fmt.number(len(batch.rejected)), border=True)
            # Links other units recorded are for reviewers (the store tells admins only).
            if who.is_admin:
                st.metric("Perlu ditinjau", fmt.number(len(batch.flagged)), border=True)
        entries = parsed.entries

        def _note(outcome) -> str:
            if outcome.status == import_service.ADDED and outcome.flagged:
                return "Tautan juga dicatat unit lain: tetap dihitung, akan ditinjau."
            if outcome.status == import_service.ADDED and outcome.checked and outcome.checked.late:
                return "Ditandai terlambat (lebih tua dari batas isi mundur)."
            return outcome.message

        kind_short = {k.code: k.short_label for k in data.kinds()}
        frame = pd.DataFrame(
            {
                "Baris": [o.line for o in batch.outcomes],
                "Status": [
                    "Akan ditambahkan"
                    if o.status == import_service.ADDED
                    else STATUS_LABELS[o.status]
                    for o in batch.outcomes
                ],
                "Keterangan": [_note(o) for o in batch.outcomes],
                "Tanggal": [
                    entries[o.index].day.strftime("%d/%m/%Y") if entries[o.index].day else ""
                    for o in batch.outcomes
                ],
                "Jenis": [
                    kind_short.get(o.checked.kind, "") if o.checked else entries[o.index].kind
                    for o in batch.outcomes
                ],
                "Judul": [entries[o.index].title for o in batch.outcomes],
                "Tautan": [entries[o.index].link for o in batch.outcomes],
            }
        )
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            column_config={
                "Judul": st.column_config.TextColumn(width="medium"),
                "Tautan": st.column_config.TextColumn(width="medium"),
                "Keterangan": st.column_config.TextColumn(
                    width="large" if batch.rejected or batch.duplicates else "small"
                ),
            },
        )
        if result.parsed.outtakes:
            st.caption(
                "Jangkauan, tayangan, dan interaksi dari ekspor Meta disimpan terpisah sebagai "
                "data capaian jangkauan; tidak dihitung sebagai output."
            )
        if batch.added:
            if st.button(
                f"Simpan {fmt.number(len(batch.added))} item",
                type="primary",
                icon=":material/save:",
                key="import_commit",
            ):
                bar = st.progress(0.0, text="Menyimpan…")

                def _report(done: int, total: int, label: str) -> None:
                    bar.progress(min(done / total, 1.0) if total else 1.0, text=label)

                try:
                    with data.session_db() as db:
                        saved = import_service.save(db, who, unit_id, parsed, report=_report)
                except StoreError as exc:
                    st.error(md_escape(exc))
                else:
                    data.clear_caches()
                    s = saved.batch
                    st.session_state[KEY_DONE] = (
                        f"Impor selesai: {fmt.number(len(s.added))} item ditambahkan, "
                        f"{fmt.number(len(s.duplicates))} sudah tercatat, "
                        f"{fmt.number(len(s.rejected))} ditolak."
                    )
                    st.session_state.pop(KEY_PREVIEW, None)
                    st.session_state.pop("import_url_bytes", None)
                    st.session_state[KEY_UPLOAD_ROUND] = (
                        st.session_state.get(KEY_UPLOAD_ROUND, 0) + 1
                    )
                    st.rerun()
        else:
            st.info("Tidak ada item baru untuk disimpan dari berkas ini.")
