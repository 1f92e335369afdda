"""The template: CSV in the usual encodings and delimiters, XLSX, and hostile rows."""

import io
from datetime import date

import openpyxl
import pytest

from dashboard import ingest
from dashboard.domain import Group, Kind
from dashboard.ingest import template
from dashboard.words import say
from tests.ingest.conftest import fixture_bytes

WITA = "Asia/Makassar"


def parse(data: bytes, **kw):
    return ingest.parse(data, unit_tz=WITA, **kw)


def test_the_shared_sample():
    parsed = parse(fixture_bytes("template-items.csv"))
    assert parsed.format == "template" and parsed.source == "template"
    rows = [(e.line, e.day, e.kind, e.title, e.link, e.note, e.tag) for e in parsed.entries]
    assert rows == [
        (
            2,
            date(2026, 11, 24),
            "berita_website",
            "Kemenag Kota Kupang Gelar Pelatihan Moderasi Beragama",
            "https://ntt.kemenag.go.id/kota-kupang/berita/pelatihan-moderasi-beragama-2026",
            "",
            "capaian",
        ),  # a catatan that is only a tag word is the tag
        (
            3,
            date(2026, 11, 24),
            "medsos_instagram",
            "Sosialisasi layanan KUA",
            "https://www.instagram.com/p/DAAAAAAAAA1/",
            "",
            None,
        ),
        (
            4,
            date(2026, 11, 25),
            "kegiatan_diliput",
            "Apel Hari Amal Bakti",
            "",
            "diliput tim humas",
            None,
        ),
        (
            5,
            date(2026, 11, 25),
            "medsos_facebook",
            "Video Apel Hari Amal Bakti",
            "https://www.facebook.com/reel/812345600000003",
            "",
            None,
        ),
    ]


def test_windows_1252_with_commas_and_quotes():
    (entry,) = parse(fixture_bytes("template-cp1252.csv")).entries
    assert entry.title == "Peringatan Hari Guru – café literasi, Kupang"
    assert entry.note == "catatan, dengan koma"


def test_bom_odd_headers_iso_dates_labels_and_a_tag_column():
    entries = parse(fixture_bytes("template-bom-comma.csv")).entries
    assert [(e.day, e.kind, e.tag) for e in entries] == [
        (date(2026, 11, 24), "Instagram", "capaian/dampak"),
        (date(2026, 11, 25), "Media eksternal", "Kegiatan/seremonial"),
    ]


def test_utf16_as_excel_saves_unicode_text():
    text = "tanggal\tjenis\tjudul\ttautan\tcatatan\r\n24/11/2026\tberita_website\tMadrasah Hebat\thttps://a.kemenag.go.id/b\t\r\n"
    (entry,) = parse(text.encode("utf-16")).entries
    assert entry.title == "Madrasah Hebat"


def test_hostile_rows_keep_their_line_numbers_and_problems():
    parsed = parse(fixture_bytes("hostile-template.csv"))
    assert parsed.skipped_empty == 2  # a blank line and a row of empty cells
    by_line = {e.line: e for e in parsed.entries}
    assert [(f, say(p)) for f, p in by_line[4].problems] == [
        ("day", "Tanggal tidak ada di kalender (mis. 31/02).")
    ]
    assert by_line[2].note == "-"  # read as typed; the entry check treats it as empty
    assert by_line[9].title == "**Tebal** <b>HTML</b> [tautan](javascript:alert(1))"
    assert len(by_line[8].title) > 5000


@pytest.mark.parametrize(
    "cell, problem",
    [
        ("31/02/2026", "Tanggal tidak ada di kalender (mis. 31/02)."),
        ("2026-02-30", "Tanggal tidak ada di kalender (mis. 31/02)."),
        ("11/24/2026", "Tanggal tidak ada di kalender (mis. 31/02)."),
        ("24-11-2026", "Tanggal tidak dikenali; tulis DD/MM/YYYY atau YYYY-MM-DD."),
        ("kemarin", "Tanggal tidak dikenali; tulis DD/MM/YYYY atau YYYY-MM-DD."),
        ("24/11/26", "Tanggal tidak dikenali; tulis DD/MM/YYYY atau YYYY-MM-DD."),
        ("", "Tanggal wajib diisi."),
    ],
)
def test_dates_that_are_not_dates(cell, problem):
    data = f"tanggal;jenis;judul;tautan\n{cell};berita_website;x;https://a.id/x\n".encode()
    (entry,) = parse(data).entries
    assert entry.day is None and [(f, say(p)) for f, p in entry.problems] == [("day", problem)]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Berkas kosong."),
        (b"  \n\n ", "Berkas kosong."),
        (b"tanggal;jenis;judul;tautan;catatan\n\n", "tidak ada baris data"),
        (b"tanggal;judul\n24/11/2026;x\n", "Kolom templat tidak lengkap: jenis, tautan"),
        (b"nama,alamat\nBudi,Kupang\n", "Bentuk berkas tidak dikenali"),
        (b"\x00\x01\x02binary", "biner"),
    ],
)
def test_unreadable_files_say_why(data, message):
    with pytest.raises(ingest.Unreadable) as caught:
        parse(data)
    assert message in str(caught.value)


def test_a_picture_renamed_csv():
    with pytest.raises(ingest.Unreadable, match="gambar PNG"):
        parse(fixture_bytes("picture-renamed.csv"))


def test_header_only_fixture():
    with pytest.raises(ingest.Unreadable, match="hanya memuat judul kolom"):
        parse(fixture_bytes("header-only.csv"))


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_date_cells_numbers_and_blank_rows():
    data = _xlsx(
        [
            ["Tanggal", "Jenis", "Judul", "Tautan", "Catatan"],
            [date(2026, 11, 24), "berita_website", "Dari Excel", "https://a.kemenag.go.id/x", None],
            [None, None, None, None, None],
            ["25/11/2026", "Instagram", 2026, "https://instagram.com/p/X", "capaian"],
        ]
    )
    parsed = parse(data, name="data.xlsx")
    assert parsed.format == "template" and parsed.skipped_empty == 1
    assert [(e.line, e.day, e.title, e.tag) for e in parsed.entries] == [
        (2, date(2026, 11, 24), "Dari Excel", None),
        (4, date(2026, 11, 25), "2026", "capaian"),
    ]


def test_xlsx_formulas_arrive_as_their_text_so_the_check_can_refuse_them():
    data = _xlsx(
        [
            ["tanggal", "jenis", "judul", "tautan"],
            ["24/11/2026", "berita_website", '=HYPERLINK("http://evil","klik")', "https://a.id/x"],
        ]
    )
    (entry,) = parse(data).entries
    assert entry.title.startswith("=HYPERLINK")


def test_the_empty_templates_read_back_as_templates_with_no_rows():
    with pytest.raises(ingest.Unreadable, match="hanya memuat judul kolom"):
        parse(template.empty_csv())
    kinds = [
        Kind(
            code="berita_website",
            grp=Group.BERITA,
            label="Berita di website satker",
            short_label="Web",
            needs_link=True,
            sort_order=1,
        )
    ]
    with pytest.raises(ingest.Unreadable, match="hanya memuat judul kolom"):
        parse(template.empty_xlsx(kinds))
    assert template.empty_csv().startswith("\ufefftanggal;jenis;judul;tautan;catatan".encode())
