"""Imports: the project's template (CSV/XLSX), Meta Business Suite exports, RSS/Atom.

    common    limits, decoding, tables, cells, dates; `Unreadable`, `Parsed`
    xlsx      bounded XLSX reading (zip and XML bombs)
    template  tanggal, jenis, judul, tautan, catatan (+ tag)
    meta      Facebook and Instagram post exports (+ out-takes)
    rss       RSS 2.0 and Atom feeds
    remote    reading a feed from a URL, carefully
    child     parsing in a child process with memory and time limits
    importer  parse + store in one transaction, dry runs, the summary

`parse()` turns bytes into entries, in a child process (`child`): no file can
take the server's memory or time. `parse_here()` is the same work in this
process (what the child runs). Nothing here writes except `importer.save`,
which goes through the store (checks, duplicates, audit) like the form does.
"""

from __future__ import annotations

from pathlib import Path

from dashboard import errors
from dashboard.ingest import meta, rss, template
from dashboard.ingest.common import (
    FORMATS,
    MAX_FILE_BYTES,
    Parsed,
    Unreadable,
    check_size,
    decode,
    read_csv,
    refuse_binary,
)
from dashboard.ingest.remote import fetch, is_url

__all__ = [
    "FORMATS",
    "Parsed",
    "Unreadable",
    "parse",
    "parse_here",
    "read_source",
]

XLSX_MAGIC = b"PK\x03\x04"


def parse(
    data: bytes,
    *,
    unit_tz: str,
    fmt: str = "auto",
    name: str = "",
    export_tz: str | None = None,
    here: bool = False,
) -> Parsed:
    """The entries a file holds, or Unreadable with the code of why not.

    `unit_tz` turns instants (Meta, RSS) into the unit's local dates;
    `export_tz` is the zone of Meta's `Publish time` (default: the unit's).
    The file is read in a child process with memory and time limits (`child`);
    `here=True` reads it in this process, without them (what the child runs).
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    check_size(data)
    if not here:
        from dashboard.ingest import child

        options = {"unit_tz": unit_tz, "fmt": fmt, "name": name, "export_tz": export_tz}
        return child.parse(data, options)
    is_zip = data.startswith(XLSX_MAGIC)
    if not is_zip:
        refuse_binary(data)
    if fmt == "rss" or (fmt == "auto" and not is_zip and rss.looks_like(data)):
        if is_zip:
            raise Unreadable(errors.FILE_XLSX_NOT_FEED)
        if not rss.looks_like(data):
            raise Unreadable(errors.FILE_FEED_NOT_XML)
        return rss.parse(data, unit_tz=unit_tz, name=name)
    if is_zip:
        from dashboard.ingest.xlsx import read_xlsx

        table = read_xlsx(data)
    else:
        table = read_csv(decode(data))
    if fmt == "auto":
        fmt = "template" if template.looks_like(table) else (meta.platform_of(table) or "")
        if not fmt:
            raise Unreadable(errors.FILE_SHAPE_UNKNOWN, columns=template.COLUMNS[:5])
    if fmt == "template":
        return template.parse(table, name=name)
    return meta.parse(table, fmt, unit_tz=unit_tz, export_tz=export_tz, name=name)


def parse_here(data: bytes, **options) -> Parsed:
    """`parse(data, here=True, ...)`: the child process's entry point."""
    return parse(data, here=True, **options)


def read_source(source: str | Path) -> tuple[bytes, str]:
    """The bytes of a file path or an http(s) URL, and a name to show for it."""
    text = str(source)
    if is_url(text):
        return fetch(text), text
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable(errors.FILE_PATH_TOO_BIG, size=size)
        return path.read_bytes(), path.name
    except IsADirectoryError as exc:
        raise Unreadable(errors.FILE_PATH_FOLDER, path=str(path)) from exc
    except FileNotFoundError as exc:
        raise Unreadable(errors.FILE_PATH_MISSING, path=str(path)) from exc
    except OSError as exc:
        raise Unreadable(errors.FILE_PATH_UNREADABLE, path=str(path), reason=exc.strerror) from exc
