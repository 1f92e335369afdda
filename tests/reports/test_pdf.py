import io

import pypdf
import pytest

from dashboard import fmt
from dashboard.reports import export, pdf
from dashboard.store.access import SYSTEM, subtree_ids
from tests.conftest import unit_id
from tests.reports.conftest import NOVEMBER, db_totals
from tests.reports.helpers import RISKY_TITLE, item, load, ntt_month


def text_of(raw: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(raw))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_kanwil_report_names_the_unit_and_its_totals(db, ctx):
    ntt_month(db)
    raw = export.to_bytes(db, SYSTEM, ctx, unit_id(db, "kanwil-ntt"), NOVEMBER, "pdf")
    assert raw.startswith(b"%PDF")
    text = text_of(raw)
    totals = db_totals(db, subtree_ids(db, unit_id(db, "kanwil-ntt")))
    assert "LAPORAN BULANAN HUMAS" in text  # this month so far is still the monthly report
    assert "Kanwil Kemenag Provinsi Nusa Tenggara Timur" in text
    assert "1 November 2026 – 25 November 2026 · 18 hari kerja" in text
    # The headline tiles: news against 23 units × 18 working days.
    assert f"Berita\n{totals['berita']}\ndari target 414 · 1%" in text
    assert f"Total output: {sum(totals.values())} item" in text
    assert "Unit memenuhi target berita: 0 dari 23 unit bertarget" in text
    # The table of units, and the list of items with their titles and links.
    assert "Kantor Kemenag Kota Kupang" in text and "Jumlah" in text
    assert "Daftar output (7 item)" in text
    assert RISKY_TITLE[:20] in text
    assert "contoh.kemenag.go.id/kanwil-ntt" in text
    assert "Surabaya" not in text


def test_a_units_month_with_links_that_click(db, ctx):
    load(db, [item(db, "kankemenag-kota-kupang", f"2026-10-{d:02d}") for d in range(1, 32)])
    october = type(NOVEMBER)(
        NOVEMBER.start.replace(month=10), NOVEMBER.start.replace(month=10, day=31), "x"
    )
    raw = export.to_bytes(db, SYSTEM, ctx, unit_id(db, "kankemenag-kota-kupang"), october, "pdf")
    text = text_of(raw)
    assert "LAPORAN BULANAN HUMAS" in text and "Kantor Kemenag Kota Kupang" in text
    assert "Hari ada berita: 31 hari" in text
    reader = pypdf.PdfReader(io.BytesIO(raw))
    uris = {
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/A", {}).get("/URI")
    }
    assert len(uris) == 31 and all(u.startswith("https://contoh.kemenag.go.id/") for u in uris)


def test_a_long_list_is_cut_and_says_where_the_rest_is(db, ctx, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_ITEMS", 5)
    load(db, [item(db, "kanwil-ntt", "2026-11-02") for _ in range(8)])
    text = text_of(export.to_bytes(db, SYSTEM, ctx, unit_id(db, "kanwil-ntt"), NOVEMBER, "pdf"))
    assert "Daftar output (8 item)" in text
    assert "Menampilkan 5 item pertama" in text


def test_text_outside_the_font_does_not_break_the_report(db, ctx):
    load(db, [item(db, "kanwil-ntt", "2026-11-02", title="Peresmian 🎉 gedung 中文 baru")])
    raw = export.to_bytes(db, SYSTEM, ctx, unit_id(db, "kanwil-ntt"), NOVEMBER, "pdf")
    assert "Peresmian" in text_of(raw)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Kantor Kemenag Kabupaten Timor Tengah Selatan", "Kab. Timor Tengah Selatan"),
        ("Kantor Kemenag Kota Kupang", "Kota Kupang"),
        ("Kanwil Kemenag Provinsi Bali", "Kanwil Bali"),
        ("IAKN Kupang", "IAKN Kupang"),
    ],
)
def test_short_names_for_charts(name, short):
    assert pdf.short_name(name) == short


def test_axis_steps_are_round():
    from dashboard.reports.pdf_charts import axis

    assert axis(45) == (10, 5)
    assert axis(3) == (1, 3)
    assert axis(1200) == (500, 3)
    assert fmt.number(axis(7)[0] * axis(7)[1]) == "8"
