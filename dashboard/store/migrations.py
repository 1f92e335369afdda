"""Schema steps, applied in order at start (sqlite-utils Migrations).

Each step is a list of SQL statements run inside one IMMEDIATE transaction,
so two processes starting together never apply a step twice. A step, once
released, is never edited: change the schema with a new step.

Tables are STRICT, with CHECK constraints that hold whatever path writes.
`daily_counts` is the per unit, day and kind summary that pages read; the
triggers below keep it exact in the same transaction as every item write.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from dashboard.store.db import SchemaTooNew, write

migrations = Migrations("humas")

UNIT_TYPES = ("PUSAT", "KANWIL", "KANKEMENAG", "PTKN", "UPT", "MADRASAH_NEGERI", "KUA")
ROLES = ("admin", "pimpinan", "operator")
GROUPS = ("berita", "media", "medsos", "kegiatan")
TAGS = ("capaian", "seremonial")
SOURCES = ("form", "template", "meta", "rss", "demo", "bench")
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _run(db: Database, statements: list[str]) -> None:
    for statement in statements:
        db.execute(statement)


CORE = [
    """
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) STRICT
    """,
    "INSERT INTO counters (name, value) VALUES ('data_version', 0)",
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT
    """,
    f"""
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE
            CHECK (length(code) BETWEEN 2 AND 64 AND code NOT GLOB '*[^a-z0-9-]*'),
        name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 2 AND 200),
        type TEXT NOT NULL CHECK (type IN {_in(UNIT_TYPES)}),
        parent_id INTEGER REFERENCES units (id),
        province TEXT NOT NULL DEFAULT '',
        tz TEXT NOT NULL CHECK (tz IN {_in(ZONES)}),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        CHECK (parent_id IS NULL OR parent_id <> id)
    ) STRICT
    """,
    "CREATE INDEX units_parent ON units (parent_id)",
    f"""
    CREATE TABLE metric_kinds (
        code TEXT PRIMARY KEY CHECK (code NOT GLOB '*[^a-z_]*'),
        grp TEXT NOT NULL CHECK (grp IN {_in(GROUPS)}),
        label TEXT NOT NULL,
        short_label TEXT NOT NULL,
        needs_link INTEGER NOT NULL CHECK (needs_link IN (0, 1)),
        sort_order INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
    ) STRICT
    """,
    f"""
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE
            CHECK (length(username) BETWEEN 3 AND 64
                   AND username NOT GLOB '*[^A-Za-z0-9._-]*'),
        full_name TEXT NOT NULL DEFAULT '' CHECK (length(full_name) <= 120),
        email TEXT COLLATE NOCASE CHECK (email IS NULL OR email LIKE '%_@_%'),
        role TEXT NOT NULL CHECK (role IN {_in(ROLES)}),
        unit_id INTEGER NOT NULL REFERENCES units (id),
        password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_login_at TEXT
    ) STRICT
    """,
    "CREATE UNIQUE INDEX users_email ON users (email) WHERE email IS NOT NULL",
    "CREATE INDEX users_unit ON users (unit_id)",
    f"""
    CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units (id),
        day TEXT NOT NULL CHECK (date(day, '+0 days') IS day),
        kind TEXT NOT NULL REFERENCES metric_kinds (code),
        title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 500),
        link TEXT CHECK (link IS NULL OR (length(link) <= 2048
                         AND (link LIKE 'http://_%' OR link LIKE 'https://_%'))),
        link_key TEXT CHECK (link_key IS NULL OR length(link_key) <= 2048),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        tag TEXT CHECK (tag IS NULL OR tag IN {_in(TAGS)}),
        source TEXT NOT NULL CHECK (source IN {_in(SOURCES)}),
        published_at TEXT,
        late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
        created_by INTEGER REFERENCES users (id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        CHECK ((link IS NULL) = (link_key IS NULL))
    ) STRICT
    """,
    # The same evidence link counts once per unit and kind (soft-deleted rows excepted).
    """
    CREATE UNIQUE INDEX items_once ON items (unit_id, kind, link_key)
        WHERE deleted = 0 AND link_key IS NOT NULL
    """,
    "CREATE INDEX items_unit_day ON items (unit_id, day)",
    "CREATE INDEX items_day ON items (day)",
    "CREATE INDEX items_link_key ON items (link_key) WHERE link_key IS NOT NULL",
    """
    CREATE TABLE daily_counts (
        unit_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (unit_id, day, kind)
    ) STRICT, WITHOUT ROWID
    """,
    "CREATE INDEX daily_counts_day ON daily_counts (day, unit_id)",
    """
    CREATE TRIGGER items_count_insert AFTER INSERT ON items WHEN new.deleted = 0
    BEGIN
        INSERT INTO daily_counts (unit_id, day, kind, n) VALUES (new.unit_id, new.day, new.kind, 1)
        ON CONFLICT (unit_id, day, kind) DO UPDATE SET n = n + 1;
    END
    """,
    """
    CREATE TRIGGER items_count_delete AFTER DELETE ON items WHEN old.deleted = 0
    BEGIN
        UPDATE daily_counts SET n = n - 1
        WHERE unit_id = old.unit_id AND day = old.day AND kind = old.kind;
        DELETE FROM daily_counts
        WHERE unit_id = old.unit_id AND day = old.day AND kind = old.kind AND n = 0;
    END
    """,
    """
    CREATE TRIGGER items_count_update AFTER UPDATE OF unit_id, day, kind, deleted ON items
    BEGIN
        UPDATE daily_counts SET n = n - 1
        WHERE old.deleted = 0
          AND unit_id = old.unit_id AND day = old.day AND kind = old.kind;
        DELETE FROM daily_counts
        WHERE old.deleted = 0
          AND unit_id = old.unit_id AND day = old.day AND kind = old.kind AND n = 0;
        INSERT INTO daily_counts (unit_id, day, kind, n)
        SELECT new.unit_id, new.day, new.kind, 1 WHERE new.deleted = 0
        ON CONFLICT (unit_id, day, kind) DO UPDATE SET n = n + 1;
    END
    """,
    """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        unit_id INTEGER,
        before TEXT CHECK (before IS NULL OR json_valid(before)),
        after TEXT CHECK (after IS NULL OR json_valid(after))
    ) STRICT
    """,
    "CREATE INDEX audit_at ON audit_log (at)",
    "CREATE INDEX audit_unit ON audit_log (unit_id, at)",
    "CREATE INDEX audit_actor ON audit_log (actor_id, at)",
    # The log is the record of who did what: the database itself refuses to rewrite it.
    """
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
    """,
    """
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
    """,
]


