"""Channel readers against local fakes: what they find, where they stop, and every bad input."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from dashboard.net import posts as p
from dashboard.net.channels import read_channel
from dashboard.net.posts import ChannelState
from tests.fakes import documents
from tests.fakes.fixtures import fetcher_for
from tests.fakes.http import Reply
from tests.fakes.services import GraphFake, TikTokFake, WordPressSite, YouTubeFake

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
CHANNEL = "UC" + "a1B2c3D4e5F6g7H8i9J0kL"


def at(hours_ago: float) -> datetime:
    return NOW - timedelta(hours=hours_ago)


def read(server, channel_type, address, token=None, state=None, **kw):
    endpoints = kw.pop("endpoints", None)
    return read_channel(
        channel_type,
        address,
        token,
        state,
        fetcher=fetcher_for(server, **kw),
        endpoints=endpoints,
        now=NOW,
    )


# --- websites ----------------------------------------------------------------------------


def wp_posts(n: int) -> list[dict]:
    return [
        {
            "id": i,
            "title": f"Berita &#8211; ke-{i} <em>penting</em>",
            "link": f"https://kemenag.example/berita-{i}/?utm_source=wa",
            "date_gmt": at(i),
        }
        for i in range(1, n + 1)
    ]


def test_a_wordpress_site_is_found_and_read_page_by_page(fake_http):
    site = WordPressSite(fake_http, wp_posts(150))
    result = read(fake_http, "website", fake_http.url("/"))
    assert result.ok, result.error
    assert result.state.source == f"wordpress {fake_http.url('/wp-json/')}"
    assert len(result.posts) == 150
    newest = result.posts[0]
    assert (newest.title, newest.kind) == ("Berita – ke-1 penting", "berita_website")
    assert newest.link_key == "https://kemenag.example/berita-1"
    assert newest.published_at == at(1) and result.state.newest_at == at(1)
    pages = [r.query["page"] for r in fake_http.hits("/wp-json/wp/v2/posts") if "page" in r.query]
    assert pages == ["1", "2"]

    site.posts.append(
        {"id": 999, "title": "Baru", "link": "https://kemenag.example/baru", "date_gmt": at(0.5)}
    )
    again = read(fake_http, "website", fake_http.url("/"), state=result.state)
    asked = fake_http.hits("/wp-json/wp/v2/posts")[-1].query["after"]
    assert asked == "2026-11-24T08:00:00Z"  # the newest known post, a day back
    assert {x.title for x in again.posts} >= {"Baru"} and len(again.posts) == 25


def test_a_site_without_the_api_is_read_through_its_feed_link(fake_http):
    WordPressSite(fake_http, wp_posts(12), api=False)
    result = read(fake_http, "website", fake_http.url("/"))
    assert result.state.source == f"feed {fake_http.url('/feed')}"
    assert len(result.posts) == 10  # a feed holds the last ten


def test_a_feed_address_is_read_as_a_feed_with_conditional_requests(fake_http):
    body = documents.rss_feed(
        [{"title": "Satu", "link": "https://a.example/1", "published": at(2)}]
    )

    def feed(request):
        if request.headers.get("if-none-match") == '"f1"':
            return Reply(status=304)
        return Reply(body=body, content_type="application/rss+xml", headers={"ETag": '"f1"'})

    fake_http.route("/rss", feed)
    first = read(fake_http, "website", fake_http.url("/rss"))
    assert [x.title for x in first.posts] == ["Satu"] and first.state.etag == '"f1"'
    second = read(fake_http, "website", fake_http.url("/rss"), state=first.state)
    assert second.not_modified and second.posts == () and second.ok


def test_a_news_sitemap_is_found_when_there_is_no_feed(fake_http):
    fake_http.route("/", body=documents.html_page(title="Situs"), content_type="text/html")
    fake_http.route(
        "/robots.txt", body=f"User-agent: *\nAllow: /\nSitemap: {fake_http.url('/news.xml')}\n"
    )
    fake_http.route(
        "/news.xml",
        body=documents.news_sitemap(
            [
                {"loc": "https://a.example/x", "title": "Rakor Kemenag", "published": at(3)},
                {"loc": "https://a.example/y", "title": "Tanpa jam", "published": "2026-11-24"},
            ]
        ),
        content_type="application/xml",
    )
    result = read(fake_http, "website", fake_http.url("/"))
    assert result.state.source == f"sitemap {fake_http.url('/news.xml')}"
    assert [x.title for x in result.posts] == ["Rakor Kemenag", "Tanpa jam"]
    assert result.posts[1].local_date("Asia/Jayapura") == date(2026, 11, 24)
    assert result.posts[1].local_date("Asia/Jakarta") == date(2026, 11, 24)


def test_a_site_without_any_feed_is_a_clear_error(fake_http):
    fake_http.route("/", body=documents.html_page(title="Situs"), content_type="text/html")
    result = read(fake_http, "website", fake_http.url("/"))
    assert result.error.code == p.NOT_FOUND
    assert result.error.reason.startswith("Feed tidak ditemukan")


def test_robots_txt_is_obeyed(fake_http):
    WordPressSite(fake_http, wp_posts(3))
    fake_http.route("/robots.txt", body="User-agent: PantauHumas\nDisallow: /\n")
    result = read(fake_http, "website", fake_http.url("/"))
    assert result.error.code == p.ROBOTS and "robots.txt" in result.error.reason
    assert {r.path for r in fake_http.hits()} == {"/robots.txt"}


FEED_STATE = lambda server: ChannelState(source=f"feed {server.url('/rss')}")  # noqa: E731


@pytest.mark.parametrize(
    "reply, code, words",
    [
        (
            Reply(body=documents.html_page(title="Beranda"), content_type="text/html"),
            p.NOT_A_FEED,
            "bukan feed",
        ),
        (
            Reply(
                body=documents.rss_feed(
                    [{"title": "a", "link": "https://a.example/1", "published": NOW}]
                )[:-40]
            ),
            p.BROKEN_FEED,
            "terpotong",
        ),
        (Reply(status=500), p.SERVER_ERROR, "HTTP 500"),
        (Reply(status=404), p.NOT_FOUND, "tidak ditemukan"),
        (
            Reply(status=302, headers={"Location": "http://127.0.0.1:1/feed"}),
            p.UNSAFE,
            "jaringan internal",
        ),
        (Reply(body=b"x", length=50 * 1024 * 1024), p.TOO_LARGE, "5 MB"),
        (Reply(writer=lambda w: __import__("time").sleep(3)), p.NO_ANSWER, "tidak menjawab"),
    ],
)
def test_bad_feeds_are_channel_errors_and_the_state_stays(fake_http, reply, code, words):
    fake_http.route("/rss", reply)
    state = FEED_STATE(fake_http)
    short = {"total_s": 1.0} if code == p.NO_ANSWER else {}  # only where the deadline is the point
    result = read(fake_http, "website", fake_http.url("/"), state=state, **short)
    assert result.error.code == code and words in result.error.reason
    assert result.posts == ()
    assert result.state.etag == state.etag and result.state.newest_at == state.newest_at


def test_bad_posts_are_skipped_with_their_reason_and_captions_stay_text(fake_http):
    fake_http.route(
        "/rss",
        body=documents.rss_feed(
            [
                {"title": "Tanpa tautan", "link": None, "published": at(1)},
                {
                    "title": "Dari masa depan",
                    "link": "https://a.example/f",
                    "published": NOW + timedelta(days=1),
                },
                {"title": "Tanpa tanggal", "link": "https://a.example/t", "published": None},
                {
                    "title": "**Tebal** <script>alert(1)</script> [x](javascript:alert(1))",
                    "link": "https://a.example/ok",
                    "published": at(1),
                },
            ]
        ),
        content_type="application/rss+xml",
    )
    result = read(fake_http, "website", fake_http.url("/rss"), state=FEED_STATE(fake_http))
    assert sorted(s.code for s in result.skips) == ["future", "no_date", "no_permalink"]
    assert {s.reason for s in result.skips} >= {
        "Unggahan tanpa tautan permanen.",
        "Bertanggal di masa depan.",
    }
    # Kept as the text it is (pages show titles as text, never as Markdown or HTML).
    assert [x.title for x in result.posts] == [
        "**Tebal** <script>alert(1)</script> [x](javascript:alert(1))"
    ]


# --- YouTube --------------------------------------------------------------------------------


def test_a_youtube_channel_feed_gives_videos_with_views(fake_http):
    youtube = YouTubeFake(fake_http)
    youtube.channels[CHANNEL] = [
        {"id": "vid00000001", "title": "Kemenag Mengajar", "published": at(5), "views": 1234},
    ]
    result = read(fake_http, "youtube", CHANNEL, endpoints=youtube.endpoints())
    (video,) = result.posts
    assert (video.kind, video.link, video.source_id) == (
        "medsos_youtube",
        "https://www.youtube.com/watch?v=vid00000001",
        "vid00000001",
    )
    assert video.figures.reported() == {"views": 1234}
    again = read(fake_http, "youtube", CHANNEL, state=result.state, endpoints=youtube.endpoints())
    assert again.not_modified
    assert (
        read(
            fake_http, "youtube", "UCtidakada" + "x" * 14, endpoints=youtube.endpoints()
        ).error.code
        == p.NOT_FOUND
    )
    assert (
        read(fake_http, "youtube", "bukan-id", endpoints=youtube.endpoints()).error.code
        == p.BAD_ADDRESS
    )


# --- Graph API ------------------------------------------------------------------------------


def fb_rows(n: int) -> list[dict]:
    return [
        {
            "id": f"100_{i}",
            "created_time": at(i).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "permalink_url": f"https://www.facebook.com/kemenag/posts/{i}",
            "message": f"Kegiatan ke-{i}\nbaris kedua",
            "shares": {"count": i},
            "reactions": {"data": [], "summary": {"total_count": 10 * i}},
            "comments": {"data": [], "summary": {"total_count": 2}},
        }
        for i in range(1, n + 1)
    ]


def test_facebook_posts_page_by_cursor_and_stop_at_the_last_known_post(fake_http):
    graph = GraphFake(fake_http, page_size=4)
    graph.objects["1000"] = fb_rows(10)
    graph.insights["100_1"] = [{"name": "post_total_media_view_unique", "values": [{"value": 77}]}]
    graph.install()
    result = read(fake_http, "facebook", "1000", graph.token, endpoints=graph.endpoints())
    assert result.ok, result.error
    assert len(result.posts) == 10 and result.state.newest_id == "100_1"
    first = result.posts[0]
    assert first.title == "Kegiatan ke-1"
    assert first.figures.reported() == {"reactions": 10, "comments": 2, "shares": 1, "reach": 77}
    requests = fake_http.hits()
    assert all("access_token" not in r.target for r in requests)  # never follows `next`
    assert all(r.headers["authorization"] == f"Bearer {graph.token}" for r in requests)

    graph.objects["1000"] = [
        *fb_rows(0),
        {
            **fb_rows(1)[0],
            "id": "100_new",
            "created_time": at(0.2).strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "permalink_url": "https://www.facebook.com/kemenag/posts/new",
        },
        *fb_rows(10),
    ]
    graph.install()
    before = len(fake_http.hits("/v26.0/1000/posts"))
    again = read(
        fake_http, "facebook", "1000", graph.token, state=result.state, endpoints=graph.endpoints()
    )
    assert [x.source_id for x in again.posts] == ["100_new"]
    assert len(fake_http.hits("/v26.0/1000/posts")) - before == 1  # stopped on the first page


@pytest.mark.parametrize(
    "code, subcode, kind",
    [
        (190, 463, p.TOKEN_EXPIRED),
        (4, None, p.RATE_LIMITED),
        (17, None, p.RATE_LIMITED),
        (32, None, p.RATE_LIMITED),
        (10, None, p.PERMISSION),
        (100, 33, p.NOT_FOUND),
        (1, None, p.BAD_RESPONSE),
    ],
)
def test_graph_errors_are_classified(fake_http, code, subcode, kind):
    graph = GraphFake(fake_http)
    graph.objects["1000"] = fb_rows(2)
    graph.install()
    graph.fail(
        code,
        subcode=subcode,
        message="Error validating access token: Session has expired on Tuesday, 24-Nov-26 20:00:00 PST. The current time is Wednesday, 25-Nov-26 01:00:00 PST.",
    )
    result = read(fake_http, "facebook", "1000", graph.token, endpoints=graph.endpoints())
    assert result.error.code == kind and result.posts == ()
    if code == 190:
        assert result.error.reason.startswith("Token kedaluwarsa")
        assert result.token_expires_at == datetime(2026, 11, 25, 4, 0, tzinfo=UTC)


def test_instagram_media_with_captions_likes_and_insights(fake_http):
    graph = GraphFake(fake_http)
    graph.objects["17841400000000000"] = [
        {
            "id": "m1",
            "caption": "\n\nHari Santri 2026 🇮🇩\n#kemenag",
            "media_type": "IMAGE",
            "permalink": "https://www.instagram.com/p/ABC/?igsh=xyz",
            "timestamp": "2026-11-25T07:00:00+0000",
            "like_count": 321,
            "comments_count": 4,
        },
        {"id": "m2", "media_type": "IMAGE", "timestamp": "2026-11-25T06:00:00+0000"},
    ]
    graph.insights["m1"] = [
        {"name": "reach", "values": [{"value": 900}]},
        {"name": "views", "total_value": {"value": 1500}},
    ]
    graph.install()
    result = read(
        fake_http, "instagram", "17841400000000000", graph.token, endpoints=graph.endpoints()
    )
    (post,) = result.posts
    assert (post.title, post.kind, post.link_key) == (
        "Hari Santri 2026 🇮🇩",
        "medsos_instagram",
        "https://www.instagram.com/p/ABC",
    )
    assert post.figures.reported() == {"likes": 321, "comments": 4, "reach": 900, "views": 1500}
    assert [(s.ref, s.code) for s in result.skips] == [("m2", "no_permalink")]


def test_a_channel_without_a_token_or_with_a_bad_id_is_refused_without_a_request(fake_http):
    assert read(fake_http, "instagram", "1784", None).error.code == p.NO_TOKEN
    assert read(fake_http, "facebook", "../../me", "t").error.code == p.BAD_ADDRESS
    assert fake_http.requests == []


# --- TikTok -------------------------------------------------------------------------------


def tiktok_videos(n: int) -> list[dict]:
    return [
        {
            "id": f"73{i:04d}",
            "create_time": int(at(i).timestamp()),
            "share_url": f"https://www.tiktok.com/@kemenag/video/73{i:04d}?utm_campaign=tt4d",
            "title": "" if i == 2 else f"Video {i}",
            "video_description": f"Deskripsi {i}\n#kemenag",
            "view_count": 100 * i,
            "like_count": i,
            "comment_count": 0,
            "share_count": 1,
        }
        for i in range(1, n + 1)
    ]


def test_tiktok_videos_page_by_cursor_and_stop_at_the_last_known(fake_http):
    tiktok = TikTokFake(fake_http, page_size=3)
    tiktok.videos = tiktok_videos(7)
    result = read(fake_http, "tiktok", "", tiktok.token, endpoints=tiktok.endpoints())
    assert len(result.posts) == 7
    assert [x.title for x in result.posts[:2]] == ["Video 1", "Deskripsi 2"]
    assert result.posts[0].figures.reported() == {
        "views": 100,
        "likes": 1,
        "comments": 0,
        "shares": 1,
    }
    assert result.posts[0].link_key == "https://www.tiktok.com/@kemenag/video/730001"
    assert [r.json().get("cursor") for r in fake_http.hits()] == [None, 3, 6]
    tiktok.videos = tiktok_videos(7)
    again = read(
        fake_http, "tiktok", "", tiktok.token, state=result.state, endpoints=tiktok.endpoints()
    )
    assert again.posts == () and len(fake_http.hits()) == 4


@pytest.mark.parametrize(
    "error, status, kind",
    [
        ("access_token_invalid", 401, p.TOKEN_EXPIRED),
        ("rate_limit_exceeded", 429, p.RATE_LIMITED),
        ("scope_not_authorized", 401, p.PERMISSION),
        ("internal_error", 500, p.SERVER_ERROR),
    ],
)
def test_tiktok_errors_are_classified(fake_http, error, status, kind):
    tiktok = TikTokFake(fake_http)
    tiktok.error_code, tiktok.status = error, status
    result = read(fake_http, "tiktok", "", tiktok.token, endpoints=tiktok.endpoints())
    assert result.error.code == kind


def test_garbage_from_an_api_is_a_channel_error(fake_http):
    graph = GraphFake(fake_http)
    graph.objects["1000"] = fb_rows(1)
    graph.install()
    fake_http.route("/v26.0/1000/posts", Reply(json={"data": "bukan daftar"}))
    assert (
        read(fake_http, "facebook", "1000", graph.token, endpoints=graph.endpoints()).error.code
        == p.BAD_RESPONSE
    )
    fake_http.route("/v26.0/1000/posts", Reply(body="<html>"))
    assert (
        read(fake_http, "facebook", "1000", graph.token, endpoints=graph.endpoints()).error.code
        == p.BAD_RESPONSE
    )


def test_tokens_appear_in_no_result_error_or_log_line(fake_http, caplog):
    caplog.set_level(logging.DEBUG)
    graph = GraphFake(fake_http)
    graph.objects["1000"] = fb_rows(3)
    graph.install()
    tiktok = TikTokFake(fake_http)
    tiktok.videos = tiktok_videos(2)
    outputs = []
    for code in (None, 190, 4):
        if code:
            graph.fail(code)
        outputs.append(
            read(fake_http, "facebook", "1000", graph.token, endpoints=graph.endpoints())
        )
    outputs.append(read(fake_http, "tiktok", "", tiktok.token, endpoints=tiktok.endpoints()))
    tiktok.error_code, tiktok.status = "access_token_invalid", 401
    outputs.append(read(fake_http, "tiktok", "", tiktok.token, endpoints=tiktok.endpoints()))
    text = "\n".join(
        [repr(o) + str(o.error) for o in outputs] + [r.getMessage() for r in caplog.records]
    )
    assert graph.token not in text and tiktok.token not in text
    assert any(o.error and o.error.code == p.TOKEN_EXPIRED for o in outputs)


def test_the_same_instant_is_the_right_local_date_in_wib_and_wit(fake_http):
    fake_http.route(
        "/rss",
        body=documents.rss_feed(
            [
                {
                    "title": "Malam",
                    "link": "https://a.example/m",
                    "published": datetime(2026, 11, 24, 16, 30, tzinfo=UTC),
                },
            ]
        ),
        content_type="application/rss+xml",
    )
    (post,) = read(fake_http, "website", fake_http.url("/rss")).posts
    assert post.local_date("Asia/Jakarta") == date(2026, 11, 24)  # 23.30 WIB
    assert post.local_date("Asia/Jayapura") == date(2026, 11, 25)  # 01.30 WIT


def test_the_state_survives_its_json_form():
    state = ChannelState(
        etag='"x"',
        last_modified="Wed, 25 Nov 2026 01:00:00 GMT",
        newest_at=at(1),
        newest_id="100_1",
        source="feed https://a.example/feed",
    )
    assert ChannelState.from_json(state.to_json()) == state
    assert ChannelState.from_json(None) == ChannelState()
