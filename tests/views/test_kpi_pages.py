"""Unit Saya, Ringkasan, Peringkat, Target and Kalender through AppTest."""

from datetime import date

import pytest

from dashboard import auth
from dashboard.store import calendar as calendar_store
from dashboard.store import targets as target_store
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.ui.text import md_escape
from tests.conftest import PASSWORD, app_as, unit_id
from tests.service.helpers import add_items

NOW = "2026-11-25T08:00:00Z"  # Wed 25 Nov, 16:00 WITA


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


def metric_values(at):
    return {m.label: (m.value, m.delta) for m in at.metric}


def all_cells(at, column):
    return [v for frame in at.dataframe for v in frame.value.get(column, [])]


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
    assert tiles["Hari beruntun"][0] == "3 hari"
    assert tiles["Berita terakhir"][0] == "hari ini"
    assert [s.value for s in at.success] == ["Sudah ada berita hari ini"]
    assert any("Peringkat" in i.value for i in at.info)


def test_the_rank_names_the_kanwil_as_text(db, accounts):
    name = "Kanwil ![NTT](https://evil.example/ntt.png) www.evil.example"
    unit_store.update(db, SYSTEM, "kanwil-ntt", name=name)
    at = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    ranks = [i.value for i in at.info if i.value.startswith("Peringkat")]
    assert len(ranks) == 1 and md_escape(name) in ranks[0] and name not in ranks[0]


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
        (t["value"], t["valid_from"], t["valid_to"])
        for t in target_store.list_targets(db)
        if t["unit_type"] == "KANWIL" and t["metric"] == "berita"
    ]
    assert kanwil == [(1, "2024-01-01", "2026-11-24"), (2, "2026-11-25", None)]
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
        if t["metric"] == metric and t["valid_from"] == "2026-11-25"
    ]
    assert [(t["value"], t["period"], t["counts_on"]) for t in saved] == [expected]


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
