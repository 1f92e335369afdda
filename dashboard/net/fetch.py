"""The safe fetcher: every HTTP request Pantau Humas makes to the outside world.

Built on httpcore (the transport under httpx) with a network backend of our
own, so that the name is resolved once per connection, every address it
resolves to is checked (`guard.is_public`, or the host is on
`HUMAS_FETCH_ALLOW_HOSTS`), and the socket connects to the address that was
checked — no second lookup that DNS rebinding could answer differently. TLS
still sends the name (SNI) and verifies the certificate for the name; the
Host header is the name. Redirects are followed here, hop by hop (bounded,
loops detected, credentials dropped across origins), each new host going
through the same check.

Time: one deadline for the whole request (`Policy.total_s`, default 20 s)
bounds the lookup, the connection (at most `connect_s`, 5 s), TLS, every
read and write, and every redirect hop: each socket operation waits at most
until that deadline, so a server dripping a byte every few seconds is cut
off when the deadline passes, not after each read's timeout.

Size: at most `Policy.max_bytes` (default 5 MB) of body, after
decompression; more is an error, or with `truncate=True` the first part.

Politeness: a descriptive User-Agent, a per-host request rate (`ratelimit`),
conditional requests (`Validators` in, `Response.not_modified` out), and
robots.txt when the caller asks (websites and pages; not APIs).

Errors are `FetchError` with a code and a reason in Indonesian; neither ever
holds the address asked for beyond its host, so a token in a path or query
cannot leak through a message. HTTP error statuses are not exceptions: the
caller reads `Response.status`.
"""

from __future__ import annotations

import functools
import http.cookies
import json
import select
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit, urlunsplit

import httpcore

from dashboard import __version__, errors
from dashboard.errors import Code, Problem
from dashboard.net import guard
from dashboard.net.ratelimit import LIMITER, HostRateLimiter

MB = 1024 * 1024
USER_AGENT = (
    f"PantauHumas/{__version__} (pemantau kehumasan Kementerian Agama RI; "
    "membaca situs dan akun resmi satker)"
)
ROBOTS_AGENT = "PantauHumas"
REDIRECTS = (301, 302, 303, 307, 308)
_URL_SAFE = "/%:@!$&'()*+,;=-._~"

Resolver = Callable[[str, int], Sequence[str]]


@dataclass(frozen=True)
class Policy:
    """Limits and identity of the requests; `from_env()` adds the allowed hosts."""

    total_s: float = 20.0
    connect_s: float = 5.0
    read_s: float = 10.0
    max_bytes: int = 5 * MB
    max_redirects: int = 5
    host_interval_s: float = 1.0
    user_agent: str = USER_AGENT
    allow_hosts: frozenset[str] = frozenset()
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_env(cls, **overrides: Any) -> Policy:
        return cls(allow_hosts=guard.allow_hosts_from_env(), **overrides)


@dataclass(frozen=True)
class Validators:
    """What a server said about its last answer, to ask "changed since?" next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> list[tuple[str, str]]:
        out = []
        if self.etag:
            out.append(("If-None-Match", self.etag))
        if self.last_modified:
            out.append(("If-Modified-Since", self.last_modified))
        return out


class FetchError(Exception):
    """A request that got no usable answer: `code` its kind for data ("timeout", "bad_url"),
    `problem` a `fetch.*` error code with its values for people; `reason` is its words, the
    text link checks, channels and outboxes keep."""

    def __init__(self, code: str, said: Code, /, *, host: str = "", **params: Any) -> None:
        self.code = code
        self.problem = Problem(said, params)
        self.host = host
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        from dashboard import words  # words imports nothing of the net layer

        return words.say(self.problem)

    def __repr__(self) -> str:
        return f"FetchError({self.code!r}, {self.reason!r})"


@dataclass(frozen=True)
class Response:
    url: str = field(repr=False)  # as asked (may hold a token in its path: never shown)
    final_url: str = field(repr=False)
    status: int
    headers: tuple[tuple[str, str], ...] = field(repr=False)
    body: bytes = field(repr=False)
    redirects: tuple[str, ...] = field(default=(), repr=False)
    truncated: bool = False

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def validators(self) -> Validators:
        return Validators(self.header("etag"), self.header("last-modified"))

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in (self.header("content-type") or "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    def text(self) -> str:
        """The body as text: the declared charset, else UTF-8, else Windows-1252."""
        for encoding in (self.charset, "utf-8"):
            if encoding:
                try:
                    return self.body.decode(encoding)
                except (LookupError, UnicodeDecodeError):
                    continue
        return self.body.decode("cp1252", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise FetchError("bad_json", errors.FETCH_BAD_JSON) from exc

    @property
    def host(self) -> str:
        return urlsplit(self.final_url).hostname or ""


# --- connections: resolve once, check, connect to the checked address ---------------------


@functools.cache
def default_tls_context() -> ssl.SSLContext:
    """The system's CA store, verification on; built once (loading it takes ~0.2 s)."""
    return ssl.create_default_context()


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.total = seconds
        self.end = time.monotonic() + seconds

    def restart(self) -> None:
        self.end = time.monotonic() + self.total

    def left(self) -> float:
        return self.end - time.monotonic()

    def cap(self, timeout: float | None, exc: type[Exception]) -> float:
        left = self.left()
        if left <= 0:
            raise exc("deadline")
        return left if timeout is None else min(timeout, left)


