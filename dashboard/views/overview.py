"""Ringkasan: the nation, or one Kanwil's subtree — today, the period, the trend, the silent."""

from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import charts, clock, fmt, words
from dashboard.domain import NEWS, Unit
from dashboard.kpi import figures as kpi
from dashboard.service.overview import SILENT_AFTER
from dashboard.ui import address, checks, period, session, widgets
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape
from dashboard.words import PROVINCE_RULE
from dashboard.words import UNIT_TYPE_LABELS as TYPE_LABELS

LIST_LIMIT = 300  # rows a list shows; thousands of names help nobody at a glance

who = session.require_page("ringkasan")
ctx = cached.current_context()
now = clock.utc_now()
own = ctx.unit(session.own_unit(who))
national_root = next(u for u in ctx.units if u.parent_id is None)

st.title("Ringkasan")

# Admins and national leaders choose the nation or one Kanwil; others see their own subtree.
national_view = who.role == "admin" or own.id == national_root.id
if national_view:
    kanwil = ctx.children(national_root.id, "KANWIL")
    options = ["nasional"] + [k.code for k in kanwil]
    names = {"nasional": "Nasional"} | {k.code: k.name for k in kanwil}
    scope = address.choice(
        st.selectbox,
        "Cakupan",
        options,
        key="cakupan",
        default="nasional",
        format_func=names.__getitem__,
    )
    root = national_root if scope == "nasional" else next(k for k in kanwil if k.code == scope)
else:
    root = own
is_national = root.id == national_root.id

today = clock.local_today(root.tz, now)
label = "Nasional" if is_national else root.name
st.markdown(f"### {md_escape(label)}")
chosen = period.pick(today)
view = cached.subtree_overview(who, root.id, chosen)
st.caption(
    f"{period.describe(chosen)} · data per {fmt.time_in_zone(now, root.tz)} · "
    "“hari ini” dihitung menurut zona waktu masing-masing unit"
)

compliance = view.compliance
# Sums and sorted lists over every unit of the scope: made once per cached overview (issue 19).
(news_count, news_target), (medsos_count, medsos_target), silent = cached.derived(
    view, "totals", lambda: (view.totals(NEWS), view.totals("medsos"), view.silent())
)


def against(count: int, target: float | None) -> str:
    if target is None:
        return words.NO_TARGET
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

# How sound the scope's evidence links are over the period (the whole subtree).
checks.integrity_tiles(cached.integrity_by_unit(who, [root], chosen, with_subtree=True)[root.id])

# Figures and tables are made once per cached overview (cached.derived), not on every run.
st.plotly_chart(
    cached.derived(
        view,
        f"weeks {today}",
        lambda: charts.weekly_trend(
            [w.start for w in view.weeks],
            [w.counts.get(NEWS, 0) for w in view.weeks],
            [w.targets.get(NEWS) for w in view.weeks],
            to_date=[w.to_date.get(NEWS) for w in view.weeks],
            running=[w.running for w in view.weeks],
            today=today,
            title="Berita per minggu dibanding target (12 minggu terakhir)",
        ),
    ),
    config=charts.config(),
    key="chart_weeks",
)
st.caption(
    "Garis titik: target seminggu penuh. Minggu berjalan (berarsir) belum selesai: dinilai "
    "terhadap target sampai hari ini (garis pendek), tidak pernah merah."
)


def level_arrow(units: list[Unit]) -> pa.Table:
    """`level_table` as Arrow, made once per cached overview (ui/figures.derived)."""
    return cached.arrow(level_table(units))


def level_table(units: list[Unit]) -> pd.DataFrame:
    rows = []
    for unit in units:
        rolled = view.rolled_row(unit.id)
        target = rolled.get(f"{NEWS}_target")
        medsos_t = rolled.get("medsos_target")
        attained = kpi.ratio(rolled.get(NEWS, 0), target)
        rows.append(
            {
                "Unit": unit.name,
                "Status": widgets.status_text(kpi.status(attained)),
                "Unit ada berita hari ini": (
                    f"{int(rolled['with_news'])}/{int(rolled['units'])}"
                    if rolled.get("units")
                    else words.NO_TARGET
                ),
                "Berita": int(rolled.get(NEWS, 0)),
                "Target berita": target,
                "Capaian berita": fmt.percent(attained),
                "Capaian medsos": fmt.percent(kpi.ratio(rolled.get("medsos", 0), medsos_t)),
            }
        )
    return pd.DataFrame(rows)


def open_unit(unit: Unit, table_key: str, *, province: bool = False) -> None:
    """A unit picked in a table: its page (Unit Saya), or for a province row its Ringkasan."""
    del st.session_state[table_key]  # the pick is spent: coming back shows the table unpicked
    if province:
        address.show("cakupan", unit.code)
        st.rerun()
    keep = {k: st.query_params[k] for k in ("periode", "dari", "sampai") if k in st.query_params}
    st.switch_page("views/unit_dashboard.py", query_params={"unit": unit.code, **keep})


