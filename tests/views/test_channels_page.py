"""Kanal and the channel status on Unit Saya, for each role: add, test now, replace a token,
remove, health, and the units below a leader that need a look."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import timedelta

import pytest

from dashboard.service import channels as channel_service
from dashboard.service import harvest as harvest_service
from dashboard.store import audit
from dashboard.store import channels as channel_store
from dashboard.store.access import SYSTEM
from tests.conftest import app_as, principal, unit_id
from tests.fakes.channels import (
    GRAPH_TOKEN,
    NOW,
    PAGE_ID,
    TIKTOK_TOKEN,
    YOUTUBE_ID,
    failed_website,
)

PAGE = "views/channels.py"
UNIT_PAGE = "views/unit_dashboard.py"
KUPANG = "kankemenag-kota-kupang"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW.isoformat())


@pytest.fixture
def world(channel_world, monkeypatch):
    monkeypatch.setattr(harvest_service, "fetchers_from_env", channel_world.fetchers)
    return channel_world


def texts(at) -> str:
    """Everything the page shows as text, tables included."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "text", "success", "warning", "error", "info")
        for e in getattr(at, kind)
    ]
    parts += [df.value.to_csv(index=False) for df in at.dataframe]
    return plain("\n".join(str(p) for p in parts))


def plain(text: str) -> str:
    """Markdown-escaped text as it reads on the page."""
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.backends("sqlite", "postgresql")  # the page on both backends
def test_an_operator_adds_a_channel_tests_it_and_sees_its_posts(db, accounts, world):
    at = app_as(db, "op.kupang", page=PAGE)
    assert not at.exception
    assert "Unit ini belum mendaftarkan kanal" in texts(at)
    assert "kanal_unit" not in [s.key for s in at.selectbox]  # one unit: no picker
    at.selectbox(key="kanal_type").set_value("youtube").run()
    at.text_input(key="kanal_address").set_value(YOUTUBE_ID)
    at.button[[b.label for b in at.button].index("Daftarkan kanal")].click().run()
    assert not at.exception
    assert "Kanal YouTube didaftarkan" in texts(at)
    (channel,) = channel_store.for_unit(db, principal(db, "op.kupang"), unit_id(db, KUPANG))
    at.button(key=f"kanal_test_{channel.id}").click().run()
    assert not at.exception
    assert "1 unggahan ditemukan, 1 baru tercatat" in texts(at)
    assert "🟢 berjalan" in texts(at)
    # Unit Saya shows today's collected post and the channel's status.
    at = app_as(db, "op.kupang", page=UNIT_PAGE)
    assert not at.exception
    shown = texts(at)
    assert "Liputan Rakor" in shown and "Kanal otomatis" in [s.value for s in at.subheader]
    assert "🟢 berjalan" in shown


def test_a_token_is_asked_once_sealed_never_shown_and_replaceable(db, accounts, world):
    at = app_as(db, "op.kupang", page=PAGE)
    at.selectbox(key="kanal_type").set_value("facebook").run()
    assert (
        at.text_input(key="kanal_new_token").proto.type
        == at.text_input(key="kanal_new_token").proto.PASSWORD
    )
    at.text_input(key="kanal_address").set_value(PAGE_ID)
    at.text_input(key="kanal_new_token").set_value(GRAPH_TOKEN)
    at.button[[b.label for b in at.button].index("Daftarkan kanal")].click().run()
    assert not at.exception
    assert GRAPH_TOKEN not in texts(at) and "Token: tersimpan" in texts(at)
    (channel,) = channel_store.for_unit(db, SYSTEM, unit_id(db, KUPANG))
    at.text_input(key=f"kanal_token_{channel.id}").set_value("EAAB-token-baru")
    at.button(key=f"kanal_token_save_{channel.id}").click().run()
    assert "Token diganti" in texts(at)
    entries = json.dumps([asdict(r) for r in audit.recent(db) if r.entity == "channel"])
    assert GRAPH_TOKEN not in entries and "EAAB-token-baru" not in entries
    # The new token is the one used: the fake refuses it (it knows only the first).
    at.button(key=f"kanal_test_{channel.id}").click().run()
    assert "kedaluwarsa atau dicabut" in texts(at)
    assert GRAPH_TOKEN not in texts(at) and "EAAB-token-baru" not in texts(at)


