"""What pages show of channels: a unit's channels with their health, the form to add one,
the units below a leader that need a look, and the short status Unit Saya shows.

Every read goes through `dashboard.service.channels`; what a channel says
(its address, its last error, skipped posts) is shown as text or escaped.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import channel_address, clock, links, secretbox, words
from dashboard.domain import Unit
from dashboard.service import channels as channel_service
from dashboard.service.errors import StoreError
from dashboard.store.access import Principal
from dashboard.ui import data, figures, memo
from dashboard.ui.text import md_escape

PAGE = "kanal"
TOKEN_MAX = 4096  # Meta's page tokens run to a few hundred characters
KEY_FLASH = "kanal_flash"
KEY_TESTED = "kanal_tested"  # (channel id, kind, message) of the last "Uji sekarang"


# Resources, not data: shared by every session asking with the same key and never changed by a
# page. cache_data unpickled a fresh copy on every run: a national leader's coverage (every unit
# without a working channel) cost a fifth of a warm Unit Saya run (issue 19). The TTL keeps
# "failing for 24 hours" and "last success" moving without a write. Read through memo.shared,
# like the other shared snapshots: Streamlit would hash the arguments on every run.
@memo.shared(max_entries=64, ttl=300, hash_funcs=figures.HASH_FUNCS)
def _unit_channels(db_file: str, version: int, who: Principal, unit_id: int):
    with data.session_db(readonly=True) as db:
        return channel_service.unit_channels(db, who, unit_id)


def unit_channels(who: Principal, unit_id: int) -> list[channel_service.ChannelView]:
    return _unit_channels(data.path(), data.version(), who, unit_id)


@memo.shared(max_entries=32, ttl=300, hash_funcs=figures.HASH_FUNCS)
def _coverage(db_file: str, version: int, days: tuple, who: Principal, root_id: int):
    # The context is not in the key: the version and the days it is built for are.
    with data.session_db(readonly=True) as db:
        return channel_service.coverage(db, who, figures.current_context(), root_id)


def coverage(who: Principal, root_id: int) -> channel_service.Coverage:
    version, days = data.version(), figures.day_key(clock.utc_now())
    return _coverage(data.path(), version, days, who, root_id)


def _tested_message(outcome) -> tuple[str, str]:
    if outcome.error:
        return "error", f"Kanal tidak terbaca: {md_escape(outcome.error)}"
    return (
        "success",
        f"Kanal terbaca: {outcome.found} unggahan ditemukan, {outcome.added} baru tercatat, "
        f"{outcome.duplicates} sudah ada.",
    )


def _test_now(who: Principal, channel_id: int) -> None:
    with st.spinner("Membaca kanal…"), data.session_db() as db:
        try:
            outcome = channel_service.test_now(db, who, channel_id)
        except StoreError as exc:
            st.session_state[KEY_TESTED] = (channel_id, "error", md_escape(exc))
            return
    st.session_state[KEY_TESTED] = (channel_id, *_tested_message(outcome))


def _replace_token(who: Principal, channel_id: int) -> None:
    token = st.session_state.get(f"kanal_token_{channel_id}", "")
    try:
        with data.session_db() as db:
            channel_service.replace_token(db, who, channel_id, token)
    except (StoreError, secretbox.KeyProblem) as exc:
        st.session_state[KEY_TESTED] = (channel_id, "error", md_escape(exc))
        return
    st.session_state[f"kanal_token_{channel_id}"] = ""
    st.session_state[KEY_FLASH] = "Token diganti dan disimpan terenkripsi."


def _remove(who: Principal, channel_id: int) -> None:
    try:
        with data.session_db() as db:
            removed = channel_service.remove_channel(db, who, channel_id)
    except StoreError as exc:
        st.session_state[KEY_TESTED] = (channel_id, "error", md_escape(exc))
        return
    label = words.CHANNEL_TYPE_LABELS[removed.type]
    st.session_state[KEY_FLASH] = (
        f"Kanal {label} dihapus; item yang sudah terkumpul tetap tercatat."
    )


def channel_card(who: Principal, channel: channel_service.ChannelView, manage: bool) -> None:
    """One channel: what it is, how it fares, and (for who may manage it) what to do with it."""
    with st.container(border=True):
        head, state = st.columns([3, 2], vertical_alignment="center")
        head.markdown(f"**{channel.type_label}**")
        head.text(channel.address)
        state.markdown(channel.status_text)
        if channel.never_run:
            st.caption(
                "Belum pernah dibaca: tekan “Uji sekarang”, atau tunggu pengambilan otomatis "
                "berikutnya."
            )
        else:
            st.caption(
                f"Terakhir berhasil: {channel.last_success} · pengambilan terakhir "
                f"{channel.last_run}: {channel.last_found} ditemukan, {channel.last_added} baru "
                f"· {channel.total_added} item terkumpul sejak didaftarkan"
            )
        if channel.token_note:
            st.caption(f"Token: {channel.token_note}")
        if channel.last_error:
            st.warning(md_escape(channel.last_error), icon=":material/error:")
        if channel.skips:
            with st.expander(f"{len(channel.skips)} unggahan dilewati pada pengambilan terakhir"):
                st.dataframe(
                    pd.DataFrame(
                        {
                            "Unggahan": [s.ref for s in channel.skips],
                            "Alasan": [s.reason for s in channel.skips],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                )
        tested = st.session_state.get(KEY_TESTED)
        if tested and tested[0] == channel.id:
            (st.error if tested[1] == "error" else st.success)(tested[2])
        if not manage:
            return
        with st.container(horizontal=True):
            st.button(
                "Uji sekarang",
                key=f"kanal_test_{channel.id}",
                icon=":material/sync:",
                on_click=_test_now,
                args=(who, channel.id),
                help="Membaca kanal sekarang; unggahan baru yang ditemukan langsung tercatat.",
            )
            if channel.type in channel_address.NEEDS_TOKEN:
                with st.popover("Ganti token", icon=":material/key:"):
                    st.text_input(
                        "Token akses baru",
                        type="password",
                        key=f"kanal_token_{channel.id}",
                        max_chars=TOKEN_MAX,
                        help="Disimpan terenkripsi dan tidak ditampilkan lagi.",
                    )
                    st.button(
                        "Simpan token",
                        key=f"kanal_token_save_{channel.id}",
                        on_click=_replace_token,
                        args=(who, channel.id),
                        type="primary",
                    )
            with st.popover("Hapus", icon=":material/delete:"):
                st.write(
                    "Unggahan baru dari kanal ini tidak dikumpulkan lagi. Item yang sudah "
                    "terkumpul tetap tercatat."
                )
                st.button(
                    "Ya, hapus kanal ini",
                    key=f"kanal_remove_{channel.id}",
                    on_click=_remove,
                    args=(who, channel.id),
                    type="primary",
                )


def add_form(who: Principal, unit: Unit) -> None:
    """Register a channel of `unit`: its type, address and (for an API) its token."""
    st.subheader("Daftarkan kanal")
    channel_type = st.selectbox(
        "Jenis kanal",
        channel_address.TYPES,
        format_func=words.CHANNEL_TYPE_LABELS.__getitem__,
        key="kanal_type",
        placeholder="Pilih jenis kanal",
    )
    needs_token = channel_type in channel_address.NEEDS_TOKEN
    with st.form("kanal_new", clear_on_submit=True, enter_to_submit=False):
        address = st.text_input(
            words.CHANNEL_ADDRESS_LABELS[channel_type],
            help=words.CHANNEL_ADDRESS_HELP[channel_type],
            key="kanal_address",
            max_chars=links.MAX_LINK_LENGTH,
        )
        token = ""
        if needs_token:
            token = st.text_input(
                "Token akses",
                type="password",
                key="kanal_new_token",
                max_chars=TOKEN_MAX,
                help="Dari Meta Business Suite / Graph API (Facebook, Instagram) atau TikTok "
                "for Developers. Disimpan terenkripsi, tidak ditampilkan lagi; dapat diganti.",
            )
        sent = st.form_submit_button("Daftarkan kanal", type="primary")
    if sent:
        try:
            with data.session_db() as db:
                channel_service.add_channel(db, who, unit.id, channel_type, address, token)
        except (StoreError, secretbox.KeyProblem) as exc:
            st.error(md_escape(exc))
            return
        st.session_state[KEY_FLASH] = (
            f"Kanal {words.CHANNEL_TYPE_LABELS[channel_type]} didaftarkan. Tekan "
            "“Uji sekarang” untuk membacanya sekarang, atau tunggu pengambilan berikutnya."
        )
        st.rerun()


def coverage_section(who: Principal, unit: Unit) -> None:
    """For a leader: the units below `unit` with no channel, or a channel failing for 24 hours."""
    found = coverage(who, unit.id)
    below = [a for a in found.attention if a.unit.id != unit.id]
    st.subheader("Unit di bawahnya")
    st.caption(
        f"{found.with_channel} dari {found.units} unit (termasuk unit ini) sudah mendaftarkan "
        "kanal. Unit tanpa kanal masih mengetik semua unggahannya sendiri; kanal yang gagal "
        "lebih dari 24 jam perlu diperiksa operatornya."
    )
    if not below:
        st.success("Semua unit di bawahnya punya kanal yang berjalan.", icon=":material/check:")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Unit": [a.unit.name for a in below],
                "Masalah": [a.problem for a in below],
                "Terakhir berhasil": [
                    a.failing[0].last_success if a.failing else "" for a in below
                ],
                "Galat terakhir": [a.failing[0].last_error if a.failing else "" for a in below],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Galat terakhir": st.column_config.TextColumn(width="large")},
    )


def unit_status(who: Principal, unit: Unit, *, leader: bool) -> None:
    """Unit Saya: the unit's channels at a glance, and for a leader the units below that need
    a look; the Kanal page has the rest."""
    channels = unit_channels(who, unit.id)
    st.subheader("Kanal otomatis")
    if channels:
        st.dataframe(
            pd.DataFrame(
                {
                    # Status first: on a phone the table scrolls sideways.
                    "Kanal": [c.type_label for c in channels],
                    "Status": [c.status_text for c in channels],
                    "Terakhir berhasil": [c.last_success for c in channels],
                    "Galat terakhir": [c.last_error for c in channels],
                    "Alamat": [c.address for c in channels],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(
            "Unit ini belum mendaftarkan kanal: unggahan situs dan media sosialnya belum "
            "terkumpul otomatis."
        )
    if leader:
        found = coverage(who, unit.id)
        below = [a for a in found.attention if a.unit.id != unit.id]
        if below:
            failing = sum(1 for a in below if a.failing)
            st.warning(
                f"{len(below) - failing} unit di bawahnya belum punya kanal; "
                f"{failing} unit punya kanal yang gagal lebih dari 24 jam.",
                icon=":material/sensors_off:",
            )
    if st.button("Buka halaman Kanal", icon=":material/rss_feed:", key="unit_channels_open"):
        st.switch_page("views/channels.py")
