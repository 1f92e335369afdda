"""Load test: many signed-in sessions opening one page at once, against a real server.

Builds (or reuses) a synthetic national-scale database, starts `humas run` on it
(one worker, or N behind the local nginx), signs every session in over the
websocket as a browser would, then lets them all ask for the page at the same
moment, once with 50 sessions and once with 200. Prints p50/p95/max latency,
errors and the server's resident memory (every process of the server: the one
worker, or the supervisor, the workers and nginx), then stops the server.

Run (from the project folder, with the test extra installed):
    .venv/bin/python scripts/load.py                       # 1 worker, page beranda
    .venv/bin/python scripts/load.py --workers 2
    .venv/bin/python scripts/load.py --page ringkasan --json

The database is built once into artifacts/bench/ (git-ignored; about 1 GB and
half a minute at national scale) and reused by later runs. Sessions sign in as
--user (default `pusat`, the national leader, who sees every unit) with the
demo password that synthetic databases use, or $HUMAS_LOAD_PASSWORD. Load goes
only to 127.0.0.1, to the server this script started.
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


def start_server(path: Path | str, workers: int, port: int) -> subprocess.Popen:
    busy = [p for p in range(port, port + workers + (1 if workers > 1 else 0))]
    busy = [p for p in busy if not port_is_free("127.0.0.1", p)]
    if busy:
        sys.exit(f"load.py: port {busy[0]} is in use; pick another --port")
    command = [sys.executable, "-m", "dashboard.cli", "run"]
    command += ["--port", str(port), "--address", "127.0.0.1", "--workers", str(workers)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
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
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    counts = [int(n) for n in args.sessions.split(",") if n.strip()]
    password = os.environ.get(wsload.ENV_PASSWORD, demo.DEMO_PASSWORD)

    path = database(args)
    server = start_server(path, args.workers, args.port)
    url = f"http://127.0.0.1:{args.port}"
    results = []
    try:
        # Warm-up: a few sessions first, so each worker has imported and connected once,
        # as a server that has been up for a while has.
        asyncio.run(
            wsload.run_load(
                url,
                sessions=2 * args.workers,
                page=args.page,
                login=(args.user, password),
            )
        )
        for sessions in counts:
            result = asyncio.run(
                wsload.run_load(
                    url,
                    sessions=sessions,
                    reruns=args.reruns,
                    page=args.page,
                    login=(args.user, password),
                    pid=server.pid,
                )
            )
            result.update(workers=args.workers, page=args.page)
            results.append(result)
            if not args.json:
                print(f"{args.workers} worker(s), page {args.page}: {wsload.summary_line(result)}")
    finally:
        stop_server(server)
    if args.json:
        print(json.dumps(results))
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
