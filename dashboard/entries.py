"""An output item as someone typed or imported it, and the checks every path applies.

Pure (no SQL, no Streamlit). The store runs `check` inside its write
transaction, so no page or import can skip it; the entry page runs it first
too, to show each problem beside the field at fault. A problem is a code and its
values (`dashboard.errors.Problem`); the interface says it with `words.say`, whose words
never repeat what was typed (they may be rendered as Markdown).

Fields are named `day`, `kind`, `title`, `link`, `note`, `tag`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from dashboard import clock, errors, freetext, links
from dashboard.errors import Problem, problem

TITLE_MAX = 500
NOTE_MAX = 2000
FIELDS = ("day", "kind", "title", "link", "note", "tag")

# A spreadsheet would run a cell starting with one of these as a formula
# (CSV injection). Typed text is refused rather than silently changed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What Indonesian spreadsheets put in a cell that is meant to be empty.
PLACEHOLDERS = {"-", "–", "—"}

TAGS = {
    "capaian": "capaian",
    "capaian/dampak": "capaian",
    "dampak": "capaian",
    "seremonial": "seremonial",
    "kegiatan/seremonial": "seremonial",
}

# Hosts whose links say which platform a post is on (used when `kind` is left empty).
PLATFORM_HOSTS = {
    "instagram.com": "medsos_instagram",
    "facebook.com": "medsos_facebook",
    "fb.watch": "medsos_facebook",
    "x.com": "medsos_x",
    "twitter.com": "medsos_x",
    "tiktok.com": "medsos_tiktok",
    "youtube.com": "medsos_youtube",
    "youtu.be": "medsos_youtube",
    "whatsapp.com": "medsos_whatsapp",
}

MODES = ("form", "import")


@dataclass(frozen=True)
class Entry:
    """One row as given: free text except `day` (a date, or None when unreadable).

    `problems` carries what a parser already found wrong (e.g. an impossible
    date), field by field; `line` is where the row came from, for messages.
    """

    day: date | None
    kind: str = ""
    title: str = ""
    link: str = ""
    note: str = ""
    tag: str | None = None
    published_at: datetime | None = None
    line: int | None = None
    problems: tuple[tuple[str, Problem], ...] = field(default=())

    @classmethod
    def of(cls, value: Entry | Mapping) -> Entry:
        if isinstance(value, Entry):
            return value
        day = value.get("day")
        if isinstance(day, str):
            day = date.fromisoformat(day)
        return cls(
            day=day,
            kind=value.get("kind") or "",
            title=value.get("title") or "",
            link=value.get("link") or "",
            note=value.get("note") or "",
            tag=value.get("tag"),
            published_at=value.get("published_at"),
            line=value.get("line"),
        )


@dataclass(frozen=True)
class OutTake:
    """A post's reach, views or engagement from an export: carried beside entries, never one.

    Out-takes describe how far a post travelled, not what a unit produced (see
    `dashboard.store.outtakes`, which stores them).
    """

    link_key: str
    kind: str
    metric: str  # one of migrations.OUTTAKE_METRICS
    value: int
    period: str = "lifetime"  # or an ISO day


@dataclass(frozen=True)
class Rules:
    """What a row is checked against: the unit's local today and the entry window.

    mode "form": dates from today back `backdate_days` days; any earlier day is
    refused; a past day is marked late. mode "import": any past date (backfill);
    only days older than the window are marked late. Future days: always refused.
    """

    today: date
    backdate_days: int
    kinds: Mapping[str, dict]  # code -> metric kind row (label, short_label, needs_link)
    mode: str = "form"
    zone: str = ""  # "WITA", for messages

    @property
    def earliest(self) -> date:
        return self.today - timedelta(days=self.backdate_days)


@dataclass(frozen=True)
class Checked:
    """A row that passed every check, in the shape the store writes."""

    day: date
    kind: str
    title: str
    link: str | None
    link_key: str | None
    note: str
    tag: str | None
    published_at: str | None
    late: bool


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `check` found: the row ready to store (`ok`), or a problem per field at fault."""

    row: Checked | None = None
    errors: dict[str, Problem] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.row is not None

    def valid(self) -> Checked:
        """The checked row; only after `ok` said there is one."""
        if self.row is None:
            found = ", ".join(f"{f}: {p.code}" for f, p in self.errors.items())
            raise ValueError(f"the row has problems: {found}")
        return self.row


