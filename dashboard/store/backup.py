"""Backups and restores of a SQLite database through SQLite's online backup API.

(PostgreSQL: `humas backup` runs pg_dump, see cli/ops.py; restores are pg_restore's job.)

Backup, while people keep writing: the source connection opens one read
transaction first and the pages are then copied in steps *inside* it. In WAL
mode a reader never blocks a writer, so nobody waits for the backup, and the
held read transaction pins one snapshot: the copy is exactly the database as
it was when the backup began (every write acknowledged before that moment,
none half-made after). Without the held transaction, SQLite restarts a
stepped backup whenever another connection commits, and under a steady
trickle of writes it never finishes (measured: a 2,700-page copy did not end
within a minute). The copy is written beside its target under a temporary
name, checked, switched to a self-contained rollback-journal file, synced,
and only then renamed into place: PATH is a whole backup or absent.

Restore runs the same API the other way, into the live file. SQLite writes the
destination inside a single write transaction from the first step to the
last, so a restore that dies half-way (SIGKILL, power cut) leaves the
previous database intact on the next open, and readers see the old database
or the new one, never a mix. It refuses while an app process holds the
database (see applock.py), checks the backup before touching anything
(integrity, foreign keys, a Pantau Humas schema not newer than this code),
and keeps a safety copy of the database it replaces.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import clock
from dashboard.progress import Report, silent
from dashboard.store import applock, audit, migrations
from dashboard.store.access import SYSTEM
from dashboard.store.db import (
    FILE_MODE,
    SchemaTooNew,
    SqliteDatabase,
    StoreError,
    close_idle_connections,
    connect,
    data_version,
    open_db,
    write,
)

# Pages per step: 4 MiB at SQLite's default 4 KiB page; the step size only sets
# how often progress is reported (the held snapshot makes steps safe).
STEP_PAGES = 1024
REQUIRED_TABLES = ("units", "users", "items", "audit_log", "counters", "settings")


class BackupRefused(StoreError):
    """The file cannot be used as a backup, or the target cannot take one."""


@dataclass
class BackupInfo:
    path: Path
    size_bytes: int
    applied: list[str]
    pending: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    last_change_at: str | None = None

    def summary(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        schema = self.applied[-1] if self.applied else "none"
        pending = ""
        if self.pending:
            pending = f" (older: {len(self.pending)} schema steps applied at the next start)"
        last = f", last change {self.last_change_at}" if self.last_change_at else ""
        return (
            f"{self.path}: {self.size_bytes / 1_048_576:.1f} MiB, integrity ok, "
            f"schema {schema}{pending}; {counts}{last}"
        )


@dataclass
class RestoreReport:
    backup: BackupInfo
    database: Path
    safety_copy: Path | None

    def summary(self) -> str:
        kept = (
            f"; the database it replaced is kept as {self.safety_copy}" if self.safety_copy else ""
        )
        return f"restored {self.database} from {self.backup.summary()}{kept}"


def _stamp() -> str:
    return clock.utc_now().strftime("%Y%m%dT%H%M%SZ")


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _progress(report: Report, label: str) -> Callable[[int, int, int], None]:
    def step(_status: int, remaining: int, total: int) -> None:
        report(total - remaining, total, label)

    return step


def inspect(path: str | os.PathLike[str]) -> BackupInfo:
    """Check a backup file without changing it: refuse anything unsafe to restore."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"{path} is not a file")
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupRefused(f"cannot open {path}: {exc}") from exc
    try:
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as exc:
            raise BackupRefused(f"{path} is not a usable SQLite database ({exc})") from exc
        if problems != ["ok"]:
            raise BackupRefused(f"{path} fails the integrity check: {'; '.join(problems[:3])}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = [t for t in ("_sqlite_migrations", *REQUIRED_TABLES) if t not in tables]
        if missing:
            raise BackupRefused(
                f"{path} is not a Pantau Humas database (missing tables: {', '.join(missing)})"
            )
        db = SqliteDatabase(conn, path)
        try:
            migrations.check_not_newer(db)
        except SchemaTooNew as exc:
            raise BackupRefused(f"{path}: {exc.detail}") from exc
        broken = conn.execute("SELECT count(*) FROM pragma_foreign_key_check").fetchone()[0]
        if broken:
            raise BackupRefused(f"{path} has {broken} rows whose references are broken")
        counts = {
            "units": conn.execute("SELECT count(*) FROM units").fetchone()[0],
            "users": conn.execute("SELECT count(*) FROM users").fetchone()[0],
            "items": conn.execute("SELECT count(*) FROM items WHERE deleted = 0").fetchone()[0],
            "audit entries": conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        }
        last = conn.execute("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        # In the code's order, not the order applied: a step merged in from a side branch
        # (m040 after m045 and m050 were already there) is applied last but is not the newest.
        order = {name: n for n, name in enumerate(migrations.known_names())}
        applied = sorted(
            (m.name for m in migrations.migrations.applied(db)),
            key=lambda name: (order.get(name, len(order)), name),
        )
        return BackupInfo(
            path=path,
            size_bytes=path.stat().st_size,
            applied=applied,
            pending=[n for n in migrations.known_names() if n not in applied],
            counts=counts,
            last_change_at=last[0] if last else None,
        )
    finally:
        conn.close()


def target_for(dest: str | os.PathLike[str], live: str | os.PathLike[str]) -> Path:
    """A folder gets a time-stamped file inside it; anything else is the file itself."""
    dest = Path(dest)
    if dest.is_dir():
        return dest / f"{Path(live).stem}-{_stamp()}.db"
    return dest


def backup(
    live: str | os.PathLike[str],
    dest: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    report: Report = silent,
    step_pages: int = STEP_PAGES,
) -> BackupInfo:
    """Copy the live database to `dest` (a file, or a folder for a time-stamped file)."""
    live = Path(live)
    target = target_for(dest, live)
    if target.exists() and not overwrite:
        raise BackupRefused(f"{target} exists; choose another name or pass --overwrite")
    if target.exists() and target.resolve() == live.resolve():
        raise BackupRefused("a backup cannot overwrite the database it copies")
    if not target.parent.is_dir():
        raise BackupRefused(f"folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    source = open_db(live, readonly=True)
    try:
        # Owner-only from its first byte (SQLite would make it 0644, and its journal with it).
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE))
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            # One snapshot for the whole copy: see the module's docstring.
            source.conn.execute("BEGIN")
            source.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.raw.backup(copy, pages=step_pages, progress=_progress(report, "halaman"))
            source.conn.execute("COMMIT")
            # A backup is one self-contained file: no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        info = inspect(partial)
        _fsync_path(partial)
        os.replace(partial, target)
        _fsync_path(target.parent)
    except sqlite3.Error as exc:
        raise BackupRefused(f"backup of {live} failed: {exc}") from exc
    except OSError as exc:
        raise BackupRefused(f"backup of {live} failed: {exc.strerror or exc}") from exc
    finally:
        source.close()
        partial.unlink(missing_ok=True)
    info.path = target
    return info


def restore(
    backup_file: str | os.PathLike[str],
    live: str | os.PathLike[str],
    *,
    safety_copy: bool = True,
    report: Report = silent,
    step_pages: int = STEP_PAGES,
) -> RestoreReport:
    """Replace the live database with a checked backup, in one transaction."""
    backup_file, live = Path(backup_file), Path(live)
    info = inspect(backup_file)
    if live.exists() and live.resolve() == backup_file.resolve():
        raise BackupRefused("the backup is the database itself")
    with applock.exclusive(live):
        close_idle_connections()  # what is read now comes from the file, not a kept cache
        kept = None
        old_version: int | None = 0
        if live.exists():
            old_version = _healthy_version(live)
            if old_version is None:
                # A damaged database cannot be copied page by page: set it aside whole.
                kept, old_version = _move_aside(live), 0
            elif safety_copy:
                kept = backup(live, live.with_name(f"{live.name}.pre-restore-{_stamp()}")).path
        target = open_db(live, create=True)
        try:
            target.conn.execute("PRAGMA journal_mode = WAL")
            source = sqlite3.connect(f"file:{backup_file.resolve()}?mode=ro", uri=True)
            try:
                source.backup(target.raw, pages=step_pages, progress=_progress(report, "halaman"))
            except sqlite3.Error as exc:
                raise BackupRefused(f"restore failed, {live} is unchanged: {exc}") from exc
            finally:
                source.close()
            # The data version never goes back: a cache keyed on an old number must miss.
            with write(target):
                target.conn.execute(
                    "UPDATE counters SET value = max(value, ?) WHERE name = 'data_version'",
                    (old_version,),
                )
                # The restored log ends where the backup was taken; this entry says why
                # what came after it is gone, and where the replaced database was kept.
                audit.record(
                    target,
                    SYSTEM,
                    "restore",
                    "database",
                    live.name,
                    before={
                        "data_version": old_version,
                        "kept_as": kept.name if kept else None,
                    },
                    after={
                        "backup": backup_file.name,
                        "last_change_at": info.last_change_at,
                        "schema": info.applied[-1] if info.applied else None,
                        "counts": info.counts,
                    },
                )
            problems = [r[0] for r in target.conn.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise StoreError(
                    f"restored database fails the integrity check ({'; '.join(problems)}); "
                    f"the previous one is kept as {kept}"
                )
        finally:
            target.close()
    return RestoreReport(backup=info, database=live, safety_copy=kept)


def _healthy_version(live: Path) -> int | None:
    """The live database's data version, or None when it is damaged."""
    try:
        with connect(live, readonly=True) as db:
            if [r[0] for r in db.conn.execute("PRAGMA quick_check(1)")] != ["ok"]:
                return None
            return data_version(db)
    except (sqlite3.Error, StoreError):
        return None


def _move_aside(live: Path) -> Path:
    """Rename a damaged database and its WAL files out of the way; returns the new name."""
    aside = live.with_name(f"{live.name}.damaged-{_stamp()}")
    for suffix in ("", "-wal", "-shm"):
        part = live.with_name(live.name + suffix)
        if part.exists():
            os.replace(part, aside.with_name(aside.name + suffix))
    _fsync_path(live.parent)
    return aside


# --- PostgreSQL: pg_dump in its custom format -------------------------------------------------

PG_RESTORE_HINT = (
    "to restore a PostgreSQL database, stop the app on every host, then run "
    "`pg_restore --clean --if-exists --single-transaction --dbname URL FILE` "
    "(the database's administrator knows the URL)"
)


def pg_tool(name: str) -> Path | None:
    """A PostgreSQL client program: the newest installed (pg_dump must not be older than the
    server), else the one on PATH."""
    import glob
    import shutil

    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1])
    on_path = shutil.which(name)
    return Path(on_path) if on_path else None


