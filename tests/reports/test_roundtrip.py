"""An exported CSV fed back to the template importer adds nothing: every row is already there."""

from dashboard import clock
from dashboard.entries import Entry
from dashboard.ingest import importer, parse
from dashboard.kpi.periods import resolve
from dashboard.reports import export
from dashboard.service import context
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.store.items import reads as item_reads
from tests.conftest import principal, unit_id

NOW = "2026-11-25T08:00:00Z"


def test_csv_round_trip_through_the_importer_adds_nothing(db, accounts, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)
    kupang = unit_id(db, "kankemenag-kota-kupang")
    entries = [
        Entry(day=clock.parse_instant(NOW).date(), kind="berita_website", title="Rakor Penyuluh",
              link="https://ntt.kemenag.go.id/kota-kupang/berita/rakor", note="capaian"),
        Entry(day=clock.parse_instant(NOW).date(), kind="medsos_instagram", title="Reels Rakor",
              link="https://www.instagram.com/reel/DRakor1/"),
        # A covered event without a link: judged a duplicate by its title, not its link.
        Entry(day=clock.parse_instant(NOW).date(), kind="kegiatan_diliput", title="Apel pagi"),
    ]  # fmt: skip
    added = item_batches.add_batch(db, SYSTEM, kupang, entries, source="form").added
    assert len(added) == 3
    before = item_reads.count_live(db)

    ctx = context.load(db)
    period = resolve("bulan", clock.local_today("Asia/Makassar", ctx.now))
    who = principal(db, "op.kupang")
    data = export.to_bytes(db, who, ctx, kupang, period, "csv")
    parsed = parse(data, unit_tz="Asia/Makassar", fmt="template", name="ekspor.csv")
    result = importer.save(db, who, kupang, parsed)

    assert result.batch.added == []
    assert len(result.batch.duplicates) == 3
    assert result.batch.rejected == []
    assert item_reads.count_live(db) == before
