"""Ringkasan: the nation, or one Kanwil's subtree — today, the period, the trend, the silent."""

import pandas as pd
import streamlit as st

from dashboard import charts, clock, fmt
from dashboard.kpi import figures as kpi
from dashboard.kpi.goals import NEWS
from dashboard.service.overview import SILENT_AFTER
from dashboard.store.units import TYPE_LABELS
from dashboard.ui import figures as cached
from dashboard.ui import period, session, widgets
from dashboard.ui.text import md_escape

LIST_LIMIT = 300  # rows a list shows; thousands of names help nobody at a glance

who = session.require_page("ringkasan")
ctx = cached.current_context()
now = clock.utc_now()
own = ctx.unit(who.unit_id)
national_root = next(u for u in ctx.units if u["parent_id"] is None)

st.title("Ringkasan")

# Admins and national leaders choose the nation or one Kanwil; others see their own subtree.
if who.role == "admin" or own["id"] == national_root["id"]:
    if "goto_scope" in st.session_state:  # a Kanwil row was picked on the last run
        st.session_state["cakupan"] = st.session_state.pop("goto_scope")
    kanwil = ctx.children(national_root["id"], "KANWIL")
    options = ["nasional"] + [k["code"] for k in kanwil]
    names = {"nasional": "Nasional"} | {k["code"]: k["name"] for k in kanwil}
    scope = st.selectbox(
        "Cakupan", options, format_func=names.get, key="cakupan", bind="query-params"
    )
    root = national_root if scope == "nasional" else next(k for k in kanwil if k["code"] == scope)
else:
    root = own

today = clock.local_today(root["tz"], now)
label = "Nasional" if root["id"] == national_root["id"] else root["name"]
st.markdown(f"### {md_escape(label)}")
chosen = period.pick(today)
view = cached.subtree_overview(who, root["id"], chosen)
st.caption(
    f"{period.describe(chosen)} · data per {fmt.time_in_zone(now, root['tz'])} · "
    "“hari ini” dihitung menurut zona waktu masing-masing unit"
)

compliance = view.compliance
news_count, news_target = view.totals(NEWS)
medsos_count, medsos_target = view.totals("medsos")
silent = view.silent()


def against(count: int, target: float | None) -> str:
    if target is None:
        return "tanpa target"
    attained = kpi.ratio(count, target)
    return (
        f"{widgets.STATUS_MARKS[kpi.status(attained)]} {fmt.percent(attained)} "
        f"dari target {fmt.number(target)}"
    )


with st.grid(4, min_column_width=190):
    widgets.tile(
        "Unit ada berita hari ini",
        f"{fmt.percent(compliance.share)}",
        f"{fmt.number(len(compliance.with_news))} dari {fmt.number(compliance.total)} unit",
        help="Unit yang memiliki target berita dan sudah menerbitkan berita pada hari ini "
        "menurut zona waktunya sendiri.",
    )
    widgets.tile("Berita pada periode", fmt.number(news_count), against(news_count, news_target))
    widgets.tile(
        "Medsos pada periode", fmt.number(medsos_count), against(medsos_count, medsos_target)
    )
    widgets.tile(
        f"Senyap ≥ {SILENT_AFTER} hari kerja",
        f"{fmt.number(len(silent))} unit",
        "tanpa berita",
    )

st.plotly_chart(
    charts.weekly_trend(
        [w.start for w in view.weeks],
        [w.counts.get(NEWS, 0) for w in view.weeks],
        [w.targets.get(NEWS) for w in view.weeks],
        title="Berita per minggu dibanding target (12 minggu terakhir)",
    ),
    config=charts.config(),
    key="chart_weeks",
)


