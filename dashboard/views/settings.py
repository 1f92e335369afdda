"""Pengaturan (admin): every run-time setting, checked against its range and audited."""

import streamlit as st

from dashboard import fmt, words
from dashboard.service import settings as settings_service
from dashboard.service.errors import StoreError
from dashboard.ui import data, session
from dashboard.ui.text import md_escape

who = session.require_page("pengaturan")

st.title("Pengaturan")
st.caption(
    "Berlaku untuk semua satker begitu disimpan. Setiap perubahan tercatat di Log Audit "
    "beserta nilai sebelum dan sesudahnya."
)
flash = st.session_state.pop("settings_flash", None)
if flash:
    st.success(flash)

# Through the cache like every page read: keyed by the data version, so a change
# saved in another app process shows here on the next run.
current = {key: data.setting_int(key) for key in settings_service.LIMITS}

form_column, _ = st.columns([3, 2])  # short numbers: a narrow form reads better
with form_column, st.form("settings", enter_to_submit=False):
    values = {}
    for key, limits in settings_service.LIMITS.items():
        named = words.SETTINGS[key]
        values[key] = st.number_input(
            f"{named.label} ({named.unit})",
            min_value=limits.minimum,
            max_value=limits.maximum,
            value=current[key],
            step=1,
            help=named.help,
            key=f"setting_{key}",
        )
        st.caption(
            f"Rentang {fmt.number(limits.minimum)}–{fmt.number(limits.maximum)} {named.unit}; "
            f"bawaan {fmt.number(int(settings_service.DEFAULTS[key]))} {named.unit}."
        )
    if st.form_submit_button("Simpan", type="primary"):
        try:
            with data.session_db() as db:
                changed = settings_service.save(db, who, values)
        except StoreError as exc:
            st.error(md_escape(exc))
        else:
            data.clear_caches()
            names = ", ".join(words.SETTINGS[k].label for k in changed)
            st.session_state["settings_flash"] = (
                f"Disimpan: {names}." if changed else "Tidak ada yang berubah."
            )
            st.rerun()