def _text(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return "" if text in PLACEHOLDERS else text


def _formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def fold(text: str) -> str:
    """Case- and spacing-blind form of a label or title, for comparisons."""
    return " ".join(text.replace("_", " ").split()).casefold()


def resolve_kind(text: str, kinds: Mapping[str, dict]) -> str | None:
    """A metric code from its code, label or short label (any case or spacing)."""
    wanted = fold(text)
    for code, kind in kinds.items():
        if wanted in (fold(code), fold(kind["label"]), fold(kind["short_label"])):
            return code
    return None


def guess_kind(link: str) -> str | None:
    """The platform kind a link's host says (instagram.com -> medsos_instagram)."""
    try:
        host = (urlsplit(links.with_scheme(link)).hostname or "").lower()
    except ValueError:
        return None
    for known, kind in PLATFORM_HOSTS.items():
        if host == known or host.endswith("." + known):
            return kind
    return None


def resolve_tag(text: str | None) -> str | None:
    """'capaian' / 'seremonial' from a code or label; '' or None for no tag."""
    return TAGS.get(fold(text or "").replace(" ", ""))


def title_key(title: str) -> str:
    """How titles are compared to spot a resubmitted item that has no link."""
    return fold(title)


def _check_day(entry: Entry, rules: Rules, problems: dict[str, Problem]) -> bool:
    """Returns whether the row is late; records a problem when the day is refused."""
    day = entry.day
    if day is None:
        problems.setdefault("day", problem(errors.ENTRY_DAY_REQUIRED))
        return False
    if day > rules.today:
        problems["day"] = problem(errors.ENTRY_DAY_FUTURE, today=rules.today, zone=rules.zone)
        return False
    if rules.mode == "form":
        if day < rules.earliest:
            problems["day"] = problem(
                errors.ENTRY_DAY_TOO_EARLY, days=rules.backdate_days, earliest=rules.earliest
            )
            return False
        return day < rules.today
    return day < rules.earliest


def _free_text(text: str, field_name: str, max_len: int) -> Problem | None:
    """A title's or a note's problem: the free-text rule, then no spreadsheet formula."""
    if wrong := freetext.problem(text, field_name, max_len=max_len, multiline=True):
        return wrong
    if _formula(text):
        return problem(errors.TEXT_FORMULA, field=field_name)
    return None


def check(entry: Entry, rules: Rules) -> CheckResult:
    """The row ready to store, or {field: problem} saying what to fix (in form order)."""
    problems: dict[str, Problem] = dict(entry.problems)

    late = _check_day(entry, rules, problems)

    title = _text(entry.title)
    if not title:
        problems.setdefault("title", problem(errors.ENTRY_TITLE_REQUIRED))
    elif wrong := _free_text(title, "item.title", TITLE_MAX):
        problems.setdefault("title", wrong)

    link_text = _text(entry.link)
    kind_text = _text(entry.kind)
    kind = None
    if kind_text:
        kind = resolve_kind(kind_text, rules.kinds)
        if kind is None:
            problems.setdefault("kind", problem(errors.ENTRY_KIND_UNKNOWN))
    else:
        kind = guess_kind(link_text) if link_text else None
        if kind is None or kind not in rules.kinds:
            kind = None
            problems.setdefault("kind", problem(errors.ENTRY_KIND_REQUIRED))

    link = link_key = None
    if link_text:
        try:
            link = links.clean_link(link_text)  # with https:// when it had no scheme
            link_key = links.link_key(link)
        except links.LinkError as exc:
            problems.setdefault("link", exc.problem)
    elif kind is not None and rules.kinds[kind]["needs_link"]:
        problems.setdefault("link", problem(errors.ENTRY_LINK_REQUIRED))

    note = _text(entry.note)
    if wrong := _free_text(note, "item.note", NOTE_MAX):
        problems.setdefault("note", wrong)

    tag = None
    if _text(entry.tag):
        tag = resolve_tag(entry.tag)
        if tag is None:
            problems.setdefault("tag", problem(errors.ENTRY_TAG_UNKNOWN))

    if problems:
        return CheckResult(
            errors={f: problems[f] for f in FIELDS if f in problems}
            | {f: m for f, m in problems.items() if f not in FIELDS}
        )
    # A missing day or kind always records a problem above.
    assert entry.day is not None and kind is not None
    row = Checked(
        day=entry.day,
        kind=kind,
        title=title,
        link=link,
        link_key=link_key,
        note=note,
        tag=tag,
        published_at=clock.iso(entry.published_at) if entry.published_at else None,
        late=late,
    )
    return CheckResult(row=row)
