"""An admin's Log Audit in the browser: filters, the table, one entry in full."""

import pytest

from tests.browser.conftest import login, screenshot, script_idle, select_row, wait_signed_in

pytestmark = pytest.mark.browser


def test_admin_reads_the_audit_log(server, page_factory):
    page = page_factory()
    login(page, server, "admin")
    wait_signed_in(page)
    page.get_by_role("link", name="Log Audit").click()
    page.get_by_role("heading", name="Log Audit").wait_for(timeout=30_000)
    page.get_by_text("terbaru di atas").wait_for()
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for()
    script_idle(page)
    grid.locator("[data-testid='glide-cell-1-0']").wait_for(state="attached")  # rows drawn
    screenshot(page, "audit-log-admin-desktop")
    select_row(page, grid, 0)  # the newest entry: this sign-in
    page.get_by_role("heading", name="Rincian entri").wait_for(timeout=30_000)
    # The changed fields, field by field (a table, not raw JSON in code blocks): drawn a
    # moment after the heading on a busy machine.
    page.get_by_text("Tampilkan semua isian").wait_for(timeout=30_000)
    page.locator("[data-testid='stDataFrame']").nth(1).wait_for(timeout=30_000)
    assert page.locator("[data-testid='stDataFrame']").count() == 2
    assert page.locator("[data-testid='stCode']").count() == 0
    script_idle(page)
    screenshot(page, "audit-log-detail-admin-desktop")
