"""Two workers behind the proxy, in a real browser: a write through one is read through the other."""

from __future__ import annotations

import pytest

from dashboard import demo
from dashboard.serve.proxy import WORKER_HEADER
from tests.browser.conftest import FROZEN_NOW, login, screenshot, wait_signed_in
from tests.serve.cluster import needs_nginx, running

pytestmark = [pytest.mark.browser, needs_nginx, pytest.mark.slow]

NEW_USER, NEW_NAME, NEW_PASSWORD = "uji.lintas", "Uji Lintas Worker", "sandi-lintas-2026"
OWN_PASSWORD = "sandi-pilihan-sendiri-2026"  # chosen at the first sign-in


@pytest.fixture
def cluster(tmp_path, monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", FROZEN_NOW)
    path = tmp_path / "demo.db"
    demo.build(path, days=7)
    with running(path, workers=2, tmp=tmp_path, env_extra={"HUMAS_NOW": FROZEN_NOW}) as started:
        yield started


def test_a_user_added_through_worker_1_signs_in_through_worker_2_and_the_proxy(
    cluster, page_factory
):
    # Worker 2's session is open before the write: its next rerun must see it.
    reader = page_factory()
    reader.goto(cluster.worker_url(2))
    reader.get_by_label("Nama pengguna").wait_for(timeout=30_000)

    writer = page_factory()
    login(writer, cluster.worker_url(1), "admin")
    wait_signed_in(writer)
    writer.get_by_role("link", name="Pengguna").click()
    writer.get_by_role("heading", name="Pengguna").wait_for(timeout=30_000)
    writer.get_by_role("textbox", name="Nama pengguna").fill(NEW_USER)
    writer.get_by_label("Nama lengkap").fill(NEW_NAME)
    writer.get_by_label("Unit kerja").click()
    writer.keyboard.type("Kota Kupang")
    writer.keyboard.press("Enter")
    writer.get_by_label("Kata sandi awal").fill(NEW_PASSWORD)
    writer.get_by_label("Ulangi kata sandi").fill(NEW_PASSWORD)
    writer.get_by_role("button", name="Tambah").click()
    writer.get_by_text(f"Pengguna {NEW_USER} ditambahkan.").wait_for(timeout=30_000)
    screenshot(writer, "workers-write-through-worker-1")

    reader.get_by_label("Nama pengguna").fill(NEW_USER)
    reader.get_by_label("Kata sandi").fill(NEW_PASSWORD)
    reader.get_by_role("button", name="Masuk").click()
    # An account an admin made picks its own password first (issue 16 item 17).
    reader.get_by_role("heading", name="Ganti kata sandi").wait_for(timeout=30_000)
    reader.get_by_label("Kata sandi baru", exact=True).fill(OWN_PASSWORD)
    reader.get_by_label("Ulangi kata sandi baru").fill(OWN_PASSWORD)
    reader.get_by_role("button", name="Simpan dan lanjutkan").click()
    wait_signed_in(reader)
    reader.get_by_text(NEW_NAME).first.wait_for()
    reader.wait_for_timeout(500)
    screenshot(reader, "workers-read-through-worker-2")

    # Through the proxy: the same account, and every HTTP answer from one worker.
    through_proxy = page_factory()
    answered_by = set()
    through_proxy.on(
        "response",
        lambda r: (
            answered_by.add(r.headers.get(WORKER_HEADER.lower()))
            if r.url.startswith(cluster.url)
            else None
        ),
    )
    login(through_proxy, cluster.url, NEW_USER, OWN_PASSWORD)
    wait_signed_in(through_proxy)
    through_proxy.get_by_text("Kantor Kemenag Kota Kupang").first.wait_for()
    through_proxy.reload()  # still signed in (issue 11), on the same worker
    through_proxy.get_by_text("Kantor Kemenag Kota Kupang").first.wait_for(timeout=30_000)
    wait_signed_in(through_proxy)
    answered_by.discard(None)
    assert len(answered_by) == 1, answered_by
    assert answered_by <= {f"127.0.0.1:{cluster.port + n}" for n in (1, 2)}
