"""Figure builders: plain data in, plotly graph_objects figure out. No Streamlit, no SQL.

One palette everywhere: green on target, amber near, red below, grey without
a target. Numbers the Indonesian way (1.234,5); dates as "25 Nov"; titles in
the words a unit head uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import plotly.graph_objects as go

from dashboard import fmt
from dashboard.kpi.figures import (
    BELOW,
    NEAR,
    NO_TARGET,
    ON_TARGET,
    RUNNING,
    week_state,
)
from dashboard.words import STATUS_LABELS

COLORS = {
    ON_TARGET: "#1B7F3B",
    NEAR: "#E0A000",
    BELOW: "#C62828",
    NO_TARGET: "#A7B0AB",
    RUNNING: "#8DB8A0",  # a week still running, not yet at its pace: neither red nor green
}
EMPTY = "#EEF1EF"  # a day with nothing expected and nothing published
INK = "#1B2620"
TARGET_LINE = "#1B2620"
WEEKDAYS = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]


def _layout(title: str, height: int = 320, **extra) -> dict:
    """The shared layout as one dict: plotly validates a constructor argument once, while
    each update_layout call re-parses property paths (measured: ~1 ms versus ~10-20 ms)."""
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 48, "b": 8},
        "separators": ",.",
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "font": {"color": INK},
        "legend": {"orientation": "h", "y": -0.15, "x": 0},
        "hoverlabel": {"bgcolor": "white"},
        "bargap": 0.25,
        "xaxis": {"showgrid": False},
        "yaxis": {"gridcolor": "#E3E8E5", "zeroline": False, "rangemode": "tozero"},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def daily_vs_target(
    days: Sequence[date],
    counts: Sequence[int],
    expected: Sequence[float | None],
    statuses: Sequence[str],
    *,
    title: str,
    what: str = "berita",
) -> go.Figure:
    """One bar per day, coloured by whether the day met its goal; the goal as a step line."""
    labels = [fmt.day_short(d) for d in days]
    bars = go.Bar(
        x=labels,
        y=list(counts),
        marker={"color": [COLORS[s] for s in statuses]},
        name=what.capitalize(),
        showlegend=False,
        hovertext=[
            f"{fmt.day_long(d)}<br>{n} {what}"
            + ("" if e is None else f" · target {fmt.number(e, 1) if e % 1 else fmt.number(e)}")
            for d, n, e in zip(days, counts, expected, strict=True)
        ],
        hoverinfo="text",
    )
    goal = go.Scatter(
        x=labels,
        # Days the target does not count (weekends for news) leave a gap, not a dip to zero.
        y=[e if e else None for e in expected],
        mode="lines",
        line={"color": TARGET_LINE, "dash": "dot", "width": 2, "shape": "hvh"},
        name="Target",
        hoverinfo="skip",
    )
    layout = _layout(title, xaxis={"type": "category", "tickangle": 0, "nticks": 6})
    return go.Figure(data=[bars, goal], layout=layout)


def calendar_heatmap(
    days: Sequence[date],
    statuses: Sequence[str],
    counts: Sequence[int],
    *,
    title: str,
    what: str = "berita",
) -> go.Figure:
    """A year of days as weeks (columns) by weekday (rows), coloured by status."""
    order = [NO_TARGET, BELOW, NEAR, ON_TARGET]
    first_monday = days[0] - timedelta(days=days[0].weekday())
    weeks = (days[-1] - first_monday).days // 7 + 1
    z: list[list[float | None]] = [[None] * weeks for _ in range(7)]
    text: list[list[str]] = [[""] * weeks for _ in range(7)]
    for day, state, n in zip(days, statuses, counts, strict=True):
        col, row = (day - first_monday).days // 7, day.weekday()
        z[row][col] = order.index(state)
        text[row][col] = f"{fmt.day_long(day)}<br>{n} {what} · {STATUS_LABELS[state]}"
    # A discrete scale: each status gets one flat band of the 0..3 range.
    scale = []
    for i, state in enumerate(order):
        color = EMPTY if state == NO_TARGET else COLORS[state]
        scale += [[i / 4, color], [(i + 1) / 4, color]]
    ticks, labels, seen = [], [], set()
    for day in days:
        if day.day <= 7 and (day.year, day.month) not in seen:
            seen.add((day.year, day.month))
            ticks.append((day - first_monday).days // 7)
            labels.append(fmt.month_year(day).split()[0][:3])
    cells = go.Heatmap(
        z=z,
        x=list(range(weeks)),
        y=WEEKDAYS,
        text=text,
        hoverinfo="text",
        colorscale=scale,
        zmin=-0.5,
        zmax=3.5,
        showscale=False,
        xgap=3,
        ygap=3,
    )
    layout = _layout(
        title,
        height=230,
        margin={"l": 8, "r": 8, "t": 64, "b": 8},
        xaxis={"tickvals": ticks, "ticktext": labels, "side": "top", "showline": False},
        yaxis={"autorange": "reversed", "gridcolor": "white", "fixedrange": True},
    )
    return go.Figure(data=[cells], layout=layout)


def channel_mix(labels: Sequence[str], counts: Sequence[int], *, title: str) -> go.Figure:
    """Output by channel, largest first, as horizontal bars with their numbers."""
    pairs = sorted(zip(labels, counts, strict=True), key=lambda p: p[1])
    bars = go.Bar(
        y=[p[0] for p in pairs],
        x=[p[1] for p in pairs],
        orientation="h",
        marker={"color": "#0B7A3E"},
        text=[fmt.number(p[1]) for p in pairs],
        textposition="outside",
        cliponaxis=False,
        hoverinfo="skip",
    )
    layout = _layout(
        title,
        height=max(220, 40 + 30 * len(pairs)),
        xaxis={"showticklabels": False, "gridcolor": "white"},
    )
    return go.Figure(data=[bars], layout=layout)


def weekly_trend(
    week_starts: Sequence[date],
    counts: Sequence[int],
    targets: Sequence[float | None],
    *,
    title: str,
    what: str = "berita",
    to_date: Sequence[float | None] | None = None,
    running: Sequence[bool] | None = None,
    today: date | None = None,
) -> go.Figure:
    """Output per week against the week's whole target; the running week drawn as unfinished.

    `targets` are whole weeks, so the line never dives on a Monday. The running
    week (hatched, "berjalan") is coloured by its target so far (`to_date`,
    Monday..today, marked on the bar) and is never red (kpi.week_state).
    """
    running = list(running) if running is not None else [False] * len(week_starts)
    to_date = list(to_date) if to_date is not None else list(targets)
    statuses = [
        week_state(n, t, s, r) for n, t, s, r in zip(counts, targets, to_date, running, strict=True)
    ]
    labels = [fmt.day_short(w) for w in week_starts]

    def hover(w: date, n: int, t: float | None, s: float | None, r: bool) -> str:
        if not r:
            goal = "" if t is None else f" · target {_num(t)}"
            return f"Minggu mulai {fmt.day_medium(w)}<br>{fmt.number(n)} {what}{goal}"
        upto = f" s.d. {fmt.day_medium(today)}" if today else ""
        goal = (
            "" if t is None else f" · target s.d. hari ini {_num(s or 0)} dari {_num(t)} seminggu"
        )
        return f"Minggu berjalan mulai {fmt.day_medium(w)}{upto}<br>{fmt.number(n)} {what}{goal}"

    bars = go.Bar(
        x=labels,
        y=list(counts),
        marker={
            "color": [COLORS[s] for s in statuses],
            "pattern": {"shape": ["/" if r else "" for r in running], "fgcolor": "white"},
        },
        name=what.capitalize(),
        showlegend=False,
        text=["berjalan" if r else "" for r in running],
        textposition="outside",
        cliponaxis=False,
        hovertext=[
            hover(*row) for row in zip(week_starts, counts, targets, to_date, running, strict=True)
        ],
        hoverinfo="text",
    )
    goal = go.Scatter(
        x=labels,
        y=list(targets),
        mode="lines+markers",
        line={"color": TARGET_LINE, "dash": "dot", "width": 2},
        marker={"size": 5},
        name="Target seminggu",
        hoverinfo="skip",
    )
    traces = [bars, goal]
    if any(running):
        pace = [(lab, s) for lab, s, r in zip(labels, to_date, running, strict=True) if r and s]
        traces.append(
            go.Scatter(
                x=[p[0] for p in pace],
                y=[p[1] for p in pace],
                mode="markers",
                marker={"symbol": "line-ew", "size": 28, "line": {"width": 3, "color": INK}},
                name="Target s.d. hari ini",
                hoverinfo="skip",
            )
        )
    return go.Figure(data=traces, layout=_layout(title, xaxis={"type": "category"}))


def _num(value: float) -> str:
    return fmt.number(value, 1) if value % 1 else fmt.number(value)


OUTTAKE = "#2F6690"  # out-takes are not output: never the output green, never a status colour


def outtakes_by_platform(
    labels: Sequence[str], reach: Sequence[int], engagement: Sequence[int], *, title: str
) -> go.Figure:
    """Reach, then engagement, per platform: two panels one above the other, each on its own
    scale (their sizes differ a hundredfold), readable at a phone's width."""
    order = sorted(range(len(labels)), key=lambda i: reach[i])  # largest reach on top
    names = [labels[i] for i in order]

    def bars(values: Sequence[int], axes: tuple[str, str], name: str, color: str) -> go.Bar:
        shown = [values[i] for i in order]
        return go.Bar(
            y=names,
            x=shown,
            xaxis=axes[0],
            yaxis=axes[1],
            orientation="h",
            name=name,
            marker={"color": color},
            text=[fmt.number(v) for v in shown],
            textposition="outside",
            cliponaxis=False,
            showlegend=False,
            hovertemplate=f"%{{y}}<br>{name}: %{{text}}<extra></extra>",
        )

    hidden = {"showticklabels": False, "gridcolor": "white", "rangemode": "tozero"}
    row = 30 * max(len(names), 1)
    height = 110 + 2 * row

    def subtitle(text: str, y: float) -> dict:
        return {"text": text, "x": 0, "xanchor": "left", "xref": "paper", "y": y,
                "yref": "paper", "yanchor": "bottom", "showarrow": False}  # fmt: skip

    split = 0.5
    layout = _layout(
        title,
        height=height,
        margin={"l": 8, "r": 56, "t": 64, "b": 8},
        xaxis={**hidden, "anchor": "y"},
        xaxis2={**hidden, "anchor": "y2"},
        yaxis={"gridcolor": "white", "domain": [split + 0.12, 1]},
        yaxis2={"gridcolor": "white", "domain": [0, split - 0.02]},
        annotations=[
            subtitle("Jangkauan (dijumlah per unggahan)", 1.0),
            subtitle("Interaksi", split - 0.01),
        ],
    )
    return go.Figure(
        data=[
            bars(reach, ("x", "y"), "Jangkauan", OUTTAKE),
            bars(engagement, ("x2", "y2"), "Interaksi", "#7A9CC6"),
        ],
        layout=layout,
    )


def config() -> dict:
    """Plotly's browser options for every chart: no mode bar, no logo."""
    return {"displayModeBar": False, "displaylogo": False, "locale": "id"}