class _TLSFailed(httpcore.ConnectError):
    pass


class _Stream(httpcore.NetworkStream):
    """A socket whose every operation waits no longer than the request's deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self._sock = sock
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._sock.settimeout(self._deadline.cap(timeout, httpcore.ReadTimeout))
        try:
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        while buffer:
            self._sock.settimeout(self._deadline.cap(timeout, httpcore.WriteTimeout))
            try:
                sent = self._sock.send(buffer)
            except TimeoutError as exc:
                raise httpcore.WriteTimeout(str(exc)) from exc
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc
            buffer = buffer[sent:]

    def close(self) -> None:
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # With a timeout set, CPython bounds the whole handshake by it (not each read).
        self._sock.settimeout(self._deadline.cap(timeout, httpcore.ConnectTimeout))
        try:
            wrapped = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname)
        except TimeoutError as exc:
            self._sock.close()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except ssl.SSLError as exc:
            self._sock.close()
            raise _TLSFailed(str(exc)) from exc
        except OSError as exc:
            self._sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        return _Stream(wrapped, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._sock if isinstance(self._sock, ssl.SSLSocket) else None
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            try:
                readable, _, _ = select.select([self._sock], [], [], 0)
            except (OSError, ValueError):
                return True
            return bool(readable)
        return None


def _resolve(resolver: Resolver, host: str, port: int, timeout: float) -> list[str]:
    """The resolver's answer within `timeout` seconds (a lookup that hangs is left behind)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["addresses"] = list(resolver(host, port))
        except Exception as exc:  # noqa: BLE001 (reported to the caller below)
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="humas-resolve", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise FetchError("timeout", errors.FETCH_DNS_SLOW, host=host, site=host)
    if "error" in outcome or not outcome.get("addresses"):
        raise FetchError("no_such_host", errors.FETCH_NO_SUCH_HOST, host=host, site=host)
    return outcome["addresses"]


class _GuardedBackend(httpcore.NetworkBackend):
    def __init__(self, policy: Policy, resolver: Resolver, deadline: _Deadline) -> None:
        self._policy = policy
        self._resolver = resolver
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        lookup_s = self._deadline.cap(self._policy.connect_s, httpcore.ConnectTimeout)
        addresses = _resolve(self._resolver, host, port, lookup_s)
        allowed = guard.host_key(host, port) in self._policy.allow_hosts
        if not allowed and not all(guard.is_public(a) for a in addresses):
            raise FetchError("unsafe_address", errors.FETCH_UNSAFE_ADDRESS, host=host)
        failure: OSError | None = None
        for address in addresses:
            try:
                left = self._deadline.cap(self._policy.connect_s, httpcore.ConnectTimeout)
                sock = socket.create_connection((address, port), left)
            except TimeoutError as exc:
                raise httpcore.ConnectTimeout(str(exc)) from exc
            except OSError as exc:
                failure = exc
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return _Stream(sock, self._deadline)
        raise httpcore.ConnectError(str(failure))

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise FetchError("bad_url", errors.FETCH_BAD_URL)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


# --- the request ----------------------------------------------------------------------------


