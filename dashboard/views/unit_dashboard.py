"""Unit Saya: one unit against its goals — today, the month, the year, the units below it."""

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from dashboard import charts, clock, fmt, words
from dashboard.domain import NEWS, Group
from dashboard.kpi import figures as kpi
from dashboard.kpi.periods import resolve
from dashboard.service import items as item_service
from dashboard.service.errors import AccessDenied
from dashboard.service.overview import SILENT_AFTER
from dashboard.ui import address, checks, data, period, session, widgets
from dashboard.ui import channels as channel_panel
from dashboard.ui import figures as cached
from dashboard.ui.text import md_escape
from dashboard.words import GROUP_LABELS, headline
from dashboard.words import UNIT_TYPE_LABELS as TYPE_LABELS

# More units than this to pick from: first their group (a Kanwil, PTKN, Pusat), then the unit.
GROUP_PICKER_FROM = 60

who = session.require_page("unit-saya")
ctx = cached.current_context()
now = clock.utc_now()

# Which units this person may pick here: its own; a pimpinan its subtree; an admin any.
by_code = cached.pickable_by_code(who, ctx)
own_code = ctx.unit(session.own_unit(who)).code

st.title("Unit Saya")


def refuse(asked: str) -> None:
    """The address names a unit this person may not pick: the store says why; nothing else shows."""
    found = next((u for u in ctx.units if asked in (u.code, u.name)), None)
    if found is None:
        st.error("Unit kerja yang disebut di alamat halaman ini tidak ditemukan.")
    else:
        try:
            cached.unit_figures(who, found.id)  # the store decides who may read what
        except AccessDenied as exc:
            st.error(md_escape(exc))
        else:  # readable, yet not among the choices (an inactive parent): show the unit list
            st.error("Unit kerja ini tidak dapat dibuka di sini.")
    st.button(
        "Buka unit saya",
        icon=":material/home:",
        on_click=address.show,
        args=("unit", own_code),
        key="own_unit",
    )
    st.stop()


asked = address.named("unit")
if asked and asked not in by_code and asked not in {u.name for u in by_code.values()}:
    refuse(asked)
if len(by_code) > GROUP_PICKER_FROM:  # a national leader's or an admin's ~600 units: two steps
    code = address.grouped_choice(
        "Unit kerja",
        "Kelompok unit",
        cached.picker_groups(who, ctx),
        key="unit",
        default=own_code,
        format_func=lambda c: by_code[c].name,
        always=True,
    )
elif len(by_code) > 1:
    code = address.choice(
        st.selectbox,
        "Unit kerja",
        list(by_code),
        key="unit",
        default=own_code,
        format_func=lambda c: by_code[c].name,
        always=True,
    )
else:
    code = own_code
    address.show("unit", code)
unit = by_code[code]
today = clock.local_today(unit.tz, now)
# What this page reads and makes for this caller and unit, once per context (data version and
# day): a cached read costs its argument hashing and key on every call (issue 19).
shelf = cached.shelf(ctx, f"unit {who} {unit.id} {today}")
fig = cached.derived(shelf, "figures", lambda: cached.unit_figures(who, unit.id))

rules = [
    t.rule
    for g in (NEWS, "medsos")
    if (t := ctx.book.target_on(unit, g, today)) is not None and t.value
]
parent = ctx.by_id.get(unit.parent_id) if unit.parent_id is not None else None
st.markdown(f"### {md_escape(unit.name)}")
# Where the unit sits (its peers for the rank below are its parent's units of its type).
# and its day and rules: two lines of one caption (every element costs a message, issue 19).
st.caption(
    TYPE_LABELS[unit.type]
    + (f" di bawah {md_escape(parent.name)}" if parent else "")
    + f"  \n{fmt.day_long(today)} · {fmt.time_in_zone(now, unit.tz)} · "
    + (" · ".join(f"target {r}" for r in rules) if rules else words.NO_TARGET)
)

# The verdict first, large.
if not any(fig.counts.values()):
    st.info(
        "Unit ini belum memiliki output yang tercatat. Angka di bawah akan terisi setelah "
        "operator mengisi Input Harian atau mengimpor data.",
        icon=":material/info:",
    )
said = headline(fig.has_news, clock.time_left_today(unit.tz, now), clock.abbrev(unit.tz))
if fig.has_news:
    st.success(said, icon=":material/check_circle:")
else:
    st.warning(said, icon=":material/schedule:")

