"""Unit Saya, Ringkasan, Peringkat, Target and Kalender through AppTest."""

from datetime import date

import pytest

from dashboard import auth
from dashboard.store import calendar as calendar_store
from dashboard.store import targets as target_store
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.ui.text import md_escape
from dashboard.ui.widgets import OUTTAKE_NOTE
from dashboard.words import OFFICE_RULE, PROVINCE_RULE
from tests.conftest import PASSWORD, app_as, principal, unit_id
from tests.service.helpers import add_items
from tests.store.test_outtakes import measure, post

NOW = "2026-11-25T08:00:00Z"  # Wed 25 Nov, 16:00 WITA


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


def metric_values(at):
    return {m.label: (m.value, m.delta) for m in at.metric}


def all_cells(at, column):
    return [v for frame in at.dataframe for v in frame.value.get(column, [])]


@pytest.mark.backends("sqlite", "postgresql")  # the page on both backends
def test_unit_saya_tiles_match_a_hand_count(db, accounts):
    for day in ("2026-11-23", "2026-11-24", "2026-11-25"):
        add_items(db, "kankemenag-kota-kupang", day, "berita_website")
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "medsos_instagram")
    at = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    assert not at.exception
    tiles = metric_values(at)
    assert tiles["Berita hari ini"][0] == "1 / 1"
    assert tiles["Medsos hari ini"][0] == "1 / 1"
    assert tiles["Berita bulan ini"][0] == "3 / 18"
    assert tiles["Berturut-turut"] == ("3 hari", "memenuhi target berita")
    assert tiles["Berita terakhir"] == ("hari ini", "sudah ada berita")
    assert tiles["Peringkat bulan ini"][0] == "1 dari 22"
    assert [s.value for s in at.success] == ["Sudah ada berita hari ini"]


def test_the_rank_names_the_kanwil_as_text(db, accounts):
    name = "Kanwil ![NTT](https://evil.example/ntt.png) www.evil.example"
    unit_store.update(db, SYSTEM, "kanwil-ntt", name=name)
    at = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    (rank,) = [m for m in at.metric if m.label == "Peringkat bulan ini"]
    assert rank.delta == "Kankemenag se-provinsi"
    assert md_escape(name) in rank.help and name not in rank.help


def table_of(at, name: str):
    key = table_key(at, name)
    return next(f for f in at.dataframe if f.key == key).value


def in_order(node) -> list:
    """Every element of the page, top to bottom (tiles inside grids included)."""
    found = []
    for child in getattr(node, "children", {}).values():
        found.append(child)
        found += in_order(child)
    return found


def test_the_rank_sits_with_todays_tiles_above_the_charts(db, accounts):
    """Issue 16, item 8: the unit head's rank was at the bottom, below two charts."""
    at = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    shown = in_order(at.main)
    kinds = [e.type for e in shown]
    rank = next(i for i, e in enumerate(shown) if getattr(e, "label", "") == "Peringkat bulan ini")
    today = next(i for i, e in enumerate(shown) if getattr(e, "label", "") == "Berita hari ini")
    assert today < rank < kinds.index("plotly_chart")
    assert not [i for i in at.info if "Peringkat" in i.value]  # the old box below the charts


def test_last_news_counts_working_days_as_the_silent_list_does(db, accounts):
    """Issue 16, item 15: "3 hari lalu" counted the weekend while "senyap" counted working days."""
    add_items(db, "kankemenag-kab-alor", "2026-11-19", "berita_website")  # Thursday
    at = app_as(db, "kanwil.ntt", page="views/overview.py")
    silent = table_of(at, "silent")
    alor = silent[silent["Unit"] == "Kantor Kemenag Kabupaten Alor"]
    assert list(alor["Hari kerja tanpa berita"]) == [3]  # Fri 20, Mon 23, Tue 24
    at.switch_page("views/unit_dashboard.py")
    at.query_params["unit"] = "kankemenag-kab-alor"
    at.run()
    assert metric_values(at)["Berita terakhir"] == ("19 Nov", "lewat 3 hari kerja")


# --- Drill-down (issue 16, item 1): every unit named in Ringkasan's tables opens its page --------