def test_bad_input_is_a_message_beside_the_form_and_nothing_is_stored(
    db, accounts, world, monkeypatch
):
    at = app_as(db, "op.kupang", page=PAGE)
    at.text_input(key="kanal_address").set_value("ftp://kemenag-kupang.go.id")
    at.button[[b.label for b in at.button].index("Daftarkan kanal")].click().run()
    assert [plain(e.value) for e in at.error] == [
        "Tautan harus alamat web (http:// atau https://), bukan jenis lain."
    ]
    monkeypatch.delenv("HUMAS_SECRET_KEY")
    monkeypatch.setattr("dashboard.secretbox.secrets_files", lambda: [])
    at.selectbox(key="kanal_type").set_value("tiktok").run()
    at.text_input(key="kanal_address").set_value("@kemenagkupang")
    at.text_input(key="kanal_new_token").set_value(TIKTOK_TOKEN)
    at.button[[b.label for b in at.button].index("Daftarkan kanal")].click().run()
    assert "Kunci rahasia aplikasi belum diatur" in at.error[0].value
    assert channel_store.for_units(db, SYSTEM) == []


def test_an_operator_removes_a_channel_and_its_items_stay(db, accounts, world):
    u = unit_id(db, KUPANG)
    channel = channel_service.add_channel(db, SYSTEM, u, "youtube", YOUTUBE_ID)
    harvest_service.harvest(db, fetchers=world.fetchers(), endpoints=world.endpoints(), now=NOW)
    at = app_as(db, "op.kupang", page=PAGE)
    at.button(key=f"kanal_remove_{channel}").click().run()
    assert not at.exception
    assert "dihapus; item yang sudah terkumpul tetap tercatat" in texts(at)
    assert channel_store.for_unit(db, SYSTEM, u) == []
    assert (
        db.conn.execute(
            "SELECT count(*) FROM items WHERE source = 'otomatis' AND deleted = 0"
        ).fetchone()[0]
        == 1
    )


@pytest.mark.backends("sqlite", "postgresql")  # the page on both backends
def test_a_pimpinan_reads_channels_and_sees_units_below_without_one_or_failing(db, accounts, world):
    u = unit_id(db, KUPANG)
    failed_website(
        db,
        u,
        "https://kupang.example.go.id",
        "Server sedang galat (HTTP 500).",
        when=NOW - timedelta(hours=30),
    )
    at = app_as(db, "kanwil.ntt", page=PAGE)
    assert not at.exception
    assert not [b for b in at.button if b.label in ("Uji sekarang", "Daftarkan kanal")]
    at.selectbox(key="kanal_unit").set_value(u).run()
    shown = texts(at)
    assert "🔴 gagal > 24 jam" in shown and "Server sedang galat (HTTP 500)." in shown
    assert not [b for b in at.button if b.label in ("Uji sekarang", "Daftarkan kanal")]
    at.selectbox(key="kanal_unit").set_value(unit_id(db, "kanwil-ntt")).run()
    table = at.dataframe[-1].value
    problems = dict(zip(table["Unit"], table["Masalah"], strict=True))
    assert problems["Kantor Kemenag Kota Kupang"] == "kanal gagal lebih dari 24 jam: Situs web"
    assert problems["Kantor Kemenag Kabupaten Alor"] == "belum ada kanal terdaftar"
    assert list(table["Unit"])[0] == "Kantor Kemenag Kota Kupang"  # failing ones first
    # Unit Saya of the Kanwil head says the same in one line.
    at = app_as(db, "kanwil.ntt", page=UNIT_PAGE)
    assert not at.exception
    assert any("gagal lebih dari 24 jam" in w.value for w in at.warning)


def test_other_units_channels_are_not_shown_or_managed(db, accounts, world):
    jatim = unit_id(db, "kanwil-jatim")
    channel_store.add(db, SYSTEM, jatim, "website", "https://jatim.example.go.id")
    at = app_as(db, "op.kupang", page=PAGE)
    assert "jatim.example" not in texts(at)
    at = app_as(db, "op.jatim", page=PAGE)
    assert "jatim.example" in texts(at) and "Kanwil" in texts(at)
    at = app_as(db, "admin", page=PAGE)
    at.selectbox(key="kanal_unit").set_value(jatim).run()
    assert "jatim.example" in texts(at)
    assert [b for b in at.button if b.label == "Uji sekarang"]


def test_hostile_addresses_and_errors_are_shown_as_text(db, accounts, world):
    u = unit_id(db, KUPANG)
    failed_website(
        db,
        u,
        "https://x.example.go.id/**tebal**[a](javascript:alert(1))",
        "Alamat situs tidak ditemukan: <img src=x onerror=alert(1)> **x**.",
        when=NOW,
        code="not_found",
        skips=(("[klik](javascript:alert(1))", "Unggahan tanpa tautan permanen."),),
    )
    at = app_as(db, "op.kupang", page=PAGE)
    assert not at.exception
    assert "https://x.example.go.id/**tebal**[a](javascript:alert(1))" in [t.value for t in at.text]
    warning = at.warning[0].value
    assert "<img" not in warning.replace("\\<img", "") and "\\*\\*x\\*\\*" in warning
