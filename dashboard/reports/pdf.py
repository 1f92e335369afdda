"""PDF: the monthly humas report of a unit or a Kanwil, for its leader's desk.

Title and period, the headline figures against target, the main charts
(drawn with fpdf2's primitives, see pdf_charts.py), the table of units and
the list of items. Offline and deterministic: the DejaVu font ships under
dashboard/assets/, nothing is fetched, no browser renders anything.

The figures are those of the Ringkasan page (service.report builds them
from the same overview), so the PDF agrees with the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from dashboard import clock, fmt, words
from dashboard.config import ASSETS_DIR
from dashboard.domain import NEWS, Group
from dashboard.kpi import figures as kpi
from dashboard.progress import Report, silent
from dashboard.reports import pdf_charts as charts
from dashboard.reports.pdf_charts import COLOURS, INK, MUTED, Box
from dashboard.service.report import ReportData
from dashboard.words import GROUP_LABELS, STATUS_LABELS

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf"}
GREEN = (11, 122, 62)
PALE = (241, 245, 242)
MARGIN = 14
MAX_ITEMS = 3000  # beyond this the list points to the XLSX/CSV instead of running on for pages
MAX_CHART_UNITS = 40
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Line:
    """One row of the table of units: a unit's own figures or its subtree's."""

    name: str
    counts: dict[str, float]
    targets: dict[str, float | None]

    def attainment(self, group: str) -> float | None:
        return kpi.ratio(self.counts.get(group, 0), self.targets.get(group))


def unit_lines(data: ReportData) -> list[Line]:
    """The scope's own row, then each unit directly below it with everything under it."""
    own = data.row(data.root.id)
    lines = [
        Line(
            data.root.name + (" (unit sendiri)" if data.children else ""),
            dict(own.counts),
            dict(own.targets),
        )
    ]
    for child in data.children:
        rolled = data.view.rolled_row(child.id)
        lines.append(
            Line(
                child.name,
                {g: rolled.get(g, 0) for g in Group},
                {g: rolled.get(f"{g}_target") for g in Group},
            )
        )
    return lines


class ReportPDF(FPDF):
    def __init__(self, data: ReportData):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.data = data
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(ASSETS_DIR / name))
        self.set_font(FONT, size=9)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_title(f"{data.title} — {data.root.name}")
        self.set_author("Pantau Humas")
        self.set_creator("Pantau Humas")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, size=7)
        self.set_text_color(*MUTED)
        self.cell(
            0,
            4,
            f"Pantau Humas · {self.data.root.name} · {period_text(self.data)}",
            new_x=XPos.LMARGIN,
        )
        self.set_xy(-MARGIN - 30, -11)
        self.cell(30, 4, f"Halaman {self.page_no()}/{{nb}}", align="R")


def period_text(data: ReportData) -> str:
    p = data.period
    if p.start == p.end:
        return fmt.day_long(p.start)
    return f"{fmt.day_medium(p.start)} – {fmt.day_medium(p.end)}"


def _heading(pdf: ReportPDF, data: ReportData) -> None:
    width = pdf.w
    pdf.set_fill_color(*GREEN)
    pdf.rect(0, 0, width, 36, "F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(MARGIN, 8)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, data.title.upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width - 2 * MARGIN, 7, data.root.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    pdf.cell(
        0,
        6,
        f"{period_text(data)} · {fmt.number(data.working_days)} hari kerja",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_xy(MARGIN, 39)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        4,
        f"Dibuat {fmt.moment(data.made_at, data.root.tz)} oleh {data.made_by}. "
        "Target dihitung sampai tanggal akhir periode; capaian = output ÷ target.",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _tile(pdf: ReportPDF, box: Box, label: str, count: int, target: float | None) -> None:
    attained = kpi.ratio(count, target)
    state = kpi.status(attained)
    pdf.set_fill_color(*PALE)
    pdf.rect(box.x, box.y, box.w, box.h, "F")
    pdf.set_fill_color(*COLOURS[state])
    pdf.rect(box.x, box.y, 1.6, box.h, "F")
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 8)
    pdf.set_xy(box.x + 4, box.y + 2)
    pdf.cell(box.w - 5, 4, label)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 17)
    pdf.set_xy(box.x + 4, box.y + 7)
    pdf.cell(box.w - 5, 8, fmt.number(count))
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(box.x + 4, box.y + 16)
    note = (
        words.NO_TARGET
        if target is None
        else f"dari target {fmt.number(target)} · {fmt.percent(attained)}"
    )
    pdf.cell(box.w - 5, 4, charts.fit(pdf, note, box.w - 5))