news = fig.groups[NEWS]
medsos = fig.groups[Group.MEDSOS]
projection = fig.projection
month = resolve("bulan", today)
month_rank = cached.derived(shelf, f"rank {month}", lambda: cached.peer_rank(who, unit.id, month))


def today_note(w) -> str:
    # A day still in progress is not yet "below target": it still has hours left.
    if w.status in ("below", "near"):
        return "⏳ hari belum usai"
    return widgets.status_text(w.status)


def peers_words() -> str:
    """'Kankemenag di Kanwil Kemenag Provinsi NTT', or just 'PTKN' (escaped: it is a name)."""
    where = f" di {md_escape(parent.name)}" if parent and unit.type == "KANKEMENAG" else ""
    return f"{TYPE_LABELS[unit.type]}{where}"


def peers_short() -> str:
    """What fits under a tile: 'Kankemenag se-provinsi', 'kantor Kanwil saja', 'PTKN'."""
    if unit.type == "KANWIL":  # this page is the office's own work, not its province's
        return "kantor Kanwil saja"
    province = " se-provinsi" if unit.type == "KANKEMENAG" else ""
    return f"{TYPE_LABELS[unit.type]}{province}"


day_word = "hari kerja" if ctx.book.counts_on(unit, NEWS, today) == "working" else "hari"
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
    if month_rank:
        widgets.tile(
            "Peringkat bulan ini",
            f"{month_rank[0]} dari {month_rank[1]}",
            peers_short(),
            help=f"Urutan di antara {peers_words()} menurut capaian target berita bulan ini "
            "sampai hari ini (aturan lengkap di halaman Peringkat)."
            + (
                " Halaman ini menilai kantor Kanwil sendiri; Peringkat dan Ringkasan menilai "
                "Kanwil sebagai seluruh provinsi."
                if unit.type == "KANWIL"
                else ""
            ),
        )
    widgets.tile(
        "Proyeksi bulan ini",
        fmt.number(projection.projected),
        f"{fmt.percent(projection.attainment)} dari target {fmt.number(projection.target or 0)}"
        if projection.target
        else words.NO_TARGET,
        help="Jumlah berita sampai hari ini ditambah laju rata-rata per hari kerja yang sudah "
        "lewat, dikalikan sisa hari kerja bulan ini.",
    )
    widgets.tile(
        "Berturut-turut",
        f"{fig.streak_days} hari",
        "memenuhi target berita",
        help=f"{fig.streak_days} {day_word} berturut-turut memenuhi target berita, dihitung "
        "mundur dari hari ini: hari yang tidak dihitung target (akhir pekan, libur) dilewati, "
        "dan hari ini ikut dihitung begitu targetnya terpenuhi.",
    )
    silence = fig.silent_days
    recent: dict[int | None, str] = {0: "hari ini", 1: "kemarin"}
    widgets.tile(
        "Berita terakhir",
        recent.get(fig.days_since_news)
        or (fmt.day_short(fig.last_news) if fig.last_news else "belum ada"),
        "sudah ada berita"
        if fig.days_since_news == 0
        else (f"lewat {silence} hari kerja" if silence else None),
        help="Hari kerja yang sudah lewat tanpa berita sejak berita terakhir: tanpa akhir "
        "pekan, hari libur, dan hari ini yang belum berakhir. Hitungan yang sama dengan daftar "
        f"unit senyap di Ringkasan, yang memuat unit senyap {SILENT_AFTER} hari kerja atau "
        "lebih.",
    )

# The last 30 days against target.
last30 = kpi.days(today - timedelta(days=29), today)
news_counts = fig.counts.get(NEWS, {})
first_output = min(
    (d for group in fig.counts.values() for d, c in group.items() if c), default=today
)


def judged(day):
    return kpi.met(ctx.book, unit, NEWS, news_counts, day, today=today, since=first_output)


# Both charts depend on the unit's figures and the context, both cached per data version and
# day (as the context is): made once per context for this caller, unit and day (issue 19).
st.plotly_chart(
    cached.derived(
        shelf,
        "30 days",
        lambda: charts.daily_vs_target(
            last30,
            [news_counts.get(d, 0) for d in last30],
            [ctx.book.expected(unit, NEWS, d) for d in last30],
            [judged(d) for d in last30],
            title="Berita 30 hari terakhir dibanding target",
        ),
    ),
    config=charts.config(),
    key="chart_30",
)

