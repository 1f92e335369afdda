"""XLSX reading is bounded: zip bombs, XML bombs and damaged archives are refused whole."""

import io
import zipfile

import openpyxl
import pytest

from dashboard import ingest
from dashboard.ingest import xlsx


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
    monkeypatch.setattr(xlsx, "MAX_PARTS", 5)
    with pytest.raises(ingest.Unreadable, match="bagian"):
        ingest.parse(_workbook(), unit_tz="Asia/Jakarta")


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
    with pytest.raises(ingest.Unreadable, match="XLSX tidak dapat dibaca: EntitiesForbidden"):
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
