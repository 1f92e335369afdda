"""The link-check flags that need no store: pure functions of a check and an item.

- `date_mismatch`: the page was published more than one day away from the
  item's local date. A page without a date is unknown, never a mismatch.
- `title_mismatch`: the typed title shares almost nothing with the page's.
  Measure: the overlap coefficient |A∩B| / min(|A|, |B|) of the character
  trigrams of each title's content words (case, accents and punctuation
  folded; Indonesian function words and the ministry's boilerplate — Kemenag,
  Kantor, Kabupaten, Kota … — dropped). Trigrams match Indonesian affixed
  forms without a stemmer (gelar / menggelar, kunjungan / kunjungi) and partly
  abbreviations (bimbingan / bimwin); the smaller set as denominator makes a
  site name appended to the page title, or a shortened typed title, harmless.
  Below `TITLE_THRESHOLD` (0.2) is a mismatch. A page title of fewer than two
  content words ("Instagram", "Beranda") says nothing and is never a mismatch.
- `link_broken`: broken on two checks at least an hour apart, with no good
  check between them; `recheck_at` says when the confirming check is due.
- `check_flags`: the flags one check raises by itself (`unsafe_link`,
  `date_mismatch`, `title_mismatch`); `link_broken` needs the history,
  `not_unit_channel` and `duplicate_content` the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from dashboard import clock

TITLE_THRESHOLD = 0.2
CONFIRM_AFTER = timedelta(hours=1)
BROKEN, OK, UNKNOWN, UNSAFE = "broken", "ok", "unknown", "unsafe"

STOP_WORDS = frozenset(
    [
        "dan",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "dengan",
        "pada",
        "dalam",
        "ini",
        "itu",
        "atau",
        "juga",
        "akan",
        "oleh",
        "sebagai",
        "para",
        "bagi",
        "kepada",
        "tentang",
        "serta",
        "hingga",
        "secara",
        "telah",
        "sudah",
        "bisa",
        "ada",
        "adalah",
        "tersebut",
        "tahun",
        "hari",
        "kemenag",
        "kementerian",
        "agama",
        "kantor",
        "kanwil",
        "kankemenag",
        "kabupaten",
        "kab",
        "kota",
        "provinsi",
        "prov",
        "ri",
        "republik",
        "indonesia",
        "berita",
        "humas",
        "home",
        "beranda",
        "official",
        "resmi",
        "the",
        "of",
        "and",
    ]
)
_WORD = re.compile(r"[0-9a-z]+")


def content_words(title: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", (title or "").casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return [w for w in _WORD.findall(plain) if w not in STOP_WORDS]


def _trigrams(words: Iterable[str]) -> set[str]:
    grams: set[str] = set()
    for word in words:
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def title_similarity(typed: str, page: str) -> float | None:
    """0..1, or None when either title has no content words."""
    a, b = _trigrams(content_words(typed)), _trigrams(content_words(page))
    if not a or not b:
        return None
    return len(a & b) / min(len(a), len(b))


def title_mismatch(typed: str, page_title: str | None) -> bool:
    if not page_title or len(content_words(page_title)) < 2:
        return False
    score = title_similarity(typed, page_title)
    return score is not None and score < TITLE_THRESHOLD


def published_local_date(
    published: date | None, published_at: datetime | None, tz: str
) -> date | None:
    if published_at is not None:
        return clock.local_date_of(published_at, tz)
    return published


def date_mismatch(
    item_day: date, published: date | None, published_at: datetime | None, tz: str
) -> bool:
    """True when the page's date is more than one day away from the item's local date."""
    page_day = published_local_date(published, published_at, tz)
    return page_day is not None and abs((page_day - item_day).days) > 1


def _broken_run(checks: Iterable[tuple[datetime, str]]) -> list[datetime]:
    """The times of the latest run of broken checks (unknown outcomes do not end a run)."""
    run: list[datetime] = []
    for when, outcome in sorted(checks):
        if outcome == BROKEN:
            run.append(when)
        elif outcome != UNKNOWN:
            run = []
    return run


def link_broken(checks: Iterable[tuple[datetime, str]]) -> bool:
    """(checked_at, outcome) pairs: broken when confirmed an hour or more after it was first seen."""
    ordered = sorted(checks)
    if not ordered or ordered[-1][1] != BROKEN:
        return False
    run = _broken_run(ordered)
    return len(run) >= 2 and run[-1] - run[0] >= CONFIRM_AFTER


def recheck_at(checks: Iterable[tuple[datetime, str]]) -> datetime | None:
    """When the check confirming a broken link is due (None: nothing to confirm)."""
    ordered = sorted(checks)
    if not ordered or ordered[-1][1] != BROKEN or link_broken(ordered):
        return None
    return _broken_run(ordered)[0] + CONFIRM_AFTER


def check_flags(
    *,
    outcome: str,
    item_day: date,
    typed_title: str,
    page_title: str | None,
    published: date | None,
    published_at: datetime | None,
    tz: str,
) -> tuple[str, ...]:
    """The flag codes one page check raises by itself, in a fixed order."""
    if outcome == UNSAFE:
        return ("unsafe_link",)
    flags = []
    if outcome == OK and date_mismatch(item_day, published, published_at, tz):
        flags.append("date_mismatch")
    if outcome == OK and title_mismatch(typed_title, page_title):
        flags.append("title_mismatch")
    return tuple(flags)