def _headline(pdf: ReportPDF, data: ReportData) -> None:
    y = pdf.get_y() + 3
    gap = 3
    width = (pdf.w - 2 * MARGIN - 3 * gap) / 4
    for n, group in enumerate(Group):
        count, target = data.totals(group)
        _tile(
            pdf, Box(MARGIN + n * (width + gap), y, width, 23), GROUP_LABELS[group], count, target
        )
    pdf.set_xy(MARGIN, y + 25)
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*INK)
    met, judged = data.units_on_news_target()
    own = data.row(data.root.id)
    parts = []
    if data.children:
        parts.append(
            f"Unit memenuhi target berita: {fmt.number(met)} dari {fmt.number(judged)} unit bertarget"
        )
        parts.append(f"{fmt.number(len(data.units))} unit dalam laporan")
    else:
        parts.append(
            f"Hari ada berita: {fmt.number(own.news_days)} hari "
            f"(periode ini {fmt.number(data.working_days)} hari kerja)"
        )
    parts.append(f"Total output: {fmt.number(sum(data.totals(g)[0] for g in Group))} item")
    pdf.cell(0, 5, " · ".join(parts), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _day_status(data: ReportData, day: date, value: int, target: float | None) -> str:
    if not target:
        return kpi.NO_TARGET
    attained = value / target
    in_progress = day >= clock.local_today(data.root.tz, data.made_at)
    if in_progress and attained < 1:
        return kpi.NO_TARGET  # today is not over: never red
    return kpi.status(attained)


def _charts(pdf: ReportPDF, data: ReportData) -> None:
    width = pdf.w - 2 * MARGIN
    y = pdf.get_y() + 4
    days = data.days
    values = [data.day_totals(d).get(NEWS, 0) for d in days]
    targets = [data.news_expected[d] for d in days]
    charts.bars_by_day(
        pdf,
        Box(MARGIN, y, width, 58),
        title="Berita per hari dibanding target (garis titik-titik: target)",
        labels=[str(d.day) if len(days) <= 62 else fmt.day_short(d) for d in days],
        values=values,
        targets=targets,
        statuses=[
            _day_status(data, d, v, t) for d, v, t in zip(days, values, targets, strict=True)
        ],
    )
    y += 62
    kinds = sorted((k for k in data.kinds if k.n), key=lambda k: -k.n)
    chart_units = _chart_units(data)
    half = (width - 6) / 2
    mix_box = Box(MARGIN, y, half if chart_units else width, 78)
    charts.horizontal_bars(
        pdf,
        mix_box,
        title="Output per kanal",
        labels=[k.label for k in kinds],
        values=[k.n for k in kinds],
        texts=[fmt.number(k.n) for k in kinds],
    )
    if chart_units:
        ranked = sorted(chart_units, key=lambda line: -(line.attainment(NEWS) or 0))
        charts.horizontal_bars(
            pdf,
            Box(MARGIN + half + 6, y, half, 78),
            title="Capaian target berita per unit",
            labels=[short_name(line.name) for line in ranked],
            values=[line.attainment(NEWS) or 0 for line in ranked],
            texts=[fmt.percent(line.attainment(NEWS)) for line in ranked],
            colours=[COLOURS[kpi.status(line.attainment(NEWS))] for line in ranked],
            reference=1.0,
            reference_label="target",
        )
    pdf.set_y(y + 82)


def _chart_units(data: ReportData) -> list[Line]:
    """The units below the scope with a news target, if few enough to read as bars."""
    lines = [line for line in unit_lines(data)[1:] if line.targets.get(NEWS)]
    if len(lines) > MAX_CHART_UNITS:
        kanwil = {c.name for c in data.children if c.type == "KANWIL"}
        lines = [line for line in lines if line.name in kanwil]
    return lines if 2 <= len(lines) <= MAX_CHART_UNITS else []


HEADINGS = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=GREEN)


