import re
from datetime import date

import pytest

from dashboard import clock, demo
from dashboard.reports import recap
from dashboard.service import context
from dashboard.service.report import recap as recap_data
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import connect
from tests.conftest import principal, unit_id
from tests.reports.conftest import NOW
from tests.reports.helpers import item, load, small_tree

DAY = date(2026, 11, 25)

GOLDEN = """\
*REKAP HARIAN HUMAS*
*Kanwil Uji*
Rabu, 25 November 2026 · data per 20.30 WITA

Sudah ada berita: 3 dari 4 unit (75%)
Output tercatat: 6 item (4 berita, 1 medsos, 1 media)

*Belum ada berita (1 unit)*
1. Kankemenag Uji B — senyap 3 hari kerja

Rincian: https://humas.example.id"""

LINK = "https://humas.example.id"
NAMED = re.compile(r"^\d+\. (.+?)(?: \(WI?TA?\))?(?: — senyap [\d.]+ hari kerja)?$")


def named_units(text: str) -> list[str]:
    """The units a recap names, one per numbered line."""
    return [m.group(1) for line in text.splitlines() if (m := NAMED.match(line))]


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
            # B's last news: Thursday. Fri 20, Mon 23, Tue 24 went by without: silent.
            item(db, "kankemenag-uji-b", "2026-11-19", link="https://uji-b.example.id/berita/8"),
        ],
    )  # fmt: skip


def test_golden_recap_of_a_small_kanwil(db):
    fixture(db)
    ctx = context.load(db, NOW)
    text = recap.render(recap_data(db, SYSTEM, ctx, unit_id(db, "kanwil-uji"), DAY), link=LINK)
    assert text == GOLDEN


def test_a_past_day_says_when_the_data_was_read(db):
    fixture(db)
    ctx = context.load(db, NOW)
    text = recap.render(recap_data(db, SYSTEM, ctx, unit_id(db, "kanwil-uji"), date(2026, 11, 24)))
    assert "Selasa, 24 November 2026 · data per 25 Nov 2026 20.30 WITA" in text
    assert "Sudah ada berita: 1 dari 4 unit (25%)" in text
    # Most silent first: A and the Kanwil had no news before the 25th at all.
    assert named_units(text) == ["Kankemenag Uji A", "Kanwil Uji", "Kankemenag Uji B"]
    assert "Kankemenag Uji B — senyap 2 hari kerja" not in text  # 2 is not yet silent
    assert text.endswith("\n\nSumber: Pantau Humas")  # no address given: no link


def test_unit_names_cannot_format_the_message(db):
    fixture(db)
    unit_store.update(db, SYSTEM, "kankemenag-uji-b", name="Kankemenag *Uji*  _B_ ~x~ `y`")
    ctx = context.load(db, NOW)
    text = recap.render(recap_data(db, SYSTEM, ctx, unit_id(db, "kanwil-uji"), DAY))
    assert "1. Kankemenag ∗Uji∗ ˍBˍ ∼x∼ ˋyˋ — senyap 3 hari kerja" in text.splitlines()


def test_user_text_cannot_format_or_break_lines():
    assert (
        recap.wa_text("Lomba\n*Tahfidz*  _Madrasah_ ~x~ `y`")
        == "Lomba ∗Tahfidz∗ ˍMadrasahˍ ∼x∼ ˋyˋ"
    )
    for char in "*_~`\n":
        assert char not in recap.wa_text(f"a {char}b{char} c")


def test_an_operator_recaps_its_own_unit_alone(db, accounts):
    load(db, [item(db, "kankemenag-kota-kupang", "2026-11-25")])
    ctx = context.load(db, NOW)
    who = principal(db, "op.kupang")
    text = recap.render(recap_data(db, who, ctx, unit_id(db, "kankemenag-kota-kupang"), DAY))
    assert "Sudah ada berita: 1 dari 1 unit (100%)" in text
    assert "Semua unit sudah ada berita." in text
    try:
        recap_data(db, who, ctx, unit_id(db, "kanwil-ntt"), DAY)
    except AccessDenied:
        pass
    else:
        raise AssertionError("an operator must not recap its Kanwil")


