#!/usr/bin/env python3
"""Soak test of the meeting screen: a real server, screens refreshing for hours, its memory.

Starts the dashboard on a demo database, opens meeting screens (a national and
a Kanwil link by default) over Streamlit's own websocket protocol, and drives
each through --cycles timed refreshes exactly as a browser's `run_every`
timer would (a rerun request for the panel fragment, two for the clock
fragment per panel refresh), as fast as the server answers. Meanwhile it
writes an item now and then, as operators do during a meeting, so the
figures are recomputed rather than served from the cache. It samples the
server's resident memory (Linux /proc) after every cycle and reports the
growth after a warm-up, against the goal (default: under 20 MB).

    .venv/bin/python scripts/soak_screen.py                 # 2 screens x 500 cycles
    .venv/bin/python scripts/soak_screen.py --cycles 2000 --json
    .venv/bin/python scripts/soak_screen.py --db data/humas.db --port 8660

Exit status 0 when every refresh succeeded, every panel was seen and the
growth is under the goal; 1 otherwise. Only ever drives a server it started
itself, on 127.0.0.1.

The websocket driver is adapted from the project's shared load tool
(`/work/shared/tools/ws_load.py`, "Drive N real Streamlit sessions over the
websocket protocol"): the same BackMsg `rerun_script` / ForwardMsg
`script_finished` exchange, extended with fragment reruns (the fragment ids
come from the server's `auto_rerun` messages) and per-cycle checks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import streamlit.logger  # noqa: E402
import websockets  # noqa: E402
from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2  # noqa: E402
from websockets.typing import Subprotocol  # noqa: E402

# The app's modules define Streamlit caches at import; outside a server they would warn.
streamlit.logger.set_log_level("error")

from dashboard import clock, demo  # noqa: E402
from dashboard.config import ASGI_SCRIPT  # noqa: E402
from dashboard.progress import TextBar  # noqa: E402
from dashboard.store import screens  # noqa: E402
from dashboard.store import units as unit_store  # noqa: E402
from dashboard.store.access import SYSTEM  # noqa: E402
from dashboard.store.db import open_db  # noqa: E402
from dashboard.store.items import batches as item_batches  # noqa: E402
from dashboard.ui.screen import CLOCK_SECONDS, PANELS, lines_in  # noqa: E402

SCOPES = ["national", "kanwil-ntt", "kanwil-jatim", "kanwil-papua"]
ROTATE = 20
CLOCK_PER_PANEL = max(1, ROTATE // CLOCK_SECONDS)


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_file: Path, port: int, options: list[str]) -> subprocess.Popen:
    env = dict(os.environ, HUMAS_DB=str(db_file))
    extra = []
    for option in options:  # "runner.postScriptGC=false" -> --runner.postScriptGC false
        key, _, value = option.partition("=")
        extra += [f"--{key}", value]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ASGI_SCRIPT),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *extra,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("server did not become healthy within 60 s")


def make_links(db_file: Path, sessions: int) -> list[tuple[str, str]]:
    """(scope, token) per screen: fresh links, rotating every ROTATE seconds."""
    db = open_db(db_file)
    try:
        links = []
        for n in range(sessions):
            scope = SCOPES[n % len(SCOPES)]
            if scope == "national":
                unit = next(u for u in screens.allowed_scopes(db, SYSTEM) if u.parent_id is None)
            else:
                unit = unit_store.require(db, scope)
            _, token = screens.create(
                db, SYSTEM, unit.id, days=1, rotate_seconds=ROTATE, label="soak"
            )
            links.append((scope, token))
        return links
    finally:
        db.close()


def write_one_item(db_file: Path, rng: random.Random, serial: int) -> None:
    """An operator's news item on its unit's local today: bumps the data version."""
    db = open_db(db_file)
    try:
        units = [u for u in unit_store.list_all(db, include_inactive=False) if u.parent_id]
        unit = rng.choice(units)
        now = clock.utc_now()
        link = f"https://soak.kemenag.go.id/{unit.code}/{serial}-{now.timestamp()}"
        item_batches.bulk_load(
            db,
            SYSTEM,
            [
                {
                    "unit_id": unit.id,
                    "day": clock.local_today(unit.tz, now).isoformat(),
                    "kind": "berita_website",
                    "title": f"Berita uji ketahanan {serial}",
                    "link": link,
                    "link_key": link,
                    "note": "",
                    "tag": None,
                    "source": "bench",
                    "published_at": clock.iso(now),
                    "late": 0,
                    "created_by": None,
                    "created_at": clock.iso(now),
                    "updated_at": clock.iso(now),
                }
            ],
        )
    finally:
        db.close()


@dataclass
class Tally:
    cycles: int = 0
    clock_runs: int = 0
    errors: list[str] = field(default_factory=list)
    panels_seen: set[str] = field(default_factory=set)
    seconds: list[float] = field(default_factory=list)


class Screen:
    """One meeting screen, as its browser tab would speak to the server."""

    def __init__(self, ws, query: str):
        self.ws = ws
        self.query = query
        self.page_hash = ""
        self.fragments: dict[str, float] = {}  # fragment id -> run_every seconds

    async def run(self, fragment_id: str = "") -> list[str]:
        """One script or fragment run; returns the texts it drew (raises on an exception)."""
        msg = BackMsg_pb2.BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        if fragment_id:
            msg.rerun_script.fragment_id = fragment_id
            msg.rerun_script.is_auto_rerun = True
        await self.ws.send(msg.SerializeToString())
        texts: list[str] = []
        while True:
            fm = ForwardMsg_pb2.ForwardMsg()
            fm.ParseFromString(await self.ws.recv())
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash
            elif kind == "auto_rerun":
                self.fragments[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    raise RuntimeError(element.exception.message)
                if which == "text":  # what people typed
                    texts.append(element.text.body)
                elif which == "html":  # our own words, several lines to a block
                    texts.extend(lines_in(element.html.body))
            elif kind == "script_finished":
                return texts

    def fragment(self, seconds: float) -> str:
        return next(f for f, every in self.fragments.items() if every == seconds)


async def drive(url: str, token: str, cycles: int, tally: Tally, on_cycle, pause: float) -> None:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(
        ws_url, subprotocols=[Subprotocol("streamlit")], max_size=2**28, ping_interval=None
    ) as ws:
        screen = Screen(ws, f"layar={token}")
        first = await screen.run()
        if not any(title in " ".join(first) for title, _ in PANELS):
            raise RuntimeError(f"the screen did not open: {first[:3]}")
        panel_id, clock_id = screen.fragment(ROTATE), screen.fragment(CLOCK_SECONDS)
        for _ in range(cycles):
            started = time.perf_counter()
            try:
                texts = await screen.run(panel_id)
                tally.panels_seen.update(t for t, _ in PANELS if any(t in x for x in texts[:1]))
                for _ in range(CLOCK_PER_PANEL):
                    await screen.run(clock_id)
                    tally.clock_runs += 1
            except RuntimeError as exc:
                tally.errors.append(str(exc)[:200])
            tally.seconds.append(time.perf_counter() - started)
            tally.cycles += 1
            await on_cycle()
            if pause:
                await asyncio.sleep(pause)


async def soak(args, url: str, server_pid: int, db_file: Path) -> dict:
    links = make_links(db_file, args.sessions)
    total = args.cycles * len(links)
    tally = Tally()
    rss: list[int] = []
    baseline: dict[str, int] = {}
    bar = TextBar()
    rng = random.Random(5)
    writes = 0

    async def on_cycle() -> None:
        nonlocal writes
        rss.append(rss_bytes(server_pid))
        done = tally.cycles
        if done == args.warmup * len(links):
            baseline["rss"] = rss[-1]
        if args.write_every and done % args.write_every == 0:
            writes += 1
            await asyncio.to_thread(write_one_item, db_file, rng, writes)
        bar(done, total, f"{done} refreshes, RSS {rss[-1] / 1e6:.1f} MB")

    start_rss = rss_bytes(server_pid)
    start_cpu = cpu_seconds(server_pid)
    started = time.monotonic()
    await asyncio.gather(
        *(drive(url, token, args.cycles, tally, on_cycle, args.pause) for _, token in links)
    )
    wall = time.monotonic() - started
    cpu = cpu_seconds(server_pid) - start_cpu
    after_warmup = baseline.get("rss", rss[0] if rss else start_rss)
    end_rss = rss[-1] if rss else start_rss
    growth = (end_rss - after_warmup) / 1e6
    times = sorted(tally.seconds)
    return {
        "screens": [scope for scope, _ in links],
        "cycles_per_screen": args.cycles,
        "refreshes": tally.cycles,
        "clock_runs": tally.clock_runs,
        "item_writes": writes,
        "errors": len(tally.errors),
        "first_error": tally.errors[0] if tally.errors else "",
        "panels_seen": len(tally.panels_seen),
        "panels": len(PANELS),
        "wall_s": round(wall, 1),
        "cycle_p50_ms": round(times[len(times) // 2] * 1000, 1) if times else None,
        "cycle_p95_ms": round(times[int(len(times) * 0.95)] * 1000, 1) if times else None,
        "server_cpu_s": round(cpu, 1),
        "server_cpu_ms_per_refresh": round(cpu * 1000 / tally.cycles, 1) if tally.cycles else None,
        "options": args.option,
        "rss_start_mb": round(start_rss / 1e6, 1),
        "rss_after_warmup_mb": round(after_warmup / 1e6, 1),
        "rss_end_mb": round(end_rss / 1e6, 1),
        "rss_peak_mb": round(max(rss, default=start_rss) / 1e6, 1),
        "growth_mb": round(growth, 1),
        # Every 100th refresh's sample: a leak climbs, a plateau does not.
        "rss_every_100_mb": [round(r / 1e6, 1) for r in rss[99::100]],
        "goal_mb": args.max_growth_mb,
        "met": growth < args.max_growth_mb
        and not tally.errors
        and len(tally.panels_seen) == len(PANELS),
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--cycles", type=int, default=500, help="panel refreshes per screen")
    ap.add_argument("--sessions", type=int, default=2, help="screens (national, kanwil-ntt, ...)")
    ap.add_argument("--warmup", type=int, default=50, help="cycles per screen before the baseline")
    ap.add_argument("--write-every", type=int, default=5, help="write an item every N refreshes")
    ap.add_argument("--pause", type=float, default=0.0, help="seconds between a screen's cycles")
    ap.add_argument("--max-growth-mb", type=float, default=20.0)
    ap.add_argument("--db", help="an existing demo database (a copy is used); default: a new one")
    ap.add_argument("--days", type=int, default=demo.DEMO_DAYS, help="days of demo output")
    ap.add_argument("--port", type=int, default=0, help="default: a free port")
    ap.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Streamlit option for the server, e.g. runner.postScriptGC=false",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    args.warmup = min(args.warmup, max(args.cycles - 1, 0))

    with tempfile.TemporaryDirectory(prefix="soak-screen-") as tmp:
        db_file = Path(tmp) / "soak.db"
        if args.db:
            source = open_db(args.db)
            try:
                source.conn.execute("VACUUM INTO ?", (str(db_file),))
            finally:
                source.close()
        else:
            print(f"building a demo database ({args.days} days)…", file=sys.stderr)
            demo.build(db_file, days=args.days, report=TextBar())
        port = args.port or free_port()
        server = start_server(db_file, port, args.option)
        try:
            result = asyncio.run(soak(args, f"http://127.0.0.1:{port}", server.pid, db_file))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"soak: {len(result['screens'])} screens ({', '.join(result['screens'])}) x "
            f"{result['cycles_per_screen']} refreshes (+{result['clock_runs']} clock runs, "
            f"{result['item_writes']} items written) in {result['wall_s']} s; "
            f"cycle p50 {result['cycle_p50_ms']} ms, p95 {result['cycle_p95_ms']} ms; "
            f"server CPU {result['server_cpu_ms_per_refresh']} ms per refresh (clock runs "
            "included); "
            f"errors {result['errors']}; panels seen {result['panels_seen']}/{result['panels']}; "
            f"server RSS {result['rss_start_mb']} MB at start, {result['rss_after_warmup_mb']} MB "
            f"after warm-up, {result['rss_end_mb']} MB at end (peak {result['rss_peak_mb']}): "
            f"growth {result['growth_mb']:+.1f} MB, goal < {result['goal_mb']:g} MB: "
            + ("met" if result["met"] else "NOT met")
            + (f" ({result['first_error']})" if result["errors"] else "")
        )
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
