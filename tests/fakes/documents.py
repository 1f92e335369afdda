"""Builders of the documents outside services answer with: feeds, sitemaps, HTML pages."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def rss_feed(items: list[dict], title: str = "Kemenag") -> bytes:
    """items: {"title", "link", "published": datetime | None, "guid"}."""
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title><link>https://situs.example/</link><description>x</description>'
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.get('title', ''))}</title>")
        if item.get("link") is not None:
            parts.append(f"<link>{escape(item['link'])}</link>")
        if item.get("published"):
            parts.append(f"<pubDate>{format_datetime(item['published'])}</pubDate>")
        guid = item.get("guid") or item.get("link")
        parts.append(f"<guid>{escape(guid)}</guid></item>" if guid else "</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def youtube_feed(channel_id: str, videos: list[dict]) -> bytes:
    """videos: {"id", "title", "published": datetime, "views": int}."""
    entries = "".join(
        f"""<entry><id>yt:video:{v["id"]}</id><yt:videoId>{v["id"]}</yt:videoId>
<yt:channelId>{channel_id}</yt:channelId><title>{escape(v["title"])}</title>
<link rel="alternate" href="https://www.youtube.com/watch?v={v["id"]}"/>
<published>{_iso(v["published"])}</published><updated>{_iso(v["published"])}</updated>
<media:group><media:title>{escape(v["title"])}</media:title>
<media:community><media:starRating count="5" average="5.00" min="1" max="5"/>
<media:statistics views="{v.get("views", 0)}"/></media:community></media:group></entry>"""
        for v in videos
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
<id>yt:channel:{channel_id}</id><title>Kanal</title>{entries}</feed>""".encode()


def news_sitemap(urls: list[dict]) -> bytes:
    """urls: {"loc", "title", "published": datetime | str}."""
    body = "".join(
        f"""<url><loc>{escape(u["loc"])}</loc><news:news><news:publication>
<news:name>Kemenag</news:name><news:language>id</news:language></news:publication>
<news:publication_date>{u["published"] if isinstance(u["published"], str) else _iso(u["published"])}</news:publication_date>
<news:title>{escape(u["title"])}</news:title></news:news></url>"""
        for u in urls
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{body}</urlset>""".encode()


def html_page(
    *,
    title: str | None = None,
    og_title: str | None = None,
    json_ld_date: str | None = None,
    meta_date: str | None = None,
    feeds: tuple[str, ...] = (),
    wp_api: str | None = None,
    body: str = "<p>Isi berita.</p>",
    charset: str = "utf-8",
) -> str:
    head = [f'<meta charset="{charset}">']
    if title is not None:
        head.append(f"<title>{escape(title)}</title>")
    if og_title is not None:
        head.append(f'<meta property="og:title" content="{escape(og_title)}">')
    if meta_date:
        head.append(f'<meta property="article:published_time" content="{meta_date}">')
    if json_ld_date:
        block = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "datePublished": json_ld_date,
        }
        head.append(f'<script type="application/ld+json">{json.dumps(block)}</script>')
    for feed in feeds:
        head.append(f'<link rel="alternate" type="application/rss+xml" title="Feed" href="{feed}">')
    if wp_api:
        head.append(f'<link rel="https://api.w.org/" href="{wp_api}">')
    return f'<!DOCTYPE html><html lang="id"><head>{"".join(head)}</head><body>{body}</body></html>'
