"""The meeting screen through AppTest: token handling, each panel, stale figures, the Layar Rapat page.

AppTest never fires `run_every`, so each panel is rendered by setting the
screen's refresh count (`screen_tick`) before a run, as the timed refresh
would have left it.
"""

import json
import os
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import clock
from dashboard.store import screens
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.ui import screen as screen_ui
from tests.conftest import APP, app_as, principal, unit_id
from tests.service.helpers import add_items

NOW = "2026-11-25T08:00:00Z"  # Wed 25 Nov, 15:00 WIB, 16:00 WITA
PANEL_TITLES = [
    "Ada berita hari ini",
    "Peringkat",
    "Berita 30 hari terakhir dibanding target",
    "Senyap 3 hari kerja atau lebih",
    "Terbaru",
]


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


def national_id(db):
    return db.conn.execute("SELECT id FROM units WHERE parent_id IS NULL").fetchone()[0]


def link_for(db, code="national", **kwargs):
    scope = national_id(db) if code == "national" else unit_id(db, code)
    return screens.create(db, SYSTEM, scope, **kwargs)


def open_screen(token, *, tick=None, at=None):
    if at is None:  # (an AppTest before its first run is falsy: it holds no elements)
        at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params[screen_ui.PARAM] = token
    if tick is not None:
        at.session_state[screen_ui.KEY_TICK] = tick
    at.run()
    return at


def texts(at):
    """Every line the screen shows: its st.text (what people typed) and our own lines, which
    come several to an st.html (ui/screen._lines)."""
    ours = [line for h in at.get("html") for line in screen_ui.lines_in(h.proto.body)]
    return [t.value for t in at.text] + ours


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def everything(at) -> str:
    """All the screen shows: its texts and the text inside its charts."""
    return "\n".join(texts(at)) + "\n" + json.dumps(charts(at), ensure_ascii=False)


def shows_only_a_message(at, words):
    assert not at.exception
    brand, message = texts(at)  # the app's name and one message: nothing else
    assert brand == "Pantau Humas · Layar Rapat" and words in message, message
    assert not charts(at)
    assert not at.text_input and not at.sidebar.children  # no sign-in, no navigation


@pytest.fixture
def output(db):
    add_items(db, "kankemenag-kota-kupang", "2026-11-25", "berita_website", 2)
    add_items(db, "kanwil-ntt", "2026-11-24", "berita_website")
    add_items(db, "kankemenag-kota-surabaya", "2026-11-25", "berita_website")
    add_items(db, "kanwil-jatim", "2026-11-25", "medsos_instagram", 4)


# --- tokens ---------------------------------------------------------------------------------


def test_a_valid_link_shows_the_screen_without_signing_in(db, output):
    _, token = link_for(db, label="Rakornas Kehumasan")
    at = open_screen(token)
    assert not at.exception
    shown = texts(at)
    assert "Nasional" in shown and "Ada berita hari ini" in shown
    assert "15.00 WIB" in shown and "Rabu, 25 November 2026" in shown
    assert "Data per 15.00 WIB · Rakornas Kehumasan" in shown
    assert not at.text_input and not at.button and not at.sidebar.children
    assert not at.title  # none of the app's pages


@pytest.mark.parametrize("token", ["", "bukan-token", "x" * 43])
def test_missing_or_wrong_token_shows_a_plain_message(db, output, token):
    link_for(db)
    shows_only_a_message(open_screen(token), "tidak dikenal")


def test_a_revoked_link_shows_a_plain_message(db, output):
    link_id, token = link_for(db)
    screens.revoke(db, SYSTEM, link_id)
    shows_only_a_message(open_screen(token), "sudah dicabut")


def test_an_expired_link_shows_a_plain_message(db, output):
    _, token = link_for(db, days=1, now=clock.parse_instant(NOW) - timedelta(days=1, seconds=1))
    shows_only_a_message(open_screen(token), "sudah habis")


def test_another_kanwils_link_never_shows_this_kanwils_units(db, output):
    _, token = link_for(db, "kanwil-jatim")
    for tick in range(len(PANEL_TITLES)):
        at = open_screen(token, tick=tick)
        assert not at.exception
        shown = everything(at)
        assert "Jawa Timur" in shown
        for other in ("Kupang", "Nusa Tenggara", "NTT", "Alor"):
            assert other not in shown, (tick, other)
    assert "Kota Surabaya" in everything(open_screen(token, tick=0))


def test_revoking_blanks_the_screen_at_its_next_refresh(db, output):
    link_id, token = link_for(db)
    at = open_screen(token)
    assert "Ada berita hari ini" in texts(at)
    screens.revoke(db, SYSTEM, link_id)
    at.run()
    shows_only_a_message(at, "sudah dicabut")
    assert screen_ui.KEY_FIGURES not in at.session_state


# --- each panel -----------------------------------------------------------------------------


