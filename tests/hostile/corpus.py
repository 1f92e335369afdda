"""The hostile-input corpus: what people (and attackers) type, paste and upload.

Shared test data for every form and every importer (tests/hostile/), the
command lines and the browser test. Each string has a name (the test id) and
is meant to be fed as it is; nothing here is specific to one field. Files are
built in memory so the corpus holds no binary fixtures.

What every test proves with it (issue 7, section 3):
  * nothing crashes: no exception element, no traceback, a clear refusal;
  * nothing already stored changes when an input is refused (`snapshot`);
  * what is accepted is stored exactly as typed (surrounding spaces aside);
  * it is shown as text everywhere (`live_markup` finds nothing in any Markdown body).
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import zipfile

# --- typed text -----------------------------------------------------------------------------

OVERSIZE = "Berita panjang " * 700  # 10,500 characters

TEXTS: dict[str, str] = {
    # Markdown and HTML injection.
    "md_link_javascript": "[klik di sini](javascript:alert(document.cookie))",
    "md_link_data": "[unduh](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md_image_remote": "![x](https://evil.example/pixel.png?who=kupang)",
    "html_img_remote": '<img src="https://evil.example/p.png" onerror="alert(1)">',
    "html_script": "<script>alert('xss')</script>",
    "html_raw_tags": '<b>tebal</b> <iframe src="https://evil.example"></iframe>'
    ' <a href="javascript:alert(1)">a</a>',
    "md_formatting": "# Judul besar **tebal** _miring_ ~~coret~~ `kode` > kutip | a | b |",
    "md_shortcodes": ":smile: :material/warning: :red[merah] :rainbow-background[pelangi]",
    "md_latex": "$\\frac{1}{2}$ dan $$x^2$$",
    "autolink_https": "lihat https://evil.example/login sekarang",
    "autolink_www": "kunjungi www.evil.example hari ini",
    "autolink_email": "kirim ke admin@evil.example segera",
    # Formula injection (a spreadsheet would run these).
    "formula_equals": '=HYPERLINK("https://evil.example","klik")',
    "formula_plus": "+62 812 3456 7890",
    "formula_minus": "-2+3+cmd|' /C calc'!A0",
    "formula_at": "@SUM(1+1)",
    # SQL-like strings (every query is parameterised: they are just text).
    "sql_drop": "'; DROP TABLE items; --",
    "sql_or": '" OR 1=1 --',
    # Oversize.
    "oversize": OVERSIZE,
    # Emoji and right-to-left text.
    "emoji": "Berita 🎉🇮🇩 keluarga 👨‍👩‍👧‍👦 selesai",
    "arabic": "السلام عليكم — Halal bihalal Kankemenag",
    "rtl_override": "Laporan \u202egnp.exe kegiatan",
    # NUL and control characters.
    "nul": "Berita\x00tersembunyi",
    "control_escape": "Berita\x1b[31mmerah\x07",
    "control_newlines": "baris satu\r\nbaris dua",
}

# Names of the strings that carry live markup if rendered as Markdown or HTML.
MARKUP = {name for name in TEXTS if name.startswith(("md_", "html_", "autolink_"))}
# Refused wherever free text is checked (control characters or over any length limit).
ALWAYS_REFUSED = {"nul", "control_escape", "control_newlines", "oversize"}
# Refused in typed text that may reach a spreadsheet (titles, notes).
FORMULAS = {"formula_equals", "formula_plus", "formula_minus", "formula_at"}

# The nastiest strings that are accepted as titles, notes, names: stored, then shown.
NASTY = [TEXTS[n] for n in sorted(MARKUP)] + [TEXTS["sql_drop"], TEXTS["rtl_override"]]

# --- addresses -------------------------------------------------------------------------------

# Feed URLs refused before any network access (scheme, shape, or an address that is not public).
URLS: dict[str, str] = {
    "javascript": "javascript:alert(1)",
    "data": "data:text/xml,<rss></rss>",
    "file": "file:///etc/passwd",
    "ftp": "ftp://evil.example/feed.xml",
    "loopback": "http://127.0.0.1:8501/_stcore/health",
    "metadata": "http://169.254.169.254/latest/meta-data/",
    "private": "http://10.0.0.1/feed",
    "ipv6_loopback": "http://[::1]/feed",
    "localhost": "http://localhost/feed",
    "spaces": "https://evil.example/a feed",
    "no_host": "https:///feed",
    "bad_port": "https://evil.example:99999/feed",
    "oversize": "https://evil.example/" + "a" * 3000,
    "nul": "https://evil.example/\x00feed",
    "sql": "https://'; DROP TABLE items; --",
}

# --- files -----------------------------------------------------------------------------------

TEMPLATE_HEADER = "tanggal;jenis;judul;tautan;catatan"


def _template_rows(titles: list[str], *, day: str = "24/11/2026") -> str:
    lines = [TEMPLATE_HEADER]
    for i, title in enumerate(titles):
        cell = '"' + title.replace('"', '""') + '"'
        lines.append(f"{day};berita_website;{cell};https://a.kemenag.go.id/hostile/{i};")
    return "\n".join(lines) + "\n"


# A NUL byte makes a whole file "binary" (refused whole, see template_nul_inside.csv), so the
# files that carry every string row by row leave that one out.
FILE_TEXTS = {name: text for name, text in TEXTS.items() if "\x00" not in text}


def template_of_texts() -> str:
    """The template with one row per corpus string as the title (link .../hostile/<index>)."""
    return _template_rows(list(FILE_TEXTS.values()))


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """A workbook with a sheet that inflates to 120 MB from about 120 KB."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["tanggal", "jenis", "judul", "tautan"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/worksheets/sheet2.xml", b"\0" * (120 * 1024 * 1024))
    return out.getvalue()


