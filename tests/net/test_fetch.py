"""The safe fetcher against local fake servers: addresses, rebinding, deadlines, sizes, redirects."""

from __future__ import annotations

import gzip
import socket
import ssl

import pytest

from dashboard.net import guard
from dashboard.net.fetch import MB, Fetcher, FetchError, Policy, Validators
from dashboard.net.ratelimit import HostRateLimiter
from tests.fakes.fixtures import fetcher_for, refuse_outside_connections
from tests.fakes.http import Reply

PUBLIC = "93.184.215.14"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.9.9.9",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%1",
        "fc00::1",
        "fd12::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "2002:7f00:1::1",
        "2002:a00:1::",
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
        "not-an-address",
        "",
    ],
)
def test_private_and_special_addresses_are_not_public(address):
    assert not guard.is_public(address)


@pytest.mark.parametrize(
    "address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"]
)
def test_public_addresses_are_public(address):
    assert guard.is_public(address)


def test_allow_hosts_are_parsed_and_a_bad_entry_is_named():
    assert guard.parse_allow_hosts(" 127.0.0.1:8080, Feeds.Test:443,[::1]:9 ,") == {
        "127.0.0.1:8080",
        "feeds.test:443",
        "::1:9",
    }
    with pytest.raises(ValueError, match="'localhost' is not host:port"):
        guard.parse_allow_hosts("localhost")


def test_a_plain_get_carries_a_descriptive_user_agent_and_the_host(fake_http):
    fake_http.route("/a", body="halo")
    response = fetcher_for(fake_http).get(fake_http.url("/a"))
    assert (response.status, response.body, response.text()) == (200, b"halo", "halo")
    seen = fake_http.hits("/a")[0]
    assert seen.headers["user-agent"].startswith("PantauHumas/")
    assert "Kementerian Agama" in seen.headers["user-agent"]
    assert seen.headers["host"] == fake_http.host_port


def test_a_server_not_on_the_allow_list_is_refused_before_any_request(fake_http):
    fake_http.route("/a", body="rahasia")
    with pytest.raises(FetchError, match="jaringan internal") as caught:
        Fetcher(policy=Policy(host_interval_s=0)).get(fake_http.url("/a"))
    assert caught.value.code == "unsafe_address"
    assert fake_http.requests == []


@pytest.mark.parametrize(
    "answer",
    [["127.0.0.1"], [PUBLIC, "10.0.0.7"], ["::ffff:127.0.0.1"], ["::1"], ["169.254.169.254"]],
)
def test_a_name_resolving_to_any_internal_address_is_refused(fake_http, answer):
    fetcher = Fetcher(policy=Policy(host_interval_s=0), resolver=lambda host, port: answer)
    with pytest.raises(FetchError) as caught:
        fetcher.get(f"http://feeds.example:{fake_http.port}/a")
    assert caught.value.code == "unsafe_address"
    assert fake_http.requests == []


def test_dns_rebinding_cannot_steer_the_connection_inside(fake_http, monkeypatch):
    """The name is looked up once: a second answer of 127.0.0.1 is never asked for nor used."""
    fake_http.route("/feed", body="rahasia di dalam")
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])
    lookups = []

    def resolver(host, port):
        lookups.append(host)
        return next(answers)

    asked = refuse_outside_connections(monkeypatch)
    with pytest.raises(FetchError) as caught:
        Fetcher(policy=Policy(host_interval_s=0), resolver=resolver).get(
            f"http://rebind.example:{fake_http.port}/feed"
        )
    assert caught.value.code == "connect_failed"
    assert asked == [(PUBLIC, fake_http.port)]
    assert lookups == ["rebind.example"]
    assert fake_http.requests == []


def test_a_redirect_to_an_internal_address_is_refused(fake_servers):
    outside, inside = fake_servers(), fake_servers()
    inside.route("/admin", body="rahasia")
    outside.route("/go", status=302, headers={"Location": inside.url("/admin")})
    with pytest.raises(FetchError) as caught:
        fetcher_for(outside).get(outside.url("/go"))
    assert caught.value.code == "unsafe_address"
    assert inside.requests == []