def test_panel_compliance_national_tile_map(db, output):
    _, token = link_for(db)
    at = open_screen(token, tick=0)
    shown = texts(at)
    assert "Ada berita hari ini" in shown
    assert "2 dari 615 unit" in shown  # Kupang and Surabaya; 34 Kanwil, 514 Kankemenag, 67 PTKN
    (tile_map,) = charts(at)
    labels = [a["text"] for a in tile_map["layout"]["annotations"]]
    assert len(tile_map["layout"]["shapes"]) == len(labels) == 35  # 34 provinces and PTKN
    ntt = next(label for label in labels if ">NTT<" in label)
    assert "4%" in ntt  # 1 of 23 units in NTT has news today


def test_panel_compliance_kanwil_tiles(db, output):
    _, token = link_for(db, "kanwil-ntt")
    at = open_screen(token, tick=0)
    assert "4%" in texts(at) and "1 dari 23 unit" in texts(at)
    (tile_map,) = charts(at)
    labels = [a["text"] for a in tile_map["layout"]["annotations"]]
    assert len(labels) == 23
    assert any("Kota Kupang" in label and "sudah" in label for label in labels)
    assert any("Kanwil" in label and "belum" in label for label in labels)


def test_panel_leaderboard_top_and_bottom(db, output):
    _, token = link_for(db, "kanwil-ntt")
    at = open_screen(token, tick=1)
    assert "Peringkat Kankemenag — bulan ini" in texts(at)
    assert "5 teratas" in texts(at) and "5 terbawah" in texts(at)
    top, bottom = charts(at)
    assert top["data"][0]["y"][0] == "1. Kota Kupang"
    assert len(top["data"][0]["y"]) == len(bottom["data"][0]["y"]) == 5
    assert bottom["data"][0]["y"][-1].startswith("2. ")  # 21 units share rank 2


def test_panel_thirty_days(db, output):
    _, token = link_for(db, "kanwil-ntt")
    at = open_screen(token, tick=2)
    shown = texts(at)
    assert "Berita 30 hari terakhir dibanding target" in shown
    assert "Berita bulan ini" in shown and "3" in shown
    (days,) = charts(at)
    assert len(days["data"][0]["x"]) == 30 and days["data"][0]["y"][-2:] == [1, 2]


def test_panel_silent_units(db, output):
    _, token = link_for(db, "kanwil-ntt")
    at = open_screen(token, tick=3)
    shown = texts(at)
    assert "Senyap 3 hari kerja atau lebih" in shown
    assert "21 unit senyap" in shown  # all but Kupang (today) and the Kanwil (yesterday)
    assert "Kab. Alor" in shown and "Kota Kupang" not in shown
    assert any("… dan 5 unit lainnya" in t for t in shown)


def test_panel_latest_items_titles_as_plain_text(db, output):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    title = "**Tebal** <b>html</b> [tautan](javascript:alert(1)) :red[merah]"
    item_batches.bulk_load(
        db,
        SYSTEM,
        [
            {
                "unit_id": kupang,
                "day": "2026-11-25",
                "kind": "berita_website",
                "title": title,
                "link": "https://kupang.kemenag.go.id/x",
                "link_key": "https://kupang.kemenag.go.id/x",
                "note": "",
                "tag": "capaian",
                "source": "form",
                "published_at": "2026-11-25T07:59:00Z",
                "late": 0,
                "created_by": None,
                "created_at": "2026-11-25T07:59:00Z",
                "updated_at": "2026-11-25T07:59:00Z",
            }
        ],
    )
    _, token = link_for(db, "kanwil-ntt")
    at = open_screen(token, tick=4)
    shown = texts(at)
    assert "Terbaru" in shown
    assert title in shown  # st.text: shown exactly as typed, never as Markdown
    assert "15.59 WITA · Kota Kupang · Berita website · capaian/dampak" in shown
    assert not any(title in m.value for m in at.markdown)


def test_panels_follow_the_tick_and_wrap_around(db, output):
    _, token = link_for(db)
    for tick, title in [(0, PANEL_TITLES[0]), (3, PANEL_TITLES[3]), (7, PANEL_TITLES[2])]:
        shown = texts(open_screen(token, tick=tick))
        assert any(t.startswith(title) for t in shown), (tick, shown)


def test_the_panel_query_parameter_picks_the_first_panel(db, output):
    _, token = link_for(db)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params[screen_ui.PANEL_PARAM] = "5"
    at = open_screen(token, at=at)
    shown = texts(at)
    assert "Terbaru" in shown


# --- the database away ----------------------------------------------------------------------


def test_the_last_good_figures_stay_marked_stale_while_the_database_is_away(db, db_path, output):
    _, token = link_for(db)
    at = open_screen(token)
    assert "Ada berita hari ini" in texts(at)
    away = db_path.with_suffix(".away")
    os.rename(db_path, away)
    try:
        at.run()
        assert not at.exception
        shown = texts(at)
        assert "Ada berita hari ini" in shown and charts(at)
        assert "Data terakhir per 15.00 WIB — sedang tidak terhubung" in shown
    finally:
        os.rename(away, db_path)
    at.run()
    assert "Data per 15.00 WIB" in texts(at)


