"""Drive N real Streamlit sessions over the websocket protocol and report script latency.

Adapted from the project's shared load tool (shared/tools/ws_load.py, by the
Pantau Humas team), which CI and other machines do not have. What it adds:

- signing in: pages need a signed-in session, so each session fills in the
  login form over the websocket exactly as a browser does (the form's widget
  ids are read from the first run; username and password are sent as the
  widget states with the submit button's trigger). No test-only login path
  exists in the app, so there is nothing a load test could leave switched on.
- a start line: every session connects (and signs in) first, then all ask for
  the page at the same moment, so "50 sessions opening the page at once" is
  what is measured; the sign-in phase is timed separately.
- memory of a whole server: --pid takes the server's launcher, and the
  resident memory of it and every process below it (workers, nginx) is
  sampled before and during the run.
- a page that does not exist ("page not found") counts as an error.

    python -m dashboard.bench.wsload --url http://127.0.0.1:8501 --sessions 50 \\
        --page beranda --user pusat [--pid SERVER_PID] [--json]

The password is read from $HUMAS_LOAD_PASSWORD (default: the demo password,
which is what synthetic and demo databases use). Only send load to your own
server on this machine (127.0.0.1 / localhost).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import websockets
from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2, WidgetStates_pb2
from websockets.typing import Subprotocol

ENV_PASSWORD = "HUMAS_LOAD_PASSWORD"
USERNAME_LABEL = "Nama pengguna"
PASSWORD_LABEL = "Kata sandi"
SUBMIT_LABEL = "Masuk"


class LoadError(Exception):
    pass


@dataclass
class RunResult:
    seconds: float
    nbytes: int
    exception: str | None = None
    page_not_found: bool = False
    elements: list[tuple[str, str, str]] = field(default_factory=list)  # (type, id, label)
    pages: list[tuple[str, str, str]] = field(default_factory=list)  # (url path, title, hash)


async def run_script(
    ws, page: str = "", query: str = "", widgets: list | None = None, page_hash: str = ""
) -> RunResult:
    """Ask for one script run and read the server's messages until it finishes.

    A page is asked for by its URL path (`page`) or, unambiguously, by the
    script hash the navigation message gave it (`page_hash`).
    """
    msg = BackMsg_pb2.BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = page_hash
    for widget in widgets or []:
        msg.rerun_script.widget_states.widgets.append(widget)
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    result = RunResult(0.0, 0)
    while True:
        raw = await ws.recv()
        result.nbytes += len(raw)
        fm = ForwardMsg_pb2.ForwardMsg()
        fm.ParseFromString(raw)
        kind = fm.WhichOneof("type")
        if kind == "delta":
            element = fm.delta.new_element
            element_type = element.WhichOneof("type")
            if element_type == "exception":
                result.exception = element.exception.message or element.exception.type
            elif element_type:
                body = getattr(element, element_type)
                widget_id = getattr(body, "id", "")
                if widget_id:
                    result.elements.append((element_type, widget_id, getattr(body, "label", "")))
        elif kind == "new_session":  # a script run starts (again, after st.rerun)
            result.elements.clear()
            result.exception = None
        elif kind == "navigation":
            result.pages = [
                (p.url_pathname, p.page_name, p.page_script_hash) for p in fm.navigation.app_pages
            ]
        elif kind == "page_not_found":
            result.page_not_found = True
        elif (
            kind == "script_finished"
            # FINISHED_EARLY_FOR_RERUN (st.rerun) is followed by the rerun's own messages.
            and fm.script_finished != ForwardMsg_pb2.ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            break
    result.seconds = time.perf_counter() - start
    return result


def _widget(element_id: str, **value) -> WidgetStates_pb2.WidgetState:
    state = WidgetStates_pb2.WidgetState(id=element_id)
    for name, content in value.items():
        setattr(state, name, content)
    return state


def resolve_page(pages: list[tuple[str, str, str]], wanted: str) -> str | None:
    """The script hash of a page named by its url_path, its registry key or its title.

    The default page's URL path is always '' in Streamlit, so the home page's
    registry key (e.g. 'beranda') is matched through its title.
    """
    from dashboard.ui.pages import BY_KEY

    spec = BY_KEY.get(wanted)
    for url_path, title, page_hash in pages:
        if url_path == wanted or (spec and title == spec.title) or title.lower() == wanted.lower():
            return page_hash
    return None


async def sign_in(ws, username: str, password: str) -> RunResult:
    """Fill in and submit the login form as a browser would; LoadError if refused."""
    first = await run_script(ws)
    ids = {(t, label): wid for t, wid, label in first.elements}
    try:
        widgets = [
            _widget(ids[("text_input", USERNAME_LABEL)], string_value=username),
            _widget(ids[("text_input", PASSWORD_LABEL)], string_value=password),
            _widget(ids[("button", SUBMIT_LABEL)], trigger_value=True),
        ]
    except KeyError as exc:
        raise LoadError(f"no login form on the first page (missing {exc})") from exc
    after = await run_script(ws, widgets=widgets)
    if after.exception:
        raise LoadError(f"sign-in raised: {after.exception}")
    if any(label == PASSWORD_LABEL for _, _, label in after.elements):
        raise LoadError(f"sign-in as {username!r} refused (wrong password or locked account)")
    return after


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def process_tree(root: int) -> list[int]:
    """The process and every process below it (Linux /proc)."""
    if not root:
        return []
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def tree_rss(root: int) -> int:
    return sum(rss_bytes(pid) for pid in process_tree(root))


async def _session(
    ws_url: str,
    *,
    page: str,
    query: str,
    reruns: int,
    login: tuple[str, str] | None,
    sign_in_gate: asyncio.Semaphore,
    ready: list,
    go: asyncio.Event,
    out: list,
    errors: list,
) -> None:
    try:
        async with websockets.connect(
            ws_url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=2**28,
            ping_interval=None,
            open_timeout=300,
        ) as ws:
            page_hash = ""
            if login:
                async with sign_in_gate:
                    signed_in = await sign_in(ws, *login)
                if page:
                    page_hash = resolve_page(signed_in.pages, page) or ""
                    if not page_hash:
                        raise LoadError(f"page not found for {login[0]!r}: {page!r}")
            ready.append(1)
            await go.wait()
            for _ in range(reruns):
                result = await run_script(ws, "" if page_hash else page, query, page_hash=page_hash)
                out.append((result.seconds, result.nbytes))
                if result.exception:
                    errors.append(result.exception)
                if result.page_not_found:
                    errors.append(f"page not found: {page!r}")
    except Exception as exc:  # a refused or dropped session is a result, not a crash
        ready.append(0)
        errors.append(f"{type(exc).__name__}: {exc}")


async def run_load(
    url: str,
    *,
    sessions: int,
    reruns: int = 1,
    page: str = "",
    query: str = "",
    login: tuple[str, str] | None = None,
    pid: int = 0,
    sign_in_concurrency: int = 8,
) -> dict:
    """Connect (and sign in) every session, then run `page` in all of them at once."""
    u = urlparse(url)
    ws_url = (
        f"{'wss' if u.scheme == 'https' else 'ws'}://{u.netloc}{u.path.rstrip('/')}/_stcore/stream"
    )
    gate = asyncio.Semaphore(sign_in_concurrency)
    ready: list = []
    go = asyncio.Event()
    lat: list = []
    errors: list = []
    t0 = time.perf_counter()
    tasks = [
        asyncio.create_task(
            _session(
                ws_url,
                page=page,
                query=query,
                reruns=reruns,
                login=login,
                sign_in_gate=gate,
                ready=ready,
                go=go,
                out=lat,
                errors=errors,
            )
        )
        for _ in range(sessions)
    ]
    while len(ready) < sessions and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    sign_in_s = time.perf_counter() - t0
    rss0 = tree_rss(pid)
    peak = rss0
    t1 = time.perf_counter()
    go.set()
    while not all(t.done() for t in tasks):
        peak = max(peak, tree_rss(pid))
        await asyncio.sleep(0.1)
    wall = time.perf_counter() - t1
    times = sorted(x[0] for x in lat)

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(len(times) * p))] * 1000 if times else float("nan")

    return {
        "sessions": sessions,
        "runs": len(times),
        "errors": len(errors),
        "first_error": errors[0][:200] if errors else "",
        "sign_in_s": round(sign_in_s, 2),
        "wall_s": round(wall, 2),
        "runs_per_s": round(len(times) / wall, 2) if wall else 0,
        "p50_ms": round(pct(0.50), 1),
        "p95_ms": round(pct(0.95), 1),
        "max_ms": round(times[-1] * 1000, 1) if times else float("nan"),
        "bytes_per_run": lat[0][1] if lat else 0,
        "rss_before_mb": round(rss0 / 1e6, 1),
        "rss_peak_mb": round(peak / 1e6, 1),
    }


def summary_line(result: dict) -> str:
    return (
        f"{result['sessions']} sessions, {result['runs']} runs in {result['wall_s']} s "
        f"({result['runs_per_s']}/s): p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"max {result['max_ms']} ms, {result['bytes_per_run']} bytes/run, "
        f"errors {result['errors']}"
        + (f" ({result['first_error']})" if result["errors"] else "")
        + f"; sign-in {result['sign_in_s']} s"
        + (
            f"; RSS {result['rss_before_mb']} -> {result['rss_peak_mb']} MB"
            if result["rss_peak_mb"]
            else ""
        )
    )


def main() -> None:
    from dashboard import demo

    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--url", default="http://127.0.0.1:8501")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--reruns", type=int, default=1)
    ap.add_argument("--page", default="")
    ap.add_argument("--query", default="")
    ap.add_argument("--user", help="sign every session in as this user first")
    ap.add_argument("--pid", type=int, default=0, help="server launcher pid (memory of its tree)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    login = (args.user, os.environ.get(ENV_PASSWORD, demo.DEMO_PASSWORD)) if args.user else None
    result = asyncio.run(
        run_load(
            args.url,
            sessions=args.sessions,
            reruns=args.reruns,
            page=args.page,
            query=args.query,
            login=login,
            pid=args.pid,
        )
    )
    print(json.dumps(result) if args.json else summary_line(result))


if __name__ == "__main__":
    main()
