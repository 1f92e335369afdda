"""Pengiriman Pesan (admin): what was sent, what failed and why, the channels, role defaults."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import clock, fmt
from dashboard.domain import MessageKind, OutboxMessage, Role, SubscriptionDefault
from dashboard.kpi.schedule import at_time, shown
from dashboard.service import notify
from dashboard.service.errors import StoreError
from dashboard.ui import data, session
from dashboard.ui.text import md_escape
from dashboard.words import ROLE_LABELS

who = session.require_page("pengiriman-pesan")
viewer_tz = data.units_by_id()[session.own_unit(who)].tz
STATUS_LABELS = {
    "pending": "Menunggu",
    "sending": "Sedang dikirim",
    "retry": "Dicoba lagi",
    "sent": "Terkirim",
    "failed": "Gagal",
    "skipped": "Dilewati",
}
KEY_FLASH = "pesan-admin-flash"

st.title("Pengiriman Pesan")
st.caption(
    "Pengingat, rekap harian dan rekap mingguan yang dikirim lewat e-mail, Telegram dan "
    "WhatsApp. Setiap pesan tercatat sekali per akun, jenis, unit dan tanggal."
)
flash = st.session_state.pop(KEY_FLASH, None)
if flash:
    getattr(st, flash[0])(flash[1])

now = clock.utc_now()
since = now - timedelta(days=7)
with data.session_db(readonly=True) as db:
    counts = notify.status_counts(db, who, since=since)
    failed = notify.messages(db, who, notify.MessageFilter(statuses=("failed",), since=since))
    waiting = notify.messages(
        db, who, notify.MessageFilter(statuses=("pending", "retry", "sending"))
    )
    recent = notify.messages(db, who, notify.MessageFilter(since=since), limit=300)
    defaults = notify.role_defaults(db)

cols = st.columns(4)
cols[0].metric("Terkirim (7 hari)", fmt.number(counts.get("sent", 0)))
cols[1].metric("Gagal (7 hari)", fmt.number(counts.get("failed", 0)))
cols[2].metric("Menunggu / dicoba lagi", fmt.number(len(waiting)))
cols[3].metric("Dilewati (7 hari)", fmt.number(counts.get("skipped", 0)))

st.subheader("Saluran di server ini")
channels = notify.configured_channels()
st.dataframe(
    pd.DataFrame(
        {
            "Saluran": [notify.VIA_LABELS[v] for v in channels],
            "Status": list(channels.values()),
        }
    ),
    hide_index=True,
    width="content",
)
st.caption(
    "Diatur lewat lingkungan server: HUMAS_SMTP_* (atau [smtp] di secrets.toml), "
    "HUMAS_TELEGRAM_BOT_TOKEN, HUMAS_WHATSAPP_* (WhatsApp Cloud API) atau HUMAS_WA_GATEWAY_* "
    "(gateway). Lihat README."
)


def _table(found: list[OutboxMessage]) -> pd.DataFrame:
    """The reason next to who and how: it is what an admin reads first."""
    return pd.DataFrame(
        {
            "Penerima": [m.username for m in found],
            "Jenis": [notify.KIND_LABELS[m.kind] for m in found],
            "Saluran": [notify.VIA_LABELS[m.via] for m in found],
            "Status": [STATUS_LABELS[m.status] for m in found],
            "Alasan": [m.reason for m in found],
            "Unit": [m.unit_name for m in found],
            "Tanggal": [m.day.isoformat() for m in found],
            "Percobaan": [m.attempts for m in found],
            "Dibuat": [fmt.moment(clock.parse_instant(m.created_at), viewer_tz) for m in found],
            "No.": [m.id for m in found],
        }
    )


COLUMNS = {"Alasan": st.column_config.TextColumn(width="large")}


st.subheader("Gagal (7 hari terakhir)")
if not failed:
    st.success("Tidak ada pesan yang gagal dalam 7 hari terakhir.")
else:
    st.dataframe(_table(failed), hide_index=True, width="stretch", column_config=COLUMNS)
    by_id = {m.id: m for m in failed}
    chosen = st.selectbox(
        "Kirim ulang pesan",
        list(by_id),
        index=None,
        placeholder="Pilih nomor pesan yang gagal",
        format_func=lambda i: (
            f"{i} — {by_id[i].username}, {notify.KIND_LABELS[by_id[i].kind]}, "
            f"{notify.VIA_LABELS[by_id[i].via]}"
        ),
        key="pesan-ulang",
    )
    if (
        st.button("Kirim ulang", disabled=chosen is None, key="pesan-ulang-kirim")
        and chosen is not None
    ):
        with data.session_db() as db:
            again = notify.send_again(db, who, chosen)
        st.session_state[KEY_FLASH] = (
            ("success", f"Pesan {chosen} akan dikirim ulang pada putaran berikutnya (≤ 1 menit).")
            if again
            else ("info", f"Pesan {chosen} sudah tidak berstatus gagal.")
        )
        st.rerun()

with st.expander(f"Semua pesan 7 hari terakhir ({fmt.number(len(recent))})"):
    if recent:
        st.dataframe(_table(recent), hide_index=True, width="stretch", column_config=COLUMNS)
    else:
        st.caption("Belum ada pesan.")

st.subheader("Bawaan per peran")
st.caption(
    "Berlaku untuk akun yang belum memilih sendiri. Setiap orang dapat mematikan atau mengubah "
    "langganannya di Akun Saya. Pengingat hanya pada hari kerja, bila unit belum mencatat "
    "berita sampai pukul itu; rekap mingguan setiap Senin."
)
with st.form("bawaan-peran"):
    chosen_defaults = {}
    for role in Role:
        st.markdown(f"**{ROLE_LABELS[role]}**")
        kind_cols = st.columns(len(notify.KIND_LABELS))
        for col, kind in zip(kind_cols, notify.KIND_LABELS, strict=True):
            row = defaults.get((role, kind)) or SubscriptionDefault(
                role, MessageKind(kind), False, "08:00"
            )
            on = col.checkbox(
                notify.KIND_LABELS[kind], value=row.enabled, key=f"bawaan-{role}-{kind}"
            )
            when = col.time_input(
                f"Pukul {notify.KIND_LABELS[kind].lower()}",
                value=at_time(row.at_time),
                step=900,
                key=f"bawaan-at-{role}-{kind}",
            )
            chosen_defaults[(role, kind)] = (on, f"{when:%H:%M}")
    if st.form_submit_button("Simpan bawaan", type="primary"):
        changed = 0
        try:
            with data.session_db() as db:
                for (role, kind), (on, at) in chosen_defaults.items():
                    changed += notify.set_role_default(db, who, role, kind, enabled=on, at_time=at)
        except StoreError as exc:
            st.error(md_escape(exc))
        else:
            st.session_state[KEY_FLASH] = ("success", f"{changed} bawaan diubah.")
            st.rerun()

st.caption(
    f"Waktu ditampilkan dalam {clock.abbrev(viewer_tz)}. Jam kirim mengikuti waktu setempat "
    f"unit masing-masing (mis. {shown('14:00')} WITA di Kupang)."
)