def table_key(at, name: str) -> str:
    """The key of a table of Ringkasan: its name and the scope (`level_KANWIL_kemenag-ri`)."""
    (key,) = [f.key for f in at.dataframe if (f.key or "").startswith(f"{name}_")]
    return key


def pick(at, name: str, row: int, *, cell: bool = False):
    """Tap a row of a table (or one of its cells, as a thumb on a phone does)."""
    key = table_key(at, name)
    chosen = {"rows": [], "columns": [], "cells": [(row, "Unit")]} if cell else {"rows": [row]}
    at.session_state[key] = {"selection": {"columns": [], "cells": [], **chosen}}
    return at.run()


def opened_unit(at) -> str:
    assert not at.exception
    assert [t.value for t in at.title] == ["Unit Saya"]
    return at.markdown[0].value.removeprefix("### ")


def test_ringkasan_makes_only_the_open_tabs_table_and_another_tab_shows_its_own(db, accounts):
    """Issue 19: a hidden tab's table is not made or sent; picking the tab shows it."""
    at = app_as(db, "pusat")
    assert [t.label for t in at.tabs] == ["Kanwil (seluruh provinsi)", "PTKN", "Pusat"]
    levels = [f.key for f in at.dataframe if f.key.startswith("level_")]
    assert levels == ["level_KANWIL_kemenag-ri"]
    at.session_state["per_unit_kemenag-ri"] = "PTKN"  # as a tap on the tab leaves it
    at.run()
    assert not at.exception
    levels = [f.key for f in at.dataframe if f.key.startswith("level_")]
    assert levels == ["level_PTKN_kemenag-ri"]
    assert "IAKN Kupang" in table_of(at, "level_PTKN")["Unit"].tolist()
    assert PROVINCE_RULE not in [c.value for c in at.caption]  # the Kanwil tab's own note
    kanwil = at.selectbox(key="cakupan").set_value("kanwil-ntt").run()  # one type: no tabs
    assert not kanwil.tabs and table_of(kanwil, "level_KANKEMENAG") is not None


@pytest.mark.parametrize("cell", [False, True])
def test_kakanwil_opens_the_kankemenag_it_picks(db, accounts, cell):
    at = app_as(db, "kanwil.ntt")  # lands on Ringkasan; has been on no other page
    table = table_of(at, "level_KANKEMENAG")
    row = list(table["Unit"]).index("Kantor Kemenag Kabupaten Belu")
    pick(at, "level_KANKEMENAG", row, cell=cell)
    assert opened_unit(at) == "Kantor Kemenag Kabupaten Belu"
    assert at.query_params["unit"] == "kankemenag-kab-belu"  # the address names the unit


def test_kakanwil_who_saw_its_own_unit_first_still_opens_the_pick(db, accounts):
    """The path that failed: Unit Saya of its own Kanwil first, then a row on Ringkasan."""
    at = app_as(db, "kanwil.ntt", page="views/unit_dashboard.py")
    assert opened_unit(at) == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"
    at.switch_page("views/overview.py").run()
    table = table_of(at, "level_KANKEMENAG")
    pick(at, "level_KANKEMENAG", list(table["Unit"]).index("Kantor Kemenag Kota Kupang"))
    assert opened_unit(at) == "Kantor Kemenag Kota Kupang"
    at.switch_page("views/overview.py").run()  # and again, to another one
    pick(at, "level_KANKEMENAG", list(table["Unit"]).index("Kantor Kemenag Kabupaten Alor"))
    assert opened_unit(at) == "Kantor Kemenag Kabupaten Alor"


def test_pusat_inside_a_kanwil_opens_the_kankemenag_it_picks(db, accounts):
    at = app_as(db, "pusat")
    national = table_of(at, "level_KANWIL")
    ntt = list(national["Unit"]).index("Kanwil Kemenag Provinsi Nusa Tenggara Timur")
    pick(at, "level_KANWIL", ntt)  # a Kanwil row: its province, on Ringkasan
    assert [t.value for t in at.title] == ["Ringkasan"]
    assert at.query_params["cakupan"] == "kanwil-ntt"
    table = table_of(at, "level_KANKEMENAG")
    pick(at, "level_KANKEMENAG", list(table["Unit"]).index("Kantor Kemenag Kabupaten Ende"))
    assert opened_unit(at) == "Kantor Kemenag Kabupaten Ende"
    assert at.query_params["unit"] == "kankemenag-kab-ende"


