"""Reading an uploaded file in a child process that cannot take the server down.

A file is parsed by a fresh Python process (`python -m dashboard.ingest.child`),
never inside the Streamlit worker or the `humas` command that received it:

- the child limits its own address space (`RLIMIT_AS`, MEMORY_BYTES) before it
  reads the file, so a workbook that expands in memory ends in a MemoryError or
  a failed allocation in the child, not in the worker's memory;
- the parent waits at most SECONDS of wall-clock time and then kills the child
  (`RLIMIT_CPU` in the child is the backstop if the parent itself dies);
- at most MAX_AT_ONCE children run per process; a further upload waits up to
  WAIT_SECONDS for its turn, then is refused with "coba lagi";
- the answer comes back as JSON (never pickle: a child that a hostile file
  subverted could otherwise run code in the parent), and is rebuilt into a
  `Parsed` by `decode`.

Whatever happens in the child, the caller gets a `Parsed` or `Unreadable` with
the code of why (a child's refusal crosses back as its code and values, read
through `errors.REGISTRY`); nothing in the child touches the database.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import resource
import subprocess
import sys
import threading
from datetime import date, datetime

from dashboard import config, errors
from dashboard.entries import Entry, OutTake
from dashboard.errors import Problem
from dashboard.ingest.common import Parsed, Unreadable

MEMORY_BYTES = 512 * 1024 * 1024
SECONDS = 60
MAX_AT_ONCE = 2
WAIT_SECONDS = 30
TARGET = "dashboard.ingest:parse_here"

log = logging.getLogger(__name__)
_turns = threading.BoundedSemaphore(MAX_AT_ONCE)

TOO_BIG = errors.FILE_CHECK_MEMORY
BUSY = errors.FILE_CHECK_BUSY
FAILED = errors.FILE_CHECK_FAILED


# --- the parent's side ---------------------------------------------------------------------


def parse(
    data: bytes,
    options: dict,
    *,
    target: str | None = None,
    memory_bytes: int | None = None,
    seconds: float | None = None,
) -> Parsed:
    """`target(data, **options)` run in a child process; its `Parsed`, or Unreadable.

    The limits default to the module's MEMORY_BYTES and SECONDS, read at each call.
    """
    if not _turns.acquire(timeout=WAIT_SECONDS):
        raise Unreadable(BUSY)
    try:
        answer = _run(
            data,
            options,
            target or TARGET,
            memory_bytes or MEMORY_BYTES,
            seconds or SECONDS,
        )
    finally:
        _turns.release()
    if "unreadable" in answer:
        raise _refusal(answer["unreadable"])
    if answer.get("memory"):
        raise Unreadable(TOO_BIG)
    try:
        return decode(answer["parsed"])
    except (KeyError, TypeError, ValueError) as exc:
        raise Unreadable(FAILED) from exc


def _run(data: bytes, options: dict, target: str, memory_bytes: int, seconds: float) -> dict:
    request = json.dumps(
        {"target": target, "options": options, "memory": memory_bytes, "seconds": seconds}
    ).encode()
    env = dict(os.environ)
    # The child imports this very copy of the package, whatever put it on the parent's path.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(config.IMPORT_ROOT), env.get("PYTHONPATH")) if p
    )
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.ingest.child"],
            input=request + b"\n" + data,
            capture_output=True,
            timeout=seconds,
            env=env,
            start_new_session=True,  # a terminal's Ctrl+C reaches the parent, which kills it
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed the child
        log.warning("import parse child killed after %s s", seconds)
        raise Unreadable(errors.FILE_CHECK_SLOW, seconds=seconds) from exc
    except OSError as exc:
        log.warning("import parse child could not start: %s", exc)
        raise Unreadable(FAILED) from exc
    if done.returncode != 0:
        # Killed by the kernel (memory, CPU time) or died on a failed allocation.
        log.warning(
            "import parse child ended with %s: %s",
            done.returncode,
            done.stderr.decode(errors="replace").strip().splitlines()[-1:],
        )
        raise Unreadable(
            TOO_BIG if done.returncode < 0 or b"MemoryError" in done.stderr else FAILED
        )
    try:
        answer = json.loads(done.stdout)
    except ValueError as exc:
        raise Unreadable(FAILED) from exc
    if not isinstance(answer, dict):
        raise Unreadable(FAILED)
    return answer


# --- Parsed and refusals as JSON ---------------------------------------------------------


def _refusal(found: object) -> Unreadable:
    """A child's refusal, `[code, values]`, as the Unreadable it raised (FAILED if garbled)."""
    if isinstance(found, list) and len(found) == 2 and isinstance(found[1], dict):
        code = errors.REGISTRY.get(str(found[0]))
        if code is not None and set(found[1]) == set(code.params):
            return Unreadable(code, **found[1])
    return Unreadable(FAILED)


