"""An admin's Log Audit in the browser: filters, the table, one entry in full."""

import pytest

from tests.browser.conftest import login, screenshot, wait_signed_in

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
    page.wait_for_timeout(800)
    screenshot(page, "audit-log-admin-desktop")
    # Select the first row (row markers sit left of the first column).
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.get_by_role("heading", name="Rincian entri").wait_for(timeout=30_000)
    # Before and after: drawn a moment after the heading on a busy machine.
    page.locator("[data-testid='stCode']").first.wait_for(timeout=30_000)
    assert page.locator("[data-testid='stCode']").count() >= 1
