"""Charts drawn with fpdf2's own lines and rectangles: no browser, no image renderer.

The same palette and rules as the dashboard's charts (charts.py): green on
target, amber near, red below, grey without a target or still in progress;
the target as a dotted line. Each function draws into a box (x, y, w, h in
millimetres) of the current page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

from dashboard import fmt
from dashboard.kpi.figures import BELOW, NEAR, NO_TARGET, ON_TARGET

COLOURS = {
    ON_TARGET: (27, 127, 59),
    NEAR: (224, 160, 0),
    BELOW: (198, 40, 40),
    NO_TARGET: (167, 176, 171),
}
INK = (27, 38, 32)
MUTED = (90, 102, 96)
GRID = (227, 232, 229)
BAR = (11, 122, 62)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


def nice_step(value: float) -> float:
    """A round step at or above `value`: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def axis(peak: float) -> tuple[float, int]:
    """(step, ticks): at most five round steps that reach the peak."""
    step = max(nice_step(peak / 5), 1)
    return step, max(1, math.ceil(peak / step))


def _title(pdf: FPDF, box: Box, title: str) -> float:
    pdf.set_font(style="B", size=9)
    pdf.set_text_color(*INK)
    pdf.set_xy(box.x, box.y)
    pdf.cell(box.w, 5, title)
    return box.y + 7


def bars_by_day(
    pdf: FPDF,
    box: Box,
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    targets: Sequence[float | None],
    statuses: Sequence[str],
) -> None:
    """One bar per day coloured by its status, the day's target as a dotted step."""
    top = _title(pdf, box, title)
    axis_w = 9
    plot = Box(box.x + axis_w, top, box.w - axis_w, box.h - (top - box.y) - 6)
    step, ticks = axis(max([*values, *[t or 0 for t in targets], 1]))
    peak = step * ticks
    pdf.set_font(style="", size=6.5)
    pdf.set_text_color(*MUTED)
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    for tick in range(ticks + 1):
        value = step * tick
        y = plot.y + plot.h - plot.h * tick / ticks
        pdf.line(plot.x, y, plot.x + plot.w, y)
        pdf.set_xy(box.x, y - 1.5)
        pdf.cell(axis_w - 1, 3, fmt.number(value), align="R")
    n = max(len(values), 1)
    slot = plot.w / n
    bar_w = max(slot * 0.7, 0.3)
    for i, (value, state) in enumerate(zip(values, statuses, strict=True)):
        height = plot.h * value / peak
        pdf.set_fill_color(*COLOURS[state])
        if height > 0:
            pdf.rect(
                plot.x + i * slot + (slot - bar_w) / 2, plot.y + plot.h - height, bar_w, height, "F"
            )
    # The target, day by day, as a dotted step line (gaps where nothing is expected).
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.35)
    pdf.set_dash_pattern(dash=0.8, gap=0.6)
    for i, target in enumerate(targets):
        if target:
            y = plot.y + plot.h - plot.h * target / peak
            pdf.line(plot.x + i * slot, y, plot.x + (i + 1) * slot, y)
    pdf.set_dash_pattern()
    # Day labels, thinned out to about fifteen.
    every = max(1, math.ceil(n / 16))
    pdf.set_text_color(*MUTED)
    for i, label in enumerate(labels):
        if i % every == 0:
            pdf.set_xy(plot.x + i * slot - 3 + slot / 2, plot.y + plot.h + 0.8)
            pdf.cell(6, 3, label, align="C")


def horizontal_bars(
    pdf: FPDF,
    box: Box,
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    texts: Sequence[str],
    colours: Sequence[tuple[int, int, int]] | None = None,
    reference: float | None = None,
    reference_label: str = "",
) -> None:
    """Labelled horizontal bars with their figures; an optional reference line (100 %)."""
    top = _title(pdf, box, title)
    if not values:
        pdf.set_font(style="", size=8)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(box.x, top)
        pdf.cell(box.w, 5, "Belum ada data pada periode ini.")
        return
    label_w = min(box.w * 0.42, 58)
    text_w = 16
    plot_x, plot_w = box.x + label_w + 1, box.w - label_w - text_w - 2
    row_h = min(6.0, (box.h - (top - box.y)) / len(values))
    size = max(5.5, min(8.0, row_h * 2.1))
    peak = max([*values, reference or 0, 1e-9])
    for i, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        y = top + i * row_h
        pdf.set_font(style="", size=size)
        pdf.set_text_color(*INK)
        pdf.set_xy(box.x, y)
        pdf.cell(label_w, row_h, fit(pdf, label, label_w), align="R")
        width = plot_w * value / peak
        pdf.set_fill_color(*(colours[i] if colours else BAR))
        if width > 0:
            pdf.rect(plot_x, y + row_h * 0.18, width, row_h * 0.64, "F")
        pdf.set_text_color(*MUTED)
        pdf.set_xy(plot_x + width + 1, y)
        pdf.cell(text_w, row_h, text)
    if reference:
        x = plot_x + plot_w * reference / peak
        bottom = top + len(values) * row_h
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=0.8, gap=0.6)
        pdf.line(x, top - 1, x, bottom)
        pdf.set_dash_pattern()
        if reference_label:
            pdf.set_font(style="", size=6.5)
            pdf.set_xy(x - 10, bottom + 0.5)
            pdf.cell(20, 3, reference_label, align="C")


def fit(pdf: FPDF, text: str, width: float) -> str:
    """Shorten text with an ellipsis until it fits the width."""
    if pdf.get_string_width(text) <= width - 1:
        return text
    while text and pdf.get_string_width(text + "…") > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"