def test_units_without_news_and_silent_units_open_their_page(db, accounts):
    add_items(db, "kankemenag-kab-alor", "2026-11-19", "berita_website")
    at = app_as(db, "kanwil.ntt")
    missing = table_of(at, "missing")
    assert list(missing.columns) == ["Unit", "Zona"]  # no parent repeated inside one Kanwil
    pick(at, "missing", list(missing["Unit"]).index("Kantor Kemenag Kabupaten Sikka"), cell=True)
    assert opened_unit(at) == "Kantor Kemenag Kabupaten Sikka"
    at.switch_page("views/overview.py").run()
    silent = table_of(at, "silent")
    assert list(silent.columns) == ["Hari kerja tanpa berita", "Unit", "Berita terakhir"]
    pick(at, "silent", list(silent["Unit"]).index("Kantor Kemenag Kabupaten Alor"))
    assert opened_unit(at) == "Kantor Kemenag Kabupaten Alor"


def test_the_national_silent_list_names_each_units_province(db, accounts):
    at = app_as(db, "pusat")
    silent = table_of(at, "silent")
    assert list(silent.columns) == [
        "Hari kerja tanpa berita",
        "Unit",
        "Berita terakhir",
        "Provinsi",
    ]
    belu = silent[silent["Unit"] == "Kantor Kemenag Kabupaten Belu"]
    assert list(belu["Provinsi"]) == ["Nusa Tenggara Timur"]


def test_a_shared_unit_address_opens_that_unit_or_is_refused(db, accounts):
    at = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    assert at.query_params["unit"] == "kankemenag-kota-kupang"  # even one's own unit is named
    for who, code, shown in [
        ("kanwil.ntt", "kankemenag-kota-kupang", "Kantor Kemenag Kota Kupang"),
        ("pusat", "kankemenag-kota-surabaya", "Kantor Kemenag Kota Surabaya"),
        ("admin", "iakn-kupang", "IAKN Kupang"),
    ]:
        at = app_as(db, who, page="views/unit_dashboard.py")
        at.query_params["unit"] = code
        assert opened_unit(at.run()) == shown
    # A Kakanwil and an operator outside their scope: the store's refusal, no figures at all.
    for who, code in [("kanwil.ntt", "kankemenag-kota-surabaya"), ("op.kupang", "kanwil-ntt")]:
        at = app_as(db, who, page="views/unit_dashboard.py")
        at.query_params["unit"] = code
        at.run()
        assert not at.exception
        assert len(at.error) == 1 and "tidak berhak" in at.error[0].value
        assert not at.metric and not at.markdown
        at.button(key="own_unit").click().run()
        assert opened_unit(at) == unit_store.by_id(db, principal(db, who).unit_id).name


def test_an_unknown_unit_in_the_address_is_said_plainly(db, accounts):
    at = app_as(db, "pusat", page="views/unit_dashboard.py")
    at.query_params["unit"] = "kankemenag-atlantis"
    at.run()
    assert [e.value for e in at.error] == [
        "Unit kerja yang disebut di alamat halaman ini tidak ditemukan."
    ]
    assert not at.metric


def test_operator_sees_only_its_unit(db, accounts):
    at = app_as(db, "op.kupang", page="views/unit_dashboard.py")
    assert not at.exception
    assert not at.selectbox  # nothing to choose
    assert "Kantor Kemenag Kota Kupang" in at.markdown[0].value


def test_kakanwil_can_open_a_kankemenag_below(db, accounts):
    at = app_as(db, "kanwil.ntt", page="views/unit_dashboard.py")
    options = at.selectbox(key="unit").options
    assert "Kantor Kemenag Kota Kupang" in options
    assert not any("Jawa Timur" in o for o in options)
    at.selectbox(key="unit").set_value("kankemenag-kota-kupang").run()
    assert not at.exception
    assert "Kantor Kemenag Kota Kupang" in at.markdown[0].value


