"""Pytest fixtures for the network layer (registered for every test in tests/conftest.py).

- `fake_servers()` starts a FakeServer (HTTP, or HTTPS with `tls=`) and adds its
  `127.0.0.1:PORT` to HUMAS_FETCH_ALLOW_HOSTS for the test, so the app's own
  code (and `humas` subprocesses that inherit the environment) may reach it.
- `fake_http`: one such server.
- `fetcher_for(*servers, **policy)`: a Fetcher allowed to reach those servers,
  with no per-host pause (tests would otherwise wait a second per request).
- `tls_ca`: a trustme CA; `tls_ca.server_context("feeds.test")` for a server,
  `tls_ca.client_context()` for a Policy.
- `smtp_server`, `smtp_servers(tls=, users=)`: aiosmtpd servers on 127.0.0.1 that keep
  what they receive (STARTTLS and AUTH when asked).
- `channel_world`: a WordPress site, YouTube, the Graph API and TikTok at once, with posts
  and the environment pointing at them (tests/fakes/channels.py).
"""

from __future__ import annotations

import ssl

import pytest

from dashboard.net import guard
from dashboard.net.fetch import Fetcher, Policy
from dashboard.net.ratelimit import HostRateLimiter
from dashboard.net.robots import RobotsCache
from tests.fakes.http import FakeServer


class TestCA:
    __test__ = False

    def __init__(self) -> None:
        import trustme

        self.ca = trustme.CA()

    def server_context(self, *names: str) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(*names).configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context


def refuse_outside_connections(monkeypatch) -> list[tuple]:
    """Make socket.create_connection refuse (and record) every public address: no test can
    reach the internet even when code under test is tricked into trying. Returns the list of
    addresses asked for."""
    import socket

    real = socket.create_connection
    asked: list[tuple] = []

    def create_connection(address, *args, **kwargs):
        asked.append(address)
        if guard.is_public(address[0]):
            raise ConnectionRefusedError("no network in tests")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return asked


def fetcher_for(*servers: FakeServer, resolver=None, **policy) -> Fetcher:
    allowed = frozenset(s.host_port for s in servers) | frozenset(policy.pop("allow_hosts", ()))
    policy.setdefault("host_interval_s", 0)
    extra = {"resolver": resolver} if resolver else {}
    return Fetcher(
        policy=Policy(allow_hosts=allowed, **policy),
        limiter=HostRateLimiter(),
        robots=RobotsCache(),
        **extra,
    )


@pytest.fixture
def fake_servers(monkeypatch):
    started: list[FakeServer] = []

    def make(tls: ssl.SSLContext | None = None) -> FakeServer:
        server = FakeServer(tls=tls).start()
        started.append(server)
        monkeypatch.setenv(guard.ENV_ALLOW, ",".join(s.host_port for s in started))
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def fake_http(fake_servers) -> FakeServer:
    return fake_servers()


@pytest.fixture(scope="session")
def tls_ca() -> TestCA:
    return TestCA()


@pytest.fixture
def smtp_servers():
    """`smtp_servers(tls=None, users=None)` starts a FakeSMTP, stopped after the test."""
    from tests.fakes.smtp import FakeSMTP

    started = []

    def make(**kwargs):
        server = FakeSMTP(**kwargs).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def smtp_server(smtp_servers):
    return smtp_servers()


@pytest.fixture
def channel_world(fake_servers, monkeypatch):
    from tests.fakes.channels import make_world

    return make_world(fake_servers, monkeypatch)