def encode(parsed: Parsed) -> dict:
    """A `Parsed` as JSON-ready data; each entry a list in ENTRY_FIELDS order (compact)."""
    return {
        "format": parsed.format,
        "name": parsed.name,
        "skipped_empty": parsed.skipped_empty,
        "entries": [
            [
                e.day.isoformat() if e.day else None,
                e.kind,
                e.title,
                e.link,
                e.note,
                e.tag,
                e.published_at.isoformat() if e.published_at else None,
                e.line,
                [[f, p.code.name, dict(p.params)] for f, p in e.problems],
            ]
            for e in parsed.entries
        ],
        "outtakes": [
            [index, [o.link_key, o.kind, o.metric, o.value, o.period]]
            for index, o in parsed.outtakes
        ],
    }


def decode(found: dict) -> Parsed:
    entries = [
        Entry(
            day=date.fromisoformat(day) if day else None,
            kind=str(kind),
            title=str(title),
            link=str(link),
            note=str(note),
            tag=tag,
            published_at=datetime.fromisoformat(published) if published else None,
            line=line,
            problems=tuple(
                (str(f), Problem(errors.REGISTRY[str(c)], dict(v))) for f, c, v in problems
            ),
        )
        for day, kind, title, link, note, tag, published, line, problems in found["entries"]
    ]
    return Parsed(
        format=str(found["format"]),
        entries=entries,
        outtakes=[(int(i), OutTake(*o)) for i, o in found["outtakes"]],
        skipped_empty=int(found["skipped_empty"]),
        name=str(found["name"]),
    )


# --- the child's side ----------------------------------------------------------------------


def _limit(memory_bytes: int, seconds: float) -> None:
    """Hard limits too: nothing running in the child can raise them again."""
    cpu = int(seconds) + 5  # the parent's deadline comes first; this outlives a dead parent
    for kind, soft, hard in (
        (resource.RLIMIT_AS, memory_bytes, memory_bytes),
        (resource.RLIMIT_CPU, cpu, cpu + 5),  # SIGXCPU at the soft limit, SIGKILL at the hard
    ):
        _, allowed = resource.getrlimit(kind)
        if allowed != resource.RLIM_INFINITY:  # never above what this process may have anyway
            soft, hard = min(soft, allowed), min(hard, allowed)
        resource.setrlimit(kind, (soft, hard))


def main() -> int:
    stream = sys.stdin.buffer
    request = json.loads(stream.readline())
    _limit(int(request["memory"]), float(request["seconds"]))
    data = stream.read()
    module, _, name = request["target"].partition(":")
    target = getattr(importlib.import_module(module), name)
    try:
        answer: dict[str, object] = {"parsed": encode(target(data, **request["options"]))}
    except Unreadable as exc:
        answer = {"unreadable": [exc.code, exc.params]}
    except MemoryError:
        answer = {"memory": True}
    try:
        text = json.dumps(answer, separators=(",", ":"))
    except MemoryError:
        text = json.dumps({"memory": True})
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