def _rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Uji</title>'
        f"<link>https://a.kemenag.go.id</link><description>x</description>{items}"
        "</channel></rss>"
    ).encode()


def _rss_of_texts() -> bytes:
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>{escape(t)}</title><link>https://a.kemenag.go.id/rss/{i}</link>"
        "<pubDate>Tue, 24 Nov 2026 02:10:00 +0000</pubDate></item>"
        for i, t in enumerate(FILE_TEXTS.values())
        if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", t)  # XML 1.0 cannot carry them
    )
    return _rss(items)


def _meta_of_texts() -> bytes:
    header = "Post ID,Permalink,Post type,Publish time,Description,Date,Reach,Reactions"
    lines = [header]
    for i, text in enumerate(FILE_TEXTS.values()):
        cell = '"' + text.replace('"', '""') + '"'
        lines.append(
            f"{9000 + i},https://www.facebook.com/kemenag.kupang/posts/{9000 + i},Photos,"
            f"11/24/2026 07:05,{cell},Lifetime,10,2"
        )
    return ("\n".join(lines) + "\n").encode()


def _billion_laughs() -> bytes:
    """Ten levels of ten entity references: a billion 'lol's if a parser expanded them."""
    dtd = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{dtd}]><rss version="2.0"><channel><title>x</title>'
        "<item><title>&l9;</title><link>https://a.kemenag.go.id/b</link>"
        "<pubDate>Tue, 24 Nov 2026 02:10:00 +0000</pubDate></item></channel></rss>"
    ).encode()


def _meta_instagram_of_texts() -> bytes:
    header = (
        '"Post ID","Account ID","Account username","Account name",Description,'
        '"Publish time",Permalink,"Post type",Date,Views,Reach'
    )
    lines = [header]
    for i, text in enumerate(FILE_TEXTS.values()):
        cell = '"' + text.replace('"', '""') + '"'
        lines.append(
            f'"{8000 + i}","1784","kemenagkotakupang","Kemenag Kota Kupang",{cell},'
            f'"11/24/2026 10:02",https://www.instagram.com/p/DHOSTILE{i}/,"IG image",'
            '"Lifetime",20,10'
        )
    return ("\n".join(lines) + "\n").encode()


