"""Figure builders for the meeting screen: dark, large type, readable from the back of a room.

Pure like charts.py (plain data in, plotly graph_objects out), with the same
meaning of colours (on target / near / below / no target), brightened for a
dark background. Text drawn by plotly understands a few HTML tags, so every
unit name goes through `plain()` first.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard import fmt
from dashboard.kpi.figures import BELOW, NEAR, NO_TARGET, ON_TARGET, status
from dashboard.kpi.leaderboard import Entry
from dashboard.orgtree import short_name
from dashboard.service.overview import DayPoint
from dashboard.service.screen import Tile

BACKGROUND = "#0D1411"
PANEL = "#17221D"
INK = "#F4F7F5"
MUTED = "#A9B8B0"
GRID = "#2A3832"
COLORS = {
    ON_TARGET: "#34C26B",
    NEAR: "#F2B01E",
    BELOW: "#F0545A",
    NO_TARGET: "#5D6D66",
}
# Share of units with news today: from "nobody yet" (dark, not red: the day is not over)
# to "everyone" (bright green).
SHARE_SCALE = ((0.0, (0x2B, 0x39, 0x33)), (0.5, (0x1F, 0x7A, 0x4A)), (1.0, (0x3F, 0xDB, 0x85)))
NO_UNITS = "#1D2723"
FONT = "Source Sans, sans-serif"  # the web font Streamlit serves


def plain(text: str) -> str:
    """Text plotly shows as it is: its tag-like markup (<a>, <b>, <br>) escaped."""
    return html.escape(text, quote=False)


def share_color(share: float | None) -> str:
    if share is None:
        return NO_UNITS
    share = min(max(share, 0.0), 1.0)
    for (lo, c0), (hi, c1) in zip(SHARE_SCALE, SHARE_SCALE[1:], strict=False):
        if share <= hi:
            t = (share - lo) / (hi - lo)
            rgb = [round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True)]
            return "#{:02X}{:02X}{:02X}".format(*rgb)
    return "#{:02X}{:02X}{:02X}".format(*SHARE_SCALE[-1][1])


def _ink_on(share: float | None) -> str:
    return "#0B1410" if share is not None and share >= 0.8 else INK


def _base(height: int) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        separators=",.",
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        font={"color": INK, "family": FONT, "size": 24},
        showlegend=False,
        hovermode=False,
        dragmode=False,
    )
    return figure


def tile_map(tiles: Sequence[Tile], *, height: int = 800, wrap: int = 12) -> go.Figure:
    """Tiles on a grid (provinces where they lie, or a Kanwil's units), coloured by share.

    A tile of one unit says "sudah" or "belum"; a tile of several gives the
    share of its units with news; a tile without judged units, a dash.
    """
    figure = _base(height)
    cols = max((t.col for t in tiles), default=0) + 1
    rows = max((t.row for t in tiles), default=0) + 1
    gap = 0.05
    label_size = 20 if cols > 8 else 24
    value_size = 34
    shapes, notes = [], []  # set at once: adding them one by one costs ~10 ms each
    for tile in tiles:
        share = tile.share
        shapes.append(
            {
                "type": "rect",
                "x0": tile.col + gap,
                "x1": tile.col + 1 - gap,
                "y0": rows - tile.row - 1 + gap,
                "y1": rows - tile.row - gap,
                "fillcolor": share_color(share),
                "line": {"width": 0},
                "layer": "below",
            }
        )
        if tile.judged == 0:
            value = "–"
        elif tile.judged == 1:
            value = "sudah" if tile.with_news else "belum"
        else:
            value = fmt.percent(share)
        label = "<br>".join(plain(line) for line in textwrap.wrap(tile.label, wrap) or [""])
        notes.append(
            {
                "x": tile.col + 0.5,
                "y": rows - tile.row - 0.5,
                "text": (
                    f"<span style='font-size:{label_size}px'>{label}</span><br>"
                    f"<b><span style='font-size:{value_size}px'>{value}</span></b>"
                ),
                "showarrow": False,
                "font": {"color": _ink_on(share)},
                "align": "center",
            }
        )
    figure.update_layout(shapes=shapes, annotations=notes)
    figure.update_xaxes(visible=False, range=[0, cols], fixedrange=True)
    figure.update_yaxes(visible=False, range=[0, rows], fixedrange=True)
    return figure


def leaderboard(entries: Sequence[Entry], *, height: int = 600) -> go.Figure:
    """Attainment of the news target as bars, best at the top; the figures in a column at right."""
    figure = _base(height)
    names = [f"{e.rank}. {plain(short_name(e.name))}" for e in entries]
    values = [(e.attainment or 0.0) * 100 for e in entries]
    top = max([*values, 100.0])
    figure.add_bar(
        y=names,
        x=values,
        orientation="h",
        marker={"color": [COLORS[status(e.attainment)] for e in entries]},
        width=0.7,
    )
    figure.update_layout(
        annotations=[
            {
                "xref": "paper",
                "x": 1,
                "xanchor": "right",
                "y": name,
                "text": (
                    f"<b>{fmt.percent(entry.attainment)}</b>"
                    f"<span style='color:{MUTED}'> · {fmt.number(entry.news)} berita</span>"
                ),
                "showarrow": False,
                "font": {"size": 28, "color": INK},
            }
            for name, entry in zip(names, entries, strict=True)
        ]
    )
    figure.add_vline(x=100, line={"color": MUTED, "dash": "dot", "width": 2})
    figure.update_yaxes(
        autorange="reversed",
        tickfont={"size": 30, "color": INK},
        ticklabelstandoff=12,
        fixedrange=True,
    )
    # The longest bar takes 48 % of the plot: the rest is the column of figures.
    figure.update_xaxes(visible=False, range=[0, top / 0.48], fixedrange=True)
    figure.update_layout(bargap=0.25)
    return figure


def days_vs_target(points: Sequence[DayPoint], *, height: int = 780) -> go.Figure:
    """News per day, coloured by the day's status, with the day's summed target as a step line."""
    figure = _base(height)
    labels = [fmt.day_short(p.day) for p in points]
    figure.add_bar(
        x=labels,
        y=[p.count for p in points],
        marker={"color": [COLORS[p.status] for p in points]},
        width=0.72,
    )
    figure.add_scatter(
        x=labels,
        y=[p.expected if p.expected else None for p in points],
        mode="lines",
        line={"color": INK, "dash": "dot", "width": 3, "shape": "hvh"},
    )
    figure.update_xaxes(
        type="category",
        tickfont={"size": 22, "color": MUTED},
        tickangle=0,
        tickvals=labels[::5] + ([labels[-1]] if (len(labels) - 1) % 5 else []),
        fixedrange=True,
    )
    figure.update_yaxes(
        tickfont={"size": 22, "color": MUTED},
        gridcolor=GRID,
        zeroline=False,
        rangemode="tozero",
        separatethousands=True,
        fixedrange=True,
    )
    figure.update_layout(margin={"l": 8, "r": 8, "t": 8, "b": 8})
    return figure


def config() -> dict:
    """Nothing to click on a wall: no mode bar, no zoom, no hover."""
    return {"displayModeBar": False, "staticPlot": True, "locale": "id"}
