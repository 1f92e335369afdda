"""Load test: many signed-in sessions opening one page at once, against a real server.

Builds (or reuses) a synthetic national-scale database, starts `humas run` on it
(one worker, or N behind the local nginx), signs every session in as a browser
does (the page load that sets the browser cookie, the login form over the
websocket, the redirect to /sesi/mulai that sets the session cookie, a new
websocket with both cookies: dashboard/bench/wsload.py), then lets them all ask
for the page at the same moment, once per --sessions count. Prints p50/p95/max
latency, p50/p95 (fairness: the issue asks at most 0.6), errors, the server's
CPU per run and its resident memory (every process of the server), then stops
the server.

Optionally, per run:
- --cpu-pages ringkasan,unit-saya,peringkat,layar: one session asking for each
  page --cpu-runs times in a row; the server's CPU per warm run and runs per
  second ("layar" is the meeting screen, through a screen link made for it).
- --storm 50: that many browsers signing in at the same moment while a few
  signed-in sessions keep opening the page; how long their page runs took
  before and during the crowd.
- --baseline PATH: the same measurements first against another checkout (its
  own .venv, its own database in its artifacts/bench), then against this one,
  in the same run, and both printed side by side.

Run (from the project folder, with the test extra installed):
    .venv/bin/python scripts/load.py                       # 1 worker, page beranda
    .venv/bin/python scripts/load.py --workers 2 --page ringkasan --json
    .venv/bin/python scripts/load.py --workers 2 --page ringkasan --sessions 50,200 \\
        --cpu-pages ringkasan,unit-saya,peringkat,layar --storm 50 \\
        --baseline ../crowd-baseline                     # issue 19's figures, both trees

The database is built once into artifacts/bench/ (git-ignored; about 1 GB and
half a minute at national scale) and reused by later runs. Sessions sign in as
--user (default `pusat`, the national leader, who sees every unit) with the
demo password that synthetic databases use, or $HUMAS_LOAD_PASSWORD. Load goes
only to 127.0.0.1, to the servers this script started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dashboard import demo, fmt
from dashboard.progress import TextBar
from dashboard.serve.workers import healthy, port_is_free
from dashboard.store.db import describe, is_server

try:
    from dashboard.bench import synth, wsload
except ImportError as exc:
    sys.exit(f"load.py needs the speed tooling's extra ({exc.name}): pip install -e '.[bench]'")

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "artifacts" / "bench"


def database(args: argparse.Namespace) -> Path | str:
    if args.db and is_server(args.db):
        path = args.db  # a PostgreSQL database: built there once with `humas synth --db URL`
    elif args.db:
        path = Path(args.db)
    else:
        units = args.units or 627
        path = BENCH_DIR / f"synth-{units}x{args.days}.db"
    found = synth.live_items(path)
    if found:
        print(f"reusing {describe(path)}: {fmt.number(found)} items", flush=True)
        return path
    if is_server(path):
        sys.exit(f"load.py: {describe(path)} holds no items; fill it with `humas synth --db`")
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {path} (once; later runs reuse it)", flush=True)
    report = synth.build(path, units=args.units, days=args.days, report=TextBar())
    print(report.summary(), flush=True)
    return path


def tree_database(tree: Path, args: argparse.Namespace) -> Path:
    """Another checkout's synthetic database, built there with its own `humas synth`."""
    units = args.units or 627
    path = tree / "artifacts" / "bench" / f"synth-{units}x{args.days}.db"
    if not path.exists():
        print(f"building {path} with {tree}'s own humas synth (once)", flush=True)
        command = [str(tree_python(tree)), "-m", "dashboard.cli", "synth", "--db", str(path)]
        command += ["--days", str(args.days)] + (["--units", str(args.units)] if args.units else [])
        subprocess.run(command, cwd=tree, check=True)
    return path


def tree_python(tree: Path) -> Path:
    python = tree / ".venv" / "bin" / "python"
    if not python.exists():
        sys.exit(
            f"load.py: {tree} has no .venv (python3 -m venv .venv && pip install -e '.[test]')"
        )
    return python


