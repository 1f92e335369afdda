"""The URL importer (`humas import URL`, Impor Data) goes through the safe fetcher.

Two findings of issue 18 (item 4) reproduced against a local fake server:
DNS rebinding (the name is checked with one answer, then connected with
another) and a server dripping a byte every few seconds past the deadline.
"""

from __future__ import annotations

import socket

import pytest

from dashboard import ingest
from dashboard.cli import main
from dashboard.ingest import remote
from dashboard.net import guard
from tests.conftest import app_as
from tests.fakes.fixtures import fetcher_for, refuse_outside_connections
from tests.fakes.http import Reply
from tests.ingest.conftest import fixture_bytes

PUBLIC = "93.184.215.14"
FEED = fixture_bytes("rss-website.xml")


def test_dns_rebinding_cannot_steer_the_import_into_the_server(fake_http, monkeypatch):
    """The first answer (public) is checked; a later one (127.0.0.1) must never be used."""
    fake_http.route("/feed", body=FEED, content_type="application/rss+xml")
    real_getaddrinfo = socket.getaddrinfo
    answers = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers.append(host)
        address = PUBLIC if len(answers) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    asked = refuse_outside_connections(monkeypatch)
    with pytest.raises(ingest.Unreadable, match="tidak menjawab"):
        remote.fetch(f"http://rebind.example:{fake_http.port}/feed")
    assert fake_http.requests == []  # the internal server never saw the request
    assert asked == [(PUBLIC, fake_http.port)]
    assert answers == ["rebind.example"]  # looked up once


def test_a_dripping_server_is_cut_off_at_the_total_deadline(fake_http):
    """A byte every 0.4 s is within every read timeout; the whole feed would take minutes."""
    fake_http.route("/feed", Reply(body=FEED, drip=(1, 0.4), content_type="application/rss+xml"))
    with pytest.raises(ingest.Unreadable, match="tidak menjawab dalam 1 detik"):
        remote.fetch(fake_http.url("/feed"), fetcher=fetcher_for(fake_http, total_s=1.0))
    assert fake_http.hits("/feed")


def test_a_feed_on_an_allowed_server_is_read(fake_http):
    fake_http.route("/feed", body=FEED, content_type="application/rss+xml")
    assert (
        remote.fetch(fake_http.url("/feed")) == FEED
    )  # HUMAS_FETCH_ALLOW_HOSTS set by the fixture
    assert fake_http.hits("/feed")[0].headers["user-agent"].startswith("PantauHumas/")


@pytest.mark.parametrize(
    "reply, message",
    [
        (Reply(status=404), "HTTP 404"),
        (Reply(status=302, headers={"Location": "http://127.0.0.1:9/x"}), "jaringan internal"),
        (Reply(body=b"x" * 10, length=6 * 1024 * 1024), "lebih besar dari 5 MB"),
    ],
)
def test_bad_answers_are_one_indonesian_line(fake_http, reply, message):
    fake_http.route("/feed", reply)
    with pytest.raises(ingest.Unreadable, match=message):
        remote.fetch(fake_http.url("/feed"))


def test_the_command_imports_from_an_allowed_server_and_refuses_an_internal_one(
    fake_http, db_path, capsys, monkeypatch
):
    fake_http.route("/feed", body=FEED, content_type="application/rss+xml")
    code = main(
        ["import", fake_http.url("/feed"), "--unit", "kankemenag-kota-kupang", "--db", str(db_path)]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (0, "added 3, duplicates 0, rejected 0\n")
    monkeypatch.delenv(guard.ENV_ALLOW)
    code = main(
        ["import", fake_http.url("/feed"), "--unit", "kankemenag-kota-kupang", "--db", str(db_path)]
    )
    out, err = capsys.readouterr()
    assert code == 2
    assert "jaringan internal" in err and len(err.strip().splitlines()) == 1
    assert len(fake_http.hits("/feed")) == 1


def fetch_on_the_page(at, url):
    at.segmented_control(key="import_source").set_value("url").run()
    at.text_input(key="import_url").input(url)
    next(b for b in at.button if b.label == "Ambil umpan").click().run()
    assert not at.exception, at.exception
    return at


def test_the_import_page_fetches_a_feed_through_the_safe_fetcher(fake_http, db, accounts):
    fake_http.route("/feed", body=FEED, content_type="application/rss+xml")
    at = fetch_on_the_page(app_as(db, "op.kupang", page="views/imports.py"), fake_http.url("/feed"))
    assert {m.label: m.value for m in at.metric}["Akan ditambahkan"] == "3"


def test_the_import_page_refuses_an_internal_address_in_indonesian(
    fake_http, db, accounts, monkeypatch
):
    fake_http.route("/feed", body=FEED, content_type="application/rss+xml")
    monkeypatch.delenv(guard.ENV_ALLOW)
    at = fetch_on_the_page(app_as(db, "admin", page="views/imports.py"), fake_http.url("/feed"))
    assert [e.value.replace("\\", "") for e in at.error] == [  # as shown, Markdown unescaped
        "Umpan tidak dapat diambil: Alamat ini menuju jaringan internal, bukan situs publik; "
        "ditolak."
    ]
    assert fake_http.requests == []


def test_a_refused_fetch_does_not_leave_the_previous_feeds_preview_on_the_page(
    fake_http, db, accounts
):
    """After a feed was previewed, a refused address must not keep that preview (and its
    'Simpan' button) under the refusal, as if it belonged to the new address."""
    fake_http.route("/feed", body=FEED, content_type="application/rss+xml")
    at = fetch_on_the_page(app_as(db, "op.kupang", page="views/imports.py"), fake_http.url("/feed"))
    assert at.metric and any(b.key == "import_commit" for b in at.button)
    at = fetch_on_the_page(at, "http://127.0.0.1:1/feed")
    assert [e.value.startswith("Umpan tidak dapat diambil") for e in at.error] == [True]
    assert not at.metric
    assert not any(b.key == "import_commit" for b in at.button)