@migrations(name="m001_core")
def m001_core(db: Database) -> None:
    _run(db, CORE)


# Issue 3 (entry and imports): cross-unit link flags and Meta out-takes.
OUTTAKE_METRICS = (
    "views",
    "reach",
    "reactions",
    "comments",
    "shares",
    "likes",
    "saves",
    "clicks",
    "follows",
)
ENTRY = [
    # Set when an item is written while another unit already claims the same link:
    # accepted, but listed for a reviewer (pimpinan above both units, or admin).
    """
    ALTER TABLE items ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1))
    """,
    "CREATE INDEX items_flagged ON items (link_key) WHERE flagged = 1 AND deleted = 0",
    # Out-takes (reach, views, ...) from Meta exports: never outputs, never counted.
    # One row per unit, post link, metric and period; a later export replaces the value.
    f"""
    CREATE TABLE outtakes (
        unit_id INTEGER NOT NULL REFERENCES units (id),
        link_key TEXT NOT NULL CHECK (length(link_key) BETWEEN 1 AND 2048),
        kind TEXT NOT NULL REFERENCES metric_kinds (code),
        metric TEXT NOT NULL CHECK (metric IN {_in(OUTTAKE_METRICS)}),
        period TEXT NOT NULL CHECK (period = 'lifetime' OR date(period, '+0 days') IS period),
        value INTEGER NOT NULL CHECK (value >= 0),
        source TEXT NOT NULL CHECK (source IN ('meta')),
        measured_at TEXT NOT NULL,
        PRIMARY KEY (unit_id, link_key, metric, period)
    ) STRICT, WITHOUT ROWID
    """,
]


@migrations(name="m010_entry")
def m010_entry(db: Database) -> None:
    _run(db, ENTRY)


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def check_not_newer(db: Database) -> None:
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - set(known_names()))
    if unknown:
        raise SchemaTooNew(
            "database schema is newer than this version of Pantau Humas "
            f"(unknown steps: {', '.join(unknown)}); upgrade the app before using it"
        )


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]


