"""Hostile answers (the project's corpus: bombs, truncated XML, binary, wrong encodings, markup)
served to every reader and to page inspection: never an exception, never a control character
in a title, and a refused answer is a channel error with a reason."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest

from dashboard.net import posts as p
from dashboard.net.channels import read_channel
from dashboard.net.fetch import Fetcher, FetchError, Policy
from dashboard.net.pages import inspect_page
from dashboard.net.posts import ChannelState
from tests.fakes.fixtures import fetcher_for
from tests.fakes.http import Reply
from tests.fakes.services import _endpoints
from tests.hostile.corpus import URLS, files

NOW = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
FILES = files()


def clean(result: p.ReadResult) -> None:
    for post in result.posts:
        assert not any(unicodedata.category(c) == "Cc" for c in post.title), post.title
        assert post.title and len(post.title) <= 500
    if result.error:
        assert result.error.reason and result.posts == () or result.error.code
    assert result.ok or result.error.code in {
        p.NOT_A_FEED,
        p.BROKEN_FEED,
        p.BAD_RESPONSE,
        p.NOT_FOUND,
        p.TOO_LARGE,
    }, result.error


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_hostile_answer_to_every_reader(fake_http, name):
    body, _ = FILES[name]
    for path in ("/rss", "/sitemap", "/v26.0/1/posts", "/v26.0/1/media", "/v2/video/list/"):
        fake_http.route(path, Reply(body=body, content_type="application/xml"))
        fake_http.route(path, Reply(body=body, content_type="application/json"), method="POST")
    fetcher, endpoints = fetcher_for(fake_http), _endpoints(fake_http)
    states = {
        "feed": ChannelState(source=f"feed {fake_http.url('/rss')}"),
        "sitemap": ChannelState(source=f"sitemap {fake_http.url('/sitemap')}"),
    }
    for state in states.values():
        clean(read_channel("website", fake_http.url("/"), None, state, fetcher=fetcher, now=NOW))
    for kind, address in (("facebook", "1"), ("instagram", "1"), ("tiktok", "")):
        clean(
            read_channel(
                kind, address, "token", None, fetcher=fetcher, endpoints=endpoints, now=NOW
            )
        )
    fake_http.route("/page", Reply(body=body, content_type="text/html"))
    check = inspect_page(fake_http.url("/page"), fetcher=fetcher, now=NOW)
    assert check.outcome == "ok"
    assert check.title is None or not any(
        unicodedata.category(c) == "Cc" and c not in "\t" for c in check.title
    )


def test_the_texts_feed_keeps_every_title_as_text(fake_http):
    body, _ = FILES["rss_texts.xml"]
    fake_http.route("/rss", Reply(body=body, content_type="application/rss+xml"))
    result = read_channel(
        "website", fake_http.url("/rss"), None, fetcher=fetcher_for(fake_http), now=NOW
    )
    assert result.ok and len(result.posts) >= 10
    assert any("<script>" in post.title for post in result.posts)  # text, shown escaped by pages


@pytest.mark.parametrize("name", sorted(URLS))
def test_every_hostile_address_is_refused_before_any_connection(name, monkeypatch):
    import socket

    def no_dns(host, port):
        raise socket.gaierror(-2, "no DNS in tests")

    def no_connection(*args, **kwargs):
        raise AssertionError("no connection may be made")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    fetcher = Fetcher(
        policy=Policy(host_interval_s=0),
        resolver=lambda h, p: ["127.0.0.1"] if h in ("localhost",) else no_dns(h, p),
    )
    with pytest.raises(FetchError) as caught:
        fetcher.get(URLS[name])
    assert caught.value.code in {"bad_url", "unsafe_address", "no_such_host"}, caught.value


def test_a_feed_declaring_entities_is_refused_before_parsing():
    from dashboard.net.website import parse_feed

    for name in ("rss_entity_bomb.xml", "rss_external_entity.xml"):
        refused = parse_feed(FILES[name][0])
        assert isinstance(refused, p.ChannelError) and refused.code == p.BROKEN_FEED
    rss091 = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>a</title><item><title>b</title><link>https://a.example/b</link></item></channel></rss>"
    )
    assert not isinstance(parse_feed(rss091), p.ChannelError)