def test_a_national_leader_picks_a_unit_in_two_steps(db, accounts):
    """Issue 19: ~600 units are not one list sent on every run: first the group, then the unit;
    the address names the unit alone, and the group follows it."""
    at = app_as(db, "pusat", page="views/unit_dashboard.py")
    groups = at.selectbox(key="unit_group")
    assert groups.options[0] == "Pusat" and "PTKN" in groups.options
    assert "Kanwil Kemenag Provinsi Nusa Tenggara Timur" in groups.options
    assert len(at.selectbox(key="unit").options) < 100
    assert at.query_params["unit"] == opened_code(at)  # its own unit, named
    ntt = groups.options.index("Kanwil Kemenag Provinsi Nusa Tenggara Timur")
    at.selectbox(key="unit_group").select_index(ntt).run()
    assert opened_unit(at) == "Kanwil Kemenag Provinsi Nusa Tenggara Timur"  # its first unit
    assert at.query_params["unit"] == "kanwil-ntt"
    assert "Kantor Kemenag Kota Surabaya" not in at.selectbox(key="unit").options
    at.selectbox(key="unit").set_value("kankemenag-kota-kupang").run()
    assert opened_unit(at) == "Kantor Kemenag Kota Kupang"
    assert at.query_params["unit"] == "kankemenag-kota-kupang"
    # A shared address (or a row tapped on Ringkasan) names a unit of another group.
    shared = app_as(db, "pusat", page="views/unit_dashboard.py")
    shared.query_params["unit"] = "kankemenag-kota-surabaya"
    shared.run()
    assert opened_unit(shared) == "Kantor Kemenag Kota Surabaya"
    assert shared.selectbox(key="unit_group").value == "kanwil-jatim"
    # A Kakanwil's ~25 units stay one list.
    kakanwil = app_as(db, "kanwil.ntt", page="views/unit_dashboard.py")
    assert not [s for s in kakanwil.selectbox if s.key == "unit_group"]


def opened_code(at) -> str:
    return at.selectbox(key="unit").value


def test_ringkasan_of_a_kanwil_never_shows_another_kanwils_units(db, accounts):
    add_items(db, "kankemenag-kota-surabaya", "2026-11-25", "berita_website")
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website")
    at = app_as(db, "kanwil.ntt", page="views/overview.py")
    assert not at.exception
    assert not at.selectbox  # no scope choice: its own Kanwil only
    units = all_cells(at, "Unit")
    assert "Kantor Kemenag Kota Kupang" in units
    assert not any("Surabaya" in u or "Jawa Timur" in u for u in units)
    tiles = metric_values(at)
    assert tiles["Unit ada berita hari ini"] == ("4%", "1 dari 23 unit")


@pytest.mark.backends("sqlite", "postgresql")  # the page on both backends
def test_national_ringkasan_and_drill_down_by_scope(db, accounts):
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website")
    at = app_as(db, "pusat", page="views/overview.py")
    assert not at.exception
    assert at.selectbox(key="cakupan").value == "nasional"
    assert "Kanwil Kemenag Provinsi Nusa Tenggara Timur" in all_cells(at, "Unit")
    at.selectbox(key="cakupan").set_value("kanwil-ntt").run()
    assert not at.exception
    units = all_cells(at, "Unit")
    assert "Kantor Kemenag Kota Kupang" in units and "Kantor Kemenag Kota Surabaya" not in units


def test_custom_period_the_wrong_way_round(db, accounts):
    at = app_as(db, "pusat", page="views/overview.py")
    at.segmented_control(key="periode").set_value("rentang").run()
    at.date_input(key="dari").set_value(date(2026, 11, 20))
    at.date_input(key="sampai").set_value(date(2026, 11, 1)).run()
    assert not at.exception
    assert any("setelah tanggal akhir" in e.value for e in at.error)


def test_peringkat_per_scope(db, accounts):
    add_items(db, "kankemenag-kab-alor", "2026-11-25", "berita_website", 2)
    at = app_as(db, "kanwil.ntt", page="views/rankings.py")
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Kankemenag dalam Kanwil"]
    board = at.dataframe[0].value
    assert (
        board["Unit"].iloc[0] == "Kantor Kemenag Kabupaten Alor" and board["Peringkat"].iloc[0] == 1
    )
    assert len(board) == 22
    national = app_as(db, "pusat", page="views/rankings.py")
    assert [t.label for t in national.tabs] == [
        "Kanwil (nasional)",
        "Kankemenag dalam Kanwil",
        "PTKN",
    ]
    lonely = app_as(db, "kepala.kupang", page="views/rankings.py")
    assert any("Unit Saya" in i.value for i in lonely.info)