def test_redirects_are_followed_bounded_and_loops_are_named(fake_http):
    fake_http.route("/a", status=301, headers={"Location": "/b"})
    fake_http.route("/b", status=302, headers={"Location": fake_http.url("/c")})
    fake_http.route("/c", body="sampai")
    response = fetcher_for(fake_http).get(fake_http.url("/a"))
    assert response.body == b"sampai"
    assert response.final_url == fake_http.url("/c")
    assert len(response.redirects) == 2

    fake_http.route("/loop1", status=302, headers={"Location": "/loop2"})
    fake_http.route("/loop2", status=302, headers={"Location": "/loop1"})
    with pytest.raises(FetchError, match="berputar") as caught:
        fetcher_for(fake_http).get(fake_http.url("/loop1"))
    assert caught.value.code == "redirect_loop"

    for n in range(10):
        fake_http.route(f"/r{n}", status=302, headers={"Location": f"/r{n + 1}"})
    with pytest.raises(FetchError, match="lebih dari 3") as caught:
        fetcher_for(fake_http, max_redirects=3).get(fake_http.url("/r0"))
    assert caught.value.code == "too_many_redirects"
    assert len(fake_http.hits()) < 20


def test_a_cookie_set_while_redirecting_is_sent_back(fake_http):
    def gate(request):
        if "sesi=1" in request.headers.get("cookie", ""):
            return Reply(body="isi")
        return Reply(status=302, headers={"Location": "/page", "Set-Cookie": "sesi=1; Path=/"})

    fake_http.route("/page", gate)
    assert fetcher_for(fake_http).get(fake_http.url("/page")).body == b"isi"


def test_credentials_are_not_carried_to_another_origin(fake_servers):
    first, second = fake_servers(), fake_servers()
    second.route("/b", body="ok")
    first.route("/a", status=307, headers={"Location": second.url("/b")})
    fetcher_for(first, second).get(first.url("/a"), headers={"Authorization": "Bearer rahasia"})
    assert first.hits()[0].headers["authorization"] == "Bearer rahasia"
    assert "authorization" not in second.hits()[0].headers


def test_a_post_redirected_by_303_becomes_a_get(fake_http):
    fake_http.route("/send", method="POST", status=303, headers={"Location": "/done"})
    fake_http.route("/done", body="selesai")
    response = fetcher_for(fake_http).post(fake_http.url("/send"), form={"a": "1"})
    assert response.body == b"selesai"
    assert [r.method for r in fake_http.hits()] == ["POST", "GET"]


def test_a_server_dripping_the_body_is_cut_off_at_the_total_deadline(fake_http):
    """Each byte arrives well within the read timeout; the whole answer would take 6 s."""
    fake_http.route("/slow", Reply(body=b"x" * 20, drip=(1, 0.3)))
    fetcher = fetcher_for(fake_http, total_s=1.0, read_s=0.9)
    with pytest.raises(FetchError, match="1 detik") as caught:
        fetcher.get(fake_http.url("/slow"))
    assert caught.value.code == "timeout"


def test_a_server_dripping_its_headers_is_cut_off_at_the_total_deadline(fake_http):
    fake_http.route("/slow", Reply(body=b"x", drip_headers=0.05))  # ~70 header bytes: 3.5 s
    with pytest.raises(FetchError) as caught:
        fetcher_for(fake_http, total_s=1.0, read_s=0.9).get(fake_http.url("/slow"))
    assert caught.value.code == "timeout"


def test_a_server_that_never_answers_times_out(fake_http):
    fake_http.route("/never", Reply(writer=lambda wfile: __import__("time").sleep(3)))
    with pytest.raises(FetchError) as caught:
        fetcher_for(fake_http, total_s=0.5).get(fake_http.url("/never"))
    assert caught.value.code == "timeout"


def test_a_declared_size_over_the_cap_is_refused_without_reading_it(fake_http):
    fake_http.route("/big", Reply(body=b"x" * 10, length=50 * MB))
    with pytest.raises(FetchError, match="5 MB") as caught:
        fetcher_for(fake_http).get(fake_http.url("/big"))
    assert caught.value.code == "too_large"


def test_a_body_over_the_cap_is_refused_or_cut_when_asked(fake_http):
    fake_http.route("/big", Reply(body=b"y" * 3000))
    with pytest.raises(FetchError, match="2 KB"):
        fetcher_for(fake_http, max_bytes=2048).get(fake_http.url("/big"))
    cut = fetcher_for(fake_http).get(fake_http.url("/big"), max_bytes=1000, truncate=True)
    assert (cut.body, cut.truncated) == (b"y" * 1000, True)