def apply(db: Database) -> list[str]:
    """Apply pending steps; returns the names applied. Refuses a newer schema."""
    db.execute("PRAGMA journal_mode = WAL")
    check_not_newer(db)
    if not pending(db):
        return []
    with write(db):  # re-checked under the write lock: another process may have won
        check_not_newer(db)
        todo = pending(db)
        migrations.apply(db)
    return todo


# --- issue 4: coordination goals and the calendar -------------------------------------------

PERIODS = ("day", "week", "month")
COUNTS_ON = ("working", "all")

TARGETS = [
    f"""
    CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL CHECK (scope IN ('national', 'unit_type', 'unit')),
        unit_type TEXT CHECK (unit_type IS NULL OR unit_type IN {_in(UNIT_TYPES)}),
        unit_id INTEGER REFERENCES units (id),
        metric TEXT NOT NULL CHECK (length(metric) BETWEEN 2 AND 40),
        period TEXT NOT NULL CHECK (period IN {_in(PERIODS)}),
        value INTEGER NOT NULL CHECK (value >= 0 AND value <= 10000),
        counts_on TEXT NOT NULL CHECK (counts_on IN {_in(COUNTS_ON)}),
        valid_from TEXT NOT NULL CHECK (date(valid_from, '+0 days') IS valid_from),
        valid_to TEXT CHECK (valid_to IS NULL OR date(valid_to, '+0 days') IS valid_to),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        created_by INTEGER REFERENCES users (id),
        created_at TEXT NOT NULL,
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CHECK ((scope = 'national' AND unit_type IS NULL AND unit_id IS NULL)
            OR (scope = 'unit_type' AND unit_type IS NOT NULL AND unit_id IS NULL)
            OR (scope = 'unit' AND unit_type IS NULL AND unit_id IS NOT NULL))
    ) STRICT
    """,
    "CREATE INDEX targets_metric ON targets (metric, valid_from)",
    """
    CREATE TABLE calendar_overrides (
        day TEXT PRIMARY KEY CHECK (date(day, '+0 days') IS day),
        working INTEGER NOT NULL CHECK (working IN (0, 1)),
        note TEXT NOT NULL CHECK (length(trim(note)) BETWEEN 1 AND 200),
        created_by INTEGER REFERENCES users (id),
        created_at TEXT NOT NULL
    ) STRICT
    """,
]


@migrations(name="m020_targets_calendar")
def m020_targets_calendar(db: Database) -> None:
    _run(db, TARGETS)


# --- issue 5: the meeting screen ------------------------------------------------------------

SCREEN_ROTATE_RANGE = (10, 300)  # seconds a panel stays on the screen

SCREEN_LINKS = [
    f"""
    CREATE TABLE screen_links (
        id INTEGER PRIMARY KEY,
        -- SHA-256 (hex) of the token; the token itself is shown once and never stored.
        token_hash TEXT NOT NULL UNIQUE
            CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
        -- The root of what the screen shows: the national root or one Kanwil.
        unit_id INTEGER NOT NULL REFERENCES units (id),
        label TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 80),
        rotate_seconds INTEGER NOT NULL
            CHECK (rotate_seconds BETWEEN {SCREEN_ROTATE_RANGE[0]} AND {SCREEN_ROTATE_RANGE[1]}),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL CHECK (expires_at > created_at),
        created_by INTEGER REFERENCES users (id),
        creator TEXT NOT NULL CHECK (length(creator) BETWEEN 1 AND 64),
        revoked_at TEXT,
        revoked_by INTEGER REFERENCES users (id),
        revoker TEXT,
        CHECK ((revoked_at IS NULL) = (revoker IS NULL))
    ) STRICT
    """,
    "CREATE INDEX screen_links_unit ON screen_links (unit_id)",
]


@migrations(name="m030_screen_links")
def m030_screen_links(db: Database) -> None:
    _run(db, SCREEN_LINKS)


# --- issue 18: security ---------------------------------------------------------------------

SECURITY = [
    # Lost updates: every change of an item adds one, and a save names the version it was
    # based on (items.update's compare-and-set), so an edit from a page opened before
    # someone else's change is refused instead of silently undoing it.
    """
    ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
    """,
]


@migrations(name="m045_security")
def m045_security(db: Database) -> None:
    _run(db, SECURITY)