def test_a_locked_database_keeps_the_figures(db, output, monkeypatch):
    import sqlite3

    _, token = link_for(db)
    at = open_screen(token)

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(screens, "resolve", locked)
    at.run()
    assert "Ada berita hari ini" in texts(at)
    assert any("sedang tidak terhubung" in t for t in texts(at))


def test_without_any_good_figures_the_screen_waits(db, db_path, output):
    _, token = link_for(db)
    away = db_path.with_suffix(".away")
    os.rename(db_path, away)
    try:
        at = open_screen(token)
        assert not at.exception
        assert any("Menghubungkan" in t for t in texts(at)) and not charts(at)
    finally:
        os.rename(away, db_path)


def test_expiry_still_blanks_while_the_database_is_away(db, db_path, output, monkeypatch):
    _, token = link_for(db, days=1)
    at = open_screen(token)
    os.rename(db_path, db_path.with_suffix(".away"))
    monkeypatch.setenv("HUMAS_NOW", "2026-11-27T08:00:00Z")
    at.run()
    shows_only_a_message(at, "sudah habis")


# --- Layar Rapat: making and revoking links -------------------------------------------------


def test_admin_makes_a_link_sees_it_once_and_revokes_it(db, accounts):
    at = app_as(db, "admin", page="views/screens.py")
    assert not at.exception
    assert at.selectbox(key="screen_scope").options[0] == "Nasional"
    at.text_input(key="screen_label").input("Rakornas <b>2026</b>")
    at.number_input(key="screen_rotate").set_value(30)
    at.button[0].click().run()
    assert not at.exception
    (code,) = at.code
    token = code.value.split("?layar=")[1]
    link = screens.resolve(db, token)
    assert link.national and link.rotate_seconds == 30 and link.creator == "admin"
    assert "Rakornas <b>2026</b>" in at.dataframe[0].value["Keterangan"].tolist()
    at.run()
    assert not at.code  # shown once only
    at.selectbox(key="screen_revoke").set_value(link.id).run()
    at.button(key="screen_revoke_button").click().run()
    assert not at.exception
    (state,) = at.dataframe[0].value["Status"].tolist()
    assert state.startswith("Dicabut 25 Nov 2026") and state.endswith("oleh admin")
    with pytest.raises(screens.LinkRefused):
        screens.resolve(db, token)


def test_a_kakanwil_may_only_make_links_for_its_kanwil(db, accounts):
    link_for(db, "kanwil-jatim", label="Jatim")
    at = app_as(db, "kanwil.ntt", page="views/screens.py")
    assert not at.exception
    assert at.selectbox(key="screen_scope").options == [
        "Kanwil Kemenag Provinsi Nusa Tenggara Timur"
    ]
    assert not at.dataframe  # the Jatim link is not in its scope
    at.button[0].click().run()
    assert len(at.code) == 1
    assert at.dataframe[0].value["Cakupan"].tolist() == ["Kanwil Nusa Tenggara Timur"]


def test_a_kankemenag_head_is_told_whom_to_ask(db, accounts):
    at = app_as(db, "kepala.kupang", page="views/screens.py")
    assert not at.exception
    assert any("Minta tautan" in i.value for i in at.info)
    assert not at.selectbox


def test_a_link_revoked_meanwhile_shows_as_revoked(db, accounts):
    link_id, _ = link_for(db, "kanwil-ntt")
    at = app_as(db, "kanwil.ntt", page="views/screens.py")
    at.selectbox(key="screen_revoke").set_value(link_id).run()
    screens.revoke(db, principal(db, "admin"), link_id)  # someone else was quicker
    at.button(key="screen_revoke_button").click().run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["Status"].tolist()[0].startswith("Dicabut")
    assert "screen_revoke_button" not in [b.key for b in at.button]
    assert screens.by_id(db, link_id).revoker == "admin"  # nothing changed twice


def test_the_address_is_the_apps_own_with_the_token():
    token = "t" * 43
    assert screen_ui.address(None, token) == f"/?layar={token}"
    assert screen_ui.address("https://humas.kemenag.go.id/", token) == (
        f"https://humas.kemenag.go.id/?layar={token}"
    )
    for page_url in ("https://h.go.id/app/layar-rapat", "https://h.go.id/app/layar-rapat/"):
        assert screen_ui.address(page_url, token, "layar-rapat") == (
            f"https://h.go.id/app/?layar={token}"
        )


@pytest.mark.parametrize(
    "n, top, bottom",
    [
        (0, [], []),
        (1, [0], []),
        (2, [0], [1]),
        (7, [0, 1, 2, 3], [4, 5, 6]),
        (34, [0, 1, 2, 3, 4], [29, 30, 31, 32, 33]),
    ],
)
def test_top_and_bottom_never_repeat_an_entry(n, top, bottom):
    assert screen_ui.top_and_bottom(list(range(n)), 5) == (top, bottom)
