"""Impor Data's and Laporan's services: the work those pages handed to `ingest` and
`reports.export` with a connection of their own, done for the caller's role and unit."""

from datetime import date

import pytest

from dashboard import clock
from dashboard.entries import Entry
from dashboard.kpi.periods import Period
from dashboard.service import context, exports, imports, items
from dashboard.service.errors import AccessDenied
from dashboard.service.report import recap
from dashboard.store.db import data_version
from dashboard.words import said
from tests.conftest import principal, unit_id

NOW = "2026-11-25T05:30:00Z"  # 13.30 WITA
TODAY = date(2026, 11, 25)
KUPANG = "kankemenag-kota-kupang"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


def news(n: int, **changes) -> Entry:
    values = dict(
        day=TODAY,
        kind="berita_website",
        title=f"Berita {n}",
        link=f"https://ntt.kemenag.go.id/kota-kupang/berita/{n}",
        line=n + 1,
    )
    return Entry(**(values | changes))


def parsed(*entries: Entry) -> imports.Parsed:
    return imports.Parsed(format="template", entries=list(entries), name="impor.csv")


def test_an_operators_preview_writes_nothing_and_its_save_writes_what_it_said(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, KUPANG)
    rows = parsed(news(1), news(2, title=""), news(1, line=4))
    version = data_version(db)
    seen = imports.preview(db, operator, kupang, rows)
    assert seen.dry_run and data_version(db) == version
    assert items.day_items(db, operator, kupang, TODAY) == []
    statuses = [o.status for o in seen.batch.outcomes]
    assert statuses == [imports.ADDED, imports.REJECTED, imports.DUPLICATE]
    assert said(seen.batch.rejected[0].problems) == {"title": "Judul wajib diisi."}
    saved = imports.save(db, operator, kupang, rows)
    assert [o.status for o in saved.batch.outcomes] == statuses
    assert [i.title for i in items.day_items(db, operator, kupang, TODAY)] == ["Berita 1"]


@pytest.mark.parametrize("username", ["kepala.kupang", "op.jatim"])
def test_an_import_for_a_unit_the_caller_may_not_enter_is_refused(db, accounts, username):
    """A pimpinan enters no output; an operator only its own unit's."""
    who = principal(db, username)
    kupang = unit_id(db, KUPANG)
    with pytest.raises(AccessDenied):
        imports.preview(db, who, kupang, parsed(news(1)))
    with pytest.raises(AccessDenied):
        imports.save(db, who, kupang, parsed(news(1)))
    assert items.day_items(db, principal(db, "admin"), kupang, TODAY) == []


def test_the_empty_templates_come_from_the_service(db):
    assert imports.empty_csv().decode("utf-8-sig").startswith("tanggal;jenis;judul;tautan")
    assert imports.empty_xlsx(db)[:2] == b"PK"  # a workbook (a zip)


def test_a_report_file_holds_what_the_caller_may_read(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, KUPANG)
    imports.save(db, operator, kupang, parsed(news(1)))
    ctx = context.load(db, clock.parse_instant(NOW))
    span = Period(date(2026, 11, 1), TODAY, "x")
    text = exports.report_file(db, operator, ctx, kupang, span, "csv").decode("utf-8-sig")
    assert "Berita 1" in text
    for kind in exports.FORMATS:
        made = exports.report_file(db, principal(db, "kanwil.ntt"), ctx, kupang, span, kind)
        assert made, kind
    assert exports.MIME["pdf"] == "application/pdf"
    unit = ctx.unit(kupang)
    assert exports.file_name(unit, span, "xlsx") == (
        "laporan-humas_kankemenag-kota-kupang_2026-11-01_2026-11-25.xlsx"
    )
    with pytest.raises(AccessDenied):  # another unit's operator reads no Kupang report
        exports.report_file(db, principal(db, "op.jatim"), ctx, kupang, span, "csv")


def test_the_recap_text_is_the_recap_of_the_callers_scope(db, accounts):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, KUPANG)
    imports.save(db, operator, kupang, parsed(news(1)))
    ctx = context.load(db, clock.parse_instant(NOW))
    text = exports.recap_text(recap(db, operator, ctx, kupang, TODAY), link="https://humas.id")
    assert "*Kantor Kemenag Kota Kupang*" in text and "1 item (1 berita)" in text
    assert text.endswith("Rincian: https://humas.id")