# --- issue 11 / 18: server-side sessions and sign-in limits ---------------------------------

SESSION_METHODS = ("password", "sso")
# Why a session ended (store/sessions.py names each one in Indonesian for the pages).
SESSION_END_REASONS = (
    "sign_out",  # "Keluar" in that browser
    "ended",  # "Akhiri" on Akun Saya, for one of one's own sessions
    "all",  # "Keluar dari semua perangkat"
    "admin",  # an admin ended the account's sessions on Pengguna
    "deactivated",  # the account was deactivated
    "password",  # the password was reset or changed
)

SESSIONS = [
    f"""
    CREATE TABLE sessions (
        -- Never reused (the audit log names sessions by id; old rows are deleted).
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        -- SHA-256 (hex) of the cookie's random 256-bit value; the value itself is never stored.
        -- NULL until the browser redeems the sign-in's one-time ticket (or for ever, for a tab
        -- that signed in where no cookie can be set: a test client, a load driver).
        token_hash TEXT UNIQUE
            CHECK (token_hash IS NULL
                   OR (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*')),
        -- SHA-256 of the one-time ticket the sign-in hands to /sesi/mulai, and until when.
        ticket_hash TEXT UNIQUE
            CHECK (ticket_hash IS NULL
                   OR (length(ticket_hash) = 64 AND ticket_hash NOT GLOB '*[^0-9a-f]*')),
        ticket_expires_at TEXT,
        -- SHA-256 of the browser cookie the ticket is bound to ('' for none).
        browser_hash TEXT NOT NULL DEFAULT ''
            CHECK (browser_hash = ''
                   OR (length(browser_hash) = 64 AND browser_hash NOT GLOB '*[^0-9a-f]*')),
        user_id INTEGER NOT NULL REFERENCES users (id),
        method TEXT NOT NULL CHECK (method IN {_in(SESSION_METHODS)}),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL CHECK (last_seen_at >= created_at),
        expires_at TEXT NOT NULL CHECK (expires_at > created_at),
        user_agent TEXT NOT NULL DEFAULT '' CHECK (length(user_agent) <= 300),
        address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 64),
        ended_at TEXT,
        end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN {_in(SESSION_END_REASONS)}),
        CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
        CHECK ((ticket_hash IS NULL) = (ticket_expires_at IS NULL)),
        CHECK (token_hash IS NULL OR ticket_hash IS NULL)
    ) STRICT
    """,
    "CREATE INDEX sessions_user ON sessions (user_id, ended_at)",
    "CREATE INDEX sessions_expiry ON sessions (expires_at)",
    # Failed sign-ins per client address, and per account from one client address.
    """
    CREATE TABLE signin_limits (
        key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 120),
        user_id INTEGER REFERENCES users (id),
        failures INTEGER NOT NULL CHECK (failures >= 0),
        last_failure_at TEXT NOT NULL,
        blocked_until TEXT
    ) STRICT
    """,
    "CREATE INDEX signin_limits_user ON signin_limits (user_id) WHERE user_id IS NOT NULL",
    # /metrics counts imports at every scrape: only the audit log's import entries are indexed.
    "CREATE INDEX audit_imports ON audit_log (action) WHERE action = 'import'",
]


@migrations(name="m050_sessions")
def m050_sessions(db: Database) -> None:
    _run(db, SESSIONS)


# --- issue 14: link checks, flags and their review ------------------------------------------

CHECK_OUTCOMES = ("ok", "broken", "unknown", "unsafe")
CHECK_VERDICTS = ("verified", "flagged", "unknown")
REVIEW_DECISIONS = ("accepted", "rejected")
# A rejected item leaves every figure exactly as a deleted one does: the summary counts the
# items that are neither deleted nor rejected.
_COUNTED_NEW = "new.deleted = 0 AND new.rejected = 0"
_COUNTED_OLD = "old.deleted = 0 AND old.rejected = 0"