def _libpq_env(url: str) -> tuple[str, dict[str, str]]:
    """The connection string without its password, and the environment that carries it."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    password = params.pop("password", None)
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = str(password)
    return make_conninfo("", **params), env


@dataclass
class DumpInfo:
    path: Path
    size_bytes: int
    entries: int

    def summary(self) -> str:
        return (
            f"{self.path}: {self.size_bytes / 1_048_576:.1f} MiB, pg_dump custom format, "
            f"{self.entries} entries (pg_restore --list reads it)"
        )


def backup_postgres(
    url: str, dest: str | os.PathLike[str], *, overwrite: bool = False, name: str = "humas"
) -> DumpInfo:
    """`pg_dump -Fc` of the database into `dest` (a file, or a folder for a time-stamped one).

    pg_dump reads one snapshot while the app keeps writing. The dump is
    written under a temporary name, read back with `pg_restore --list`,
    synced, and only then renamed into place: PATH is a whole dump or absent.
    The password travels in the environment, never on a command line.
    """
    import subprocess

    from dashboard.store.db import masked

    pg_dump, pg_restore = pg_tool("pg_dump"), pg_tool("pg_restore")
    if pg_dump is None or pg_restore is None:
        raise BackupRefused(
            "pg_dump is not installed on this host (Debian: apt-get install postgresql-client); "
            "back the database up on its server instead (pg_dump -Fc)"
        )
    dest = Path(dest)
    target = dest / f"{name}-{_stamp()}.dump" if dest.is_dir() else dest
    if target.exists() and not overwrite:
        raise BackupRefused(f"{target} exists; choose another name or pass --overwrite")
    if not target.parent.is_dir():
        raise BackupRefused(f"folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    conninfo, env = _libpq_env(url)
    try:
        done = subprocess.run(
            [str(pg_dump), "--format=custom", f"--file={partial}", f"--dbname={conninfo}"],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["failed"])[-1]
            raise BackupRefused(f"pg_dump of {masked(url)} failed: {why}")
        listed = subprocess.run(
            [str(pg_restore), "--list", str(partial)], capture_output=True, text=True
        )
        if listed.returncode != 0:
            raise BackupRefused(f"the dump of {masked(url)} cannot be read back: {listed.stderr}")
        entries = sum(1 for line in listed.stdout.splitlines() if line and line[0].isdigit())
        _fsync_path(partial)
        os.replace(partial, target)
        _fsync_path(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return DumpInfo(path=target, size_bytes=target.stat().st_size, entries=entries)
