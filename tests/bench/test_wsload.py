import os

from dashboard.bench import wsload

PAGES = [
    ("", "Beranda", "h-home"),
    ("unit-kerja", "Unit Kerja", "h-units"),
    ("akun", "Akun Saya", "h-acc"),
]


def test_pages_are_found_by_url_path_registry_key_or_title():
    assert wsload.resolve_page(PAGES, "unit-kerja") == "h-units"
    assert wsload.resolve_page(PAGES, "beranda") == "h-home"  # the default page's path is ''
    assert wsload.resolve_page(PAGES, "akun saya") == "h-acc"
    assert wsload.resolve_page(PAGES, "ringkasan") is None


def test_the_process_tree_holds_this_process():
    tree = wsload.process_tree(os.getpid())
    assert tree[0] == os.getpid()
    assert wsload.tree_rss(os.getpid()) >= wsload.rss_bytes(os.getpid()) > 0
    assert wsload.process_tree(0) == []


def test_summary_line_names_errors_and_memory():
    result = {
        "sessions": 50,
        "runs": 49,
        "errors": 1,
        "first_error": "boom",
        "sign_in_s": 3.2,
        "wall_s": 2.0,
        "runs_per_s": 24.5,
        "p50_ms": 900.0,
        "p95_ms": 1800.0,
        "max_ms": 1900.0,
        "bytes_per_run": 3000,
        "rss_before_mb": 300.0,
        "rss_peak_mb": 320.0,
    }
    line = wsload.summary_line(result)
    assert "p95 1800.0 ms" in line and "errors 1 (boom)" in line and "300.0 -> 320.0 MB" in line