CHECKS = [
    # Set (with the review row below, in one transaction) when a reviewer rejects the item.
    "ALTER TABLE items ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected IN (0, 1))",
    # Every check of an item's link, for link_broken's two checks an hour apart.
    f"""
    CREATE TABLE link_checks (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES items (id),
        link TEXT NOT NULL CHECK (length(link) <= 2048),
        checked_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN {_in(CHECK_OUTCOMES)}),
        status INTEGER,
        code TEXT CHECK (code IS NULL OR length(code) <= 40)
    ) STRICT
    """,
    "CREATE INDEX link_checks_item ON link_checks (item_id, checked_at)",
    # The latest check of each item: what was checked (link and day, so a correction is due
    # again), what the page said, the flags raised, and when the next check is due.
    f"""
    CREATE TABLE item_checks (
        item_id INTEGER PRIMARY KEY REFERENCES items (id),
        link TEXT NOT NULL CHECK (length(link) <= 2048),
        day TEXT NOT NULL,
        checked_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN {_in(CHECK_OUTCOMES)}),
        status INTEGER,
        final_url TEXT CHECK (final_url IS NULL OR length(final_url) <= 4096),
        final_key TEXT CHECK (final_key IS NULL OR length(final_key) <= 4096),
        page_title TEXT CHECK (page_title IS NULL OR length(page_title) <= 500),
        published TEXT,
        detail TEXT CHECK (detail IS NULL OR length(detail) <= 300),
        reasons TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 200),
        verdict TEXT NOT NULL CHECK (verdict IN {_in(CHECK_VERDICTS)}),
        recheck_at TEXT,
        CHECK ((verdict = 'flagged') = (reasons <> ''))
    ) STRICT
    """,
    "CREATE INDEX item_checks_final ON item_checks (final_key) WHERE final_key IS NOT NULL",
    "CREATE INDEX item_checks_flagged ON item_checks (item_id) WHERE verdict = 'flagged'",
    "CREATE INDEX item_checks_recheck ON item_checks (recheck_at) WHERE recheck_at IS NOT NULL",
    # A reviewer's decision on a flagged item. Rejected needs a note.
    f"""
    CREATE TABLE item_reviews (
        item_id INTEGER PRIMARY KEY REFERENCES items (id),
        decision TEXT NOT NULL CHECK (decision IN {_in(REVIEW_DECISIONS)}),
        reasons TEXT NOT NULL CHECK (length(reasons) <= 200),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
        reviewer_id INTEGER REFERENCES users (id),
        reviewer TEXT NOT NULL CHECK (length(reviewer) BETWEEN 1 AND 64),
        decided_at TEXT NOT NULL,
        CHECK (decision = 'accepted' OR length(trim(note)) >= 1)
    ) STRICT
    """,
    # The summary triggers again, now counting only items neither deleted nor rejected.
    "DROP TRIGGER items_count_insert",
    "DROP TRIGGER items_count_delete",
    "DROP TRIGGER items_count_update",
    f"""
    CREATE TRIGGER items_count_insert AFTER INSERT ON items WHEN {_COUNTED_NEW}
    BEGIN
        INSERT INTO daily_counts (unit_id, day, kind, n) VALUES (new.unit_id, new.day, new.kind, 1)
        ON CONFLICT (unit_id, day, kind) DO UPDATE SET n = n + 1;
    END
    """,
    f"""
    CREATE TRIGGER items_count_delete AFTER DELETE ON items WHEN {_COUNTED_OLD}
    BEGIN
        UPDATE daily_counts SET n = n - 1
        WHERE unit_id = old.unit_id AND day = old.day AND kind = old.kind;
        DELETE FROM daily_counts
        WHERE unit_id = old.unit_id AND day = old.day AND kind = old.kind AND n = 0;
    END
    """,
    f"""
    CREATE TRIGGER items_count_update
    AFTER UPDATE OF unit_id, day, kind, deleted, rejected ON items
    BEGIN
        UPDATE daily_counts SET n = n - 1
        WHERE {_COUNTED_OLD}
          AND unit_id = old.unit_id AND day = old.day AND kind = old.kind;
        DELETE FROM daily_counts
        WHERE {_COUNTED_OLD}
          AND unit_id = old.unit_id AND day = old.day AND kind = old.kind AND n = 0;
        INSERT INTO daily_counts (unit_id, day, kind, n)
        SELECT new.unit_id, new.day, new.kind, 1 WHERE {_COUNTED_NEW}
        ON CONFLICT (unit_id, day, kind) DO UPDATE SET n = n + 1;
    END
    """,
]


@migrations(name="m080_checks")
def m080_checks(db: Database) -> None:
    _run(db, CHECKS)
