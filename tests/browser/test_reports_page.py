"""Laporan in a real browser: a Kakanwil downloads this month's files and copies tonight's recap."""

import csv
import io

import openpyxl
import pytest

from tests.browser.conftest import login, open_sidebar_link, screenshot, wait_signed_in

pytestmark = pytest.mark.browser


def open_laporan(page, server, username):
    login(page, server, username)
    wait_signed_in(page)
    page.get_by_role("link", name="Laporan").click()
    page.get_by_role("heading", name="Rekap Harian Humas").wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)


def download(page, name: str, tmp_path):
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=name).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_kakanwil_downloads_the_month_and_copies_the_recap(server, page_factory, tmp_path):
    page = page_factory(1366, 900)
    open_laporan(page, server, "kanwil.ntt")
    recap = page.locator("[data-testid=stCode]").inner_text()
    assert recap.startswith("*REKAP HARIAN HUMAS*")
    assert "Kanwil Kemenag Provinsi Nusa Tenggara Timur" in recap
    assert "Rabu, 25 November 2026" in recap
    screenshot(page, "laporan-kanwil-desktop")

    sheet = download(page, "CSV", tmp_path)
    assert sheet.name == "laporan-humas_kanwil-ntt_2026-11-01_2026-11-25.csv"
    rows = list(csv.DictReader(io.StringIO(sheet.read_text("utf-8-sig"))))
    assert rows and {r["kode_unit"] for r in rows} <= {
        "kanwil-ntt",
        *{r["kode_unit"] for r in rows if r["kode_unit"].startswith("kankemenag-")},
    }
    assert not any("jatim" in r["kode_unit"] for r in rows)

    book = openpyxl.load_workbook(download(page, "Excel (XLSX)", tmp_path))
    assert book.sheetnames[:2] == ["Ringkasan", "Matriks harian"]
    assert download(page, "PDF", tmp_path).read_bytes().startswith(b"%PDF")


def test_an_operator_on_a_phone(server, page_factory):
    page = page_factory(390, 844, mobile=True)
    login(page, server, "operator.kupang")
    wait_signed_in(page)
    open_sidebar_link(page, "Laporan")
    page.get_by_role("heading", name="Rekap Harian Humas").wait_for(timeout=30_000)
    page.wait_for_timeout(1200)
    recap = page.locator("[data-testid=stCode]").inner_text()
    assert "Kantor Kemenag Kota Kupang" in recap and "Kanwil" not in recap
    screenshot(page, "laporan-operator-phone")
