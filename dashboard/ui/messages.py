"""Pesan & pengingat: one account's contacts and subscriptions (Akun Saya; an admin on Pengguna).

`settings(who, account_id)` draws, for the account: its three contacts (an
address, whether it receives messages there, its status and last test, a
"Kirim pesan uji" button) and its three subscriptions (on or off, the local
time, the channel, the recap's scope), each saved on its own. Everything
goes through service/notify.py; what people typed is shown as text.
"""

from __future__ import annotations

from datetime import time

import streamlit as st

from dashboard import clock, fmt
from dashboard.domain import Contact, Unit
from dashboard.kpi.schedule import at_time, shown
from dashboard.net import contacts as contact_rules
from dashboard.service import notify
from dashboard.service.errors import StoreError
from dashboard.store.access import Principal
from dashboard.ui import data, figures, session
from dashboard.ui.text import md_escape

PLACEHOLDERS = {
    "email": "nama@kemenag.go.id",
    "whatsapp": "0812-3456-7890",
    "telegram": "123456789",
}
HELP = {
    "email": "Alamat e-mail untuk rekap dan pengingat.",
    "whatsapp": "Nomor ponsel Indonesia yang memakai WhatsApp; disimpan sebagai +62….",
    "telegram": "ID chat Telegram Anda (angka).",
}
KIND_HELP = {
    "reminder": "Dikirim pada hari kerja bila unit Anda belum mencatat berita sampai pukul ini "
    "(waktu setempat unit).",
    "recap": "Rekap Harian Humas unit Anda dan unit di bawahnya, setiap hari kerja pada pukul "
    "ini (waktu setempat unit).",
    "weekly": "Ringkasan pekan lalu, setiap Senin pada pukul ini.",
}
AUTO = "otomatis"
VIA_CHOICES = (AUTO, "whatsapp", "telegram", "email")


def _via_label(via: str | None) -> str:
    return "saluran otomatis" if via in (None, AUTO) else notify.VIA_LABELS[via]


def telegram_help() -> str:
    bot = notify.bot_name()
    if bot:
        return (
            "Cara menyambungkan Telegram: tekan **Buat tautan Telegram** di bawah, buka tautannya "
            f"di ponsel (bot @{md_escape(bot)}) dan tekan **Mulai** (/start). Dalam satu menit "
            "ID chat Anda terisi di sini dengan sendirinya; muat ulang halaman ini untuk melihatnya."
        )
    return (
        "Cara menyambungkan Telegram: buka bot Pantau Humas di Telegram dan tekan **Mulai** "
        "(/start) — tanpa itu bot tidak boleh mengirim pesan kepada Anda. Lalu kirim pesan apa "
        "saja ke @userinfobot: ia menjawab dengan **Id** Anda (angka). Isi angka itu di sini, "
        "simpan, dan tekan **Kirim pesan uji**."
    )


