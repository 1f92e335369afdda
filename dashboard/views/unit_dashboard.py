"""Unit Saya: one unit against its goals — today, the month, the year, the units below it."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import charts, clock, fmt
from dashboard.kpi import figures as kpi
from dashboard.kpi.goals import GROUPS, NEWS
from dashboard.kpi.today import headline
from dashboard.store import items as item_store
from dashboard.store.kinds import GROUP_LABELS
from dashboard.store.units import TYPE_LABELS
from dashboard.ui import channels as channel_panel
from dashboard.ui import data, period, session, widgets
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape

who = session.require_page("unit-saya")
ctx = cached.current_context()
now = clock.utc_now()

# Which units this person may open here: its own; a pimpinan its subtree; an admin any.
if who.role == "admin":
    choices = ctx.units
elif who.role == "pimpinan":
    choices = ctx.subtree(who.unit_id)
else:
    choices = [ctx.unit(who.unit_id)]
codes = [u["code"] for u in choices]
by_code = {u["code"]: u for u in choices}
own_code = ctx.unit(who.unit_id)["code"]

st.title("Unit Saya")
if len(codes) > 1:
    code = st.selectbox(
        "Unit kerja",
        codes,
        index=codes.index(own_code) if own_code in codes else 0,
        format_func=lambda c: by_code[c]["name"],
        key="unit",
        bind="query-params",
    )
else:
    code = own_code
unit = by_code[code]
today = clock.local_today(unit["tz"], now)
fig = cached.unit_figures(who, unit["id"])

rules = [
    t.rule
    for g in (NEWS, "medsos")
    if (t := ctx.book.target_on(unit, g, today)) is not None and t.value
]
st.markdown(f"### {md_escape(unit['name'])}")
st.caption(
    f"{fmt.day_long(today)} · {fmt.time_in_zone(now, unit['tz'])} · "
    + (" · ".join(f"target {r}" for r in rules) if rules else "tanpa target")
)

# The verdict first, large.
if not any(fig.counts.values()):
    st.info(
        "Unit ini belum memiliki output yang tercatat. Angka di bawah akan terisi setelah "
        "operator mengisi Input Harian atau mengimpor data.",
        icon=":material/info:",
    )
said = headline(fig.has_news, clock.time_left_today(unit["tz"], now), clock.abbrev(unit["tz"]))
if fig.has_news:
    st.success(said, icon=":material/check_circle:")
else:
    st.warning(said, icon=":material/schedule:")

news = fig.groups[NEWS]
medsos = fig.groups["medsos"]
projection = fig.projection


def today_note(w) -> str:
    # A day still in progress is not yet "below target": it still has hours left.
    if w.status in ("below", "near"):
        return "⏳ belum memenuhi target, hari belum berakhir"
    return widgets.status_text(w.status)


with st.grid(4, min_column_width=170):
    widgets.tile(
        "Berita hari ini",
        widgets.count_vs_target(news["day"].count, news["day"].target),
        today_note(news["day"]),
    )
    widgets.tile(
        "Medsos hari ini",
        widgets.count_vs_target(medsos["day"].count, medsos["day"].target),
        today_note(medsos["day"]),
    )
    widgets.tile(
        "Berita bulan ini",
        widgets.count_vs_target(news["month"].count, news["month"].target),
        f"{fmt.percent(news['month'].attainment)} s.d. hari ini",
    )
    widgets.tile(
        "Proyeksi bulan ini",
        fmt.number(projection.projected),
        f"{fmt.percent(projection.attainment)} dari target {fmt.number(projection.target or 0)}"
        if projection.target
        else "tanpa target",
        help="Jumlah berita sampai hari ini ditambah laju rata-rata per hari kerja yang sudah "
        "lewat, dikalikan sisa hari kerja bulan ini.",
    )
    widgets.tile(
        "Hari beruntun",
        f"{fig.streak_days} hari",
        "memenuhi target berita",
        help="Hari terhitung (hari kerja untuk berita) berturut-turut yang memenuhi target; "
        "hari ini ikut dihitung begitu targetnya terpenuhi.",
    )
    since = fig.days_since_news
    last_news = {0: "hari ini", 1: "kemarin", None: "belum ada"}
    widgets.tile("Berita terakhir", last_news.get(since, f"{since} hari lalu"))

# The last 30 days against target.
last30 = kpi.days(today - timedelta(days=29), today)
news_counts = fig.counts.get(NEWS, {})
first_output = min(
    (d for group in fig.counts.values() for d, c in group.items() if c), default=today
)


def judged(day):
    return kpi.met(ctx.book, unit, NEWS, news_counts, day, today=today, since=first_output)


st.plotly_chart(
    charts.daily_vs_target(
        last30,
        [news_counts.get(d, 0) for d in last30],
        [ctx.book.expected(unit, NEWS, d) for d in last30],
        [judged(d) for d in last30],
        title="Berita 30 hari terakhir dibanding target",
    ),
    config=charts.config(),
    key="chart_30",
)

# The year so far as a calendar.
year = kpi.days(today - timedelta(days=364), today)
st.plotly_chart(
    charts.calendar_heatmap(
        year,
        [judged(d) for d in year],
        [news_counts.get(d, 0) for d in year],
        title="Kalender berita setahun terakhir",
    ),
    config=charts.config(),
    key="chart_year",
)
st.caption(
    "🟢 memenuhi target · 🟡 mendekati · 🔴 di bawah target · abu-abu: hari tanpa target, "
    "hari ini yang belum berakhir, atau sebelum data pertama unit"
)

# The period the person picks: attainment by group, mix by channel, rank, units below.
st.subheader("Capaian per periode")
chosen = period.pick(today)
st.caption(period.describe(chosen))
mix = cached.kind_mix(who, [unit["id"]], chosen)
counts_in = {g: 0 for g in GROUPS}
for row in mix:
    counts_in[row["grp"]] += row["n"]
span = kpi.days(chosen.start, chosen.end)
with st.grid(4, min_column_width=170):
    for group in GROUPS:
        target = ctx.book.expected_total(unit, group, span)
        attained = kpi.ratio(counts_in[group], target)
        widgets.tile(
            GROUP_LABELS[group],
            widgets.count_vs_target(counts_in[group], target),
            f"{widgets.STATUS_MARKS[kpi.status(attained)]} {fmt.percent(attained)}"
            if target is not None
            else "tanpa target",
        )

rank = cached.peer_rank(who, unit["id"], chosen)
if rank:
    parent = ctx.by_id.get(unit["parent_id"])
    where = f" di {md_escape(parent['name'])}" if parent and unit["type"] == "KANKEMENAG" else ""
    st.info(
        f"Peringkat {rank[0]} dari {rank[1]} {TYPE_LABELS[unit['type']]}{where} "
        f"untuk periode ini, menurut capaian target berita.",
        icon=":material/leaderboard:",
    )

if mix:
    st.plotly_chart(
        charts.channel_mix(
            [r["label"] for r in mix], [r["n"] for r in mix], title="Output per kanal pada periode"
        ),
        config=charts.config(),
        key="chart_mix",
    )

# Operators read their own unit only: the units below are for leaders and admins.
below = ctx.children(unit["id"]) if who.role != "operator" else []
if below:
    st.subheader("Unit di bawahnya")
    view = cached.subtree_overview(who, unit["id"], chosen)
    table = pd.DataFrame(
        {
            "Unit": [u["name"] for u in below],
            "Status berita": [widgets.status_text(view.rows[u["id"]].status) for u in below],
            "Ada berita hari ini": [
                "✅ ya" if view.rows[u["id"]].has_news_today else "❌ belum" for u in below
            ],
            "Berita": [view.rows[u["id"]].counts.get(NEWS, 0) for u in below],
            "Target berita": [view.rows[u["id"]].targets.get(NEWS) for u in below],
            "Capaian": [fmt.percent(view.rows[u["id"]].attainment(NEWS)) for u in below],
            "Hari kerja tanpa berita": [view.rows[u["id"]].silent_days for u in below],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Target berita": st.column_config.NumberColumn(format="%.0f")},
    )

channel_panel.unit_status(who, unit, leader=bool(below))

st.subheader("Output hari ini")
with data.session_db(readonly=True) as db:
    todays = item_store.on_day(db, who, unit["id"], today)
if todays:
    widgets.items_table(todays, tz=unit["tz"])
else:
    st.caption("Belum ada output yang tercatat hari ini.")
