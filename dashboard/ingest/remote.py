"""Fetching a feed by URL for an import, carefully.

Only http and https; only hosts that resolve to public addresses (an
operator must not be able to make the server read its own network, e.g.
cloud metadata at 169.254.169.254), re-checked on every redirect; a time
limit and a size limit. Tests never call this with a real host.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from dashboard import __version__, links
from dashboard.ingest.common import MAX_FILE_BYTES, Unreadable

TIMEOUT_S = 20
MAX_FEED_BYTES = min(MAX_FILE_BYTES, 10 * 1024 * 1024)


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def check_public(url: str) -> str:
    """Refuse a URL whose host is not on the public internet; the URL to fetch.

    Without a scheme it gets https:// (links.clean_link, the rule of every link).
    """
    try:
        url = links.clean_link(url)
    except links.LinkError as exc:
        raise Unreadable(str(exc)) from exc
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unreadable(f"Alamat situs tidak ditemukan: {parts.hostname}.") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise Unreadable("Alamat ini menuju jaringan internal, bukan situs publik; ditolak.")
    return url


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> bytes:
    url = check_public(url.strip())
    opener = urllib.request.build_opener(_CheckedRedirects)
    request = urllib.request.Request(
        url, headers={"User-Agent": f"PantauHumas/{__version__} (+feed import)"}
    )
    try:
        with opener.open(request, timeout=TIMEOUT_S) as response:
            data = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise Unreadable(f"Situs menjawab HTTP {exc.code}; umpan tidak dapat diambil.") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise Unreadable(f"Umpan tidak dapat diambil: {exc}.") from exc
    if len(data) > MAX_FEED_BYTES:
        raise Unreadable(f"Umpan lebih besar dari {MAX_FEED_BYTES // (1024 * 1024)} MB; ditolak.")
    return data
