"""What a channel's address may be, its normal form, and which links belong to it.

Pure (no SQL, no network). The store checks every registration here, so a
page and the command line refuse the same addresses with the same codes (their words, and
the types' and address fields' names, are in `dashboard.words`).

    website    the site's address: https://kemenag-kupang.go.id (its feed is found later)
    youtube    the channel id UC… (24 characters), or https://www.youtube.com/channel/UC…
    facebook   the Page's id (numbers) or its user name
    instagram  the professional account's id (numbers, from the Graph API)
    tiktok     the account name @nama (the token says which account is read)

The normal form (`key`) is what a registration is unique by, nationwide: a
channel belongs to one unit, so no post is collected for two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from dashboard import errors, links
from dashboard.domain import ChannelType
from dashboard.errors import HumasError

TYPES = tuple(ChannelType)
NEEDS_TOKEN = ("facebook", "instagram", "tiktok")
# The kind of item each channel type's posts become (as dashboard.net.posts.KIND_OF).
KIND_OF = {
    "website": "berita_website",
    "youtube": "medsos_youtube",
    "facebook": "medsos_facebook",
    "instagram": "medsos_instagram",
    "tiktok": "medsos_tiktok",
}
TYPE_OF_KIND = {kind: t for t, kind in KIND_OF.items()}

YOUTUBE_ID = re.compile(r"UC[0-9A-Za-z_-]{22}")
GRAPH_ID = re.compile(r"[0-9A-Za-z_.-]{1,100}")  # as dashboard.net.graph.OBJECT_ID
TIKTOK_NAME = re.compile(r"@?([A-Za-z0-9_.]{2,24})")


class AddressError(HumasError, ValueError):
    """An address that cannot be a channel of its type: an `address.*` code, or a website's
    `link.*` (`words.say` gives the words; `exc.problem` is the finding)."""


@dataclass(frozen=True)
class Address:
    text: str  # as stored and shown
    key: str  # the normal form registrations are unique by


def parse(channel_type: str, text: str) -> Address:
    """The address of a channel of `channel_type`, or AddressError with what to type (a code)."""
    if channel_type not in TYPES:
        raise AddressError(errors.CHANNEL_TYPE_UNKNOWN)
    value = (text or "").strip()
    if not value:
        raise AddressError(errors.ADDRESS_REQUIRED, type=channel_type)
    if len(value) > links.MAX_LINK_LENGTH or any(c.isspace() for c in value):
        raise AddressError(errors.ADDRESS_INVALID, type=channel_type)
    if channel_type == "website":
        try:
            return Address(links.clean_link(value), site_key(value))
        except links.LinkError as exc:
            raise exc.problem.error(AddressError) from exc
    if channel_type == "youtube":
        found = YOUTUBE_ID.fullmatch(value) or YOUTUBE_ID.fullmatch(_youtube_path_id(value))
        if not found:
            raise AddressError(errors.ADDRESS_YOUTUBE)
        return Address(found.group(0), found.group(0))
    if channel_type == "tiktok":
        name = _tiktok_path_name(value) or value
        found = TIKTOK_NAME.fullmatch(name)
        if not found:
            raise AddressError(errors.ADDRESS_TIKTOK)
        return Address(f"@{found.group(1)}", f"@{found.group(1).lower()}")
    if not GRAPH_ID.fullmatch(value):
        raise AddressError(errors.ADDRESS_NOT_ID, type=channel_type)
    return Address(value, value.lower())


def _path_on(text: str, domain: str) -> list[str]:
    """The path segments of `text` when it is an address on `domain` (or below it)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return []
    host = (parts.hostname or "").lower()
    if not (host == domain or host.endswith("." + domain)):
        return []
    return [s for s in parts.path.split("/") if s]


def _youtube_path_id(text: str) -> str:
    segments = _path_on(text, "youtube.com")
    return segments[1] if len(segments) >= 2 and segments[0] == "channel" else ""


def _tiktok_path_name(text: str) -> str:
    segments = _path_on(text, "tiktok.com")
    return segments[0] if segments and segments[0].startswith("@") else ""


def _host(link: str) -> str:
    try:
        host = (urlsplit(link).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def site_key(address: str) -> str:
    """A website's normal form: its host without www, then the path (no scheme, no slash)."""
    key = links.link_key(address)
    parts = urlsplit(key)
    path = parts.path.rstrip("/")
    return _host(key) + (f":{parts.port}" if parts.port else "") + path


def link_on(channel_type: str, key: str, link: str) -> bool:
    """Whether `link` visibly belongs to the channel whose normal form is `key`.

    A website: the same host (www aside) and, where the channel names a path,
    under it. Facebook: the Page's id or user name as the first part of the
    path, or the `id` of a permalink.php link. TikTok: the account after the
    host (tiktok.com/@nama/video/…). YouTube videos and Instagram posts name
    no channel in their link: only a collected post is known to be on it
    (the store asks its items for that).
    """
    try:
        normal = links.link_key(link)
    except links.LinkError:
        return False
    parts = urlsplit(normal)
    segments = [s.lower() for s in parts.path.split("/") if s]
    host = _host(normal)
    if channel_type == "website":
        site_host, _, site_path = key.partition("/")
        here = host + (f":{parts.port}" if parts.port else "")
        if here != site_host:
            return False
        prefix = [s.lower() for s in site_path.split("/") if s]
        return segments[: len(prefix)] == prefix
    if channel_type == "facebook":
        if host not in ("facebook.com", "m.facebook.com", "web.facebook.com"):
            return False
        owner = dict(parse_qsl(parts.query)).get("id", "").lower()
        return (segments[:1] == [key]) or owner == key
    if channel_type == "tiktok":
        return host.endswith("tiktok.com") and segments[:1] == [key]
    return False
