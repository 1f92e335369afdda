from datetime import date

from dashboard.reports import recap
from dashboard.service import context
from dashboard.service.report import recap as recap_data
from dashboard.store.access import SYSTEM, AccessDenied
from tests.conftest import principal, unit_id
from tests.reports.conftest import NOW
from tests.reports.helpers import item, load, small_tree

DAY = date(2026, 11, 25)

GOLDEN = """\
*REKAP HARIAN HUMAS*
*Kanwil Uji*
Rabu, 25 November 2026
Data per 20.30 WITA

Unit yang sudah ada berita: 3 dari 4 unit (75%)
Output tercatat: 6 item

*Per unit*
✅ Kanwil Uji: 1 berita, 1 medsos
✅ Kankemenag Uji A: 2 berita, 1 media
❌ Kankemenag Uji B: belum ada output
✅ Kankemenag Uji Timur (WIT): 1 berita

*Belum ada berita (1)*
1. Kankemenag Uji B

*Sorotan*
1. Kanwil Uji: Rapat ∗koordinasi∗ humasˍ2026
https://kanwil-uji.example.id/berita/1
2. Kankemenag Uji Timur: Doa bersama lintas agama
https://timur.example.id/berita/5
3. Kankemenag Uji A: Lomba Tahfidz ∼Madrasah∼
https://uji-a.example.id/berita/4

Sumber: Pantau Humas"""


def fixture(db):
    small_tree(db)
    load(
        db,
        [
            item(db, "kanwil-uji", "2026-11-25", title="Rapat *koordinasi* humas_2026",
                 tag="capaian", link="https://kanwil-uji.example.id/berita/1"),
            item(db, "kanwil-uji", "2026-11-25", "medsos_instagram",
                 link="https://instagram.com/p/uji2"),
            item(db, "kankemenag-uji-a", "2026-11-25", "media_eksternal",
                 title="Liputan Harian Timor", link="https://koran.example.id/a/3"),
            item(db, "kankemenag-uji-a", "2026-11-25", title="Lomba\nTahfidz ~Madrasah~",
                 link="https://uji-a.example.id/berita/4", created_at="2026-11-25T03:00:00Z"),
            item(db, "kankemenag-uji-a", "2026-11-25", title="Bimbingan `perkawinan`",
                 link="https://uji-a.example.id/berita/6", created_at="2026-11-25T04:00:00Z"),
            # 00.30 WIT on the 25th is still the 24th in UTC: it counts for the 25th in Papua.
            item(db, "kankemenag-uji-timur", "2026-11-25", title="Doa bersama lintas agama",
                 link="https://timur.example.id/berita/5", created_at="2026-11-24T15:30:00Z"),
            item(db, "kankemenag-uji-timur", "2026-11-24", title="Kemarin",
                 link="https://timur.example.id/berita/7"),
        ],
    )  # fmt: skip


def test_golden_recap_of_a_small_kanwil(db):
    fixture(db)
    ctx = context.load(db, NOW)
    text = recap.render(recap_data(db, SYSTEM, ctx, unit_id(db, "kanwil-uji"), DAY))
    assert text == GOLDEN


def test_a_past_day_says_when_the_data_was_read(db):
    fixture(db)
    ctx = context.load(db, NOW)
    text = recap.render(recap_data(db, SYSTEM, ctx, unit_id(db, "kanwil-uji"), date(2026, 11, 24)))
    assert "Selasa, 24 November 2026\nData per 25 Nov 2026 20.30 WITA" in text
    assert "✅ Kankemenag Uji Timur (WIT): 1 berita" in text
    assert "Unit yang sudah ada berita: 1 dari 4 unit (25%)" in text


def test_user_text_cannot_format_or_break_lines():
    assert (
        recap.wa_text("Lomba\n*Tahfidz*  _Madrasah_ ~x~ `y`")
        == "Lomba ∗Tahfidz∗ ˍMadrasahˍ ∼x∼ ˋyˋ"
    )
    for char in "*_~`\n":
        assert char not in recap.wa_text(f"a {char}b{char} c")


def test_highlights_prefer_impact_and_one_per_unit():
    def it(n, unit, grp, kind, tag=None, link="https://x.id/"):
        return {"id": n, "unit_code": unit, "grp": grp, "kind": kind, "tag": tag,
                "link": link and f"{link}{n}", "published_at": f"2026-11-25T0{n}:00:00Z"}  # fmt: skip

    items = [
        it(1, "a", "medsos", "medsos_x"),
        it(2, "a", "berita", "berita_website"),
        it(3, "b", "medsos", "medsos_x", tag="capaian"),
        it(4, "c", "berita", "berita_website", link=None),
        it(5, "d", "media", "media_eksternal"),
    ]
    assert [i["id"] for i in recap.highlights(items)] == [3, 2, 5]


def test_an_operator_recaps_its_own_unit_alone(db, accounts):
    load(db, [item(db, "kankemenag-kota-kupang", "2026-11-25")])
    ctx = context.load(db, NOW)
    who = principal(db, "op.kupang")
    text = recap.render(recap_data(db, who, ctx, unit_id(db, "kankemenag-kota-kupang"), DAY))
    assert "1 dari 1 unit (100%)" in text and "Semua unit sudah ada berita." in text
    try:
        recap_data(db, who, ctx, unit_id(db, "kanwil-ntt"), DAY)
    except AccessDenied:
        pass
    else:
        raise AssertionError("an operator must not recap its Kanwil")


def test_a_national_recap_rolls_up_by_unit_below(db):
    load(db, [item(db, "kankemenag-kota-kupang", "2026-11-25")])
    ctx = context.load(db, NOW)
    root = next(u for u in ctx.units if u["parent_id"] is None)
    text = recap.render(recap_data(db, SYSTEM, ctx, root["id"], DAY))
    assert "*Per unit (beserta unit di bawahnya)*" in text
    assert (
        "❌ Kanwil Kemenag Provinsi Nusa Tenggara Timur (WITA): 1/23 unit ada berita; 1 berita"
        in text
    )
    assert "… dan " in text  # hundreds without news: the list is cut