def _section(pdf: ReportPDF, title: str, note: str = "") -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if note:
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_text_color(*INK)


def _target_text(value: float | None) -> str:
    return "–" if value is None else fmt.number(value)


def _units_table(pdf: ReportPDF, data: ReportData) -> None:
    lines = unit_lines(data)
    _section(
        pdf,
        "Per unit",
        (
            "Setiap unit di bawahnya dihitung beserta seluruh unit di bawah unit itu. "
            if data.children
            else ""
        )
        + "Status menurut capaian target berita.",
    )
    totals = Line(
        "Jumlah",
        {g: data.totals(g)[0] for g in Group},
        {g: data.totals(g)[1] for g in Group},
    )
    pdf.set_font(FONT, "", 7.5)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=(50, 12, 12, 13, 13, 12, 13, 12, 15, 30),
        cell_fill_mode="NONE",
        text_align=(
            "LEFT",
            "RIGHT",
            "RIGHT",
            "RIGHT",
            "RIGHT",
            "RIGHT",
            "RIGHT",
            "RIGHT",
            "RIGHT",
            "LEFT",
        ),
        headings_style=HEADINGS,
        line_height=4.2,
        borders_layout="HORIZONTAL_LINES",
        padding=(0.8, 1),
    ) as table:
        table.row(
            [
                "Unit",
                "Berita",
                "Target",
                "Capaian",
                "Medsos",
                "Target",
                "Capaian",
                "Media",
                "Kegiatan",
                "Status berita",
            ]
        )
        for line in [*lines, totals]:
            state = kpi.status(line.attainment(NEWS))
            bold = FontFace(emphasis="BOLD") if line is totals else None
            row = table.row(style=bold)
            row.cell(line.name)
            row.cell(fmt.number(line.counts.get(NEWS, 0)))
            row.cell(_target_text(line.targets.get(NEWS)))
            row.cell(fmt.percent(line.attainment(NEWS)) if line.targets.get(NEWS) else "–")
            row.cell(fmt.number(line.counts.get("medsos", 0)))
            row.cell(_target_text(line.targets.get("medsos")))
            row.cell(fmt.percent(line.attainment("medsos")) if line.targets.get("medsos") else "–")
            row.cell(fmt.number(line.counts.get("media", 0)))
            row.cell(fmt.number(line.counts.get("kegiatan", 0)))
            row.cell(
                STATUS_LABELS[state],
                style=FontFace(color=COLOURS[state] if state != kpi.NO_TARGET else MUTED),
            )


def short_link(url: str) -> str:
    """'ntt.kemenag.go.id/kab-alor/berita/…' for the printed list; the cell links the full URL."""
    parts = urlsplit(url)
    shown = (parts.hostname or "").removeprefix("www.") + parts.path
    return shown if len(shown) <= 48 else shown[:47] + "…"


class Wrapper:
    """Word wrap by measured word widths (cached): fpdf2's multi_cell is ten times slower."""

    def __init__(self, pdf: FPDF):
        self.pdf = pdf
        self.widths: dict[str, float] = {}

    def width(self, word: str) -> float:
        found = self.widths.get(word)
        if found is None:
            found = self.widths[word] = self.pdf.get_string_width(word)
        return found

    def lines(self, text: str, width: float, max_lines: int) -> list[str]:
        space = self.width(" ")
        lines: list[str] = []
        current, used = "", 0.0
        for word in text.split():
            w = self.width(word)
            if current and used + space + w > width:
                lines.append(current)
                current, used = word, w
            else:
                current, used = (f"{current} {word}", used + space + w) if current else (word, w)
        if current:
            lines.append(current)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = charts.fit(self.pdf, lines[-1] + " …", width)
        return [
            charts.fit(self.pdf, line, width) if self.width(line) > width else line
            for line in lines
        ] or [""]


ITEM_LINE = 3.5


def _item_header(pdf: ReportPDF, columns: list[tuple[str, float]]) -> None:
    pdf.set_font(FONT, "B", 7)
    pdf.set_fill_color(*GREEN)
    pdf.set_text_color(255, 255, 255)
    for label, width in columns:
        pdf.cell(width, 5, " " + label, fill=True)
    pdf.ln(5.5)
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(*INK)


