"""robots.txt for websites: read through the safe fetcher, parsed by `urllib.robotparser`, cached per host.

RFC 9309's rules: a 2xx file is obeyed (the first 500 KiB of it); a 4xx means
no rules (everything allowed); a 5xx means "crawl nothing now" and is not
cached, so the next run asks again; a network failure is the request's own
failure. Answers are kept per scheme, host and port for `ttl_s` seconds
(default an hour; the RFC allows a day). APIs (Graph, TikTok, the YouTube
feed) are not websites and are fetched without it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from dashboard import errors

if TYPE_CHECKING:
    from dashboard.net.fetch import Fetcher

MAX_ROBOTS_BYTES = 500 * 1024


class RobotsCache:
    def __init__(
        self,
        ttl_s: float = 3600.0,
        max_hosts: int = 1000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_s
        self._max = max_hosts
        self._clock = clock
        self._rules: dict[str, tuple[float, RobotFileParser]] = {}
        self._lock = threading.Lock()

    def rules(self, fetcher: Fetcher, url: str) -> RobotFileParser:
        from dashboard.net.fetch import FetchError

        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        now = self._clock()
        with self._lock:
            cached = self._rules.get(origin)
        if cached and cached[0] > now:
            return cached[1]
        response = fetcher.get(
            origin + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES, truncate=True, robots=False
        )
        parser = RobotFileParser()
        if response.status >= 500:
            raise FetchError(
                "robots_unavailable",
                errors.FETCH_ROBOTS_UNAVAILABLE,
                host=parts.hostname or "",
                status=response.status,
            )
        if response.ok:
            parser.parse(response.text().splitlines())
        else:
            parser.parse([])  # 4xx (or anything else): no rules
        with self._lock:
            if len(self._rules) >= self._max:
                self._rules = {k: v for k, v in self._rules.items() if v[0] > now}
            self._rules[origin] = (now + self._ttl, parser)
        return parser

    def check(self, fetcher: Fetcher, url: str) -> None:
        """Nothing when robots.txt lets us read `url`; FetchError("robots") when it does not."""
        from dashboard.net.fetch import ROBOTS_AGENT, FetchError

        if urlsplit(url).path in ("/robots.txt",):
            return
        if not self.rules(fetcher, url).can_fetch(ROBOTS_AGENT, url):
            raise FetchError("robots", errors.FETCH_ROBOTS, host=urlsplit(url).hostname or "")

    def sitemaps(self, fetcher: Fetcher, url: str) -> list[str]:
        return list(self.rules(fetcher, url).site_maps() or [])