def level_table(units: list[dict]) -> pd.DataFrame:
    rows = []
    for unit in units:
        rolled = view.rolled_row(unit["id"])
        target = rolled.get(f"{NEWS}_target")
        medsos_t = rolled.get("medsos_target")
        attained = kpi.ratio(rolled.get(NEWS, 0), target)
        rows.append(
            {
                "Unit": unit["name"],
                "Status": widgets.status_text(kpi.status(attained)),
                "Unit ada berita hari ini": (
                    f"{int(rolled['with_news'])}/{int(rolled['units'])}"
                    if rolled.get("units")
                    else "tanpa target"
                ),
                "Berita": int(rolled.get(NEWS, 0)),
                "Target berita": target,
                "Capaian berita": fmt.percent(attained),
                "Capaian medsos": fmt.percent(kpi.ratio(rolled.get("medsos", 0), medsos_t)),
            }
        )
    return pd.DataFrame(rows)


st.subheader("Per unit")
levels = [u for u in ctx.children(root["id"]) if u["id"] in view.rows]
if root["id"] == national_root["id"]:
    groups = [
        ("KANWIL", "Kanwil (termasuk Kankemenag di bawahnya)"),
        ("PTKN", "PTKN"),
        ("PUSAT", "Pusat"),
    ]
else:
    groups = [(t, TYPE_LABELS[t]) for t in dict.fromkeys(u["type"] for u in levels)]
if not groups:
    st.caption("Tidak ada unit di bawah unit ini.")
tabs = (
    st.tabs([title for _t, title in groups]) if len(groups) > 1 else [st.container()] * len(groups)
)
for tab, (unit_type, _title) in zip(tabs, groups, strict=True):
    members = [u for u in levels if u["type"] == unit_type]
    with tab:
        if not members:
            st.caption("Tidak ada unit.")
            continue
        picked = st.dataframe(
            level_table(members),
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key=f"level_{unit_type}",
            column_config={"Target berita": st.column_config.NumberColumn(format="%.0f")},
        )
        chosen_rows = picked.selection.rows if picked else []
        if chosen_rows:
            unit = members[chosen_rows[0]]
            if unit["type"] == "KANWIL" and root["id"] == national_root["id"]:
                st.session_state["goto_scope"] = unit["code"]
                del st.session_state[f"level_{unit_type}"]
                st.rerun()
            st.switch_page("views/unit_dashboard.py", query_params={"unit": unit["code"]})
st.caption("Pilih satu baris untuk membuka unit itu (Kanwil: Kankemenag di bawahnya).")

left, right = st.columns(2)
with left:
    st.subheader("Belum ada berita hari ini")
    missing = sorted(compliance.without_news, key=lambda u: u["name"])
    if len(missing) > LIST_LIMIT:
        st.caption(
            f"{fmt.number(len(missing))} unit; {fmt.number(LIST_LIMIT)} pertama menurut nama. "
            "Pilih satu Kanwil di Cakupan untuk daftar lengkapnya, atau unduh dari Laporan."
        )
        missing = missing[:LIST_LIMIT]
    if missing:
        st.dataframe(
            pd.DataFrame(
                {
                    "Unit": [u["name"] for u in missing],
                    "Zona": [clock.abbrev(u["tz"]) for u in missing],
                }
            ),
            hide_index=True,
            width="stretch",
            height=320,
        )
    else:
        st.success("Semua unit sudah ada berita hari ini.")
with right:
    st.subheader(f"Senyap ≥ {SILENT_AFTER} hari kerja")
    if len(silent) > LIST_LIMIT:
        st.caption(
            f"{fmt.number(len(silent))} unit; {fmt.number(LIST_LIMIT)} yang paling lama senyap."
        )
        silent = silent[:LIST_LIMIT]
    if silent:
        st.dataframe(
            pd.DataFrame(
                {
                    "Unit": [r.unit["name"] for r in silent],
                    "Induk": [
                        ctx.by_id[r.unit["parent_id"]]["name"] if r.unit["parent_id"] else ""
                        for r in silent
                    ],
                    "Berita terakhir": [
                        fmt.day_medium(r.last_news) if r.last_news else "belum ada" for r in silent
                    ],
                    "Hari kerja tanpa berita": [r.silent_days for r in silent],
                }
            ),
            hide_index=True,
            width="stretch",
            height=320,
        )
    else:
        st.success("Tidak ada unit yang senyap.")