def test_a_compressed_bomb_is_stopped_at_the_cap(fake_http):
    bomb = gzip.compress(b"\0" * (20 * MB))
    assert len(bomb) < 100_000
    fake_http.route("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError) as caught:
        fetcher_for(fake_http).get(fake_http.url("/bomb"))
    assert caught.value.code == "too_large"
    fake_http.route(
        "/small", Reply(body=gzip.compress(b"isi"), headers={"Content-Encoding": "gzip"})
    )
    assert fetcher_for(fake_http).get(fake_http.url("/small")).body == b"isi"


def test_conditional_requests_answer_not_modified(fake_http):
    def feed(request):
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(
            body="isi", headers={"ETag": '"v1"', "Last-Modified": "Wed, 25 Nov 2026 01:00:00 GMT"}
        )

    fake_http.route("/feed", feed)
    fetcher = fetcher_for(fake_http)
    first = fetcher.get(fake_http.url("/feed"))
    assert first.validators == Validators('"v1"', "Wed, 25 Nov 2026 01:00:00 GMT")
    second = fetcher.get(fake_http.url("/feed"), validators=first.validators)
    assert second.not_modified and second.body == b""
    assert fake_http.hits()[1].headers["if-modified-since"] == "Wed, 25 Nov 2026 01:00:00 GMT"


def test_head_reads_no_body(fake_http):
    fake_http.route("/page", body="<html>besar</html>", content_type="text/html")
    response = fetcher_for(fake_http).head(fake_http.url("/page"))
    assert (response.status, response.body, response.content_type) == (200, b"", "text/html")
    assert fake_http.hits()[0].method == "HEAD"


def test_requests_to_one_host_are_spaced_by_the_host_rate(fake_http):
    fake_http.route("/a", body="a")
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds):
        slept.append(seconds)

    limiter = HostRateLimiter(clock=lambda: now[0], sleep=sleep)
    fetcher = Fetcher(
        policy=Policy(allow_hosts=frozenset({fake_http.host_port}), host_interval_s=2.0),
        limiter=limiter,
    )
    for _ in range(3):
        fetcher.get(fake_http.url("/a"))
    assert slept == [2.0, 4.0]  # the second waits one interval, the third two
    now[0] += 10
    fetcher.get(fake_http.url("/a"))
    assert slept == [2.0, 4.0]
    assert limiter.wait("other.example", 2.0) == 0.0


@pytest.mark.parametrize(
    "url, code",
    [
        ("file:///etc/passwd", "bad_url"),
        ("javascript:alert(1)", "bad_url"),
        ("ftp://example.com/x", "bad_url"),
        ("http://user:pass@example.com/", "bad_url"),
        ("http://example.com:99999/", "bad_url"),
        ("http:///nohost", "bad_url"),
    ],
)
def test_addresses_that_are_not_web_addresses_are_refused(url, code):
    with pytest.raises(FetchError) as caught:
        Fetcher(resolver=lambda h, p: pytest.fail("no lookup")).get(url)
    assert caught.value.code == code


def test_an_unknown_host_is_named():
    def resolver(host, port):
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(FetchError, match="tidak ditemukan: tidak-ada.example") as caught:
        Fetcher(resolver=resolver).get("https://tidak-ada.example/x")
    assert caught.value.code == "no_such_host"


def test_no_error_holds_the_path_or_query_where_tokens_live(fake_http):
    token = "123456:RAHASIA-token-bot"
    urls = [
        f"http://127.0.0.1:{fake_http.port}/bot{token}/sendMessage",  # not allowed: unsafe
        f"http://tidak-ada.example/bot{token}/x?access_token={token}",
    ]
    fetcher = Fetcher(
        policy=Policy(host_interval_s=0), resolver=lambda h, p: (_ for _ in ()).throw(OSError("no"))
    )
    for url in urls:
        with pytest.raises(FetchError) as caught:
            (Fetcher(policy=Policy(host_interval_s=0)) if "127" in url else fetcher).get(url)
        assert token not in str(caught.value) and token not in repr(caught.value)
    fake_http.route(f"/bot{token}/sendMessage", body="ok")
    response = fetcher_for(fake_http).get(fake_http.url(f"/bot{token}/sendMessage"))
    assert token not in repr(response)


