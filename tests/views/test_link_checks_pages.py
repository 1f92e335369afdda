"""What the link checks show on the unit's pages (issue 14): the operator's flagged and
rejected items with their reasons, "Perbaiki" leading to a new check, rejected items struck
through and never counted, and the verified share and open flags beside attainment."""

from datetime import date

import pytest

from dashboard.store import checks as check_store
from dashboard.store.access import AccessDenied
from dashboard.ui.text import struck
from tests.checks import KUPANG, flag
from tests.conftest import app_as, principal, unit_id
from tests.service.helpers import add_items

ENTRY, HOME = "views/entry.py", "views/home.py"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-25T05:30:00Z")  # 13.30 WITA


def expander_labels(at):
    return [e.label for e in at.expander]


@pytest.mark.parametrize("page", [ENTRY, HOME], ids=["input-harian", "beranda"])
def test_the_operator_sees_its_flagged_items_with_the_reason(db, flagged, page):
    at = app_as(db, "op.kupang", page=page)
    assert not at.exception
    assert expander_labels(at)[0] == "Pemeriksaan tautan: 1 item menunggu tinjauan"
    text = " ".join(m.value for m in at.markdown)
    assert "Tanggal terbit halaman berbeda lebih dari sehari dari tanggal item" in text
    assert at.button(key=f"{'entry' if page == ENTRY else 'home'}_flags_fix_{flagged['k1']}")


def test_perbaiki_opens_the_item_and_a_corrected_link_is_due_again(db, flagged):
    at = app_as(db, "op.kupang", page=ENTRY)
    at.button(key=f"entry_flags_fix_{flagged['k1']}").click().run()
    assert not at.exception
    assert at.query_params["item"] in (str(flagged["k1"]), [str(flagged["k1"])])
    at.text_input(key=f"edit_link_{flagged['k1']}").input(
        "https://ntt.kemenag.go.id/kota-kupang/berita/benar"
    )
    at.button(key="edit_save").click().run()
    assert not at.exception
    due = check_store.due(db, now=check_store.clock.utc_now())
    assert [d.id for d in due] == [flagged["k1"]]


def test_beranda_perbaiki_goes_to_input_harian(db, flagged):
    at = app_as(db, "op.kupang", page=HOME)
    at.button(key=f"home_flags_fix_{flagged['k1']}").click().run()
    assert not at.exception
    assert at.title[0].value == "Input Harian"


def test_a_rejected_item_is_struck_through_and_not_counted_today(db, accounts):
    add_items(db, KUPANG, "2026-11-25", "berita_website")
    (item,) = [r[0] for r in db.conn.execute("SELECT id FROM items")]
    title = db.conn.execute("SELECT title FROM items").fetchone()[0]
    flag(db, item, "date_mismatch")
    check_store.decide(db, principal(db, "kanwil.ntt"), item, "rejected", "berita lama")
    home = app_as(db, "op.kupang", page=HOME)
    assert not home.exception
    assert home.metric[0].value.split(" / ")[0] == "0"  # news today: the rejected one is not
    assert home.warning  # "no news yet today"
    assert struck(title) in list(home.dataframe[0].value["Judul"])
    assert "Ditolak" in " ".join(m.value for m in home.markdown)
    assert "berita lama" in " ".join(m.value for m in home.markdown)
    entry = app_as(db, "op.kupang", page=ENTRY)
    assert struck(title) in [t.value for t in entry.main.text]
    assert not [b for b in entry.main.button if b.key == f"entry_flags_fix_{item}"]


def test_editing_a_rejected_item_is_refused_in_indonesian(db, accounts):
    add_items(db, KUPANG, "2026-11-25", "berita_website")
    (item,) = [r[0] for r in db.conn.execute("SELECT id FROM items")]
    flag(db, item, "title_mismatch")
    check_store.decide(db, principal(db, "admin"), item, "rejected", "bukan berita kita")
    at = app_as(db, "op.kupang", page=ENTRY)
    at.button(key=f"entry_open_{item}").click().run()
    at.text_input(key=f"edit_title_{item}").input("Judul lain")
    at.button(key="edit_save").click().run()
    assert "ditolak peninjau" in " ".join(e.value for e in at.error)
    assert db.conn.execute("SELECT title FROM items").fetchone()[0] != "Judul lain"


def tiles(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_unit_saya_shows_the_verified_share_and_open_flags(db, flagged):
    at = app_as(db, "kepala.kupang", page="views/unit_dashboard.py")
    assert not at.exception
    found = tiles(at)
    assert found["Tautan terverifikasi"] == ("50%", "1 dari 2 diperiksa")
    assert found["Belum diperiksa"] == ("0", "dari 2 tautan")
    assert found["Tanda terbuka"] == ("1", "menunggu tinjauan")


def test_ringkasan_shows_them_for_the_whole_scope(db, flagged):
    at = app_as(db, "kanwil.ntt", page="views/overview.py")
    assert not at.exception
    found = tiles(at)
    # Kupang 2 (1 verified), Alor 1, the Kanwil 1: 4 links, 1 verified, 3 open flags.
    assert found["Tautan terverifikasi"] == ("25%", "1 dari 4 diperiksa")
    from tests.service.helpers import add_items

    add_items(db, "kankemenag-kab-belu", "2026-11-24", "berita_website")  # not checked yet
    found = tiles(app_as(db, "kanwil.ntt", page="views/overview.py"))
    assert found["Tautan terverifikasi"] == ("25%", "1 dari 4 diperiksa")
    assert found["Belum diperiksa"] == ("1", "dari 5 tautan")
    assert found["Tanda terbuka"][0] == "3"


def test_peringkat_has_them_beside_each_unit(db, flagged):
    at = app_as(db, "kanwil.ntt", page="views/rankings.py")
    assert not at.exception
    board = at.dataframe[0].value
    row = board[board["Unit"] == "Kantor Kemenag Kota Kupang"].iloc[0]
    assert row["Terverifikasi"] == "50%"
    alor = board[board["Unit"] == "Kantor Kemenag Kabupaten Alor"].iloc[0]
    assert alor["Terverifikasi"] == "0%"
    quiet = board[board["Unit"] == "Kantor Kemenag Kabupaten Belu"].iloc[0]
    assert quiet["Terverifikasi"] == "–"
    line = next(c.value for c in at.caption if c.value.startswith("Tanda terbuka"))
    assert sorted(line.removeprefix("Tanda terbuka (menunggu tinjauan): ").split(" · ")) == [
        "Kantor Kemenag Kabupaten Alor 1",
        "Kantor Kemenag Kota Kupang 1",
    ]  # in the board's order


def test_the_store_refuses_the_flags_of_another_unit(db, flagged):
    with pytest.raises(AccessDenied):
        check_store.flags_of_unit(
            db, principal(db, "op.jatim"), unit_id(db, KUPANG), date(2026, 11, 1)
        )
