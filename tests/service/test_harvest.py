"""The harvest against local fakes of every channel type: what it collects, what it refuses,
what it records, and that nothing else changes."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict
from datetime import date, datetime, timedelta

import pytest

from dashboard import secretbox
from dashboard.entries import Entry
from dashboard.net import posts as p
from dashboard.service import channels as channel_service
from dashboard.service import harvest as harvest_service
from dashboard.store import audit
from dashboard.store import channels as channel_store
from dashboard.store import outtakes as outtake_store
from dashboard.store.access import SYSTEM
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits
from dashboard.store.items import reads as item_reads
from tests.backends import dump_text, is_postgres
from tests.conftest import principal, unit_id
from tests.fakes import documents
from tests.fakes.channels import (
    GRAPH_TOKEN,
    NOW,
    PAGE_ID,
    TIKTOK_TOKEN,
    at,
    graph_time,
)
from tests.fakes.fixtures import fetcher_for
from tests.fakes.http import Reply
from tests.fakes.services import WordPressSite
from tests.store.test_items import counts, recount

KUPANG, JAYAPURA, JATIM = "kankemenag-kota-kupang", "kankemenag-kota-jayapura", "kanwil-jatim"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", NOW.isoformat())


def register_all(db, world, unit_code=KUPANG, who=SYSTEM) -> dict[str, int]:
    u = unit_id(db, unit_code)
    return {
        kind: channel_service.add_channel(db, who, u, kind, address, token)
        for kind, (address, token) in world.registrations().items()
    }


def run(db, world, **kw):
    kw.setdefault("fetchers", world.fetchers())
    kw.setdefault("now", NOW)
    return harvest_service.harvest(db, endpoints=world.endpoints(), **kw)


def items_of(db, code=KUPANG):
    return db.conn.execute(
        "SELECT kind, title, link, day, source, published_at FROM items "
        "WHERE unit_id = ? AND deleted = 0 ORDER BY kind, published_at",
        (unit_id(db, code),),
    ).fetchall()


def test_every_channel_type_is_collected_once_with_its_figures(db, channel_world):
    ids = register_all(db, channel_world)
    report = run(db, channel_world)
    by_type = {c.type: c for c in report.channels}
    assert {t: (c.found, c.added, c.error) for t, c in by_type.items()} == {
        "website": (3, 3, None),
        "youtube": (1, 1, None),
        "facebook": (2, 2, None),
        "instagram": (1, 1, None),
        "tiktok": (1, 1, None),
    }
    assert report.added == 8
    found = items_of(db)
    assert {row[4] for row in found} == {"otomatis"}
    kinds = [row[0] for row in found]
    assert kinds.count("berita_website") == 3 and kinds.count("medsos_facebook") == 2
    # Titles: an article's title, a caption's first line, Markdown kept as text.
    titles = {row[1] for row in found}
    assert {"Berita Kupang 1", "Unggahan Facebook 1", "Liputan Rakor", "Video TikTok"} <= titles
    assert "**Tebal** <b>Instagram</b> [tautan](javascript:alert(1))" in titles
    # The unit's own calendar: 05.30Z less 5 hours is 08.30 WITA on the 25th.
    assert {row[3] for row in found} == {"2026-11-25"}
    assert counts(db) == recount(db)
    # Out-takes: what each channel reports, never counted as output.
    figures = {
        (o.link_key, o.metric): o.value
        for o in outtake_store.for_unit(db, SYSTEM, unit_id(db, KUPANG))
    }
    assert figures[("https://www.instagram.com/p/Cab1", "reach")] == 300
    assert figures[("https://www.instagram.com/p/Cab1", "likes")] == 55
    assert figures[("https://www.tiktok.com/@kemenagkupang/video/tt1", "views")] == 900
    assert figures[("https://www.facebook.com/kemenagkupang/posts/2", "reactions")] == 20
    assert figures[("https://www.youtube.com/watch?v=vid00000001", "views")] == 40
    # Each item's creation is audited, by the harvest itself.
    created = [r for r in audit.recent(db, limit=100) if r.entity == "item"]
    assert len(created) == 8 and {r.actor for r in created} == {"otomatis"}
    # Health.
    for channel_id in ids.values():
        got = channel_store.get(db, SYSTEM, channel_id)
        assert got.last_success_at == "2026-11-25T05:30:00Z" and got.last_error is None
        assert channel_store.status_of(got, NOW) == channel_store.OK


def test_a_second_harvest_adds_nothing(db, channel_world):
    register_all(db, channel_world)
    run(db, channel_world)
    before = (items_of(db), counts(db), len(audit.recent(db, limit=1000)))
    again = run(db, channel_world)
    assert again.added == 0 and again.failed == 0
    assert (items_of(db), counts(db)) == before[:2]
    created = [r for r in audit.recent(db, limit=1000) if r.entity == "item"]
    assert len(created) == 8
    # The next run of the day (no figures refresh due) asks each source from where it stopped.
    later = run(db, channel_world, now=NOW + timedelta(minutes=30))
    assert later.added == 0 and items_of(db) == before[0]


def test_a_wit_and_a_wib_unit_get_their_own_dates_for_the_same_instant(db, fake_servers):
    instant = datetime(2026, 11, 24, 15, 30, tzinfo=NOW.tzinfo)  # 22.30 WIB, 00.30 WIT next day
    sites = {}
    for code in (JAYAPURA, JATIM):
        server = fake_servers()
        WordPressSite(
            server,
            [
                {
                    "id": 1,
                    "title": "Tengah malam",
                    "link": f"https://{code}.example/1",
                    "date_gmt": instant,
                }
            ],
        )
        sites[code] = server
        channel_store.add(db, SYSTEM, unit_id(db, code), "website", server.url("/"))
    fetcher = fetcher_for(*sites.values())
    report = harvest_service.harvest(db, fetchers={"website": fetcher, "api": fetcher}, now=NOW)
    assert report.added == 2
    assert [row[3] for row in items_of(db, JAYAPURA)] == ["2026-11-25"]
    assert [row[3] for row in items_of(db, JATIM)] == ["2026-11-24"]
    assert items_of(db, JAYAPURA)[0][5] == items_of(db, JATIM)[0][5] == "2026-11-24T15:30:00Z"


def test_typed_and_imported_links_are_not_collected_again_and_typing_a_collected_one_is_refused(
    db, accounts, channel_world
):
    op = principal(db, "op.kupang")
    u = unit_id(db, KUPANG)

    def one(who, kind, title, link, **kw):
        entry = Entry(day=date(2026, 11, 25), kind=kind, title=title, link=link)
        return item_batches.add_batch(db, who, u, [entry], **kw)

    # Entered by hand as another kind, and imported: still the same posts.
    typed = one(
        op, "berita_portal", "Diketik", "https://kemenag-kupang.example/berita-1/?utm_source=wa"
    )
    one(
        SYSTEM,
        "medsos_facebook",
        "Diimpor",
        "https://www.facebook.com/kemenagkupang/posts/1",
        source="meta",
    )
    register_all(db, channel_world)
    report = run(db, channel_world)
    by_type = {c.type: c for c in report.channels}
    assert (by_type["website"].added, by_type["website"].duplicates) == (2, 1)
    assert (by_type["facebook"].added, by_type["facebook"].duplicates) == (1, 1)
    assert item_reads.get(db, op, typed.added[0].item_id).title == "Diketik"
    # A person typing a collected link afterwards: refused, saying it was collected.
    later = one(
        op, "medsos_tiktok", "Video saya", "https://www.tiktok.com/@kemenagkupang/video/tt1"
    )
    assert later.summary() == "added 0, duplicates 1, rejected 0"
    assert "terkumpul otomatis" in later.duplicates[0].message


def test_posts_people_deleted_are_not_collected_again(db, accounts, channel_world):
    ids = register_all(db, channel_world)
    run(db, channel_world, channel_ids=[ids["website"]])
    op = principal(db, "op.kupang")
    first = item_reads.on_day(db, op, unit_id(db, KUPANG), date(2026, 11, 25))[0]
    item_edits.delete(db, op, first.id)
    # A feed keeps offering its last posts: read the whole site again from the start.
    db.conn.execute("UPDATE channels SET state = '{}' WHERE id = ?", (ids["website"],))
    again = run(db, channel_world, channel_ids=[ids["website"]])
    assert again.channels[0].added == 0 and again.channels[0].duplicates == 3


# --- bad input: each a recorded channel error or a skipped post, the rest runs ----------------


def _stored(db):
    return (
        items_of(db),
        counts(db),
        db.conn.execute("SELECT count(*) FROM outtakes").fetchone()[0],
    )


def _streamed(size_mb: int):
    def write(wfile):
        wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>")
        chunk = b"x" * (1024 * 1024)
        for _ in range(size_mb):
            wfile.write(chunk)

    return write


FEED = documents.rss_feed(
    [{"title": "Satu", "link": "https://situs.example/1", "published": at(1)}]
)


@pytest.mark.parametrize(
    "reply, code, words",
    [
        (
            Reply(body=documents.html_page(title="Beranda"), content_type="text/html"),
            "not_a_feed",
            "bukan feed",
        ),
        (Reply(body=FEED[:-40], content_type="application/rss+xml"), "broken_feed", "terpotong"),
        (Reply(status=500), "server_error", "HTTP 500"),
        (Reply(writer=lambda w: time.sleep(3)), "no_answer", "tidak menjawab"),
        (
            Reply(status=302, headers={"Location": "http://127.0.0.1:1/feed"}),
            "unsafe_address",
            "jaringan internal",
        ),
        (Reply(body=b"x", length=50 * 1024 * 1024), "too_large", "5 MB"),
        (Reply(writer=_streamed(50)), "too_large", "5 MB"),
    ],
    ids=["html", "truncated", "500", "silent", "redirect-inside", "declared-50mb", "streamed-50mb"],
)
def test_a_feed_that_goes_bad_is_a_recorded_error_and_nothing_stored_changes(
    db, channel_world, fake_servers, reply, code, words
):
    feed_server = fake_servers()
    feed_server.route("/rss", body=FEED, content_type="application/rss+xml")
    u = unit_id(db, KUPANG)
    bad = channel_store.add(db, SYSTEM, u, "website", feed_server.url("/rss"))
    good = channel_service.add_channel(db, SYSTEM, u, "tiktok", "@kemenagkupang", TIKTOK_TOKEN)
    fetchers = channel_world.fetchers()
    fetcher = fetcher_for(feed_server, *channel_world.servers, total_s=1.0)
    first = run(db, channel_world, fetchers={"website": fetcher, "api": fetchers["api"]})
    assert [c.added for c in first.channels] == [1, 1]
    state = channel_store.to_harvest(db, [u])[0].state
    feed_server.route("/rss", reply)
    channel_world.tiktok.videos.insert(
        0,
        {
            "id": "tt2",
            "create_time": int(at(0.5).timestamp()),
            "share_url": "https://www.tiktok.com/@kemenagkupang/video/tt2",
            "title": "Video baru",
        },
    )
    before = _stored(db)
    later = run(
        db,
        channel_world,
        now=NOW + timedelta(minutes=30),
        fetchers={"website": fetcher, "api": fetchers["api"]},
    )
    outcome = {c.id: c for c in later.channels}
    assert outcome[bad].error_code == code and words in outcome[bad].error
    assert outcome[bad].line() == f"{bad} {KUPANG} website: error: {outcome[bad].error}"
    assert outcome[good].added == 1 and outcome[good].error is None  # the others still run
    after = _stored(db)
    assert (
        after[0] == sorted([*before[0], after[0][-1]], key=lambda r: (r[0], r[5]))
        and len(after[0]) == len(before[0]) + 1
    )
    got = channel_store.get(db, SYSTEM, bad)
    assert got.last_error == outcome[bad].error and got.failing_since
    # The failed read kept the channel's position: the next good read starts where it was.
    stored_state = next(c for c in channel_store.to_harvest(db, [u]) if c.id == bad).state
    assert (
        p.ChannelState.from_json(stored_state).newest_at
        == p.ChannelState.from_json(state).newest_at
    )


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (190, "token_expired", "kedaluwarsa"),
        (4, "rate_limited", "Batas permintaan"),
        (17, "rate_limited", "Batas permintaan"),
        (32, "rate_limited", "Batas permintaan"),
    ],
)
def test_graph_errors_are_recorded_and_an_expiry_the_api_states_is_kept(
    db, channel_world, code, kind, words
):
    ids = register_all(db, channel_world)
    channel_world.graph.fail(
        code,
        message="Error validating access token: Session has expired on Tuesday, 24-Nov-26 20:00:00 PST.",
    )
    report = run(db, channel_world, channel_ids=[ids["facebook"]])
    outcome = report.channels[0]
    assert outcome.error_code == kind and words in outcome.error and outcome.added == 0
    got = channel_store.get(db, SYSTEM, ids["facebook"])
    assert got.last_error == outcome.error
    if code == 190:
        assert got.token_expires_at == "2026-11-25T04:00:00Z"
    assert items_of(db) == []


def test_posts_without_a_permalink_or_from_the_future_are_skipped_with_their_reason(
    db, channel_world
):
    channel_world.graph.objects[PAGE_ID] = [
        {"id": "f1", "created_time": graph_time(at(1)), "message": "Tanpa tautan"},
        {
            "id": "f2",
            "created_time": graph_time(NOW + timedelta(days=1)),
            "permalink_url": "https://www.facebook.com/kemenagkupang/posts/f2",
            "message": "Besok",
        },
        {
            "id": "f3",
            "created_time": graph_time(at(2)),
            "permalink_url": "https://www.facebook.com/kemenagkupang/posts/f3",
            "message": '=HYPERLINK("http://x") <script>alert(1)</script>',
        },
    ]
    channel_world.graph.install()
    ids = register_all(db, channel_world)
    outcome = run(db, channel_world, channel_ids=[ids["facebook"]]).channels[0]
    assert (outcome.found, outcome.added, outcome.skipped, outcome.error) == (1, 1, 2, None)
    got = channel_store.get(db, SYSTEM, ids["facebook"])
    assert {s.reason for s in got.last_skips} == {
        "Unggahan tanpa tautan permanen.",
        "Bertanggal di masa depan.",
    }
    # The caption is kept as text (its leading formula sign dropped): pages show it as text.
    assert items_of(db)[0][1] == 'HYPERLINK("http://x") <script>alert(1)</script>'


def test_a_missing_key_or_token_fails_only_those_channels(db, channel_world, monkeypatch):
    ids = register_all(db, channel_world)
    monkeypatch.delenv("HUMAS_SECRET_KEY")
    monkeypatch.setattr(secretbox, "secrets_files", lambda: [])
    report = run(db, channel_world)
    errors = {c.type: c.error_code for c in report.channels}
    assert errors == {
        "website": None,
        "youtube": None,
        "facebook": "no_key",
        "instagram": "no_key",
        "tiktok": "no_key",
    }
    channel_store.set_token(db, SYSTEM, ids["tiktok"], None)
    monkeypatch.setenv("HUMAS_SECRET_KEY", secretbox.Fernet.generate_key().decode())
    report = run(db, channel_world)
    errors = {c.type: c.error_code for c in report.channels}
    assert errors["tiktok"] == "no_token" and errors["facebook"] == "token_unreadable"


def test_a_later_page_failing_keeps_the_posts_read_before_it(db, channel_world):
    channel_world.graph.page_size = 1
    ids = register_all(db, channel_world)
    calls = {"n": 0}
    original = channel_world.graph.edge

    def second_page_fails(request):
        calls["n"] += 1
        if calls["n"] == 2:
            return Reply(status=500)
        return original(request)

    for edge in ("posts", "media"):
        channel_world.graph_server.route(f"/v26.0/{PAGE_ID}/{edge}", second_page_fails)
    outcome = run(db, channel_world, channel_ids=[ids["facebook"]]).channels[0]
    assert outcome.error_code == "server_error" and outcome.added == 1
    again = run(db, channel_world, channel_ids=[ids["facebook"]]).channels[0]
    assert (again.added, again.duplicates, again.error) == (1, 1, None)


def test_figures_grow_once_a_day_without_adding_items(db, channel_world):
    ids = register_all(db, channel_world)
    run(db, channel_world)
    channel_world.tiktok.videos[0]["view_count"] = 5000
    u = unit_id(db, KUPANG)
    link = "https://www.tiktok.com/@kemenagkupang/video/tt1"

    def views():
        return next(
            o.value
            for o in outtake_store.for_unit(db, SYSTEM, u)
            if o.link_key == link and o.metric == "views"
        )

    run(db, channel_world, now=NOW + timedelta(hours=1))
    assert views() == 900  # read from the newest post on: the old one is not asked again
    report = run(db, channel_world, now=NOW + timedelta(hours=25))
    assert views() == 5000 and report.added == 0
    state = p.ChannelState.from_json(channel_store.to_harvest(db, [u])[-1].state)
    assert state.newest_at is not None
    got = channel_store.get(db, SYSTEM, ids["tiktok"])
    assert got.figures_at == "2026-11-26T06:30:00Z"


def test_the_time_budget_or_a_stop_leaves_the_rest_for_the_next_run_first(db, channel_world):
    register_all(db, channel_world)
    report = run(db, channel_world, budget_s=0)
    assert report.channels == [] and report.left == 5 and "5 left" in report.summary()
    stop = threading.Event()
    stop.set()
    assert run(db, channel_world, stop=stop).left == 5
    first = run(db, channel_world, readers=1, budget_s=3600)
    assert len(first.channels) == 5
    order = [c.id for c in channel_store.to_harvest(db)]
    assert order == sorted(order)  # all read in this run: by id
    db.conn.execute(
        "UPDATE channels SET last_run_at = '2026-11-20T00:00:00Z' WHERE id = ?", (order[-1],)
    )
    assert channel_store.to_harvest(db)[0].id == order[-1]  # longest unread first


def test_no_token_appears_in_any_result_log_or_audit_entry(db, db_path, channel_world, caplog):
    caplog.set_level(logging.DEBUG)
    register_all(db, channel_world)
    channel_world.graph.fail(190, message="Invalid OAuth access token EAAB-rahasia-halaman")
    report = run(db, channel_world)
    texts = [
        json.dumps(report.as_json()),
        "\n".join(c.line() for c in report.channels),
        repr(report),
        caplog.text,
        json.dumps([asdict(e) for e in audit.recent(db, limit=1000)]),
        json.dumps(channel_store.for_units(db, SYSTEM), default=str),
    ]
    texts.append(dump_text(db))
    if not is_postgres(db):  # the file itself, what a dump does not show (free pages, the WAL)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        texts.append(db_path.read_bytes().decode("latin-1"))
    for token in (GRAPH_TOKEN, TIKTOK_TOKEN):
        assert all(token not in text for text in texts)


@pytest.mark.parametrize(
    "address",
    [
        "http://10.0.0.1/",
        "http://127.0.0.1:8501/",
        "https://[::ffff:127.0.0.1]/",
        "http://x.local/",
    ],
)
def test_an_internal_website_is_refused_when_registered(db, address):
    with pytest.raises(channel_store.ChannelInvalid, match="jaringan internal"):
        channel_service.add_channel(db, SYSTEM, unit_id(db, KUPANG), "website", address)
    assert channel_store.for_units(db, SYSTEM) == []


def test_a_listed_local_host_may_be_registered(db, fake_http):
    channel_service.add_channel(db, SYSTEM, unit_id(db, KUPANG), "website", fake_http.url("/"))
    assert len(channel_store.for_units(db, SYSTEM)) == 1