def _telegram_link(who: Principal, account_id: int, prefix: str) -> None:
    """The t.me link that connects this account (when the bot's name is configured)."""
    if notify.bot_name() is None:
        return
    key = f"{prefix}-tme"
    if st.button("Buat tautan Telegram", key=f"{key}-buat", icon=":material/link:"):
        with data.session_db() as db:
            st.session_state[key] = notify.telegram_link(db, who, account_id)
    link = st.session_state.get(key)
    if link:
        st.link_button("Buka Telegram dan tekan Mulai", link, type="primary")
        minutes = int(notify.LINK_VALID.total_seconds() // 60)
        st.caption(f"Tautan berlaku {minutes} menit dan hanya untuk akun ini. Jangan dibagikan.")


def _flash_key(prefix: str) -> str:
    return f"{prefix}-flash"


def _say(prefix: str, kind: str, text: str) -> None:
    st.session_state[_flash_key(prefix)] = (kind, text)


def _status(contact: Contact | None, viewer_tz: str) -> str:
    if contact is None:
        return "Belum diisi."
    if contact.blocked_at:
        state = "Dinonaktifkan: penerima memblokir bot."
    else:
        state = "Aktif: menerima pesan." if contact.enabled else "Tidak aktif."
    if contact.tested_at:
        when = fmt.moment(clock.parse_instant(contact.tested_at), viewer_tz)
        if contact.test_status == "sent":
            state += f" Pesan uji terkirim {when}."
        else:
            state += f" Pesan uji gagal {when}: {md_escape(contact.test_reason)}"
    return state


def _contact_summary(label: str, found: Contact | None) -> str:
    if found is None:
        return f"{label} · belum diisi"
    state = "diblokir" if found.blocked_at else ("aktif" if found.enabled else "tidak aktif")
    return f"{label} · {md_escape(found.address)} · {state}"


def _subscription_summary(kind: str, sub) -> str:
    if not sub.enabled:
        return f"{notify.KIND_LABELS[kind]} · mati"
    return f"{notify.KIND_LABELS[kind]} · aktif pukul {shown(sub.at_time)} · {_via_label(sub.via)}"


def _contact_form(who: Principal, account_id: int, via: str, found: Contact | None, prefix: str):
    label = notify.VIA_LABELS[via]
    # A new key after each save or removal: the field then shows the address as saved
    # (+62…), not as typed.
    turn = st.session_state.get(f"{prefix}-turn-{via}", 0)
    key = f"{prefix}-address-{via}" + (f"-{turn}" if turn else "")
    box = st.expander(_contact_summary(label, found), key=f"{prefix}-box-{via}")
    if via == "telegram":
        with box:
            st.caption(telegram_help())
            _telegram_link(who, account_id, prefix)
    with box, st.form(f"{prefix}-contact-{via}", border=False):
        address = st.text_input(
            label,
            value=found.address if found else "",
            placeholder=PLACEHOLDERS[via],
            help=HELP[via],
            max_chars=contact_rules.EMAIL_MAX,
            label_visibility="collapsed",
            key=key,
        )
        on = st.checkbox(
            "Terima pesan di sini",
            value=found.enabled if found else True,
            key=f"{prefix}-on-{via}",
        )
        st.caption(_status(found, data.units_by_id()[session.own_unit(who)].tz))
        save, test, remove = st.columns(3)
        saved = save.form_submit_button("Simpan", type="primary", width="stretch")
        tested = test.form_submit_button("Kirim pesan uji", width="stretch", disabled=found is None)
        removed = remove.form_submit_button("Hapus", width="stretch", disabled=found is None)
    if saved:
        if not address.strip():
            st.error(f"Isi {label} lebih dulu, atau tekan Hapus.")
            return
        try:
            with data.session_db() as db:
                notify.save_contact(db, who, account_id, via, address, enabled=on)
        except (notify.ContactRefused, StoreError) as exc:
            st.error(md_escape(exc))
            return
        st.session_state[f"{prefix}-turn-{via}"] = turn + 1
        _say(prefix, "success", f"{label} disimpan.")
        st.rerun()
    if tested:
        with data.session_db() as db:
            result = notify.send_test(db, who, account_id, via)
        if result.ok:
            _say(prefix, "success", f"Pesan uji {label} terkirim. Periksa {label} Anda.")
        else:
            _say(prefix, "error", f"Pesan uji {label} gagal: {md_escape(result.reason)}")
        st.rerun()
    if removed:
        with data.session_db() as db:
            notify.remove_contact(db, who, account_id, via)
        st.session_state[f"{prefix}-turn-{via}"] = turn + 1
        _say(prefix, "success", f"{label} dihapus.")
        st.rerun()


def _subscription_form(
    who: Principal, account_id: int, kind: str, sub, scopes: list[Unit], prefix: str
):
    with (
        st.expander(_subscription_summary(kind, sub), key=f"{prefix}-box-{kind}"),
        st.form(f"{prefix}-sub-{kind}", border=False),
    ):
        st.caption(KIND_HELP[kind] + ("" if sub.own else " Saat ini mengikuti bawaan peran."))
        on = st.toggle("Aktif", value=sub.enabled, key=f"{prefix}-sub-on-{kind}")
        left, right = st.columns(2)
        when = left.time_input(
            "Pukul (waktu setempat)",
            value=at_time(sub.at_time),
            step=900,
            key=f"{prefix}-sub-at-{kind}",
        )
        via = right.selectbox(
            "Saluran",
            VIA_CHOICES,
            index=VIA_CHOICES.index(sub.via or AUTO),
            format_func=lambda v: "Otomatis (yang tersedia)" if v == AUTO else _via_label(v),
            key=f"{prefix}-sub-via-{kind}",
            placeholder="Pilih saluran",
        )
        scope = None
        if kind != "reminder" and len(scopes) > 1:
            ids = [u.id for u in scopes]
            names = {u.id: u.name for u in scopes}
            current = sub.unit_id if sub.unit_id in names else ids[0]
            scope = st.selectbox(
                "Cakupan",
                ids,
                index=ids.index(current),
                format_func=lambda i: names[i],
                key=f"{prefix}-sub-scope-{kind}",
                help="Unit yang direkap beserta unit di bawahnya.",
                placeholder="Pilih unit",
            )
        save, reset = st.columns(2)
        saved = save.form_submit_button("Simpan", type="primary", width="stretch")
        default = reset.form_submit_button(
            "Ikuti bawaan peran", width="stretch", disabled=not sub.own
        )
    if saved:
        own_unit = scopes[0].id if scopes else None
        try:
            with data.session_db() as db:
                notify.set_subscription(
                    db,
                    who,
                    account_id,
                    kind,
                    enabled=on,
                    at_time=f"{when:%H:%M}" if isinstance(when, time) else sub.at_time,
                    via=None if via == AUTO else via,
                    unit_id=None if scope in (None, own_unit) else scope,
                )
        except StoreError as exc:
            st.error(md_escape(exc))
            return
        state = f"aktif pukul {shown(f'{when:%H:%M}')}" if on else "dimatikan"
        _say(prefix, "success", f"{notify.KIND_LABELS[kind]} {state}.")
        st.rerun()
    if default:
        with data.session_db() as db:
            notify.follow_default(db, who, account_id, kind)
        _say(prefix, "success", f"{notify.KIND_LABELS[kind]} kembali mengikuti bawaan peran.")
        st.rerun()


def settings(who: Principal, account_id: int, *, prefix: str = "pesan") -> None:
    """The account's contacts and subscriptions, each saved on its own."""
    flash = st.session_state.pop(_flash_key(prefix), None)
    if flash:
        getattr(st, flash[0])(flash[1])
    with data.session_db(readonly=True) as db:
        found = notify.contacts_of(db, who, account_id)
        subs = notify.subscriptions_of(db, who, account_id)
        account = notify.account_principal(db, account_id)
        scopes = notify.scopes_for(db, account, figures.current_context())
    st.markdown("**Kontak**")
    st.caption(
        "Pesan dikirim hanya ke kontak yang Anda isi dan aktifkan. Tanpa kontak aktif, tidak ada "
        "pesan yang dikirim."
    )
    for via in ("whatsapp", "telegram", "email"):
        _contact_form(who, account_id, via, found.get(via), prefix)
    st.markdown("**Langganan**")
    for kind in notify.KIND_LABELS:
        _subscription_form(who, account_id, kind, subs[kind], scopes, prefix)