def test_peringkat_and_ringkasan_judge_a_kanwil_the_same_way(db, accounts):
    """Issue 16, item 6: one Kanwil was last on one page and first on the other, by one name."""
    add_items(db, "kanwil-jatim", "2026-11-24", "berita_website", 5)  # a busy office alone
    add_items(db, "kankemenag-kota-kupang", "2026-11-24", "berita_website", 3)
    add_items(db, "kankemenag-kab-alor", "2026-11-24", "berita_website", 3)
    ntt, jatim = "Kanwil Kemenag Provinsi Nusa Tenggara Timur", "Kanwil Kemenag Provinsi Jawa Timur"
    ringkasan = app_as(db, "pusat")
    assert PROVINCE_RULE in [c.value for c in ringkasan.caption]
    table = table_of(ringkasan, "level_KANWIL").set_index("Unit")
    share = {name: float(table.loc[name, "Berita"]) / table.loc[name, "Target berita"]
             for name in (ntt, jatim)}  # fmt: skip
    assert share[ntt] > share[jatim]  # the province: 6 news of 23 units beat 5 of 39
    peringkat = app_as(db, "pusat", page="views/rankings.py")
    assert PROVINCE_RULE in [c.value for c in peringkat.caption]
    board = peringkat.tabs[0].dataframe[0].value.set_index("Unit")
    assert board.loc[ntt, "Peringkat"] < board.loc[jatim, "Peringkat"]  # the same order
    assert board.loc[ntt, "Berita"] == table.loc[ntt, "Berita"] == 6
    assert "Hari ada berita" not in board.columns  # unit-days are not "days with news"
    assert board.loc[ntt, "Hari-unit ada berita"] == 2
    # The office alone is still one switch away, and said so.
    peringkat.toggle(key="provinsi").set_value(False).run()
    assert OFFICE_RULE in [c.value for c in peringkat.caption]
    office = peringkat.tabs[0].dataframe[0].value.set_index("Unit")
    assert office.loc[jatim, "Peringkat"] < office.loc[ntt, "Peringkat"]
    assert office.loc[jatim, "Hari ada berita"] == 1


def test_admin_replaces_a_type_target_and_adds_a_unit_target(db, accounts):
    at = app_as(db, "admin", page="views/targets.py")
    at.radio(key="t_scope").set_value("unit_type").run()
    at.selectbox(key="t_unit_type").set_value("KANWIL").run()
    assert "Menggantikan target" in at.info[0].value
    at.number_input(key="t_value").set_value(2)
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Target disimpan; target #1 berakhir 24 November 2026."
    ]
    kanwil = [
        (t.value, t.valid_from, t.valid_to)
        for t in target_store.list_targets(db)
        if t.unit_type == "KANWIL" and t.metric == "berita"
    ]
    assert kanwil == [
        (1, date(2024, 1, 1), date(2026, 11, 24)),
        (2, date(2026, 11, 25), None),
    ]
    at.radio(key="t_scope").set_value("unit").run()
    at.selectbox(key="t_unit").set_value(unit_id(db, "kankemenag-kota-kupang")).run()
    assert not at.info  # nothing of its own to replace: a new unit target
    at.text_input(key="t_note").input("SE Kanwil 2026")
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Target disimpan."]
    assert "SE Kanwil 2026" in list(at.dataframe[0].value["Catatan"])


def test_a_replacement_starting_before_the_old_target_is_refused(db, accounts):
    at = app_as(db, "admin", page="views/targets.py")
    at.radio(key="t_scope").set_value("unit_type").run()
    at.selectbox(key="t_unit_type").set_value("KANWIL").run()
    at.date_input(key="t_from").set_value(date(2023, 12, 1))
    before = target_store.list_targets(db)
    at.button[0].click().run()
    assert any("tidak boleh sebelum tanggal mulai" in e.value for e in at.error)
    assert target_store.list_targets(db) == before


