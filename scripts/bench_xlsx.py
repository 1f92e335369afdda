"""What reading a hostile or a large upload costs: wall time and peak memory (issue 18, item 2).

    .venv/bin/python scripts/bench_xlsx.py [--code PATH] [--only NAME ...] [--json]

Each case runs `ingest.parse` (as the Impor Data page and `humas import` call it)
in a fresh Python process that imports the package from `--code` (default: this
checkout; point it at an older checkout to measure "before"). The runner polls
the resident memory of that process and all its descendants (the parse's child
process, where there is one) every 20 ms and reports the peak of their sum.

Cases: the two workbooks of the issue (tests/hostile/workbooks.py), those that
stay under the unpacked-size cap and hit the counting limits, the first
workbook twice at once, and legitimate files (a 30,000-row XLSX as openpyxl
writes it, a 50,000-row CSV) to show what the child process costs a real
upload. Prints a Markdown table to paste into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import workbooks  # noqa: E402

HARNESS = """
import json, sys, threading, time
sys.path.insert(0, sys.argv[1])
from dashboard import ingest
data = open(sys.argv[2], "rb").read()
results = []
def one():
    start = time.perf_counter()
    try:
        parsed = ingest.parse(data, unit_tz="Asia/Jakarta", name=sys.argv[2])
        outcome = f"read {len(parsed.entries)} rows"
    except ingest.Unreadable as exc:
        outcome = f"refused: {exc}"
    except MemoryError:
        outcome = "MemoryError"
    results.append((time.perf_counter() - start, outcome))
threads = [threading.Thread(target=one) for _ in range(int(sys.argv[3]))]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"seconds": max(r[0] for r in results), "outcome": results[0][1]}))
"""


def legit_xlsx(rows: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(["tanggal", "jenis", "judul", "tautan", "catatan", "tag"])
    for i in range(rows):
        title = f"Kegiatan sosialisasi moderasi beragama di kantor kementerian agama nomor {i}"
        link = f"https://kemenag.go.id/berita/kegiatan-sosialisasi-moderasi-{i}"
        sheet.append([f"{1 + i % 28:02d}/10/2026", "berita_website", title, link, "", "capaian"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def legit_csv(rows: int) -> bytes:
    lines = ["tanggal;jenis;judul;tautan;catatan;tag"]
    for i in range(rows):
        lines.append(
            f"{1 + i % 28:02d}/10/2026;berita_website;Kegiatan sosialisasi moderasi beragama "
            f"nomor {i};https://kemenag.go.id/berita/kegiatan-sosialisasi-moderasi-{i};;capaian"
        )
    return ("\n".join(lines) + "\n").encode()


CASES = {
    "strings_bomb": (lambda: workbooks.strings_bomb(), 1),
    "strings_bomb_x2": (lambda: workbooks.strings_bomb(), 2),
    "blank_rows": (lambda: workbooks.blank_rows(), 1),
    "strings_under_cap": (lambda: workbooks.strings_under_cap(), 1),
    "blank_rows_under_cap": (lambda: workbooks.blank_rows_under_cap(), 1),
    "far_row": (lambda: workbooks.far_row(), 1),
    "xlsx_30000_rows": (lambda: legit_xlsx(30_000), 1),
    "csv_50000_rows": (lambda: legit_csv(50_000), 1),
}


def _tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and every process below it, in KiB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry)] = int(line.split()[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree)


def measure(code: Path, data: bytes, at_once: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".upload") as upload:
        upload.write(data)
        upload.flush()
        process = subprocess.Popen(
            [sys.executable, "-c", HARNESS, str(code), upload.name, str(at_once)],
            stdout=subprocess.PIPE,
            text=True,
        )
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss_kib(process.pid))
            time.sleep(0.02)
        output, _ = process.communicate()
        found = json.loads(output)
    return found | {"peak_mib": round(peak / 1024), "file_kib": round(len(data) / 1024)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose package is read")
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these cases")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    for name, (build, at_once) in CASES.items():
        if args.only and name not in args.only:
            continue
        results[name] = measure(args.code.resolve(), build(), at_once)
        print(f"{name}: {results[name]}", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print("| case | file | at once | wall time | peak memory | outcome |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['file_kib']:,} KiB | {CASES[name][1]} | {r['seconds']:.1f} s "
            f"| {r['peak_mib']:,} MiB | {r['outcome'][:90]} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
