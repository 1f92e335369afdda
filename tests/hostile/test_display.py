"""Stored hostile text is shown as text on every page, for every role that can see it.

The nastiest accepted strings (tests/hostile/stored.py) sit in item titles and
notes, account names, unit names, a target note and a calendar note; every
page is opened as every role that may open it, and no Markdown body on it may
hold a live link, image, HTML tag, autolink or directive. (A browser test,
tests/browser/test_hostile_display.py, checks the real DOM of the same pages.)
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from xml.dom import minidom

import pytest

from dashboard import clock
from dashboard.kpi.periods import Period
from dashboard.reports import export
from dashboard.service import context
from dashboard.store.access import SYSTEM
from dashboard.ui.pages import PAGES
from dashboard.ui.text import md_escape
from tests.conftest import open_page, unit_id
from tests.hostile.corpus import NASTY, live_on_page, markdown_bodies
from tests.hostile.stored import FULL_NAMES, NOW, UNIT_NAMES, store_everything

ROLES = {"admin": "admin", "pimpinan": "kanwil.ntt", "operator": "op.kupang"}
# Layar Rapat (issue 5): a page registered in ui/pages.py joins CASES by itself. The screen
# opened through `?layar=TOKEN` (no sign-in) needs a test of its own here: make a screen link
# in `hostile_db`, open the app with that token, and check live_on_page plus the item titles
# and unit names it shows (NASTY, UNIT_NAMES) as in the tests below.
CASES = [
    (spec, username) for spec in PAGES for role, username in ROLES.items() if role in spec.roles
]


@pytest.fixture
def hostile_db(db, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)
    store_everything(db)
    return db


@pytest.mark.parametrize(("spec", "username"), CASES, ids=[f"{s.key}-{u}" for s, u in CASES])
def test_every_page_shows_stored_hostile_text_as_text(hostile_db, spec, username):
    at = open_page(hostile_db, username, spec.file)
    assert not at.exception, at.exception
    assert markdown_bodies(at), "nothing was checked"
    assert live_on_page(at) == []


def _cells(at, column: str) -> list:
    return [v for frame in at.dataframe for v in frame.value.get(column, [])]


def test_titles_and_notes_are_listed_exactly_as_typed(hostile_db):
    at = open_page(hostile_db, "op.kupang", "views/entry.py")
    shown = [t.value for t in at.text]
    for title in NASTY:
        assert title in shown
    # Notes are captions: escaped, and nothing else but the escape.
    notes = [c.value for c in at.caption]
    for note in NASTY:
        assert md_escape(note) in notes
    beranda = open_page(hostile_db, "op.kupang", "views/home.py")
    assert set(NASTY) <= set(_cells(beranda, "Judul"))


def test_an_opened_item_keeps_its_text_in_the_fields(hostile_db):
    at = open_page(hostile_db, "op.kupang", "views/entry.py")
    item = next(b for b in at.button if b.key and b.key.startswith("entry_open_"))
    item.click().run()
    assert not at.exception
    item_id = int(item.key.removeprefix("entry_open_"))
    title = at.text_input(key=f"edit_title_{item_id}").value
    assert title in NASTY
    assert live_on_page(at) == []


def test_a_picked_unit_and_its_path_are_text(hostile_db):
    at = open_page(hostile_db, "kanwil.ntt", "views/units.py")
    at.text_input(key="q").input("kupang").run()
    names = list(at.dataframe[0].value["Nama"])
    row = names.index(UNIT_NAMES["kankemenag-kota-kupang"])
    at.session_state["unit_table"] = {"selection": {"rows": [row], "columns": []}}
    at.run()
    assert not at.exception
    assert f"**{md_escape(UNIT_NAMES['kankemenag-kota-kupang'])}**" in [
        m.value for m in at.markdown
    ]
    assert live_on_page(at) == []


def test_a_picked_account_is_text(hostile_db):
    at = open_page(hostile_db, "admin", "views/users.py")
    assert set(FULL_NAMES.values()) <= set(_cells(at, "Nama lengkap"))
    next(s for s in at.selectbox if s.label == "Akun").select("op.kupang").run()
    assert not at.exception
    assert any(md_escape(UNIT_NAMES["kankemenag-kota-kupang"]) in m.value for m in at.markdown)
    assert live_on_page(at) == []


def test_the_audit_detail_of_a_hostile_change_is_table_cells(hostile_db):
    at = open_page(hostile_db, "admin", "views/audit_log.py")
    at.session_state["audit_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert not at.code and list(at.dataframe[1].value.columns) == ["Isian", "Sebelum", "Sesudah"]
    assert live_on_page(at) == []


@pytest.mark.parametrize("kind", ["csv", "xlsx", "pdf"])
def test_reports_of_hostile_text_are_made_whole(hostile_db, kind):
    """The Laporan downloads and `humas export` of the same data: made, and the text kept."""
    ctx = context.load(hostile_db, clock.parse_instant(NOW))
    period = Period(date(2026, 11, 1), date(2026, 11, 25), "Bulan ini")
    raw = export.to_bytes(hostile_db, SYSTEM, ctx, unit_id(hostile_db, "kanwil-ntt"), period, kind)
    if kind == "csv":
        text = raw.decode("utf-8-sig")
        for title in NASTY:
            assert title in text or title.replace('"', '""') in text
    elif kind == "xlsx":
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            for part in package.namelist():
                if part.endswith(".xml") or part.endswith(".rels"):
                    minidom.parseString(package.read(part))  # every part well-formed
    else:
        assert raw.startswith(b"%PDF") and raw.rstrip().endswith(b"%%EOF")
