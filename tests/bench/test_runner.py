"""The benchmark runs end to end on a tiny database and reports every figure the issue names.
(It measures nothing here: speed goals live in `humas bench`, not in tests.)"""

import json

import pytest

from dashboard.bench import runner
from dashboard.cli import main

KEYS = {
    "items",
    "save_batch20_ms",
    "import_10k_s",
    "page_warm_ms",
    "page_cold_ms",
    "naive_page_ms",
    "speedup_vs_naive",
    "rss_mb",
}


@pytest.mark.slow
def test_bench_reports_every_figure(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(runner, "PAGES", {k: runner.PAGES[k] for k in ("beranda", "ringkasan")})
    code = main(
        [
            "bench",
            "--units",
            "30",
            "--days",
            "5",
            "--page-runs",
            "1",
            "--json",
            "--keep",
            str(tmp_path),
        ]
    )
    assert code == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) >= KEYS
    assert figures["items"] > 10_000  # the synthetic items plus the measured batches and import
    assert set(figures["page_warm_ms"]) == {"beranda", "ringkasan"}
    assert all(v > 0 for v in figures["page_cold_ms"].values())
    assert figures["speedup_vs_naive"] > 0 and figures["rss_mb"] > 0
    assert (tmp_path / "bench.db").exists()


def test_bench_refuses_bad_sizes(capsys):
    assert main(["bench", "--units", "0"]) == 2
    assert "--units" in capsys.readouterr().err


@pytest.mark.slow
def test_bench_on_postgresql_reports_the_same_figures(empty_pg, pg_server, capsys, monkeypatch):
    monkeypatch.setattr(runner, "PAGES", {k: runner.PAGES[k] for k in ("beranda", "ringkasan")})
    url = pg_server.url(empty_pg())
    args = ["bench", "--units", "30", "--days", "5", "--page-runs", "1", "--json", "--db", url]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert set(first) >= KEYS and first["items"] > 10_000
    assert all(v > 0 for v in first["page_warm_ms"].values())
    # --reuse measures the database the first run built, without building again.
    assert main([*args, "--reuse"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["build_s"] == 0 and again["items"] > first["items"]
    # The units with output: the built ones that drew any item in 5 days (a small unit may
    # draw none), and the one the measured writes go to.
    assert 25 <= again["units"] <= first["units"] + 1


def test_bench_db_is_for_postgresql_only(capsys):
    assert main(["bench", "--db", "/tmp/x.db"]) == 2
    assert main(["bench", "--reuse"]) == 2
