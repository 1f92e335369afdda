"""XLSX reading is bounded: zip bombs, XML bombs and damaged archives are refused whole."""

import io
import zipfile

import openpyxl
import pytest

from dashboard import ingest
from dashboard.ingest import common, template, xlsx
from tests.hostile import workbooks


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["tanggal", "jenis", "judul", "tautan"])
    book.active.append(["24/11/2026", "berita_website", "x", "https://a.id/x"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_extra_part(name: str, payload: bytes, *, replace: bool = False) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if replace and info.filename == name:
                continue
            target.writestr(info, source.read(info.filename))
        target.writestr(name, payload)
    return out.getvalue()


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_anything_is_inflated(monkeypatch):
    # A sheet that inflates to 120 MB from about 120 KB on disk.
    bomb = _with_extra_part("xl/worksheets/sheet2.xml", b"\0" * (120 * 1024 * 1024))
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ingest.Unreadable, match="mengembang menjadi 120 MB"):
        ingest.parse(bomb, unit_tz="Asia/Jakarta", name="bom.xlsx")


def test_an_archive_of_too_many_parts(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_PARTS", 5)  # in this process: parse_here, not the child
    with pytest.raises(ingest.Unreadable, match="bagian"):
        ingest.parse_here(_workbook(), unit_tz="Asia/Jakarta")


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fail the test if openpyxl is asked to open the workbook: the refusal must come first."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("openpyxl opened a workbook that should have been refused")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# The two workbooks of issue 18: before, the first took 55 s and about 550 MB of memory to
# read, the second 35 s (scripts/bench_xlsx.py measures them; docs/PERFORMANCE.md).
@pytest.mark.parametrize(
    "build, message",
    [
        (workbooks.strings_bomb, "mengembang menjadi 90 MB"),
        (workbooks.blank_rows, "mengembang menjadi 52 MB"),
    ],
)
def test_the_issues_workbooks_are_refused_by_their_unpacked_size(build, message, no_openpyxl):
    data = build()
    assert len(data) < 6 * 1024 * 1024
    with pytest.raises(ingest.Unreadable, match=message):
        ingest.parse_here(data, unit_tz="Asia/Jakarta", name="bom.xlsx")


@pytest.mark.parametrize(
    "build, message",
    [
        (workbooks.strings_under_cap, "lebih dari 300.000 teks bersama"),
        (
            workbooks.blank_rows_under_cap,
            "lebih dari 51.000 baris \\(baris kosong ikut dihitung\\)",
        ),
        (workbooks.wide_row, "lebih dari 1.000.000 sel"),
    ],
)
def test_workbooks_under_the_size_cap_are_counted_before_openpyxl_reads_them(
    build, message, no_openpyxl
):
    data = build()
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) < (
        xlsx.MAX_UNPACKED_BYTES
    )
    with pytest.raises(ingest.Unreadable, match=message):
        ingest.parse_here(data, unit_tz="Asia/Jakarta", name="bom.xlsx")


def test_blank_rows_count_toward_the_row_limit(monkeypatch):
    # A header and a cell in row 1,000,000: openpyxl yields the gap as blank rows.
    with pytest.raises(ingest.Unreadable, match="Lebih dari 50.000 baris \\(baris kosong ikut"):
        ingest.parse_here(workbooks.far_row(), unit_tz="Asia/Jakarta")
    # ... and in a CSV: 60,000 empty lines before one data row.
    csv_text = "tanggal;jenis;judul;tautan\n" + "\n" * 60_000 + "24/11/2026;x;y;z\n"
    with pytest.raises(ingest.Unreadable, match="Lebih dari 50.000 baris"):
        ingest.parse_here(csv_text.encode(), unit_tz="Asia/Jakarta")


def test_the_limits_leave_room_for_a_full_template():
    columns = len(template.COLUMNS)
    assert common.MAX_ROWS * columns <= xlsx.MAX_SHARED_STRINGS
    assert (common.MAX_ROWS + 1) * columns <= xlsx.MAX_CELLS
    assert xlsx.MAX_SHEET_ROWS > common.MAX_ROWS + 1  # the guide sheet of the template too


def test_a_real_template_is_read_whole():
    """A workbook of template rows as openpyxl writes them, through the child process."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(["tanggal", "jenis", "judul", "tautan", "catatan", "tag"])
    for i in range(3000):
        sheet.append(
            [
                "24/11/2026",
                "berita_website",
                f"Kegiatan moderasi beragama nomor {i}",
                f"https://kemenag.go.id/berita/{i}",
                "",
                "capaian",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    parsed = ingest.parse(out.getvalue(), unit_tz="Asia/Jakarta", name="templat.xlsx")
    assert len(parsed.entries) == 3000 and parsed.entries[-1].title.endswith("2999")


def test_an_xml_entity_bomb_inside_the_workbook_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    data = _with_extra_part("xl/worksheets/sheet1.xml", laughs, replace=True)
    with pytest.raises(ingest.Unreadable, match="XLSX memuat deklarasi DTD"):
        ingest.parse(data, unit_tz="Asia/Jakarta")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"PK\x03\x04 this is not really a zip", "bukan arsip zip yang utuh"),
        (b"", "Berkas kosong"),
    ],
)
def test_damaged_archives(data, message):
    with pytest.raises(ingest.Unreadable, match=message):
        ingest.parse(data, unit_tz="Asia/Jakarta")


def test_a_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("foto.jpg", b"not really")
    with pytest.raises(ingest.Unreadable, match="bukan buku kerja Excel"):
        ingest.parse(out.getvalue(), unit_tz="Asia/Jakarta")


def test_an_xlsx_is_not_a_feed():
    with pytest.raises(ingest.Unreadable, match="bukan umpan RSS"):
        ingest.parse(_workbook(), unit_tz="Asia/Jakarta", fmt="rss")
