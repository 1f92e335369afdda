"""Which processes hold a database as the running app, so a restore can refuse.

Every app process holds a *shared* `flock` on a small file beside the
database (`humas.db-applock` for `humas.db`): each Streamlit process from its
first run on, and `humas run` for as long as its server lives. `humas restore`
asks for the *exclusive* lock without waiting, so it fails while any app
process is alive, and holds it while it works, so an app that starts mid-way
waits instead of reading a database being replaced.

Why flock on a separate file:
- the kernel drops a flock when its process ends, however it ends (SIGKILL,
  power-off of the process, OOM kill): a crashed app never leaves a stale
  lock behind, unlike a PID file or a heartbeat row that must time out;
- never on the database file itself: SQLite uses POSIX record locks there,
  and a second open/close of that file by this process would silently drop
  SQLite's own locks;
- the limits are SQLite's own: one host, a local file system (never NFS).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.store.db import (
    FILE_MODE,
    FOLDER_MODE,
    DatabaseUnavailable,
    StoreError,
)

SUFFIX = "-applock"
WAIT_FOR_RESTORE_S = 30.0

_held: dict[Path, int] = {}
_guard = threading.Lock()


class AppRunning(StoreError):
    pass


class DatabaseRestoring(DatabaseUnavailable):
    message = "Basis data sedang dipulihkan dari cadangan; coba lagi sebentar lagi."


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    path = Path(db_path).resolve()
    return path.with_name(path.name + SUFFIX)


def _open(db_path: str | os.PathLike[str]) -> int:
    path = lock_path(db_path)
    try:
        path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot open lock file {path}: {exc.strerror}") from exc


def keep_across_exec(db_path: str | os.PathLike[str]) -> None:
    """Let the held lock survive `exec` (humas run becomes the server or its supervisor)."""
    with _guard:
        fd = _held.get(lock_path(db_path))
        if fd is not None:
            os.set_inheritable(fd, True)


def hold_shared(db_path: str | os.PathLike[str], *, wait_s: float = WAIT_FOR_RESTORE_S) -> None:
    """Mark this process as an app using the database, until it ends (idempotent).

    Waits up to `wait_s` while a restore holds the exclusive lock.
    """
    key = lock_path(db_path)
    with _guard:
        if key in _held:
            return
        try:
            fd = _open(db_path)
        except DatabaseUnavailable:
            # A folder the app may not write (a read-only mount): share an existing lock
            # file read-only, or hold none, since no restore can replace this database either.
            try:
                fd = os.open(key, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise DatabaseRestoring(
                        f"database {db_path} is being restored from a backup (waited {wait_s:g} s)"
                    ) from None
                time.sleep(0.2)
        _held[key] = fd


def release(db_path: str | os.PathLike[str]) -> None:
    with _guard:
        fd = _held.pop(lock_path(db_path), None)
    if fd is not None:
        os.close(fd)  # closing the descriptor drops the flock


def release_all() -> None:
    """Drop every lock this process holds (tests; a process's end does it anyway)."""
    with _guard:
        fds = list(_held.values())
        _held.clear()
    for fd in fds:
        os.close(fd)


def is_held_elsewhere(db_path: str | os.PathLike[str]) -> bool:
    """True while some app process (this one included) holds the database."""
    fd = _open(db_path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@contextmanager
def exclusive(db_path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the database against every app process, or refuse at once if one runs."""
    fd = _open(db_path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AppRunning(
                f"the app is running on {Path(db_path)} (a `humas run` or Streamlit process "
                "holds it); stop it first"
            ) from None
        yield
    finally:
        os.close(fd)
