"""The meeting screen: `/?layar=TOKEN` shows rotating panels on a wall, with no sign-in.

Opened through a screen link (store/screens.py), it shows nothing but the
panels: no sidebar, no navigation, no toolbar. A fragment with
`run_every=<the link's seconds>` re-checks the link, refreshes the figures
and shows the next panel, so the page itself never reloads. The figures of
the last good refresh stay in the session: while the database is away the
screen keeps them, marked as stale; a revoked or expired link blanks the
screen at its next refresh.

Everything an operator typed (item titles) and every unit name is shown with
`st.text` or through plotly's escaped text: the CSS below is our own and
carries no data.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Literal

import streamlit as st

from dashboard import clock, fmt, screen_charts, words
from dashboard.kpi import figures as kpi
from dashboard.serve.gate import gated
from dashboard.service.overview import SILENT_AFTER
from dashboard.service.screen import ScreenFigures
from dashboard.store import screens
from dashboard.store.db import DatabaseUnavailable, exists
from dashboard.ui import data
from dashboard.ui import figures as cached
from dashboard.words import RANKING_RULE as RULE

PARAM = "layar"  # ?layar=TOKEN
PANEL_PARAM = "panel"  # ?panel=N (1-based): the panel to start with
CLOCK_SECONDS = 10
RETRY_SECONDS = 10  # while the database has never answered this screen

KEY_LINK = "screen_link"  # LinkSummary of the last good check
KEY_FIGURES = "screen_figures"  # ScreenFigures of the last good refresh
KEY_AS_OF = "screen_as_of"  # when that refresh happened
KEY_STALE = "screen_stale"  # the last refresh failed: figures are older than they look
KEY_TICK = "screen_tick"  # refreshes so far; the panel shown is tick % number of panels
KEY_FRESH = "screen_fresh"  # the full run refreshed just now: its fragment call need not

SILENT_ROWS = 8  # per column, two columns
BOARD_SIZE = 5  # top and bottom

STYLE = """
<style>
/* Pantau Humas meeting screen: our own rules, no data in here. */
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
#MainMenu, footer { display: none !important; }
html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: #0D1411 !important; overflow: hidden !important;
}
[data-testid="stMainBlockContainer"] {
  padding: 20px 40px 0 40px !important; max-width: none !important;
}
/* Reruns never dim the wall: the old figures stay bright until the new ones arrive. */
[data-stale="true"], .stale-element { opacity: 1 !important; transition: none !important; }
.stApp [data-testid="stText"] {
  color: #F4F7F5; font-size: 28px; line-height: 1.2; font-family: "Source Sans", sans-serif;
}
.stApp [data-testid="stText"] > span {
  color: inherit !important; display: block; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;
}
/* Our own lines (`_lines`): several in one element, spaced as separate elements would be. */
.scr-line {
  color: #F4F7F5; font-size: 28px; line-height: 1.2; font-family: "Source Sans", sans-serif;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
}
.scr-line + .scr-line { margin-top: 1rem; }
.scr-line.scr-gap { margin-top: calc(2rem + 24px); }
[class*="st-key-scr-brand"] [data-testid="stText"], .scr-line.scr-brand {
  font-size: 22px; color: #A9B8B0; letter-spacing: 0.08em; text-transform: uppercase;
}
[class*="st-key-scr-scope"] [data-testid="stText"], .scr-line.scr-scope { font-size: 44px; font-weight: 700; }
[class*="st-key-scr-label"] [data-testid="stText"], .scr-line.scr-label { font-size: 24px; color: #A9B8B0; }
[class*="st-key-scr-clock"] [data-testid="stText"], .scr-line.scr-clock {
  font-size: 64px; font-weight: 700; text-align: right; line-height: 1;
}
[class*="st-key-scr-date"] [data-testid="stText"], .scr-line.scr-date { font-size: 26px; color: #A9B8B0; text-align: right; }
[class*="st-key-scr-panel"] [data-testid="stText"], .scr-line.scr-panel { font-size: 48px; font-weight: 700; }
[class*="st-key-scr-sub"] [data-testid="stText"], .scr-line.scr-sub { font-size: 26px; color: #A9B8B0; }
[class*="st-key-scr-huge"] [data-testid="stText"], .scr-line.scr-huge {
  font-size: 190px; font-weight: 800; line-height: 1; color: #3FDB85;
}
[class*="st-key-scr-big"] [data-testid="stText"], .scr-line.scr-big { font-size: 72px; font-weight: 800; line-height: 1.05; }
[class*="st-key-scr-mid"] [data-testid="stText"], .scr-line.scr-mid { font-size: 34px; font-weight: 600; }
[class*="st-key-scr-note"] [data-testid="stText"], .scr-line.scr-note { font-size: 26px; color: #A9B8B0; }
[class*="st-key-scr-note"] [data-testid="stText"] > span, .scr-line.scr-note { white-space: normal; }
[class*="st-key-scr-head"] [data-testid="stText"], .scr-line.scr-head {
  font-size: 22px; color: #A9B8B0; text-transform: uppercase; letter-spacing: 0.06em;
}
[class*="st-key-scr-row-"] {
  background: #17221D; border-radius: 10px; padding: 10px 18px; min-height: 0;
}
[class*="st-key-scr-cell"] [data-testid="stText"], .scr-line.scr-cell,
[class*="st-key-scr-row-s"] [data-testid="stText"] { font-size: 32px; }
[class*="st-key-scr-num"] [data-testid="stText"], .scr-line.scr-num { font-size: 32px; font-weight: 700; text-align: right; }
[class*="st-key-scr-warn"] [data-testid="stText"], .scr-line.scr-warn { color: #F2B01E; }
[class*="st-key-scr-meta"] [data-testid="stText"], .scr-line.scr-meta,
[class*="st-key-scr-row-l"] > :first-child [data-testid="stText"] { font-size: 22px; color: #A9B8B0; }
[class*="st-key-scr-item"] [data-testid="stText"], .scr-line.scr-item,
[class*="st-key-scr-row-l"] > :last-child [data-testid="stText"] { font-size: 32px; font-weight: 600; }
[class*="st-key-scr-foot"] [data-testid="stText"], .scr-line.scr-foot { font-size: 22px; color: #A9B8B0; }
[class*="st-key-scr-stale"] [data-testid="stText"], .scr-line.scr-stale { font-size: 24px; color: #F2B01E; font-weight: 700; }
[class*="st-key-scr-dots"] [data-testid="stText"], .scr-line.scr-dots { font-size: 22px; color: #A9B8B0; text-align: right; }
.st-key-scr-body { overflow: hidden !important; }
[class*="st-key-scr-message"] [data-testid="stText"] { font-size: 44px; text-align: center; }
.st-key-scr-brand-m [data-testid="stText"] { text-align: center; }
[class*="st-key-scr-message"] [data-testid="stText"] > span { white-space: normal; }
</style>
"""


def address(page_url: str | None, token: str, page_path: str = "") -> str:
    """The screen's address: the app's address (when known) with `?layar=TOKEN`.

    `page_url` is `st.context.url` seen from a page; Streamlit 1.67 does not
    always trim the page's own path from it, so `page_path` is trimmed here.
    """
    base = (page_url or "").rstrip("/")
    if page_path and base.endswith(f"/{page_path}"):
        base = base[: -len(page_path) - 1]
    return f"{base}/?{PARAM}={token}"


def requested() -> bool:
    """Does this run ask for the meeting screen? (The shell asks before anything else.)"""
    return PARAM in st.query_params


class _Writer:
    """Text people typed (a unit's name, an item's title, a link's label) in our own styles:
    each piece an st.text in a keyed container the CSS can find. Our own words and figures
    go through `_lines` instead."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.n = 0

    def __call__(self, style: str, text: str) -> None:
        self.n += 1
        with st.container(key=f"scr-{style}-{self.prefix}{self.n}"):
            st.text(text, width="stretch")


_LINE = re.compile(r'<div class="scr-line[^"]*">(.*?)</div>')


def lines_in(body: str) -> list[str]:
    """The lines of one `_lines` block, as the wall shows them (tests and the soak script
    read the wall through this)."""
    return [html.unescape(line) for line in _LINE.findall(body)]


def _lines(*lines: tuple[str, str], width: int | Literal["stretch"] = "stretch") -> None:
    """Lines of our own words and figures, each in its style ("note", or "head gap"), as ONE
    element: an st.html of plain lines.

    Every element a run sends costs the server a message on both of its threads, and a
    styled st.text is two (the keyed container the CSS finds, and the text): the wall's
    lines were half of its elements (issue 19). Never for text people typed — unit names,
    item titles, a link's title or label stay st.text (`_Writer`); what comes here is
    escaped all the same.
    """
    body = "".join(
        f'<div class="scr-line {" ".join(f"scr-{x}" for x in style.split())}">'
        f"{html.escape(text)}</div>"
        for style, text in lines
    )
    st.html(body, width=width)


def main() -> None:
    st.set_page_config(
        page_title="Layar Rapat · Pantau Humas",
        page_icon=":material/tv:",
        layout="wide",
        initial_sidebar_state="collapsed",
        menu_items={},
    )
    st.html(STYLE)
    token = st.query_params.get(PARAM, "")
    refusal = refresh(token)
    if refusal is not None:
        _blank(words.say(refusal))
        return
    link: screens.LinkSummary | None = st.session_state.get(KEY_LINK)
    if link is None:  # the database has not answered yet: try again shortly
        _waiting(token)
        return
    st.session_state[KEY_FRESH] = True
    if KEY_TICK not in st.session_state:
        st.session_state[KEY_TICK] = _start_panel()
    _header(link)
    panels = gated(data.per_run(_panels))  # its reruns go through neither app.py's gate nor its run
    st.fragment(run_every=timedelta(seconds=link.rotate_seconds))(panels)(token)


def refresh(token: str, now: datetime | None = None) -> screens.LinkRefused | None:
    """Check the link and load its figures into the session; the refusal, if any.

    A database that does not answer is not a refusal: the last good figures
    stay and are marked stale. Only the link's own expiry, known from the
    last good check, still blanks the screen then.
    """
    state = st.session_state
    now = now or clock.utc_now()
    try:
        if not exists(data.path()):  # the screen never creates a database
            raise DatabaseUnavailable(f"database {data.path()} is missing")
        data.ensure_ready()
        with data.session_db(readonly=True) as db:
            link = screens.resolve(db, token, now)
        figures = cached.screen_figures(screens.screen_principal(link), link.unit_id)
    except screens.LinkRefused as refusal:
        _forget()
        return refusal
    except (DatabaseUnavailable, sqlite3.Error):
        last: screens.LinkSummary | None = state.get(KEY_LINK)
        if last is not None and last.expires_at <= now:
            _forget()
            return screens.LinkRefused(screens.EXPIRED)
        state[KEY_STALE] = True
        return None
    state[KEY_LINK] = screens.LinkSummary.of(link)
    state[KEY_FIGURES] = figures
    state[KEY_AS_OF] = now
    state[KEY_STALE] = False
    return None


def _forget() -> None:
    for key in (KEY_LINK, KEY_FIGURES, KEY_AS_OF, KEY_STALE, KEY_TICK, KEY_FRESH):
        st.session_state.pop(key, None)


def _start_panel() -> int:
    try:
        return max(int(st.query_params.get(PANEL_PARAM, "1")) - 1, 0)
    except ValueError:
        return 0


def _blank(message: str) -> None:
    """A plain message and nothing else: no figures, no timers."""
    st.space(300)
    with st.container(key="scr-brand-m"):
        st.text("Pantau Humas · Layar Rapat", width="stretch")
    with st.container(key="scr-message"):
        st.text(message, width="stretch")


def _waiting(token: str) -> None:
    _blank("Menghubungkan ke basis data… Layar tampil begitu data dapat dibaca.")

    def retry() -> None:
        if refresh(token) is not None or st.session_state.get(KEY_LINK) is not None:
            st.rerun(scope="app")

    st.fragment(run_every=timedelta(seconds=RETRY_SECONDS))(retry)()


def _header(link: screens.LinkSummary) -> None:
    left, right = st.columns([3, 1], vertical_alignment="center")
    write = _Writer("h")
    with left:
        _lines(("brand", "Pantau Humas · Layar Rapat"))
        write("scope", link.title)  # a unit's name
    with right:
        st.fragment(run_every=timedelta(seconds=CLOCK_SECONDS))(_clock)(link.tz)


def _clock(tz: str) -> None:
    now = clock.utc_now()
    _lines(("clock", fmt.time_in_zone(now, tz)), ("date", fmt.day_long(clock.local_today(tz, now))))


PanelFn = Callable[[ScreenFigures], None]


def _panels(token: str) -> None:
    state = st.session_state
    if not state.pop(KEY_FRESH, False):  # a timed refresh, not the page's first run
        if refresh(token) is not None:
            st.rerun(scope="app")  # the page then shows the refusal and nothing else
        state[KEY_TICK] = state.get(KEY_TICK, 0) + 1
    figures: ScreenFigures | None = state.get(KEY_FIGURES)
    link: screens.LinkSummary | None = state.get(KEY_LINK)
    if figures is None or link is None:
        return
    index = state.get(KEY_TICK, 0) % len(PANELS)
    _name, draw = PANELS[index]
    with st.container(height=880, border=False, key="scr-body"):
        draw(figures)
    _footer(figures, link, index)


def _footer(figures: ScreenFigures, link: screens.LinkSummary, index: int) -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    as_of = st.session_state.get(KEY_AS_OF)
    with left:
        when = fmt.time_in_zone(as_of, figures.tz) if as_of else "-"
        if st.session_state.get(KEY_STALE):
            _lines(("stale", f"Data terakhir per {when} — sedang tidak terhubung"))
        elif link.label:  # typed by whoever made the link
            _Writer("p")("foot", f"Data per {when} · {link.label}")
        else:
            _lines(("foot", f"Data per {when}"))
    with right:
        dots = " ".join("●" if i == index else "○" for i in range(len(PANELS)))
        _lines(("dots", f"{dots}   berganti setiap {link.rotate_seconds} detik"))


def _title(title: str, subtitle: str) -> None:
    _lines(("panel", title), ("sub", subtitle))


# --- the panels -------------------------------------------------------------------------


def _compliance(f: ScreenFigures) -> None:
    where = "provinsi" if f.national else "unit"
    _title(
        "Ada berita hari ini",
        f"{fmt.day_long(f.today)} · tiap {where} diwarnai menurut bagian unit yang sudah "
        "menerbitkan berita · “hari ini” menurut zona waktu masing-masing unit",
    )
    left, right = st.columns([1, 3], vertical_alignment="center", gap="large")
    with left:
        missing = f.judged - f.with_news
        _lines(
            ("huge", fmt.percent(f.share)),
            ("mid", f"{fmt.number(f.with_news)} dari {fmt.number(f.judged)} unit"),
            ("note", "sudah menerbitkan berita hari ini."),
            ("note", f"{fmt.number(missing)} unit belum — hari belum berakhir."),
            ("note", "Warna: gelap = belum ada, hijau terang = semua unit."),
        )
    with right:
        st.plotly_chart(
            # Made once per cached figures (shared by every screen of the scope): issue 19.
            cached.derived(
                f,
                "tile map",
                lambda: screen_charts.tile_map(f.tiles, height=720, wrap=12 if f.national else 16),
            ),
            config=screen_charts.config(),
            key="scr-map",
        )


def _board(f: ScreenFigures) -> None:
    _title(
        f"Peringkat {f.peers} — {f.period.label.lower()}",
        f"{fmt.day_medium(f.period.start)} – {fmt.day_medium(f.period.end)} · capaian target "
        "berita (jumlah berita ÷ target berita) · garis titik: 100% target",
    )
    entries = list(f.board)
    if not entries:
        _lines(("mid", f"Tidak ada {f.peers} untuk diperingkat."))
        return
    top, bottom = top_and_bottom(entries, BOARD_SIZE)
    left, right = st.columns(2, gap="large")
    with left:
        _lines(("head", f"{len(top)} teratas"))
        st.plotly_chart(
            cached.derived(f, "board top", lambda: screen_charts.leaderboard(top, height=600)),
            config=screen_charts.config(),
            key="scr-top",
        )
    with right:
        if bottom:
            _lines(("head", f"{len(bottom)} terbawah"))
            st.plotly_chart(
                cached.derived(
                    f, "board bottom", lambda: screen_charts.leaderboard(bottom, height=600)
                ),
                config=screen_charts.config(),
                key="scr-bottom",
            )
    _lines(("note", f"Dari {fmt.number(len(entries))} {f.peers}. {RULE}"))


def top_and_bottom(entries: list, size: int) -> tuple[list, list]:
    """The first and last `size` of a ranking, never showing an entry twice."""
    top = entries[: min(size, (len(entries) + 1) // 2)]
    rest = entries[len(top) :]
    return top, rest[max(len(rest) - size, 0) :]


def _days(f: ScreenFigures) -> None:
    _title(
        "Berita 30 hari terakhir dibanding target",
        "batang: berita per hari (hijau memenuhi, kuning mendekati, merah di bawah target, "
        "abu-abu tanpa target atau hari ini yang belum berakhir) · garis titik: target",
    )
    left, right = st.columns([1, 3], vertical_alignment="center", gap="large")
    with left:
        lines: list[tuple[str, str]] = []
        for label, (count, target) in (
            ("Berita bulan ini", f.news),
            ("Medsos bulan ini", f.medsos),
        ):
            lines.append(("head gap" if lines else "head", label))
            lines.append(("big", fmt.number(count)))
            if target is None:
                lines.append(("note", words.NO_TARGET))
            else:
                attained = kpi.ratio(count, target)
                lines.append(("note", f"{fmt.percent(attained)} dari target {fmt.number(target)}"))
        _lines(*lines)
    with right:
        st.plotly_chart(
            cached.derived(f, "days", lambda: screen_charts.days_vs_target(f.days, height=700)),
            config=screen_charts.config(),
            key="scr-days",
        )


def _silent(f: ScreenFigures) -> None:
    _title(
        f"Senyap {SILENT_AFTER} hari kerja atau lebih",
        "unit dengan target berita tanpa berita selama hari kerja yang sudah lewat "
        "(jumlah hari kerja · tanggal berita terakhir), terlama di atas",
    )
    if not f.silent:
        st.space(80)
        _lines(
            ("big", "Tidak ada unit yang senyap."),
            ("mid", "Semua unit menerbitkan berita dalam tiga hari kerja terakhir."),
        )
        return
    shown = f.silent[: 2 * SILENT_ROWS]
    _lines(("mid", f"{fmt.number(len(f.silent))} unit senyap"))
    columns = st.columns(2 if len(shown) > SILENT_ROWS else [2, 1], gap="large")
    for c, column in enumerate(columns):
        with column:
            for i, unit in enumerate(shown[c * SILENT_ROWS : (c + 1) * SILENT_ROWS]):
                name = f"{unit.name} · {unit.parent}" if f.national and unit.parent else unit.name
                last = (
                    f"terakhir {fmt.day_short(unit.last_news)}" if unit.last_news else "belum ada"
                )
                # The row's key styles the name (st.text: typed); the figures are ours.
                with st.container(key=f"scr-row-s{c}-{i}", horizontal=True, gap="small"):
                    st.text(name, width="stretch")
                    _lines(("num", f"{unit.days} hari · {last}"), width=420)
    rest = len(f.silent) - len(shown)
    if rest > 0:
        _lines(("note", f"… dan {fmt.number(rest)} unit lainnya (lihat halaman Ringkasan)."))


def _latest(f: ScreenFigures) -> None:
    _title("Terbaru", "output yang paling akhir dicatat, dari seluruh unit di cakupan ini")
    if not f.latest:
        st.space(80)
        _lines(("big", "Belum ada output dalam tiga hari terakhir."))
        return
    for i, item in enumerate(f.latest):
        local = clock.local_now(f.tz, item.at)
        when = (
            fmt.time_in_zone(item.at, f.tz)
            if local.date() == f.today
            else f"{fmt.day_short(local.date())} {fmt.time_in_zone(item.at, f.tz)}"
        )
        meta = f"{when} · {item.unit} · {item.kind}" + (" · capaian/dampak" if item.capaian else "")
        # Both lines are typed text (a unit's name, an item's title): st.text, styled by
        # their place in the row's keyed container.
        with st.container(key=f"scr-row-l{i}", gap=None):
            st.text(meta, width="stretch")
            st.text(item.title, width="stretch")


PANELS: list[tuple[str, PanelFn]] = [
    ("Ada berita hari ini", _compliance),
    ("Peringkat", _board),
    ("30 hari terakhir", _days),
    ("Senyap", _silent),
    ("Terbaru", _latest),
]