def _atom_of_texts() -> bytes:
    from xml.sax.saxutils import escape

    entries = "".join(
        f'<entry><title type="text">{escape(t)}</title>'
        f'<link href="https://a.kemenag.go.id/atom/{i}"/><id>urn:uji:{i}</id>'
        "<published>2026-11-24T02:10:00Z</published></entry>"
        for i, t in enumerate(FILE_TEXTS.values())
        if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", t)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Uji</title><id>urn:uji</id><updated>2026-11-24T02:10:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


# name -> (bytes, what must happen: "unreadable" = refused whole, "rows" = read row by row)
@functools.cache
def files() -> dict[str, tuple[bytes, str]]:
    text_template = template_of_texts()
    return {
        "template_texts.csv": (text_template.encode(), "rows"),
        "template_utf16le.csv": (codecs.BOM_UTF16_LE + text_template.encode("utf-16-le"), "rows"),
        "template_utf16be.csv": (codecs.BOM_UTF16_BE + text_template.encode("utf-16-be"), "rows"),
        "template_utf16_no_bom.csv": (text_template.encode("utf-16-le"), "unreadable"),
        "template_cp1252.csv": (
            _template_rows(["Berita Café – “kutip” €5"]).encode("cp1252"),
            "rows",
        ),
        "template_invalid_utf8.csv": (
            _template_rows(["Berita \xff\xfe rusak"]).encode("latin-1") + b"\xc3\x28\xa0\xa1\n",
            "rows",
        ),
        "template_formula_cells.csv": (
            _template_rows([TEXTS[n] for n in sorted(FORMULAS)]).encode(),
            "rows",
        ),
        # Over the CSV reader's cell limit (100,000 characters): the file is refused whole.
        "template_oversize_cell.csv": (_template_rows(["x" * 150_000]).encode(), "unreadable"),
        "template_many_columns.csv": (
            (TEMPLATE_HEADER + ";x" * 5000 + "\n").encode()
            + b"24/11/2026;berita_website;a;https://a.kemenag.go.id/x;\n",
            "rows",  # columns past the 64th are never read
        ),
        "template_nul_inside.csv": (
            _template_rows(["Berita"]).encode().replace(b"Berita", b"Ber\x00ita"),
            "unreadable",
        ),
        "template_texts.xlsx": (
            _xlsx(
                [["tanggal", "jenis", "judul", "tautan", "catatan"]]
                + [
                    ["24/11/2026", "berita_website", t, f"https://a.kemenag.go.id/x/{i}", ""]
                    for i, t in enumerate(FILE_TEXTS.values())
                    if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", t)  # openpyxl refuses them
                ]
            ),
            "rows",
        ),
        "zip_bomb.xlsx": (_zip_bomb(), "unreadable"),
        "truncated.xlsx": (
            _truncate(_xlsx([["tanggal", "jenis", "judul", "tautan"]])),
            "unreadable",
        ),
        "not_a_workbook.xlsx": (
            _zip_of({"hello.txt": b"halo"}),
            "unreadable",
        ),
        "meta_facebook_texts.csv": (_meta_of_texts(), "rows"),
        "meta_instagram_texts.csv": (_meta_instagram_of_texts(), "rows"),
        "atom_texts.xml": (_atom_of_texts(), "rows"),
        "rss_texts.xml": (_rss_of_texts(), "rows"),
        "rss_truncated.xml": (_truncate(_rss_of_texts()), "unreadable"),
        "rss_entity_bomb.xml": (_billion_laughs(), "unreadable"),
        "rss_external_entity.xml": (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><title>&x;</title><link>https://a.kemenag.go.id/e</link>"
            b"<pubDate>Tue, 24 Nov 2026 02:10:00 +0000</pubDate></item></channel></rss>",
            "rows",  # never resolved: the entry has no title and is refused as a row
        ),
        "binary_random.csv": (bytes(range(256)) * 40, "unreadable"),
        "binary_png.csv": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unreadable"),
        "binary_pdf.csv": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "unreadable"),
        "binary_elf.csv": (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "unreadable"),
        "binary_gzip.csv": (b"\x1f\x8b\x08\x00" + b"\x00" * 64, "unreadable"),
        "empty.csv": (b"", "unreadable"),
        "whitespace.csv": (b" \n\t\r\n", "unreadable"),
        "sql_drop.csv": (b"'; DROP TABLE items; --\n", "unreadable"),
    }


