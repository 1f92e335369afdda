"""Drive N real Streamlit sessions over the websocket protocol and report script latency.

Adapted from the project's shared load tool (shared/tools/ws_load.py, by the
Pantau Humas team), which CI and other machines do not have. What it adds:

- signing in: pages need a signed-in session, so each session signs in
  exactly as a browser does: it loads the page over HTTP first (which sets
  the browser cookie `humas_b`), opens the websocket with that cookie, fills
  in the login form (the form's widget ids are read from the first run;
  username and password are sent as the widget states with the submit
  button's trigger), follows the redirect the app then sends (to
  /sesi/mulai with a one-time ticket, which sets the session cookie
  `humas_sesi`) and opens a new websocket with both cookies, as the browser's
  next page load does. A server without that redirect (before server-side
  sessions) keeps the tab signed in on the first websocket. No test-only
  login path exists in the app, so there is nothing a load test could leave
  switched on.
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
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx
import websockets
from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2, WidgetStates_pb2
from websockets.asyncio.client import ClientConnection
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
    redirect: str = ""  # where the app sent the browser (auth_redirect), if anywhere


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
        elif kind == "auth_redirect":
            result.redirect = fm.auth_redirect.url
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


def ws_address(url: str) -> str:
    u = urlparse(url)
    scheme = "wss" if u.scheme == "https" else "ws"
    return f"{scheme}://{u.netloc}{u.path.rstrip('/')}/_stcore/stream"


class Browser:
    """One browser: its cookie jar, its page loads over HTTP and its websocket.

    `open()` loads the page (the app sets the browser cookie on it) and opens
    the websocket with the cookies a browser would send; `sign_in()` fills in
    the form and, when the app sends the browser to /sesi/mulai for its
    session cookie, follows that redirect and opens a new websocket, as the
    browser's next page load does.
    """

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.http = httpx.AsyncClient(base_url=self.url, follow_redirects=False, timeout=300)
        self.ws: ClientConnection | None = None

    async def __aenter__(self) -> Browser:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None
        await self.http.aclose()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)

    async def load(self, path: str = "/") -> None:
        """A page load over HTTP (its Set-Cookie headers land in the jar)."""
        await self.http.get(path, headers={"Sec-Fetch-Site": "same-origin"})

    async def open(self, path: str = "/") -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.load(path)
        cookie = self.cookie_header()
        self.ws = await websockets.connect(
            ws_address(self.url),
            subprotocols=[Subprotocol("streamlit")],
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=2**28,
            ping_interval=None,
            open_timeout=300,
        )

    async def sign_in(self, username: str, password: str) -> RunResult:
        """Sign in through the form; the run after it (with the pages this account sees)."""
        after = await sign_in(self.ws, username, password)
        if not after.redirect:
            return after  # a server without session cookies: this websocket stays signed in
        response = await self.http.get(after.redirect, headers={"Sec-Fetch-Site": "same-origin"})
        if response.status_code not in (302, 303, 307) or "humas_sesi" not in self.http.cookies:
            raise LoadError(f"the session cookie was not set ({response.status_code})")
        return await self._land(response.headers.get("location", "/"))

    def session_cookies(self) -> dict[str, str] | None:
        """This browser's app cookies once it holds a session cookie, else None.

        nginx's routing cookie is left out: each session stands for one person, and
        people are spread over the workers by their own routing cookies.
        """
        jar = {c.name: c.value or "" for c in self.http.cookies.jar if c.name != "humas_route"}
        return jar if "humas_sesi" in jar else None

    async def open_tab_of(self, cookies: dict[str, str]) -> RunResult:
        """A new tab of a signed-in browser: its cookies, a page load, signed in by the cookie."""
        for name, value in cookies.items():
            self.http.cookies.set(name, value)
        return await self._land("/")

    async def _land(self, address: str) -> RunResult:
        await self.open(address)
        first = await run_script(self.ws, query=urlparse(address).query)
        if first.exception:
            raise LoadError(f"the first page after signing in raised: {first.exception}")
        if any(label == PASSWORD_LABEL for _, _, label in first.elements):
            raise LoadError("the session cookie did not sign the new connection in")
        return first


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


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux /proc), 0 if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int) -> float:
    """CPU seconds of a server: the process and every process below it."""
    return sum(cpu_seconds(pid) for pid in process_tree(root))


async def _session(
    url: str,
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
    sign_ins: list,
    browser_cookies: asyncio.Future | None = None,
    leads: bool = True,
) -> None:
    """One session. Sessions of one browser share `browser_cookies`: the one that `leads`
    signs in with the form and sets it to its cookies; the others are further tabs, signed
    in by the session cookie (a server without session cookies: the form for each)."""
    try:
        async with Browser(url) as browser:
            await browser.open()
            page_hash = ""
            if login:
                cookies = None
                if browser_cookies is not None and not leads:
                    cookies = await asyncio.shield(browser_cookies)
                if cookies:
                    signed_in = await browser.open_tab_of(cookies)
                else:
                    try:
                        async with sign_in_gate:
                            started = time.perf_counter()
                            signed_in = await browser.sign_in(*login)
                            sign_ins.append(time.perf_counter() - started)
                    finally:
                        if leads and browser_cookies is not None and not browser_cookies.done():
                            browser_cookies.set_result(browser.session_cookies())
                if page:
                    page_hash = resolve_page(signed_in.pages, page) or ""
                    if not page_hash:
                        raise LoadError(f"page not found for {login[0]!r}: {page!r}")
            ready.append(1)
            await go.wait()
            for _ in range(reruns):
                result = await run_script(
                    browser.ws, "" if page_hash else page, query, page_hash=page_hash
                )
                out.append((result.seconds, result.nbytes))
                if result.exception:
                    errors.append(result.exception)
                if result.page_not_found:
                    errors.append(f"page not found: {page!r}")
    except Exception as exc:  # a refused or dropped session is a result, not a crash
        ready.append(0)
        errors.append(f"{type(exc).__name__}: {exc}")


def percentile(values: list[float], p: float) -> float:
    """The p-quantile (nearest rank, as the tables have always used) in ms; nan when empty."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000, 1)


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
    tabs: int = 1,
) -> dict:
    """Connect (and sign in) every session, then run `page` in all of them at once.

    `tabs` > 1: sessions come as tabs of fewer browsers; the first tab of each browser
    signs in with the form, the others by its session cookie (as a new tab does).
    """
    gate = asyncio.Semaphore(sign_in_concurrency)
    loop = asyncio.get_running_loop()
    browsers = [loop.create_future() for _ in range(-(-sessions // max(1, tabs)))]
    ready: list = []
    go = asyncio.Event()
    lat: list = []
    errors: list = []
    sign_ins: list = []
    t0 = time.perf_counter()
    tasks = [
        asyncio.create_task(
            _session(
                url,
                page=page,
                query=query,
                reruns=reruns,
                login=login,
                sign_in_gate=gate,
                ready=ready,
                go=go,
                out=lat,
                errors=errors,
                sign_ins=sign_ins,
                browser_cookies=browsers[i // max(1, tabs)],
                leads=i % max(1, tabs) == 0,
            )
        )
        for i in range(sessions)
    ]
    while len(ready) < sessions and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    sign_in_s = time.perf_counter() - t0
    rss0 = tree_rss(pid)
    peak = rss0
    cpu0 = tree_cpu(pid)
    t1 = time.perf_counter()
    go.set()
    while not all(t.done() for t in tasks):
        peak = max(peak, tree_rss(pid))
        await asyncio.sleep(0.1)
    wall = time.perf_counter() - t1
    cpu = tree_cpu(pid) - cpu0
    times = [x[0] for x in lat]
    return {
        "sessions": sessions,
        "runs": len(times),
        "errors": len(errors),
        "first_error": errors[0][:200] if errors else "",
        "sign_in_s": round(sign_in_s, 2),
        "sign_in_p95_ms": percentile(sign_ins, 0.95),
        "wall_s": round(wall, 2),
        "runs_per_s": round(len(times) / wall, 2) if wall else 0,
        "p50_ms": percentile(times, 0.50),
        "p95_ms": percentile(times, 0.95),
        "max_ms": round(max(times) * 1000, 1) if times else float("nan"),
        "bytes_per_run": lat[0][1] if lat else 0,
        # The server's CPU per run (every worker and nginx, whatever else the machine does).
        "cpu_ms_per_run": round(cpu * 1000 / len(times), 1) if pid and times else None,
        "rss_before_mb": round(rss0 / 1e6, 1),
        "rss_peak_mb": round(peak / 1e6, 1),
    }


async def _watch(
    url: str, page: str, login: tuple[str, str], until: asyncio.Event, out: list, errors: list
) -> None:
    """A signed-in session asking for `page` again and again until `until` is set."""
    try:
        async with Browser(url) as browser:
            await browser.open()
            signed_in = await browser.sign_in(*login)
            page_hash = resolve_page(signed_in.pages, page) or ""
            if not page_hash:
                raise LoadError(f"page not found for {login[0]!r}: {page!r}")
            await run_script(browser.ws, page_hash=page_hash)  # warm
            out.append(None)  # ready
            while not until.is_set():
                result = await run_script(browser.ws, page_hash=page_hash)
                out.append(result.seconds)
                if result.exception:
                    errors.append(result.exception)
    except Exception as exc:
        out.append(None)
        errors.append(f"{type(exc).__name__}: {exc}")


def _sign_in_many(url: str, login: tuple[str, str], signers: int) -> tuple[list, list, int]:
    """`signers` browsers signing in at the same moment (in the crowd's own process):
    how long each took, what went wrong, and the process that did it."""
    sign_ins: list = []
    errors: list = []

    async def sign_in_one() -> None:
        try:
            async with Browser(url) as browser:
                await browser.open()
                started = time.perf_counter()
                await browser.sign_in(*login)
                sign_ins.append(time.perf_counter() - started)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    async def crowd() -> None:
        await asyncio.gather(*(sign_in_one() for _ in range(signers)))

    asyncio.run(crowd())
    return sign_ins, errors, os.getpid()


async def run_sign_in_storm(
    url: str,
    *,
    page: str,
    login: tuple[str, str],
    signers: int = 50,
    watchers: int = 4,
    quiet_s: float = 3.0,
) -> dict:
    """`signers` browsers signing in at the same moment while `watchers` keep opening `page`.

    The watchers' page runs are timed before the crowd (quiet) and while it
    signs in; what matters is how long a page run waits while others sign in.
    """
    stop = asyncio.Event()
    watched: list = []
    errors: list = []
    crowd = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        # Started (and its imports done) before anyone is timed.
        await asyncio.get_running_loop().run_in_executor(crowd, _sign_in_many, url, login, 0)
        tasks = [
            asyncio.create_task(_watch(url, page, login, stop, watched, errors))
            for _ in range(watchers)
        ]
        while watched.count(None) < watchers:
            await asyncio.sleep(0.05)
        mark = len(watched)
        await asyncio.sleep(quiet_s)
        quiet = [t for t in watched[mark:] if t is not None]
        mark = len(watched)
        # The crowd signs in from a process of its own, as other people's browsers are other
        # machines: in this process its 50 page loads, handshakes and pages to read would hold
        # up the watchers' own reading, and count as the server's delay (issue 19).
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        sign_ins, crowd_errors, crowd_pid = await loop.run_in_executor(
            crowd, _sign_in_many, url, login, signers
        )
        storm_s = time.perf_counter() - started
        errors.extend(crowd_errors)
        during = [t for t in watched[mark:] if t is not None]
        stop.set()
        await asyncio.gather(*tasks)
    finally:
        crowd.shutdown()
    return {
        "signers": signers,
        "watchers": watchers,
        "errors": len(errors),
        "first_error": errors[0][:200] if errors else "",
        "storm_s": round(storm_s, 2),
        "crowd_pid": crowd_pid,
        "sign_in_p50_ms": percentile(sign_ins, 0.50),
        "sign_in_p95_ms": percentile(sign_ins, 0.95),
        "quiet_runs": len(quiet),
        "quiet_p50_ms": percentile(quiet, 0.50),
        "quiet_max_ms": round(max(quiet) * 1000, 1) if quiet else float("nan"),
        "during_runs": len(during),
        "during_p50_ms": percentile(during, 0.50),
        "during_p95_ms": percentile(during, 0.95),
        "during_max_ms": round(max(during) * 1000, 1) if during else float("nan"),
    }


def storm_line(result: dict) -> str:
    return (
        f"{result['signers']} sign-ins at once in {result['storm_s']} s "
        f"(each: p50 {result['sign_in_p50_ms']} ms, p95 {result['sign_in_p95_ms']} ms); "
        f"{result['watchers']} sessions' page runs: quiet p50 {result['quiet_p50_ms']} ms "
        f"(max {result['quiet_max_ms']}), during p50 {result['during_p50_ms']} ms, "
        f"p95 {result['during_p95_ms']} ms, max {result['during_max_ms']} ms "
        f"({result['during_runs']} runs); errors {result['errors']}"
        + (f" ({result['first_error']})" if result["errors"] else "")
    )


def summary_line(result: dict) -> str:
    return (
        f"{result['sessions']} sessions, {result['runs']} runs in {result['wall_s']} s "
        f"({result['runs_per_s']}/s): p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"max {result['max_ms']} ms, {result['bytes_per_run']} bytes/run, "
        + (
            f"server CPU {result['cpu_ms_per_run']} ms/run, "
            if result.get("cpu_ms_per_run")
            else ""
        )
        + f"errors {result['errors']}"
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
    ap.add_argument("--tabs", type=int, default=1, help="sessions per signed-in browser")
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
            tabs=args.tabs,
        )
    )
    print(json.dumps(result) if args.json else summary_line(result))


if __name__ == "__main__":
    main()
