"""What a page's HTML says about itself: title, <link>s, <meta>s, JSON-LD (stdlib html.parser).

Tolerant of broken markup (the parser never raises on it); reads at most the
first `MAX_CHARS` characters; never fetches anything.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

MAX_CHARS = 2_000_000
_TAGS = re.compile(r"<[^>]*>")


def strip_tags(text: str) -> str:
    """Plain text of a bit of HTML (WordPress's title.rendered): tags out, entities decoded."""
    return " ".join(html.unescape(_TAGS.sub(" ", text or "")).split())


@dataclass(frozen=True)
class PageMeta:
    title: str | None
    links: tuple[tuple[str, str, str], ...]  # (rel, type, absolute href), rel and type lower-case
    metas: tuple[tuple[str, str], ...]  # (property or name lower-case, content)
    json_ld: tuple[Any, ...]  # parsed JSON-LD blocks (invalid ones left out)

    def meta(self, *names: str) -> str | None:
        wanted = [n.lower() for n in names]
        for name in wanted:
            for key, content in self.metas:
                if key == name and content.strip():
                    return content.strip()
        return None

    def link(self, rel: str, *types: str) -> str | None:
        for link_rel, link_type, href in self.links:
            if rel in link_rel.split() and (not types or link_type in types) and href:
                return href
        return None

    def links_of(self, rel: str, *types: str) -> list[str]:
        return [
            href
            for link_rel, link_type, href in self.links
            if rel in link_rel.split() and (not types or link_type in types) and href
        ]


class _Reader(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.title_parts: list[str] = []
        self.in_title = False
        self.title_done = False
        self.links: list[tuple[str, str, str]] = []
        self.metas: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.in_ld = False
        self.ld_parts: list[str] = []
        self.in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "svg":
            self.in_svg += 1
        elif tag == "title" and not self.title_done and not self.in_svg:
            self.in_title = True
        elif tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"].strip())
        elif tag == "link":
            href = a.get("href", "").strip()
            self.links.append(
                (
                    a.get("rel", "").lower(),
                    a.get("type", "").split(";")[0].strip().lower(),
                    urljoin(self.base, href) if href else "",
                )
            )
        elif tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name:
                self.metas.append((name, a.get("content", "")))
        elif tag == "script" and a.get("type", "").strip().lower() == "application/ld+json":
            self.in_ld = True
            self.ld_parts = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.in_svg -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.in_svg:
            self.in_svg -= 1
        elif tag == "title" and self.in_title:
            self.in_title = False
            self.title_done = True
        elif tag == "script" and self.in_ld:
            self.in_ld = False
            self.scripts.append("".join(self.ld_parts))

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif self.in_ld:
            self.ld_parts.append(data)


def read(text: str, base_url: str = "") -> PageMeta:
    reader = _Reader(base_url)
    try:
        reader.feed(text[:MAX_CHARS])
        reader.close()
    except (AssertionError, ValueError):  # very broken markup: keep what was read
        pass
    blocks = []
    for script in reader.scripts:
        try:
            blocks.append(json.loads(script.strip()))
        except ValueError:
            continue
    title = " ".join("".join(reader.title_parts).split()) or None
    return PageMeta(title, tuple(reader.links), tuple(reader.metas), tuple(blocks))