def _target(url: str) -> tuple[str, str, int]:
    """The URL as httpcore takes it (ASCII host, escaped path), its host and port."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError("bad_url", errors.FETCH_BAD_PORT) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("bad_url", errors.FETCH_NOT_WEB)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError("bad_url", errors.FETCH_NO_HOST)
    if parts.username is not None or parts.password is not None:
        raise FetchError("bad_url", errors.FETCH_CREDENTIALS)
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError as exc:
        raise FetchError("bad_url", errors.FETCH_BAD_HOST) from exc
    port = port or (443 if scheme == "https" else 80)
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    default = (scheme, port) in (("http", 80), ("https", 443))
    netloc = netloc if default else f"{netloc}:{port}"
    path = quote(parts.path or "/", safe=_URL_SAFE)
    query = quote(parts.query, safe=_URL_SAFE + "?")
    return urlunsplit((scheme, netloc, path, query, "")), ascii_host, port


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


class _Body:
    """Counts (and inflates) the body against the size cap."""

    def __init__(self, encoding: str | None, cap: int, truncate: bool, host: str) -> None:
        encoding = (encoding or "").strip().lower()
        self._inflate = (
            zlib.decompressobj(wbits=47) if encoding in ("gzip", "x-gzip", "deflate") else None
        )
        self._raw_deflate = encoding == "deflate"
        self._cap = cap
        self._truncate = truncate
        self._host = host
        self.parts: list[bytes] = []
        self.size = 0
        self.truncated = False

    def add(self, chunk: bytes) -> bool:
        """Take a chunk; False once the cap is reached (truncating)."""
        if self._inflate is not None:
            try:
                chunk = self._inflate.decompress(chunk, self._cap - self.size + 1)
            except zlib.error:
                if not (self._raw_deflate and self.size == 0):
                    raise FetchError(
                        "protocol", errors.FETCH_COMPRESSION, host=self._host
                    ) from None
                self._inflate = zlib.decompressobj(wbits=-15)
                chunk = self._inflate.decompress(chunk, self._cap - self.size + 1)
        if self.size + len(chunk) > self._cap:
            if not self._truncate:
                raise _too_large(self._cap, self._host)
            self.parts.append(chunk[: self._cap - self.size])
            self.size = self._cap
            self.truncated = True
            return False
        self.parts.append(chunk)
        self.size += len(chunk)
        return True

    def bytes(self) -> bytes:
        return b"".join(self.parts)


def _too_large(cap: int, host: str) -> FetchError:
    return FetchError("too_large", errors.FETCH_TOO_LARGE, host=host, limit=cap)


def _decode_headers(raw: Iterable[tuple[bytes, bytes]]) -> tuple[tuple[str, str], ...]:
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw)


@dataclass(frozen=True)
class Fetcher:
    """How requests are made: the policy, the resolver (tests inject one), the rate, robots."""

    policy: Policy = field(default_factory=Policy)
    resolver: Resolver = field(default=system_resolver, repr=False)
    limiter: HostRateLimiter = field(default=LIMITER, repr=False, compare=False)
    robots: Any = field(default=None, repr=False, compare=False)  # a robots.RobotsCache

    @classmethod
    def from_env(cls, **policy_overrides: Any) -> Fetcher:
        from dashboard.net.robots import RobotsCache

        return cls(policy=Policy.from_env(**policy_overrides), robots=RobotsCache())

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> Response:
        return self.request("HEAD", url, **kwargs)

    def post(
        self,
        url: str,
        *,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> Response:
        given = kwargs.pop("headers", None) or []
        headers = list(given.items() if isinstance(given, Mapping) else given)
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            headers.append(("Content-Type", "application/json; charset=utf-8"))
        else:
            body = urlencode(dict(form or {})).encode("ascii")
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        return self.request("POST", url, headers=headers, body=body, **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Sequence[tuple[str, str]] | Mapping[str, str] | None = None,
        body: bytes = b"",
        validators: Validators | None = None,
        robots: bool = False,
        max_bytes: int | None = None,
        truncate: bool = False,
        follow_redirects: bool = True,
    ) -> Response:
        """One request, redirects followed, within the policy. FetchError when no answer."""
        policy = self.policy
        deadline = _Deadline(policy.total_s)
        cap = policy.max_bytes if max_bytes is None else max_bytes
        given = list(headers.items() if isinstance(headers, Mapping) else headers or [])
        extra = given + (validators.headers() if validators else [])
        context = policy.ssl_context or default_tls_context()
        pool = httpcore.ConnectionPool(
            ssl_context=context,
            network_backend=_GuardedBackend(policy, self.resolver, deadline),
            max_connections=2,
            retries=0,
        )
        seen: list[str] = []
        visits: set[tuple[str, tuple]] = set()
        cookies: dict[str, dict[str, str]] = {}
        current = url
        host = ""
        try:
            with pool:
                while True:
                    target, host, port = _target(current)
                    if robots and self.robots is not None:
                        self.robots.check(self, target)
                    # The same address with the same cookies again is a loop (a page that
                    # sets a cookie and sends the browser back to itself is not).
                    visit = (target, tuple(sorted(cookies.get(host, {}).items())))
                    if visit in visits:
                        raise FetchError("redirect_loop", errors.FETCH_REDIRECT_LOOP, host=host)
                    visits.add(visit)
                    seen.append(target)
                    self.limiter.wait(host, policy.host_interval_s)
                    if len(seen) == 1:  # queueing for the host is not the server's time
                        deadline.restart()
                    hop = self._hop(
                        pool, method, target, host, extra, body, cookies, deadline, cap, truncate
                    )
                    status, hop_headers, location = hop[0], hop[1], hop[2]
                    if not (follow_redirects and status in REDIRECTS and location):
                        return Response(
                            url=url,
                            final_url=target,
                            status=status,
                            headers=hop_headers,
                            body=hop[3],
                            redirects=tuple(seen[:-1]),
                            truncated=hop[4],
                        )
                    if len(seen) > policy.max_redirects:
                        raise FetchError(
                            "too_many_redirects",
                            errors.FETCH_TOO_MANY_REDIRECTS,
                            host=host,
                            limit=policy.max_redirects,
                        )
                    following = urljoin(target, location)
                    if urlsplit(following).scheme.lower() not in ("http", "https"):
                        raise FetchError("bad_redirect", errors.FETCH_BAD_REDIRECT, host=host)
                    if _origin(following) != _origin(target):
                        extra = [
                            (k, v)
                            for k, v in extra
                            if k.lower() not in ("authorization", "cookie", "proxy-authorization")
                        ]
                    if status == 303 or (status in (301, 302) and method == "POST"):
                        method, body = ("HEAD" if method == "HEAD" else "GET"), b""
                        extra = [(k, v) for k, v in extra if k.lower() != "content-type"]
                    current = following
        except FetchError:
            raise
        except httpcore.TimeoutException as exc:
            if deadline.left() <= 0:
                late = FetchError(
                    "timeout", errors.FETCH_TIMEOUT_TOTAL, host=host, seconds=policy.total_s
                )
            elif isinstance(exc, httpcore.ConnectTimeout):
                late = FetchError("timeout", errors.FETCH_CONNECT_TIMEOUT, host=host)
            else:
                late = FetchError("timeout", errors.FETCH_READ_TIMEOUT, host=host)
            raise late from None
        except _TLSFailed:
            raise FetchError("tls", errors.FETCH_TLS, host=host) from None
        except httpcore.ConnectError:
            raise FetchError("connect_failed", errors.FETCH_REFUSED, host=host) from None
        except (httpcore.ProtocolError, httpcore.NetworkError, httpcore.UnsupportedProtocol):
            raise FetchError("protocol", errors.FETCH_BROKEN, host=host) from None

    def _hop(
        self,
        pool: httpcore.ConnectionPool,
        method: str,
        target: str,
        host: str,
        extra: list[tuple[str, str]],
        body: bytes,
        cookies: dict[str, dict[str, str]],
        deadline: _Deadline,
        cap: int,
        truncate: bool,
    ) -> tuple[int, tuple[tuple[str, str], ...], str | None, bytes, bool]:
        policy = self.policy
        names = {k.lower() for k, _ in extra}
        headers = [(k, v) for k, v in extra]
        if "user-agent" not in names:
            headers.append(("User-Agent", policy.user_agent))
        if "accept-encoding" not in names:
            headers.append(("Accept-Encoding", "gzip, deflate"))
        if cookies.get(host) and "cookie" not in names:
            headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies[host].items())))
        timeouts = {
            "connect": policy.connect_s,
            "read": policy.read_s,
            "write": policy.read_s,
            "pool": policy.read_s,
        }
        with pool.stream(
            method,
            target,
            headers=headers,
            content=body or None,
            extensions={"timeout": timeouts},
        ) as response:
            got = _decode_headers(response.headers)
            status = response.status
            lookup = {k.lower(): v for k, v in got}
            for name, value in got:
                if name.lower() == "set-cookie":
                    jar = http.cookies.SimpleCookie()
                    try:
                        jar.load(value)
                    except http.cookies.CookieError:
                        continue
                    cookies.setdefault(host, {}).update({k: m.value for k, m in jar.items()})
            location = lookup.get("location") if status in REDIRECTS else None
            if location is not None or method == "HEAD" or status in (204, 304):
                return status, got, location, b"", False
            declared = lookup.get("content-length", "")
            if declared.isdigit() and int(declared) > cap and not truncate:
                raise _too_large(cap, host)
            reader = _Body(lookup.get("content-encoding"), cap, truncate, host)
            for chunk in response.iter_stream():
                if deadline.left() <= 0:
                    raise httpcore.ReadTimeout("deadline")
                if not reader.add(chunk):
                    break
            return status, got, None, reader.bytes(), reader.truncated
