"""Laporan through AppTest: what each role may report on, the period, and tonight's recap."""

from datetime import date

import pytest

from tests.conftest import app_as
from tests.reports.helpers import item, load

NOW = "2026-11-25T12:30:00Z"  # Wed 25 Nov, 20.30 WITA
PAGE = "views/reports.py"


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


@pytest.fixture
def with_items(db):
    load(
        db,
        [
            item(db, "kankemenag-kota-kupang", "2026-11-25", title="Apel *pagi* di Kupang"),
            item(db, "kankemenag-kota-kupang", "2026-10-15"),
            item(db, "kanwil-ntt", "2026-11-25", "medsos_instagram"),
            item(db, "kankemenag-kota-surabaya", "2026-11-25"),
        ],
    )


def downloads(at):
    return [b.label for b in at.get("download_button")]


def test_an_operator_reports_on_its_unit_alone(db, accounts, with_items):
    at = app_as(db, "op.kupang", page=PAGE)
    assert not at.exception
    assert not at.selectbox  # nothing to choose: its own unit
    assert "Kantor Kemenag Kota Kupang" in at.markdown[0].value
    assert at.caption[0].value == "1 November 2026 – 25 November 2026 · 1 unit · 1 item"
    assert downloads(at) == ["Excel (XLSX)", "PDF", "CSV"]
    text = at.code[0].value
    assert text.startswith("*REKAP HARIAN HUMAS*\n*Kantor Kemenag Kota Kupang*\nRabu, 25 November")
    assert "Sudah ada berita: 1 dari 1 unit (100%)" in text
    assert "Semua unit sudah ada berita." in text
    assert "Kanwil" not in text and "Surabaya" not in text


def test_a_kakanwil_chooses_within_its_kanwil(db, accounts, with_items):
    at = app_as(db, "kanwil.ntt", page=PAGE)
    assert not at.exception
    scope = at.selectbox(key="unit")
    assert scope.value == "kanwil-ntt" and len(scope.options) == 23
    assert not any("Jawa Timur" in o or "Surabaya" in o for o in scope.options)
    assert at.caption[0].value.endswith("· 23 unit · 2 item")
    assert "Sudah ada berita: 1 dari 23 unit (4%)" in at.code[0].value
    scope.set_value("kankemenag-kota-kupang").run()
    assert not at.exception
    assert at.caption[0].value.endswith("· 1 unit · 1 item")


def test_an_admin_starts_from_the_whole_ministry(db, accounts, with_items):
    at = app_as(db, "admin", page=PAGE)
    assert not at.exception
    scope = at.selectbox(key="unit")
    assert scope.value == "kemenag-ri" and len(scope.options) == 627
    text = at.code[0].value
    assert "❌ Nusa Tenggara Timur (WITA): 22 dari 23 unit" in text  # counted per province
    assert len(text) < 4096


def test_last_month_and_the_recap_of_another_day(db, accounts, with_items):
    at = app_as(db, "kepala.kupang", page=PAGE)
    at.button(key="bulan_lalu").click().run()
    assert not at.exception
    assert at.segmented_control(key="periode").value == "rentang"
    assert at.caption[0].value == "1 Oktober 2026 – 31 Oktober 2026 · 1 unit · 1 item"
    at.date_input(key="tanggal").set_value(date(2026, 11, 24)).run()
    assert not at.exception
    assert "Selasa, 24 November 2026" in at.code[0].value
    assert "*Belum ada berita (1 unit)*\n1. Kantor Kemenag Kota Kupang" in at.code[0].value


def test_a_range_the_wrong_way_round_is_refused_beside_the_dates(db, accounts):
    at = app_as(db, "kanwil.ntt", page=PAGE)
    at.segmented_control(key="periode").set_value("rentang").run()
    at.date_input(key="dari").set_value(date(2026, 11, 20))
    at.date_input(key="sampai").set_value(date(2026, 11, 1)).run()
    assert not at.exception
    assert any("setelah tanggal akhir" in e.value for e in at.error)
    assert not downloads(at)


def test_a_recap_date_after_the_scopes_today_falls_back_to_today(db, accounts):
    at = app_as(db, "kanwil.ntt", page=PAGE)
    at.session_state["tanggal"] = date(2026, 12, 1)
    at.run()
    assert not at.exception
    assert at.date_input(key="tanggal").value == date(2026, 11, 25)
    assert "Rabu, 25 November 2026" in at.code[0].value


def test_a_shared_link_to_a_recap_date(db, accounts):
    at = app_as(db, "kanwil.ntt", page=PAGE)
    at.query_params["tanggal"] = "2026-11-20"
    at.run()
    assert not at.exception


def test_the_recap_ends_with_the_apps_address(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_APP_URL", "https://humas.kemenag.go.id")
    at = app_as(db, "kanwil.ntt", page=PAGE)
    assert at.code[0].value.endswith("\n\nRincian: https://humas.kemenag.go.id")
    # The copy button is made visible above the block by the page's own style (no user text).
    assert any("Salin rekap" in h.proto.body for h in at.get("html"))