def _items(pdf: ReportPDF, data: ReportData, items: Iterable[dict], report: Report) -> int:
    pdf.add_page()
    many = data.item_count > MAX_ITEMS
    _section(
        pdf,
        f"Daftar output ({fmt.number(data.item_count)} item)",
        (
            f"Menampilkan {fmt.number(MAX_ITEMS)} item pertama menurut tanggal; daftar lengkap "
            "ada di berkas XLSX atau CSV laporan ini."
            if many
            else "Urut menurut tanggal dan unit. Tautan dapat diklik."
        ),
    )
    with_unit = bool(data.children)
    columns = [("Tanggal", 14.0)]
    columns += [("Unit", 34.0)] if with_unit else []
    columns += [("Jenis", 20.0), ("Judul", 70.0 if with_unit else 104.0), ("Tautan", 44.0)]
    widths = [w for _, w in columns]
    wrap = Wrapper(pdf)
    _item_header(pdf, columns)
    written = 0
    pdf.set_draw_color(*charts.GRID)
    pdf.set_line_width(0.2)
    # "1 Okt"; with the year when the period crosses one.
    crosses_year = data.period.start.year != data.period.end.year
    for item in islice(items, MAX_ITEMS):
        day = date.fromisoformat(item["day"])
        texts = [day.strftime("%d/%m/%y") if crosses_year else fmt.day_short(day)]
        if with_unit:
            texts.append(short_name(item["unit_name"]))
        texts += [item["kind_short"], item["title"]]
        cells = [wrap.lines(t, w - 2, 3) for t, w in zip(texts, widths, strict=False)]
        height = max(len(c) for c in cells) * ITEM_LINE + 1.2
        if pdf.will_page_break(height):
            pdf.add_page()
            _item_header(pdf, columns)
        x, y = pdf.l_margin, pdf.get_y()
        for lines, width in zip(cells, widths, strict=False):
            for n, line in enumerate(lines):
                pdf.set_xy(x + 1, y + 0.6 + n * ITEM_LINE)
                pdf.cell(width - 2, ITEM_LINE, line)
            x += width
        pdf.set_xy(x + 1, y + 0.6)
        if item["link"]:
            pdf.set_text_color(5, 99, 193)
            shown = charts.fit(pdf, short_link(item["link"]), widths[-1] - 2)
            pdf.cell(widths[-1] - 2, ITEM_LINE, shown, link=item["link"])
            pdf.set_text_color(*INK)
        else:
            pdf.cell(widths[-1] - 2, ITEM_LINE, "–")
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + sum(widths), y + height)
        pdf.set_xy(pdf.l_margin, y + height)
        written += 1
        if written % PROGRESS_EVERY == 0:
            report(written, min(data.item_count, MAX_ITEMS), f"PDF: {fmt.number(written)} item")
    if not written:
        pdf.set_font(FONT, "", 8.5)
        pdf.cell(0, 6, "Belum ada output pada periode ini.")
    return written


def short_name(name: str) -> str:
    """'Kab. Timor Tengah Selatan' for 'Kantor Kemenag Kabupaten Timor Tengah Selatan'."""
    for long, short in SHORT_NAMES:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


SHORT_NAMES = [
    ("Kantor Kemenag Kabupaten ", "Kab. "),
    ("Kantor Kemenag Kota ", "Kota "),
    ("Kanwil Kemenag Provinsi ", "Kanwil "),
]


def write_pdf(
    data: ReportData, items: Iterable[dict], out: IO[bytes] | str | Path, *, report: Report = silent
) -> int:
    """Write the report to a path or a binary stream; returns the items listed."""
    pdf = ReportPDF(data)
    pdf.add_page()
    report(0, 1, "PDF: angka utama dan grafik")
    _heading(pdf, data)
    _headline(pdf, data)
    _charts(pdf, data)
    _units_table(pdf, data)
    listed = _items(pdf, data, items, report)
    report(1, 1, "PDF: menyimpan berkas")
    if isinstance(out, str | Path):
        pdf.output(str(out))
    else:
        out.write(pdf.output())
    return listed