@pytest.mark.parametrize(
    ("scope", "who", "metric", "expected"),
    [
        # The seeded Kanwil medsos target counts every day: a replacement starts from that.
        ("unit_type", "KANWIL", "medsos", (3, "day", "all")),
        ("unit_type", "KANWIL", "berita", (1, "day", "working")),
        ("unit_type", "KANWIL", "medsos_instagram", (1, "day", "all")),  # nothing: every day
        ("unit_type", "PUSAT", "berita_website", (1, "day", "working")),  # nothing: news rule
        ("unit", "kankemenag-kota-kupang", "medsos", (1, "day", "all")),  # its type's rule
        ("national", None, "medsos", (1, "day", "all")),
    ],
)
def test_the_form_starts_from_the_rule_of_the_target_it_replaces(
    db, accounts, scope, who, metric, expected
):
    at = app_as(db, "admin", page="views/targets.py")
    at.radio(key="t_scope").set_value(scope).run()
    if scope == "unit_type":
        at.selectbox(key="t_unit_type").set_value(who).run()
    elif scope == "unit":
        at.selectbox(key="t_unit").set_value(unit_id(db, who)).run()
    at.selectbox(key="t_metric").set_value(metric).run()
    assert not at.exception
    shown = (
        at.number_input(key="t_value").value,
        at.selectbox(key="t_period").value,
        at.selectbox(key="t_counts").value,
    )
    assert shown == expected
    # Accepting the defaults keeps the rule: no target silently changes which days count.
    at.button[0].click().run()
    saved = [
        t
        for t in target_store.list_targets(db)
        if t.metric == metric and t.valid_from == date(2026, 11, 25)
    ]
    assert [(t.value, t.period, t.counts_on) for t in saved] == [expected]


def test_calendar_lists_holidays_and_admin_adds_a_day_off(db, accounts):
    at = app_as(db, "op.kupang", page="views/calendar.py")
    assert not at.exception and not at.get("form")
    assert not [b for b in at.button if b.key and b.key.startswith("o_")]
    holidays = list(at.dataframe[0].value["Keterangan"])
    assert "Hari Raya Natal" in holidays
    admin = app_as(db, "admin", page="views/calendar.py")
    admin.date_input(key="o_day").set_value(date(2026, 12, 31))
    admin.text_input(key="o_note").input("SKB cuti bersama tambahan")
    admin.button(key="o_ask").click().run()
    admin.button(key="o_yes").click().run()
    assert not admin.exception
    assert "SKB cuti bersama tambahan" in list(admin.dataframe[0].value["Keterangan"])
    assert calendar_store.overrides(db) == {date(2026, 12, 31): False}


# ---- Kalender Kerja: no default date, a confirmation, regional days -----------------------


def test_a_day_becomes_a_holiday_only_after_a_date_is_picked_and_confirmed(db, accounts):
    at = app_as(db, "admin", page="views/calendar.py")
    assert at.date_input(key="o_day").value is None  # no default: nothing picked by accident
    at.text_input(key="o_note").input("Cuti bersama tambahan")
    at.button(key="o_ask").click().run()
    assert [e.value for e in at.error] == [md_escape("Pilih tanggal.")]
    assert not at.button(key="o_ask").disabled and not [b for b in at.button if b.key == "o_yes"]
    at.date_input(key="o_day").set_value(date(2026, 11, 27))
    at.button(key="o_ask").click().run()
    # Asked, not saved: what the day is now and what it becomes, for whom.
    question = at.warning[0].value
    assert "Jumat, 27 November 2026" in question and "saat ini hari kerja" in question
    assert "seluruh Indonesia" in question and "Hari libur".lower() in question
    assert calendar_store.overrides(db) == {}
    at.button(key="o_no").click().run()
    assert calendar_store.overrides(db) == {} and not at.warning
    assert at.date_input(key="o_day").value == date(2026, 11, 27)  # still there to fix
    # A field changed after the question withdraws it.
    at.button(key="o_ask").click().run()
    at.text_input(key="o_note").input("Cuti bersama tambahan (SKB)").run()
    assert not at.warning and not [b for b in at.button if b.key == "o_yes"]
    at.button(key="o_ask").click().run()
    at.button(key="o_yes").click().run()
    assert not at.exception
    assert calendar_store.overrides(db) == {date(2026, 11, 27): False}
    assert [s.value for s in at.success] == [
        md_escape("Jumat, 27 November 2026 menjadi hari libur untuk seluruh Indonesia.")
    ]
    # The form is empty again for the next change.
    assert at.date_input(key="o_day").value is None and at.text_input(key="o_note").value == ""


