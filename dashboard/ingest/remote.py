"""Fetching a feed by URL for an import (`humas import URL`, the Impor Data page).

Everything that makes it safe is the network layer's safe fetcher
(`dashboard.net.fetch`): only http and https; the host resolved once and
refused when any of its addresses is not public (an operator must not make
the server read its own network, e.g. cloud metadata at 169.254.169.254),
the connection made to the address that was checked (no DNS rebinding), the
same at every redirect; one deadline for the whole request (20 s), a 5 MB
cap. robots.txt is not consulted: an operator asked for this one address, as
a browser would. Tests never call this with a real host.
"""

from __future__ import annotations

from dashboard import errors, links
from dashboard.ingest.common import Unreadable
from dashboard.net.fetch import Fetcher, FetchError, Policy

MAX_FEED_BYTES = Policy().max_bytes


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def fetch(url: str, *, fetcher: Fetcher | None = None) -> bytes:
    """The feed's bytes, or Unreadable with the code of why not.

    Without a scheme the address gets https:// (links.clean_link, the rule of every link).
    """
    try:
        url = links.clean_link(url)
    except links.LinkError as exc:
        raise exc.problem.error(Unreadable) from exc
    try:
        response = (fetcher or Fetcher.from_env()).get(
            url, headers={"Accept": "application/rss+xml, application/atom+xml, */*;q=0.5"}
        )
    except ValueError as exc:  # HUMAS_FETCH_ALLOW_HOSTS is malformed
        raise Unreadable(str(exc)) from exc
    except FetchError as exc:
        raise exc.problem.error(Unreadable) from exc
    if not response.ok:
        raise Unreadable(errors.FILE_FEED_HTTP, status=response.status)
    return response.body