def test_tls_keeps_the_name_for_sni_and_the_certificate(fake_servers, tls_ca):
    server = fake_servers(tls=tls_ca.server_context("feeds.test"))
    names: list[str] = []
    server.tls.sni_callback = lambda sock, name, ctx: names.append(name)
    server.route("/feed", body="aman")

    def resolver(host, port):
        return ["127.0.0.1"]

    fetcher = Fetcher(
        policy=Policy(
            allow_hosts=frozenset({f"feeds.test:{server.port}", f"wrong.test:{server.port}"}),
            host_interval_s=0,
            ssl_context=tls_ca.client_context(),
        ),
        resolver=resolver,
    )
    response = fetcher.get(f"https://feeds.test:{server.port}/feed")
    assert response.body == b"aman"
    assert names == ["feeds.test"]
    assert server.hits()[0].headers["host"] == f"feeds.test:{server.port}"
    with pytest.raises(FetchError, match="sertifikat") as caught:
        fetcher.get(f"https://wrong.test:{server.port}/feed")
    assert caught.value.code == "tls"


def test_an_untrusted_certificate_is_refused(fake_servers, tls_ca):
    server = fake_servers(tls=tls_ca.server_context("127.0.0.1"))
    server.route("/x", body="x")
    with pytest.raises(FetchError) as caught:
        fetcher_for(server, ssl_context=ssl.create_default_context()).get(server.url("/x"))
    assert caught.value.code == "tls"


def test_a_truncated_answer_is_a_protocol_error(fake_http):
    fake_http.route("/cut", Reply(body=b"abc", length=100))
    with pytest.raises(FetchError) as caught:
        fetcher_for(fake_http).get(fake_http.url("/cut"))
    assert caught.value.code == "protocol"


# --- robots.txt ----------------------------------------------------------------------------


def test_robots_txt_is_read_once_per_host_and_obeyed(fake_http):
    fake_http.route("/robots.txt", body="User-agent: *\nDisallow: /privat/\n")
    fake_http.route("/berita", body="ok")
    fake_http.route("/privat/x", body="rahasia")
    fetcher = fetcher_for(fake_http)
    assert fetcher.get(fake_http.url("/berita"), robots=True).body == b"ok"
    assert fetcher.get(fake_http.url("/berita"), robots=True).body == b"ok"
    with pytest.raises(FetchError, match="robots.txt") as caught:
        fetcher.get(fake_http.url("/privat/x"), robots=True)
    assert caught.value.code == "robots"
    assert len(fake_http.hits("/robots.txt")) == 1
    assert fake_http.hits("/privat/x") == []
    assert fetcher.get(fake_http.url("/privat/x")).body == b"rahasia"  # APIs and imports: no robots


def test_robots_rules_for_our_agent_and_missing_or_failing_files(fake_servers):
    ours, missing, failing = fake_servers(), fake_servers(), fake_servers()
    ours.route(
        "/robots.txt", body="User-agent: PantauHumas\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    )
    for server in (ours, missing, failing):
        server.route("/a", body="a")
    failing.route("/robots.txt", status=503)
    fetcher = fetcher_for(ours, missing, failing)
    with pytest.raises(FetchError):
        fetcher.get(ours.url("/a"), robots=True)
    assert fetcher.get(missing.url("/a"), robots=True).body == b"a"  # 404: no rules
    with pytest.raises(FetchError, match="HTTP 503") as caught:
        fetcher.get(failing.url("/a"), robots=True)
    assert caught.value.code == "robots_unavailable"
    failing.route("/robots.txt", status=404)
    assert fetcher.get(failing.url("/a"), robots=True).body == b"a"  # a 5xx is not cached


def test_an_ipv6_loopback_literal_is_refused(fake_http):
    with pytest.raises(FetchError) as caught:
        Fetcher(policy=Policy(host_interval_s=0)).get("http://[::1]:9/feed")
    assert caught.value.code == "unsafe_address"


def test_a_secret_never_shows_itself():
    import pickle

    from dashboard.net.secret import Secret

    token = Secret("EAAB-rahasia")
    shown = [repr(token), str(token), f"{token}", f"{token!r}", format(token), str([token])]
    assert all("rahasia" not in s for s in shown)
    assert token.reveal() == "EAAB-rahasia" and Secret.of("x") == Secret("x")
    assert Secret.of(None) is None and not Secret("")
    with pytest.raises(TypeError):
        pickle.dumps(token)


def test_waiting_for_the_host_rate_does_not_eat_the_deadline(fake_http):
    fake_http.route("/a", body="a")

    class SlowQueue(HostRateLimiter):
        def wait(self, host, interval):
            __import__("time").sleep(1.2)  # as if other requests to this host went first
            return 1.2

    fetcher = Fetcher(
        policy=Policy(allow_hosts=frozenset({fake_http.host_port}), total_s=1.0),
        limiter=SlowQueue(),
    )
    assert fetcher.get(fake_http.url("/a")).body == b"a"