st.subheader("Per unit")
levels = [u for u in ctx.children(root.id) if u.id in view.rows]
if is_national:
    groups = [
        ("KANWIL", "Kanwil (seluruh provinsi)"),
        ("PTKN", "PTKN"),
        ("PUSAT", "Pusat"),
    ]
else:
    groups = [(t, TYPE_LABELS[t]) for t in dict.fromkeys(u.type for u in levels)]
if not groups:
    st.caption("Tidak ada unit di bawah unit ini.")
# The tabs say which one is open (a switch is a rerun), so only its table is made and sent:
# the hidden ones were two of the page's five tables on every run (issue 19).
tabs = (
    st.tabs([title for _t, title in groups], key=f"per_unit_{root.code}", on_change="rerun")
    if len(groups) > 1
    else [st.container()] * len(groups)
)
for tab, (unit_type, _title) in zip(tabs, groups, strict=True):
    if getattr(tab, "open", None) is False:
        continue
    members = [u for u in levels if u.type == unit_type]
    with tab:
        if not members:
            st.caption("Tidak ada unit.")
            continue
        if unit_type == "KANWIL" and is_national:
            st.caption(PROVINCE_RULE)
        key = f"level_{unit_type}_{root.code}"
        picked = widgets.unit_rows(
            cached.derived(view, f"level {unit_type}", partial(level_arrow, members)),
            members,
            key=key,
            column_config={"Target berita": st.column_config.NumberColumn(format="%.0f")},
        )
        if picked:
            open_unit(picked, key, province=unit_type == "KANWIL" and is_national and national_view)
st.caption(
    "Ketuk satu unit untuk membukanya"
    + (" (baris Kanwil: ringkasan provinsinya)." if is_national and national_view else ".")
)

# Tables are keyed by scope: a table of another scope is a new one, with nothing picked.

# The province is named only where it differs: inside one Kanwil it would repeat on every row.
show_province = is_national


def table_height(rows: int) -> int:
    """Up to about nine rows, then the table scrolls; never empty rows below a short list."""
    return min(320, 35 * (rows + 1) + 3)


left, right = st.columns(2)
with left:
    st.subheader("Belum ada berita hari ini")
    missing = cached.derived(
        view, "missing units", lambda: sorted(compliance.without_news, key=lambda u: u.name)
    )
    if len(missing) > LIST_LIMIT:
        st.caption(
            f"{fmt.number(len(missing))} unit; {fmt.number(LIST_LIMIT)} pertama menurut nama. "
            "Pilih satu Kanwil di Cakupan untuk daftar lengkapnya, atau unduh dari Laporan."
        )
        missing = missing[:LIST_LIMIT]
    if missing:

        def missing_table() -> pd.DataFrame:
            frame = pd.DataFrame(
                {
                    "Unit": [u.name for u in missing],
                    "Provinsi": [u.province for u in missing],
                    "Zona": [clock.abbrev(u.tz) for u in missing],
                }
            )
            return frame if show_province else frame.drop(columns=["Provinsi"])

        picked = widgets.unit_rows(
            cached.derived(view, "missing", lambda: cached.arrow(missing_table())),
            missing,
            key=f"missing_{root.code}",
            height=table_height(len(missing)),
        )
        if picked:
            open_unit(picked, f"missing_{root.code}")
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

        def silent_table() -> pd.DataFrame:
            frame = pd.DataFrame(
                {
                    "Hari kerja tanpa berita": [r.silent_days for r in silent],
                    "Unit": [r.unit.name for r in silent],
                    "Berita terakhir": [
                        fmt.day_short(r.last_news) if r.last_news else "belum ada" for r in silent
                    ],
                    "Provinsi": [r.unit.province for r in silent],
                }
            )
            return frame if show_province else frame.drop(columns=["Provinsi"])

        units = [r.unit for r in silent]
        picked = widgets.unit_rows(
            cached.derived(view, "silent", lambda: cached.arrow(silent_table())),
            units,
            key=f"silent_{root.code}",
            height=table_height(len(silent)),
            column_config={
                "Hari kerja tanpa berita": st.column_config.NumberColumn(
                    "Hari kerja", help="Hari kerja yang sudah lewat tanpa berita", width="small"
                )
            },
        )
        if picked:
            open_unit(picked, f"silent_{root.code}")
        st.caption(
            "Hari kerja tanpa berita: hari kerja yang sudah lewat sejak berita terakhir, tanpa "
            "akhir pekan, hari libur, dan hari ini."
        )
    else:
        st.success("Tidak ada unit yang senyap.")

widgets.outtakes_panel(
    cached.outtakes(who, root.id, chosen, subtree=True), show_unit=True, key="outtakes"
)
