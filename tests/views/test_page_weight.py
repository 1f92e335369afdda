"""What one run of the busiest pages sends: a budget of elements (issue 19).

Every element a run draws is a message the server builds, queues, hashes and writes
to the websocket: on a warm run of Ringkasan, Unit Saya or the meeting screen that
per-element work is about half of the server's CPU (docs/PERFORMANCE.md, issue 19).
These budgets are the counts after the fifth session's cuts. A new element is welcome
when it earns its place: raise the number here, with the reason, in the same change.
"""

import pytest

from tests.conftest import app_as
from tests.views.test_kpi_pages import in_order
from tests.views.test_screen import NOW as SCREEN_NOW
from tests.views.test_screen import link_for, open_screen, output  # noqa: F401 (a fixture)

LONGEST_PICKER = 100  # options a selectbox sends on every run (a national leader had 627)


@pytest.mark.parametrize(
    ("username", "page", "budget"),
    [
        ("pusat", None, 36),  # Ringkasan, national: was 39 (the hidden tabs' tables)
        ("kanwil.ntt", None, 29),  # Ringkasan of a Kanwil: was 30
        ("pusat", "views/unit_dashboard.py", 39),  # Unit Saya: was 41
        ("kepala.kupang", "views/unit_dashboard.py", 34),  # was 37
    ],
)
def test_a_page_run_stays_within_its_elements(db, accounts, username, page, budget):
    at = app_as(db, username, page=page)
    assert not at.exception
    assert len(in_order(at.main)) <= budget
    assert all(len(s.options) <= LONGEST_PICKER for s in at.selectbox)


@pytest.mark.parametrize(
    ("tick", "budget"),
    [
        (0, 21),  # share of units with news today: was 39 (a keyed container and a text a line)
        (1, 24),  # the leaderboards
        (2, 21),  # the last 30 days
        (3, 69),  # the silent units, two columns of eight rows: was 101 (five elements a row)
        (4, 37),  # the latest items (7 here): was 51 (five elements an item)
    ],
)
@pytest.mark.usefixtures("output")  # a few items of today: the latest panel has rows
def test_the_meeting_screen_stays_within_its_elements(db, accounts, monkeypatch, tick, budget):
    monkeypatch.setenv("HUMAS_NOW", SCREEN_NOW)
    _, token = link_for(db)
    at = open_screen(token, tick=tick)
    assert not at.exception
    assert len(in_order(at.main)) <= budget
