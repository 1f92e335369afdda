"""Unit Saya's and Peringkat's reads and tables shared between runs, not copied or rebuilt on each
(issue 19: a warm run's CPU). Each test fails if the page's read goes back to a per-run copy."""

from __future__ import annotations

import pytest

from dashboard import charts
from dashboard.service import items as item_service
from dashboard.ui import channels as channel_panel
from dashboard.ui import figures
from tests.conftest import app_as, principal, unit_id
from tests.service.helpers import add_items

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def test_a_leaders_channel_coverage_is_one_shared_object_not_a_copy_per_run(db, accounts):
    # A national leader's coverage lists every unit without a working channel: unpickling a
    # copy of it on every run was a fifth of a warm Unit Saya run.
    pusat = principal(db, "pusat")
    root = unit_id(db, "kemenag-ri")
    first = channel_panel.coverage(pusat, root)
    assert first.attention, "the seeded units have no channels: all need a look"
    assert channel_panel.coverage(pusat, root) is first


def test_a_units_channels_are_one_shared_object_not_a_copy_per_run(db, accounts):
    kupang = principal(db, "op.kupang")
    own = unit_id(db, "kankemenag-kota-kupang")
    assert channel_panel.unit_channels(kupang, own) is channel_panel.unit_channels(kupang, own)


NOW = "2026-11-25T08:00:00Z"  # Wed 25 Nov, 16:00 WITA
UNIT_PAGE = "views/unit_dashboard.py"
KUPANG = "kankemenag-kota-kupang"


def counting(monkeypatch, module, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_unit_saya_reads_todays_items_and_makes_its_mix_chart_once_per_data_version(
    db, accounts, monkeypatch
):
    monkeypatch.setenv("HUMAS_NOW", NOW)
    add_items(db, KUPANG, "2026-11-25", "berita_website")
    reads = counting(monkeypatch, item_service, "day_items")
    mixes = counting(monkeypatch, charts, "channel_mix")
    at = app_as(db, "kepala.kupang", page=UNIT_PAGE)
    assert not at.exception
    made = len(reads), len(mixes)
    assert made[0] >= 1 and made[1] >= 1
    titles = lambda: [t for frame in at.dataframe for t in frame.value.get("Judul", [])]  # noqa: E731
    shown = titles()
    assert len(shown) == 1

    at.run()  # the same data: nothing read again or rebuilt, the same table and chart shown
    assert not at.exception
    assert (len(reads), len(mixes)) == made
    assert titles() == shown
    assert len(at.get("plotly_chart")) == 3  # 30 days, the year, the mix per channel

    add_items(db, KUPANG, "2026-11-25", "medsos_instagram")  # a write: a new data version
    at.run()
    assert len(reads) == made[0] + 1 and len(mixes) == made[1] + 1
    assert len(titles()) == 2


def test_peringkat_reads_and_tables_each_board_once_per_data_version(db, accounts, monkeypatch):
    # A cached read hashes every peer's id on each call: the boards are made once per context.
    monkeypatch.setenv("HUMAS_NOW", NOW)
    add_items(db, "kankemenag-kab-alor", "2026-11-25", "berita_website", 2)
    boards = counting(monkeypatch, figures, "leaderboard")
    checked = counting(monkeypatch, figures, "integrity_by_unit")
    at = app_as(db, "pusat", page="views/rankings.py")
    assert not at.exception
    made = len(boards), len(checked)
    assert made[0] >= 3 and made[1] >= 3  # Kanwil, Kankemenag of a Kanwil, PTKN
    shown = [frame.value.to_dict() for frame in at.dataframe]

    at.run()
    assert not at.exception
    assert (len(boards), len(checked)) == made
    assert [frame.value.to_dict() for frame in at.dataframe] == shown

    add_items(db, "kankemenag-kab-alor", "2026-11-25", "berita_website")  # a new data version
    at.run()
    assert len(boards) == made[0] + 3 and len(checked) == made[1] + 3
    assert [frame.value.to_dict() for frame in at.dataframe] != shown