# The year so far as a calendar.
year = kpi.days(today - timedelta(days=364), today)
st.plotly_chart(
    cached.derived(
        shelf,
        "year",
        lambda: charts.calendar_heatmap(
            year,
            [judged(d) for d in year],
            [news_counts.get(d, 0) for d in year],
            title="Kalender berita setahun terakhir",
        ),
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


def period_mix() -> tuple[dict[Group, int], go.Figure | None]:
    """The period's output per group, and per channel as a chart (None: nothing in it)."""
    mix = cached.kind_mix(who, [unit.id], chosen)
    counts = {g: 0 for g in Group}
    for row in mix:
        counts[row.grp] += row.n
    if not mix:
        return counts, None
    labels, numbers = [r.label for r in mix], [r.n for r in mix]
    chart = charts.channel_mix(labels, numbers, title="Output per kanal pada periode")
    return counts, cached.frozen(chart)


# Made once per context (the data version) for this caller, unit and period (issue 19).
counts_in, mix_chart = cached.derived(shelf, f"mix {chosen}", period_mix)
span = kpi.days(chosen.start, chosen.end)
with st.grid(4, min_column_width=170):
    for group in Group:
        target = ctx.book.expected_total(unit, group, span)
        attained = kpi.ratio(counts_in[group], target)
        widgets.tile(
            GROUP_LABELS[group],
            widgets.count_vs_target(counts_in[group], target),
            f"{widgets.STATUS_MARKS[kpi.status(attained)]} {fmt.percent(attained)}"
            if target is not None
            else words.NO_TARGET,
        )
    # How sound the period's evidence links are: a row of its own below attainment (the
    # four groups fill the first row of the same grid).
    checks.integrity_tiles(
        cached.derived(
            shelf,
            f"integrity {chosen}",
            lambda: cached.integrity_by_unit(who, [unit], chosen)[unit.id],
        ),
        grid=False,
    )

# This month's rank sits with today's tiles; another period gets its own line here.
if (chosen.start, chosen.end) != (month.start, month.end):
    rank = cached.derived(shelf, f"rank {chosen}", lambda: cached.peer_rank(who, unit.id, chosen))
    if rank:
        st.caption(
            f"Peringkat pada periode ini: {rank[0]} dari {rank[1]} {peers_words()}, "
            "menurut capaian target berita."
        )

if mix_chart is not None:
    st.plotly_chart(mix_chart, config=charts.config(), key="chart_mix")

widgets.outtakes_panel(
    cached.derived(
        shelf, f"outtakes {chosen}", lambda: cached.outtakes(who, unit.id, chosen, subtree=False)
    ),
    show_unit=False,
    key="outtakes",
)

# Operators read their own unit only: the units below are for leaders and admins.
below = ctx.children(unit.id) if who.role != "operator" else []
if below:
    st.subheader("Unit di bawahnya")

    def below_table() -> pa.Table:
        view = cached.subtree_overview(who, unit.id, chosen)
        frame = pd.DataFrame(
            {
                "Unit": [u.name for u in below],
                "Ada berita hari ini": [
                    "✅ ya" if view.rows[u.id].has_news_today else "❌ belum" for u in below
                ],
                "Hari kerja tanpa berita": [view.rows[u.id].silent_days for u in below],
                "Status berita": [widgets.status_text(view.rows[u.id].status) for u in below],
                "Berita": [view.rows[u.id].counts.get(NEWS, 0) for u in below],
                "Target berita": [view.rows[u.id].targets.get(NEWS) for u in below],
                "Capaian": [fmt.percent(view.rows[u.id].attainment(NEWS)) for u in below],
            }
        )
        return cached.arrow(frame)

    key = f"below_{unit.code}"
    picked = widgets.unit_rows(
        cached.derived(shelf, f"below {chosen}", below_table),
        below,
        key=key,
        column_config={"Target berita": st.column_config.NumberColumn(format="%.0f")},
    )
    st.caption("Ketuk satu unit untuk membukanya.")
    if picked:
        del st.session_state[key]
        address.show("unit", picked.code)
        st.rerun()

channel_panel.unit_status(who, unit, leader=bool(below))

st.subheader("Output hari ini")


def todays_table() -> pa.Table | None:
    with data.session_db(readonly=True) as db:
        todays = item_service.day_items(db, who, unit.id, today)
    return cached.arrow(widgets.items_frame(todays, tz=unit.tz)) if todays else None


# Today's items change only with a write, and a write makes a new context: read and made into
# a table once per context for this caller, unit and day (issue 19).
todays = cached.derived(shelf, "today", todays_table)
if todays is not None:
    widgets.show_items(todays)
else:
    st.caption("Belum ada output yang tercatat hari ini.")
