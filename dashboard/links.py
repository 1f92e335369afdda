"""Evidence links: validated and normalised so the same item is counted once.

Normalising lower-cases the scheme and host, drops the default port, the
fragment and tracking parameters (utm_*, fbclid, gclid, ...), sorts what
query remains and drops a trailing slash. Two links with the same key point
at the same page; the key is what duplicates are judged by, while the link
as typed is what the dashboard shows.

People paste links without a scheme (`kupang.kemenag.go.id/berita/...`):
`with_scheme` adds `https://` to those, and only to those. Anything that
names another scheme (`javascript:`, `data:`, `ftp://`, `mailto:`) keeps it and
is refused. Every path (the entry form, the edit form, every importer) goes
through `clean_link`, so the rule is applied once, here.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dashboard import errors
from dashboard.errors import HumasError

MAX_LINK_LENGTH = 2048
TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "igshid",
    "igsh",
    "mibextid",
    "si",
    "ref",
    "ref_src",
    "_ga",
    "_gl",
    "mc_cid",
    "mc_eid",
}


# "name:" at the start of a link. A name with a dot is a host followed by a port
# (`www.a.id:8080/x`), never a scheme anyone uses for a web page.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
DEFAULT_SCHEME = "https"


class LinkError(HumasError, ValueError):
    """A link that cannot be evidence: a `link.*` code (`words.say` gives the words)."""


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def with_scheme(text: str) -> str:
    """The link with `https://` in front when it names no scheme; otherwise unchanged.

    `kemenag.go.id/x` and `//kemenag.go.id/x` get `https:`; `http://...`,
    `javascript:...`, `ftp://...` are returned as they are (to be accepted or
    refused by `clean_link`). Surrounding spaces are trimmed.
    """
    link = (text or "").strip()
    if not link:
        return link
    if link.startswith("//"):
        return f"{DEFAULT_SCHEME}:{link}"
    found = _SCHEME.match(link)
    if found and "." not in found.group(1):
        return link
    return f"{DEFAULT_SCHEME}://{link}"


def clean_link(text: str) -> str:
    """The link to store: trimmed, with `https://` added when it had no scheme.

    Raises LinkError (a code and its values) for anything that cannot be evidence.
    """
    link = with_scheme(text)
    if not link:
        raise LinkError(errors.LINK_EMPTY)
    if len(link) > MAX_LINK_LENGTH:
        raise LinkError(errors.LINK_TOO_LONG, limit=MAX_LINK_LENGTH)
    if any(c.isspace() for c in link) or any(ord(c) < 32 for c in link):
        raise LinkError(errors.LINK_SPACES)
    try:
        parts = urlsplit(link)
    except ValueError as exc:  # e.g. a bracketed "host" that is no IPv6 address
        raise LinkError(errors.LINK_NO_SITE) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise LinkError(errors.LINK_NOT_WEB)
    if not parts.hostname or "." not in parts.hostname:
        raise LinkError(errors.LINK_NO_SITE)
    try:
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError as exc:
        raise LinkError(errors.LINK_PORT) from exc
    return link


def link_key(text: str) -> str:
    """The normalised form two links are compared by."""
    parts = urlsplit(clean_link(text))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in (("http", 80), ("https", 443))
        else f"{host}:{port}"
    )
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))