def test_an_admin_gives_bali_a_regional_day_off(db, accounts):
    bali = unit_id(db, "kanwil-bali")
    at = app_as(db, "admin", page="views/calendar.py")
    at.date_input(key="o_day").set_value(date(2026, 11, 24))
    at.radio(key="o_scope").set_value("wilayah").run()
    at.text_input(key="o_note").input("Libur daerah Bali")
    at.button(key="o_ask").click().run()
    assert [e.value for e in at.error] == [md_escape("Pilih Kanwil atau unit kerja wilayahnya.")]
    at.selectbox(key="o_unit").set_value(bali)
    at.button(key="o_ask").click().run()
    assert "Kanwil Kemenag Provinsi Bali dan 9 unit di bawahnya" in at.warning[0].value
    at.button(key="o_yes").click().run()
    assert not at.exception
    assert calendar_store.unit_overrides(db) == {bali: {date(2026, 11, 24): False}}
    assert calendar_store.overrides(db) == {}
    table = at.dataframe[0].value
    row = table[table["Jenis"] == "Libur wilayah"].iloc[0]
    assert (row["Keterangan"], row["Berlaku untuk"]) == (
        "Libur daerah Bali",
        "Kanwil Kemenag Provinsi Bali dan 9 unit di bawahnya",
    )
    # An operator in Bali counts one working day fewer in November; Kupang does not.
    auth.create_user(
        db,
        SYSTEM,
        username="op.denpasar",
        password=PASSWORD,
        role="operator",
        unit_code="kankemenag-kota-denpasar",
    )

    def november(username):
        page = app_as(db, username, page="views/calendar.py")
        months = page.dataframe[1].value
        return int(months[months["Bulan"] == "November 2026"]["Hari kerja"].iloc[0])

    assert november("op.denpasar") == november("op.kupang") - 1
    # And the admin can take it back.
    at.selectbox(key="r_day").set_value(f"2026-11-24|{bali}").run()
    at.button(key="r_remove").click().run()
    assert calendar_store.unit_overrides(db) == {}


# --- Out-takes (issue 16, item 16) ------------------------------------------------------------


def best_posts(at):
    return next(f.value for f in at.dataframe if "Interaksi" in f.value.columns)


@pytest.mark.backends("sqlite", "postgresql")  # the out-take reads on both backends
def test_unit_saya_and_ringkasan_show_out_takes_labelled_as_such(db, accounts):
    _, ig = post(db, "kankemenag-kota-kupang", "2026-11-24")
    _, other = post(db, "kankemenag-kota-surabaya", "2026-11-24")
    measure(db, "kankemenag-kota-kupang", ig, reach=1980, likes=240, comments=8)
    measure(db, "kankemenag-kota-surabaya", other, reach=99_999, likes=9_999)
    unit = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    assert "Jangkauan unggahan (out-take)" in [h.value for h in unit.subheader]
    assert OUTTAKE_NOTE in [c.value for c in unit.caption]
    tiles = metric_values(unit)
    assert tiles["Unggahan terukur"][0] == "1"
    assert tiles["Jangkauan"] == ("1.980", "per unggahan, dijumlah")
    assert tiles["Interaksi"][0] == "248"
    best = best_posts(unit)
    assert "Unit" not in best.columns and list(best["Interaksi"]) == [248]
    ringkasan = app_as(db, "kanwil.ntt")
    best = best_posts(ringkasan)
    assert list(best["Unit"]) == ["Kantor Kemenag Kota Kupang"]  # never Surabaya's
    assert metric_values(ringkasan)["Jangkauan"][0] == "1.980"


def test_without_out_takes_the_panel_says_where_they_come_from(db, accounts):
    at = app_as(db, "op.kupang", page="views/unit_dashboard.py")
    (said,) = [c.value for c in at.caption if OUTTAKE_NOTE in c.value]  # one caption says both
    assert said.startswith("Belum ada data jangkauan")
    assert "Jangkauan" not in metric_values(at)
