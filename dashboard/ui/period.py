"""The period picker every KPI page shares, kept in the address so a view can be shared as a link.

The preset is named by its code (`?periode=tahun`, see ui/address.py); custom
dates are bound to the address by Streamlit (`?dari=2026-11-01`).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import fmt
from dashboard.kpi.periods import PRESETS, Period, PeriodError, resolve
from dashboard.ui import address
from dashboard.ui.text import md_escape


def pick(today: date, *, default: str = "bulan") -> Period:
    """Draw the preset pills (and dates for a custom range); stop the page on a bad range."""
    preset = address.choice(
        st.segmented_control,
        "Periode",
        list(PRESETS),
        key="periode",
        default=default,
        format_func=PRESETS.__getitem__,
        required=True,
    )
    start = end = None
    if preset == "rentang":
        left, right = st.columns(2)
        start = left.date_input(
            "Dari", value=today.replace(day=1), key="dari", bind="query-params", format="DD/MM/YYYY"
        )
        end = right.date_input(
            "Sampai", value=today, key="sampai", bind="query-params", format="DD/MM/YYYY"
        )
    try:
        period = resolve(preset or default, today, start, end)
    except PeriodError as exc:
        st.error(md_escape(exc))
        st.stop()
    if preset == "rentang" and end and end > today:
        st.caption(f"Data sampai hari ini ({fmt.day_medium(today)}).")
    return period


def describe(period: Period) -> str:
    if period.start == period.end:
        return fmt.day_long(period.start)
    return f"{fmt.day_medium(period.start)} – {fmt.day_medium(period.end)}"
