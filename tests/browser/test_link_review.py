"""A Kakanwil decides on doubtful evidence links in one click (issue 14), desktop and phone;
the operator sees why its item is doubtful. Screenshots in artifacts/screenshots/."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime

import pytest

from dashboard.store import checks as check_store
from dashboard.store.db import open_db
from tests.browser.conftest import (
    login,
    open_sidebar_link,
    screenshot,
    start_server,
    stop_server,
    wait_signed_in,
)
from tests.checks import due_item

pytestmark = pytest.mark.browser

CHECKED = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
# (unit, reasons, what the page said)
DOUBTS = [
    ("kankemenag-kota-kupang", ("date_mismatch",), {"published": date(2026, 10, 2)}),
    (
        "kankemenag-kab-alor",
        ("title_mismatch",),
        {"page_title": "Jadwal Pelayanan Haji dan Umrah Bulan Desember"},
    ),
    (
        "kankemenag-kab-belu",
        ("link_broken",),
        {"status": 404, "detail": "Halaman tidak ditemukan (HTTP 404)."},
    ),
]


@pytest.fixture(scope="module")
def review_server(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "review.db"
    shutil.copyfile(demo_db, path)
    db = open_db(path)
    flagged = []
    for code, reasons, said in DOUBTS:
        item = due_item(db, "un.code = ? AND i.link IS NOT NULL AND i.deleted = 0", code)
        check_store.record(
            db,
            item,
            checked_at=CHECKED,
            outcome="broken" if "link_broken" in reasons else "ok",
            status=said.get("status", 200),
            code=None,
            final_url=item.link,
            final_key=item.link_key,
            page_title=said.get("page_title"),
            published=said.get("published"),
            detail=said.get("detail"),
            reasons=reasons,
            verdict="flagged",
            recheck_at=None,
        )
        flagged.append(item.id)
    db.close()
    process, url = start_server(path)
    yield url, path, flagged
    stop_server(process)


def decision(path, item_id):
    db = open_db(path)
    try:
        return db.conn.execute(
            "SELECT decision, reviewer FROM item_reviews WHERE item_id = ?", (item_id,)
        ).fetchone()
    finally:
        db.close()


def open_queue(page, url):
    login(page, url, "kanwil.ntt")
    wait_signed_in(page)
    open_sidebar_link(page, "Tinjauan Tautan")
    page.get_by_role("heading", name="Tinjauan Tautan").wait_for(timeout=30_000)
    page.get_by_text("Menunggu keputusan").wait_for(timeout=30_000)
    page.wait_for_timeout(800)


def test_a_kakanwil_accepts_in_one_click_on_a_desktop(review_server, page_factory):
    url, path, flagged = review_server
    page = page_factory(1440, 900)
    open_queue(page, url)
    main = page.get_by_test_id("stMain")
    assert "halaman terbit 2 Oktober 2026" in main.inner_text()
    assert "Jadwal Pelayanan Haji dan Umrah Bulan Desember" in main.inner_text()
    screenshot(page, "review-queue-kakanwil-desktop")
    metric = page.get_by_test_id("stMetricValue").first
    assert metric.inner_text() == "3"
    _kupang, _alor, belu = flagged
    card = page.locator(f".st-key-review_item_{belu}")
    card.get_by_role("button", name="Terima").click()  # one click
    page.get_by_text("Item diterima: tetap dihitung.").wait_for(timeout=30_000)
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "2"
    assert decision(path, belu) == ("accepted", "kanwil.ntt")
    assert card.count() == 0
    screenshot(page, "review-queue-kakanwil-accepted-desktop")


def test_a_kakanwil_rejects_with_a_note_on_a_phone(review_server, page_factory):
    url, path, flagged = review_server
    page = page_factory(390, 844, mobile=True)
    open_queue(page, url)
    screenshot(page, "review-queue-kakanwil-phone")
    before = page.get_by_test_id("stMetricValue").first.inner_text()
    _kupang, alor, _belu = flagged
    page.locator(f".st-key-review_item_{alor}").get_by_role("button", name="Tolak").click()
    page.get_by_label("Alasan penolakan (wajib)").fill(
        "Berita bulan lalu, bukan kegiatan pekan ini"
    )
    page.get_by_label("Alasan penolakan (wajib)").press("Enter")
    page.wait_for_timeout(500)
    screenshot(page, "review-reject-note-phone", whole=False)
    page.get_by_role("button", name="Tolak item ini").click()
    page.get_by_text("Item ditolak: tidak dihitung.").wait_for(timeout=30_000)
    assert int(page.get_by_test_id("stMetricValue").first.inner_text()) == int(before) - 1
    assert decision(path, alor) == ("rejected", "kanwil.ntt")


def test_the_operator_sees_why_on_its_phone(review_server, page_factory):
    url, _path, _flagged = review_server
    page = page_factory(390, 844, mobile=True)
    login(page, url, "operator.kupang")
    wait_signed_in(page)
    page.get_by_role("heading", name="Input Harian").wait_for(timeout=30_000)
    page.get_by_text("Pemeriksaan tautan:").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, "link-flags-operator-phone")


def test_leaders_see_the_verified_share_beside_attainment(review_server, page_factory):
    url, _path, _flagged = review_server
    page = page_factory(1440, 900)
    login(page, url, "kanwil.ntt")
    wait_signed_in(page)
    page.get_by_text("Tautan terverifikasi").first.wait_for(timeout=30_000)  # Ringkasan
    page.wait_for_timeout(800)
    screenshot(page, "link-checks-ringkasan-kakanwil-desktop")
    open_sidebar_link(page, "Peringkat")
    page.get_by_role("heading", name="Peringkat").wait_for(timeout=30_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, "link-checks-peringkat-kakanwil-desktop", whole=False)
    page.goto(url + "/unit-saya?unit=kankemenag-kab-belu")
    page.get_by_text("Tanda terbuka").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    screenshot(page, "link-checks-unit-saya-desktop")
