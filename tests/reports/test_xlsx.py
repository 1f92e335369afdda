import io

import openpyxl
import pytest

from dashboard.domain import Group
from dashboard.reports import export, xlsx
from dashboard.store.access import SYSTEM, AccessDenied, subtree_ids
from tests.conftest import principal, unit_id
from tests.reports.conftest import NOVEMBER, db_totals
from tests.reports.helpers import RISKY_NOTE, RISKY_TITLE, item, load, ntt_month


def workbook(db, ctx, who=SYSTEM, code="kanwil-ntt"):
    raw = export.to_bytes(db, who, ctx, unit_id(db, code), NOVEMBER, "xlsx")
    return openpyxl.load_workbook(io.BytesIO(raw))


def header_row(ws, first: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header {first!r}")


def summary(ws) -> tuple[dict, list[dict]]:
    """(the total row, the unit rows) of the Ringkasan sheet, by column name."""
    top = header_row(ws, "Kode unit")
    names = [c.value for c in ws[top]]
    rows = [
        dict(zip(names, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=top + 1)
    ]
    return rows[0], rows[1:]


def test_summary_totals_equal_the_database(db, ctx):
    ntt_month(db)
    book = workbook(db, ctx)
    assert book.sheetnames == ["Ringkasan", "Matriks harian", "Item"]
    total, units = summary(book["Ringkasan"])
    ids = subtree_ids(db, unit_id(db, "kanwil-ntt"))
    expected = db_totals(db, ids)
    labels = {
        "berita": "Berita",
        "medsos": "Media sosial",
        "media": "Media",
        "kegiatan": "Kegiatan",
    }
    for group in Group:
        assert total[labels[group]] == expected.get(group, 0), group
        assert sum(u[labels[group]] for u in units) == expected.get(group, 0), group
    assert total["Total output"] == sum(expected.values()) == 7
    assert total["Unit"] == "Jumlah (23 unit)" and len(units) == 23
    # Targets: 1 berita per working day for each of the 23 units, 18 working days to the 25th.
    assert total["Target berita"] == 23 * 18
    kupang = next(u for u in units if u["Kode unit"] == "kankemenag-kota-kupang")
    assert kupang["Berita"] == 1 and kupang["Hari ada berita"] == 1
    assert kupang["Capaian berita"] == pytest.approx(1 / 18)
    assert kupang["Status berita"] == "Di bawah target"
    assert kupang["Capaian media"] is None  # no target for media: left empty, never 0 %


def test_the_matrix_and_the_item_list(db, ctx):
    ntt_month(db)
    book = workbook(db, ctx)
    matrix = book["Matriks harian"]
    top = header_row(matrix, "Kode unit")
    days = [c.value for c in matrix[top]][2:-1]
    assert len(days) == 25 and days[0].day == 1 and days[-1].day == 25
    rows = {r[0].value: r for r in matrix.iter_rows(min_row=top + 1)}
    kupang = rows["kankemenag-kota-kupang"]
    assert kupang[2 + 1].value == 1  # 2 November: one news item
    assert kupang[-1].value == 1
    # A working day without news is marked; 2 November is not.
    assert kupang[2 + 2].fill.fgColor.rgb.endswith("F8D7D7")
    assert not kupang[2 + 1].fill.fgColor.rgb.endswith("F8D7D7")

    items = book["Item"]
    assert items.freeze_panes == "A2"
    assert items.max_row == 1 + 7
    header = [c.value for c in items[1]]
    assert header[:7] == ["Tanggal", "Kode unit", "Unit", "Kelompok", "Jenis", "Judul", "Tautan"]
    second = items[2]
    assert second[0].value.date().isoformat() == "2026-11-02"
    assert second[0].number_format == xlsx.DAY
    links = [r[6] for r in items.iter_rows(min_row=2) if r[6].value]
    assert len(links) == 6  # the covered event has no link
    assert all(c.hyperlink is not None and c.hyperlink.target == c.value for c in links)


def test_text_that_looks_like_a_formula_stays_text(db, ctx):
    ntt_month(db)
    book = workbook(db, ctx)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"], "no formula anywhere in the workbook"
    title = next(c for c in cells if c.value == RISKY_TITLE)
    note = next(c for c in cells if c.value == RISKY_NOTE)
    plus = next(c for c in cells if c.value == "+62 812 siaran")
    for cell in (title, note, plus):
        assert cell.data_type == "s" and cell.quotePrefix


def test_long_lists_go_on_several_sheets_each_with_its_links(db, ctx, monkeypatch):
    monkeypatch.setattr(xlsx, "ITEMS_PER_SHEET", 3)
    load(db, [item(db, "kankemenag-kota-kupang", f"2026-11-0{d}") for d in range(2, 9)])
    book = workbook(db, ctx, code="kankemenag-kota-kupang")
    assert book.sheetnames[2:] == ["Item", "Item (2)", "Item (3)"]
    counts = [book[name].max_row - 1 for name in book.sheetnames[2:]]
    assert counts == [3, 3, 1]
    for name in book.sheetnames[2:]:
        assert all(r[6].hyperlink for r in book[name].iter_rows(min_row=2))


def test_scoped_to_what_the_caller_may_read(db, ctx, accounts):
    ntt_month(db)
    book = workbook(db, ctx, principal(db, "op.kupang"), "kankemenag-kota-kupang")
    total, units = summary(book["Ringkasan"])
    assert [u["Kode unit"] for u in units] == ["kankemenag-kota-kupang"]
    assert total["Total output"] == 3
    with pytest.raises(AccessDenied):
        workbook(db, ctx, principal(db, "op.kupang"), "kanwil-ntt")


def test_an_empty_period_still_makes_a_workbook(db, ctx):
    book = workbook(db, ctx, code="kankemenag-kab-alor")
    total, units = summary(book["Ringkasan"])
    assert total["Total output"] == 0 and len(units) == 1
    assert book["Item"].max_row == 1


def test_every_part_is_well_formed_xml_whatever_the_titles_hold(db, ctx):
    import zipfile
    from xml.etree import ElementTree

    odd = 'Tag <b> & "kutip" \x0b\x1b akhir  '
    load(db, [item(db, "kanwil-ntt", "2026-11-02", title=odd, note="baris\nkedua")])
    raw = export.to_bytes(db, SYSTEM, ctx, unit_id(db, "kanwil-ntt"), NOVEMBER, "xlsx")
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(package.read(name))  # raises on malformed XML
    book = openpyxl.load_workbook(io.BytesIO(raw))
    row = next(r for r in book["Item"].iter_rows(min_row=2) if r[5].value.startswith("Tag"))
    assert row[5].value == 'Tag <b> & "kutip"  akhir  '  # only XML-illegal characters dropped
    assert row[7].value == "baris\nkedua"