def test_a_national_recap_counts_per_province_and_names_each_silent_unit_once(db):
    load(db, [item(db, "kankemenag-kota-kupang", "2026-11-25")])
    ctx = context.load(db, NOW)
    root = next(u for u in ctx.units if u.parent_id is None)
    text = recap.render(recap_data(db, SYSTEM, ctx, root.id, DAY), link=LINK)
    assert recap.size(text) <= recap.LIMIT
    lines = text.splitlines()
    assert "Sudah ada berita: 1 dari 615 unit (0%)" in lines
    assert "❌ Nusa Tenggara Timur (WITA): 22 dari 23 unit" in lines
    assert "❌ PTKN: 67 dari 67 unit" in lines
    assert lines[-1] == f"Rincian: {LINK}"
    named = named_units(text)
    assert named and len(named) == len(set(named))  # never a unit twice
    assert "Kantor Kemenag Kota Kupang" not in named  # it has news today
    assert "… dan " in text  # hundreds silent since the lookback bound: the rest counted


def test_every_scope_fits_one_message_even_with_the_longest_names(db):
    """Issue 16, item 9: the national recap was ~11,000 characters."""
    for unit in unit_store.list_all(db):
        code = unit.code  # 200 characters, many of them two UTF-16 units, all distinct
        unit_store.update(db, SYSTEM, code, name=("𝕂𝕖𝕞𝕖𝕟𝕒𝕘 " * 30)[: 199 - len(code)] + " " + code)
    ctx = context.load(db, NOW)
    for code in ("kemenag-ri", "kanwil-jatim", "kanwil-ntt", "kankemenag-kota-kupang"):
        text = recap.render(recap_data(db, SYSTEM, ctx, unit_id(db, code), DAY), link=LINK)
        assert recap.size(text) <= recap.LIMIT, code
        assert text.endswith(f"Rincian: {LINK}")
        named = named_units(text)
        assert named and len(named) == len(set(named)), code


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo (all 627 units, three weeks), frozen at 13.30 WITA on Wednesday 25 November."""
    path = tmp_path_factory.mktemp("recap-demo") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HUMAS_NOW", DEMO_NOW)
        demo.build(path, days=21)
    return path


DEMO_NOW = "2026-11-25T05:30:00Z"


@pytest.mark.slow
def test_the_national_recap_of_the_demo_fits_one_message(demo_db):
    """Issue 16, item 9: totals, the units needing attention (each once), then the link."""
    with connect(demo_db, readonly=True) as db:
        ctx = context.load(db, clock.parse_instant(DEMO_NOW))
        root = next(u for u in ctx.units if u.parent_id is None)
        scopes = (
            [root]
            + ctx.children(root.id, "KANWIL")
            + [ctx.unit(unit_id(db, "kankemenag-kota-kupang"))]
        )
        for scope in scopes:
            for day in (date(2026, 11, 24), date(2026, 11, 25)):
                text = recap.render(recap_data(db, SYSTEM, ctx, scope.id, day), link=LINK)
                assert recap.size(text) < 4096, (scope.code, day, recap.size(text))
                named = named_units(text)
                assert len(named) == len(set(named)), scope.code  # never a unit twice
                assert text.splitlines()[-1] == f"Rincian: {LINK}"
        national = recap.render(recap_data(db, SYSTEM, ctx, root.id, DAY), link=LINK)
    lines = national.splitlines()
    assert lines[4].startswith("Sudah ada berita: ") and lines[5].startswith("Output tercatat: ")
    assert any(line.startswith("❌ Nusa Tenggara Timur (WITA): ") for line in lines)
    assert any(line.startswith("*Senyap ≥ 3 hari kerja (") for line in lines)