def _zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


# --- what the tests compare and look for ------------------------------------------------------

# Tables whose rows are the record: a refused input must leave every one of them unchanged.
# `counters` is bookkeeping (the data version, refused sign-ins) and is left out on purpose.
TABLES = (
    "units",
    "metric_kinds",
    "users",
    "items",
    "outtakes",
    "targets",
    "calendar_overrides",
    "calendar_unit_overrides",
    "settings",
    "screen_links",
    "audit_log",
)


def snapshot(db, *, ignore: dict[str, tuple[str, ...]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every record table, in a comparable form.

    `ignore` leaves out columns per table (e.g. the sign-in counters of users,
    which a refused sign-in is meant to change).
    """
    ignore = ignore or {}
    found = {}
    for table in TABLES:
        columns = [
            r[1]
            for r in db.conn.execute(f"PRAGMA table_info({table})")
            if r[1] not in ignore.get(table, ())
        ]
        # In primary-key order (rowid tables: insertion order), so new rows come last.
        keys = [
            r[1]
            for r in sorted(db.conn.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5])
            if r[5]
        ]
        found[table] = db.conn.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(keys)}"
        ).fetchall()
    return found


# Markdown an element would render live. Escaped characters (a backslash before them) are
# removed first, so only what Markdown would really interpret is matched.
_ESCAPED = re.compile(r"\\.", re.S)
LIVE = {
    "link or image": re.compile(r"\[[^\]\n]*\]\s*\("),
    "reference link": re.compile(r"\[[^\]\n]*\]\s*\["),
    "raw HTML": re.compile(r"<\s*[A-Za-z!/?]"),
    "autolink": re.compile(r"(?i)\b(?:https?://|www\.)|[\w.+-]+@[\w-]+\.[\w.-]+|<[a-z]+:"),
    "emoji shortcode or directive": re.compile(
        r":(?:smile|red|rainbow-background|material/warning)[:\[]"
    ),
    "math": re.compile(r"\$[^$\n]+\$"),
}


def live_markup(body: str) -> list[str]:
    """What in a Markdown body would render as a link, image, HTML, autolink or directive."""
    plain = _ESCAPED.sub("", body)
    return [what for what, pattern in LIVE.items() if pattern.search(plain)]


# Element types whose text Streamlit renders as Markdown (st.text, st.code and table cells
# are not: they are text).
MARKDOWN_TYPES = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "error",
    "warning",
    "info",
    "success",
    "toast",
    "latex",
}


def markdown_bodies(at) -> list[tuple[str, str]]:
    """(element type, text) of every Markdown-rendered text on an AppTest page.

    Bodies of markdown-like elements, and the labels and help of every widget
    and metric (Streamlit renders those as Markdown too).
    """
    found = []
    for node in at._tree:
        kind = getattr(node, "type", "")
        if kind in MARKDOWN_TYPES:
            found.append((kind, str(node.value)))
        elif kind in ("tab", "expandable"):
            found.append((kind, str(getattr(node, "label", ""))))
        elif kind == "metric":
            found += [
                (f"metric.{a}", str(getattr(node, a) or "")) for a in ("label", "value", "delta")
            ]
        elif kind not in ("text", "code", "dataframe"):
            for attribute in ("label", "help"):
                value = getattr(node, attribute, None)
                if isinstance(value, str) and value:
                    found.append((f"{kind}.{attribute}", value))
            if kind in ("radio", "button_group"):
                options = getattr(node, "options", None) or []
                found += [(f"{kind}.option", str(o)) for o in options]
    return found


def live_on_page(at) -> list[tuple[str, str, list[str]]]:
    """Every Markdown body on the page that would render something live."""
    return [
        (kind, body[:200], hits)
        for kind, body in markdown_bodies(at)
        if (hits := live_markup(body))
    ]