def start_server(path: Path | str, workers: int, port: int, tree: Path = ROOT) -> subprocess.Popen:
    busy = [p for p in range(port, port + workers + (1 if workers > 1 else 0))]
    busy = [p for p in busy if not port_is_free("127.0.0.1", p)]
    if busy:
        sys.exit(f"load.py: port {busy[0]} is in use; pick another --port")
    python = sys.executable if tree == ROOT else str(tree_python(tree))
    command = [python, "-m", "dashboard.cli", "run"]
    command += ["--port", str(port), "--address", "127.0.0.1", "--workers", str(workers)]
    process = subprocess.Popen(
        command,
        cwd=tree,
        env=dict(os.environ, HUMAS_DB=str(path)),  # a URL's password stays off the command line
        stdout=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while not healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(process)
            sys.exit(f"load.py: the server did not start on {url}")
        time.sleep(0.3)
    return process


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def screen_query(path: Path | str, tree: Path) -> str:
    """A national meeting-screen link made in the tree's database (its query string)."""
    python = sys.executable if tree == ROOT else str(tree_python(tree))
    command = [python, "-m", "dashboard.cli", "screen", "add", "--scope", "national"]
    command += ["--label", "load.py", "--db", str(path)]
    out = subprocess.run(command, cwd=tree, check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("/?layar="))
    return line[2:]


def measure(tree: Path, path: Path | str, args: argparse.Namespace, label: str) -> list[dict]:
    """Every measurement the arguments ask for, against one server started on `tree`."""
    password = os.environ.get(wsload.ENV_PASSWORD, demo.DEMO_PASSWORD)
    login = (args.user, password)
    counts = [int(n) for n in args.sessions.split(",") if n.strip()]
    pages = [p for p in (args.cpu_pages or "").split(",") if p.strip()]
    screen = screen_query(path, tree) if "layar" in pages else ""
    server = start_server(path, args.workers, args.port, tree)
    url = f"http://127.0.0.1:{args.port}"
    results: list[dict] = []

    def note(result: dict, kind: str) -> None:
        result.update(tree=label, kind=kind, workers=args.workers, load_average=os.getloadavg())
        results.append(result)
        if not args.json:
            line = wsload.storm_line(result) if kind == "storm" else wsload.summary_line(result)
            print(f"[{label}] {args.workers} worker(s), {result.get('page', '')}: {line}")

    try:
        # Warm-up: a few sessions per worker, so each worker has imported, connected and
        # filled its caches once, as a server that has been up for a while has.
        asyncio.run(wsload.run_load(url, sessions=4 * args.workers, page=args.page, login=login))
        for page in pages:
            one = dict(
                sessions=1,
                reruns=args.cpu_runs,
                pid=server.pid,
                page="" if page == "layar" else page,
            )
            if page == "layar":
                asyncio.run(wsload.run_load(url, sessions=1, reruns=3, query=screen))
                result = asyncio.run(wsload.run_load(url, query=screen, **one))
            else:
                asyncio.run(wsload.run_load(url, sessions=1, reruns=3, page=page, login=login))
                result = asyncio.run(wsload.run_load(url, login=login, **one))
            result.update(page=page)
            note(result, "cpu")
        for sessions in counts:
            result = asyncio.run(
                wsload.run_load(
                    url,
                    sessions=sessions,
                    reruns=args.reruns,
                    page=args.page,
                    login=login,
                    pid=server.pid,
                    tabs=args.tabs,
                )
            )
            result.update(page=args.page, tabs=args.tabs)
            note(result, "crowd")
        if args.storm:
            result = asyncio.run(
                wsload.run_sign_in_storm(url, page=args.page, login=login, signers=args.storm)
            )
            result.update(page=args.page)
            note(result, "storm")
    finally:
        stop_server(server)
    return results


def table(results: list[dict]) -> str:
    """Both trees' figures, one line per measurement."""
    lines = [
        "| tree | what | p50 | p95 | max | p50/p95 | runs/s | server CPU/run | errors | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        load = "/".join(f"{x:.1f}" for x in r["load_average"])
        if r["kind"] == "storm":
            lines.append(
                f"| {r['tree']} | {r['signers']} sign-ins, {r['watchers']} sessions on "
                f"{r['page']} | {r['during_p50_ms']:.0f} ms | {r['during_p95_ms']:.0f} ms | "
                f"{r['during_max_ms']:.0f} ms | | | (quiet p50 {r['quiet_p50_ms']:.0f} ms; "
                f"sign-in p95 {r['sign_in_p95_ms']:.0f} ms) | {r['errors']} | {load} |"
            )
            continue
        what = (
            f"{r['page']}, 1 session x {r['runs']}"
            if r["kind"] == "cpu"
            else f"{r['sessions']} sessions on {r['page']}"
        )
        fair = r["p50_ms"] / r["p95_ms"] if r["p95_ms"] else float("nan")
        lines.append(
            f"| {r['tree']} | {what} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms | "
            f"{r['max_ms']:.0f} ms | {fair:.2f} | {r['runs_per_s']} | "
            f"{r['cpu_ms_per_run']} ms | {r['errors']} | {load} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--db",
        help="use this database, a file or a postgresql:// URL (default: build/reuse one in "
        "artifacts/bench)",
    )
    ap.add_argument("--units", type=int, help="units of the synthetic database (default 627)")
    ap.add_argument("--days", type=int, default=synth.NATIONAL_DAYS)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--port", type=int, default=8640, help="server port (workers: P+1..P+N)")
    ap.add_argument("--page", default="beranda", help="the page's url_path (registry key)")
    ap.add_argument("--user", default="pusat")
    ap.add_argument("--sessions", default="50,200", help="comma-separated session counts")
    ap.add_argument("--reruns", type=int, default=1)
    ap.add_argument(
        "--tabs",
        type=int,
        default=1,
        help="sessions per signed-in browser: the first signs in with the form, the others "
        "are new tabs signed in by its session cookie (a server without session cookies: the "
        "form for each)",
    )
    ap.add_argument(
        "--cpu-pages",
        default="",
        help="comma-separated pages to time one session on (layar: the meeting screen)",
    )
    ap.add_argument("--cpu-runs", type=int, default=100, help="runs per page for --cpu-pages")
    ap.add_argument("--storm", type=int, default=0, help="browsers signing in at once")
    ap.add_argument(
        "--baseline", type=Path, help="another checkout to measure first, in the same run"
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    # Stopped from outside (kill, timeout): still stop the servers this script started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    results = []
    if args.baseline:
        baseline = args.baseline.resolve()
        results += measure(baseline, tree_database(baseline, args), args, "baseline")
    results += measure(ROOT, database(args), args, "this tree")
    if args.json:
        print(json.dumps(results))
    else:
        print(table(results))
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
