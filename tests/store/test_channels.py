"""Channels (Kanal) in the store: schema step m060, rights, tokens sealed and never shown,
health, and the duplicates rule between collected and typed items."""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard import channel_address, secretbox
from dashboard.domain import SOURCES_M001, ChannelSkip, ChannelType, Source
from dashboard.entries import Entry
from dashboard.net import posts
from dashboard.store import audit, migrations
from dashboard.store import channels as channel_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError, open_db, write
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from tests.backends import INTEGRITY_ERRORS, dump_text, is_postgres
from tests.conftest import principal, unit_id
from tests.store.test_items import counts, recount

NOW = "2026-11-25T05:30:00Z"
TODAY = date(2026, 11, 25)
KUPANG, NTT, JATIM = "kankemenag-kota-kupang", "kanwil-ntt", "kanwil-jatim"
TOKEN = "EAAB-token-rahasia-sekali-9f8e7d"
KEY = "0Q1v5s3xWkVh3Zq2m6rJk3o2r3vN2lY9mJ8cQ1f0b2E="


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW)


@pytest.fixture
def box():
    return secretbox.SecretBox([KEY])


# --- the schema step --------------------------------------------------------------------------


def test_the_released_core_step_is_unchanged():
    """m001's items table still lists the sources it was released with."""
    items_sql = next(s for s in migrations.CORE if "CREATE TABLE items" in s)
    assert "CHECK (source IN ('form', 'template', 'meta', 'rss', 'demo', 'bench'))" in items_sql
    assert (*SOURCES_M001, "otomatis") == tuple(Source)
    assert tuple(ChannelType) == posts.CHANNEL_TYPES == channel_address.TYPES


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def fresh(request, tmp_path):
    """Where a new database may be made: a file, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "lama.db"
    server = request.getfixturevalue("pg_server")
    return server.url(request.getfixturevalue("empty_pg")())


def _older(path):
    """A database as the release before m060 left it, with items and out-takes."""
    older = migrations.Migrations("humas")
    for step in migrations.migrations._migrations:
        if step.name != "m060_channels":
            older(name=step.name)(step.fn)
    with closing(open_db(path, create=True)) as db, write(db):
        older.apply(db)
    from dashboard.store import seed

    with closing(open_db(path)) as db:
        seed.seed_kinds(db)
        seed.seed_units(db)
        u = db.conn.execute("SELECT id FROM units WHERE code = ?", (KUPANG,)).fetchone()[0]
        item_batches.add_batch(
            db,
            SYSTEM,
            u,
            [Entry(day=TODAY, kind="berita_website", title="Lama", link="https://a.go.id/1")],
            source="template",
        )
        with write(db):
            db.conn.execute(
                "INSERT INTO outtakes VALUES (?, 'https://a.go.id/1', 'berita_website', 'views', "
                "'lifetime', 5, 'meta', ?)",
                (u, NOW),
            )
    return u


def test_m060_keeps_every_row_and_trigger_and_admits_collected_items(fresh):
    path = fresh
    u = _older(path)
    with closing(open_db(path)) as early:  # a connection open before the step
        early.conn.execute("SELECT count(*) FROM items").fetchone()
        with closing(open_db(path)) as db:
            assert migrations.apply(db) == ["m060_channels"]
            if not is_postgres(db):
                assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        result = item_batches.add_batch(
            early,
            SYSTEM,
            u,
            [Entry(day=TODAY, kind="berita_website", title="Baru", link="https://a.go.id/2")],
            source="otomatis",
        )
        assert result.summary() == "added 1, duplicates 0, rejected 0"
        with write(early):
            early.conn.execute(
                "INSERT INTO outtakes VALUES (?, 'https://a.go.id/2', 'berita_website', 'views', "
                "'lifetime', 7, 'otomatis', ?)",
                (u, NOW),
            )
        # The constraints still hold: an unknown source is refused in both tables.
        with pytest.raises(INTEGRITY_ERRORS), write(early):
            early.conn.execute("UPDATE items SET source = 'hantu' WHERE id = 1")
        with pytest.raises(INTEGRITY_ERRORS), write(early):
            early.conn.execute("UPDATE outtakes SET source = 'hantu'")
        # The summary triggers came through: two items counted, exactly.
        assert counts(early) == {(u, TODAY.isoformat(), "berita_website"): 2} == recount(early)
        if is_postgres(early):
            return  # the rest reads SQLite's own catalogue: its definitions were rewritten
        names = {
            r[0]
            for r in early.conn.execute(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'items' AND type <> 'table'"
            )
        }
        assert {"items_once", "items_count_insert", "items_count_update", "items_flagged"} <= names


def test_a_definition_that_is_not_the_expected_one_stops_the_step(tmp_path, monkeypatch):
    """SQLite's step rewrites the definition's text: a text it does not expect stops it."""
    path = tmp_path / "lama.db"
    _older(path)
    monkeypatch.setattr(migrations, "SOURCES_M001", ("form",))  # text that is not there
    with closing(open_db(path)) as db, pytest.raises(StoreError):
        migrations.apply(db)
    with closing(open_db(path)) as db:  # nothing of the step stayed
        assert migrations.pending(db) == ["m060_channels"]
        assert not db.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'channels'"
        ).fetchone()[0]


# --- registering ----------------------------------------------------------------------------


def test_an_operator_registers_its_units_channels(db, accounts, box):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    site = channel_store.add(db, op, u, "website", "https://kemenag-kupang.go.id/")
    page = channel_store.add(db, op, u, "facebook", "104857", token_cipher=box.seal(TOKEN))
    found = channel_store.for_unit(db, op, u)
    assert [(c.id, c.type, c.address) for c in found] == [
        (page, "facebook", "104857"),
        (site, "website", "https://kemenag-kupang.go.id/"),
    ]
    assert found[0].has_token and not found[1].has_token
    assert all(c.token_cipher is None and c.state is None for c in found)
    assert channel_store.status_of(found[1]) == channel_store.NEW


@pytest.mark.parametrize(
    ("channel_type", "address", "words"),
    [
        ("website", "ftp://kemenag.go.id", "http"),
        ("website", "https://kemenag go.id", "tidak sah"),
        ("youtube", "UC123", "UC"),
        ("facebook", "https://facebook.com/kemenag", "bukan alamat lengkap"),
        ("tiktok", "@x", "tidak sah"),
        ("instagram", "", "wajib diisi"),
        ("twitter", "x", "tidak dikenal"),
    ],
)
def test_bad_addresses_are_refused_and_nothing_is_stored(db, channel_type, address, words):
    with pytest.raises(channel_store.ChannelInvalid, match=words):
        channel_store.add(db, SYSTEM, unit_id(db, KUPANG), channel_type, address)
    assert channel_store.for_units(db, SYSTEM) == []


def test_a_website_typed_without_its_scheme_gets_https_as_on_input_harian(db):
    channel_store.add(db, SYSTEM, unit_id(db, KUPANG), "website", "kemenag-kupang.go.id")
    [found] = channel_store.for_units(db, SYSTEM)
    assert found.address.startswith("https://kemenag-kupang.go.id")


def test_addresses_are_normalised_and_a_channel_is_registered_once_nationwide(db, accounts):
    op, other = principal(db, "op.kupang"), principal(db, "op.jatim")
    u = unit_id(db, KUPANG)
    channel_store.add(db, op, u, "youtube", "https://www.youtube.com/channel/UC" + "a" * 22)
    channel_store.add(db, op, u, "tiktok", "https://www.tiktok.com/@KemenagKupang/video/1")
    channel_store.add(db, op, u, "website", "https://www.kemenag-kupang.go.id/")
    with pytest.raises(channel_store.ChannelInvalid, match="sudah terdaftar \\(kanal nomor"):
        channel_store.add(db, op, u, "website", "http://kemenag-kupang.go.id")
    # Another unit's operator learns that it is taken, not by whom; an admin learns by whom.
    with pytest.raises(channel_store.ChannelInvalid, match="unit kerja lain"):
        channel_store.add(db, other, unit_id(db, JATIM), "tiktok", "@kemenagkupang")
    with pytest.raises(channel_store.ChannelInvalid, match="Kota Kupang"):
        channel_store.add(db, SYSTEM, unit_id(db, JATIM), "youtube", "UC" + "a" * 22)
    addresses = {c.type: c.address for c in channel_store.for_unit(db, op, u)}
    assert addresses == {
        "youtube": "UC" + "a" * 22,
        "tiktok": "@KemenagKupang",
        "website": "https://www.kemenag-kupang.go.id/",
    }


def test_a_removed_channel_may_be_registered_again_and_forgets_its_token(db, accounts, box):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    first = channel_store.add(db, op, u, "instagram", "17841400", token_cipher=box.seal(TOKEN))
    channel_store.remove(db, op, first)
    assert channel_store.for_unit(db, op, u) == []
    assert db.conn.execute(
        "SELECT token_cipher FROM channels WHERE id = ?", (first,)
    ).fetchone() == (None,)
    again = channel_store.add(db, op, u, "instagram", "17841400")
    assert again != first
    with pytest.raises(StoreError, match="tidak ditemukan"):
        channel_store.remove(db, op, first)


def test_rights_operator_its_unit_admin_any_pimpinan_reads(db, accounts):
    u, jatim = unit_id(db, KUPANG), unit_id(db, JATIM)
    op, other = principal(db, "op.kupang"), principal(db, "op.jatim")
    head, kanwil = principal(db, "kepala.kupang"), principal(db, "kanwil.ntt")
    admin = principal(db, "admin")
    channel = channel_store.add(db, admin, u, "website", "https://kupang.example.go.id")
    with pytest.raises(AccessDenied):
        channel_store.add(db, other, u, "website", "https://lain.example.go.id")
    with pytest.raises(AccessDenied):
        channel_store.add(db, op, jatim, "website", "https://lain.example.go.id")
    for leader in (head, kanwil):
        assert [c.id for c in channel_store.for_unit(db, leader, u)] == [channel]
        with pytest.raises(AccessDenied):
            channel_store.add(db, leader, u, "website", "https://lain.example.go.id")
        with pytest.raises(AccessDenied):
            channel_store.remove(db, leader, channel)
        with pytest.raises(AccessDenied):
            channel_store.token_cipher(db, leader, channel)
    with pytest.raises(AccessDenied):
        channel_store.for_unit(db, other, u)
    with pytest.raises(AccessDenied):
        channel_store.get(db, other, channel)
    with pytest.raises(AccessDenied):
        channel_store.remove(db, other, channel)
    assert channel_store.for_units(db, other) == []
    channel_store.remove(db, op, channel)


def test_tokens_are_sealed_replaced_and_never_audited(db, db_path, accounts, box):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    sealed = box.seal(TOKEN)
    channel = channel_store.add(db, op, u, "facebook", "104857", token_cipher=sealed)
    assert box.open(channel_store.token_cipher(db, op, channel)).reveal() == TOKEN
    later = datetime(2027, 1, 24, tzinfo=UTC)
    channel_store.set_token(db, op, channel, box.seal(TOKEN + "-baru"), expires_at=later)
    got = channel_store.get(db, op, channel)
    assert got.has_token and got.token_expires_at == "2027-01-24T00:00:00Z"
    channel_store.remove(db, op, channel)
    entries = [r for r in audit.recent(db) if r.entity == "channel"]
    assert [e.action for e in entries] == ["delete", "token", "create"]
    text = json.dumps([asdict(e) for e in entries])
    assert TOKEN not in text and sealed not in text and "token_cipher" not in text
    assert json.loads(entries[1].after)["token"] == "diganti"
    assert TOKEN not in dump_text(db)
    if not is_postgres(db):  # the file itself, what a dump does not show (free pages, the WAL)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert TOKEN.encode() not in db_path.read_bytes()


def test_a_token_sealed_with_another_key_is_unreadable_not_garbage(box):
    other = secretbox.SecretBox([secretbox.Fernet.generate_key()])
    with pytest.raises(secretbox.TokenUnreadable, match="masukkan token"):
        other.open(box.seal(TOKEN))
    rotated = secretbox.SecretBox([secretbox.Fernet.generate_key(), KEY])
    assert rotated.open(box.seal(TOKEN)).reveal() == TOKEN  # an older key still opens
    assert TOKEN not in repr(box) and KEY not in repr(box)


def test_the_key_comes_from_the_environment_then_the_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    assert secretbox.available(environ={"HUMAS_SECRET_KEY": KEY}, files=[])
    with pytest.raises(secretbox.KeyProblem, match="belum diatur") as missing:
        secretbox.load(environ={}, files=[secrets])
    assert "HUMAS_SECRET_KEY" in missing.value.detail
    secrets.write_text(f'[humas]\nsecret_key = "{KEY}"\n')
    assert (
        secretbox.load(environ={}, files=[secrets])
        .open(secretbox.SecretBox([KEY]).seal("x"))
        .reveal()
        == "x"
    )
    with pytest.raises(secretbox.KeyProblem, match="tidak sah") as bad:
        secretbox.load(environ={"HUMAS_SECRET_KEY": "rahasia"}, files=[])
    assert "rahasia" not in bad.value.detail and "Fernet" in bad.value.detail
    secrets.write_text("[humas\n")
    with pytest.raises(secretbox.KeyProblem, match="tidak dapat dibaca"):
        secretbox.load(environ={}, files=[secrets])


# --- health ----------------------------------------------------------------------------------


def test_a_run_records_health_and_failing_starts_at_the_first_error(db, accounts):
    u = unit_id(db, KUPANG)
    channel = channel_store.add(db, SYSTEM, u, "website", "https://kupang.example.go.id")
    t0 = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    record = channel_store.RunRecord
    with write(db):
        channel_store.record_run(db, channel, record("{}", found=3, added=2, duplicates=1), now=t0)
    got = channel_store.get(db, SYSTEM, channel)
    assert (got.last_found, got.last_added, got.total_added) == (3, 2, 2)
    assert channel_store.status_of(got, t0) == channel_store.OK
    for hours in (1, 2, 26):
        with write(db):
            channel_store.record_run(
                db,
                channel,
                record("{}", error="Server sedang galat (HTTP 500).", error_code="server_error"),
                now=t0 + timedelta(hours=hours),
            )
    got = channel_store.get(db, SYSTEM, channel)
    assert got.failing_since == "2026-11-24T02:00:00Z"
    assert got.last_success_at == "2026-11-24T01:00:00Z"
    assert channel_store.status_of(got, t0 + timedelta(hours=2)) == channel_store.ERROR
    assert channel_store.status_of(got, t0 + timedelta(hours=26)) == channel_store.FAILING
    with write(db):
        channel_store.record_run(
            db, channel, record("{}", skips=[("p1", "Bertanggal di masa depan.")]), now=t0
        )
    got = channel_store.get(db, SYSTEM, channel)
    assert got.failing_since is None and got.last_error is None
    assert got.last_skips == (ChannelSkip(ref="p1", reason="Bertanggal di masa depan."),)


# --- collected and typed items -----------------------------------------------------------------


def collected(n, kind="berita_website", link=None):
    return Entry(
        day=TODAY,
        kind=kind,
        title=f"Terkumpul {n}",
        link=link or f"https://kupang.example.go.id/berita/{n}",
    )


def test_a_hand_entry_of_a_collected_link_is_refused_saying_so(db, accounts):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    item_batches.add_batch(db, SYSTEM, u, [collected(1)], source="otomatis")
    typed = item_batches.add_batch(db, op, u, [collected(1), collected(1, kind="berita_portal")])
    assert typed.summary() == "added 0, duplicates 2, rejected 0"
    assert all("terkumpul otomatis" in o.message for o in typed.duplicates)
    with pytest.raises(item_batches.BatchRejected):  # the form's all-or-nothing is unaffected
        item_batches.add_batch(db, op, u, [Entry(day=None, title="x")], all_or_nothing=True)
    other = item_batches.add_batch(
        db, op, u, [collected(2, kind="berita_portal")], all_or_nothing=True
    )
    with pytest.raises(item_edits.EntryInvalid, match="terkumpul otomatis"):
        item_edits.update(
            db, op, other.added[0].item_id, link="https://kupang.example.go.id/berita/1"
        )


def test_the_harvest_treats_a_typed_link_of_any_kind_as_known_and_never_revives_a_deletion(
    db, accounts
):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)
    typed = item_batches.add_batch(db, op, u, [collected(1, kind="berita_portal")])
    gone = item_batches.add_batch(db, SYSTEM, u, [collected(2)], source="otomatis")
    item_edits.delete(db, op, gone.added[0].item_id)
    again = item_batches.add_batch(
        db, SYSTEM, u, [collected(1), collected(2), collected(3)], source="otomatis"
    )
    assert again.summary() == "added 1, duplicates 2, rejected 0"
    assert again.duplicates[0].item_id == typed.added[0].item_id
    assert "Pernah dihapus" in again.duplicates[1].message
    assert counts(db) == recount(db)


def test_a_link_is_on_the_units_channel_only_where_channels_of_that_type_exist(db, accounts):
    u = unit_id(db, KUPANG)
    assert channel_store.channel_match(db, u, "berita_website", "https://x.go.id/a") is None
    channel_store.add(db, SYSTEM, u, "website", "https://www.kemenag.go.id/ntt")
    channel_store.add(db, SYSTEM, u, "facebook", "KemenagKupang")
    channel_store.add(db, SYSTEM, u, "tiktok", "@kemenagkupang")
    channel_store.add(db, SYSTEM, u, "instagram", "17841400")
    match = channel_store.channel_match
    assert match(db, u, "berita_website", "https://kemenag.go.id/ntt/berita/1") is True
    assert match(db, u, "berita_website", "https://kemenag.go.id/jatim/berita/1") is False
    assert match(db, u, "berita_website", "https://lain.go.id/ntt/berita/1") is False
    assert match(db, u, "medsos_facebook", "https://www.facebook.com/kemenagkupang/posts/1")
    assert match(
        db, u, "medsos_facebook", "https://www.facebook.com/permalink.php?id=kemenagkupang"
    )
    assert match(db, u, "medsos_facebook", "https://www.facebook.com/akunpribadi/posts/1") is False
    assert match(db, u, "medsos_tiktok", "https://www.tiktok.com/@kemenagkupang/video/9")
    ig = "https://www.instagram.com/p/Cx1/"
    assert match(db, u, "medsos_instagram", ig) is False  # no account in the link
    item_batches.add_batch(db, SYSTEM, u, [collected(1, "medsos_instagram", ig)], source="otomatis")
    assert match(db, u, "medsos_instagram", ig) is True  # collected from its channel
    assert match(db, u, "medsos_youtube", "https://youtu.be/x") is None
    assert match(db, u, "siaran_pers", "https://x.go.id") is None
