"""A short run of the meeting-screen soak (scripts/soak_screen.py): the driver and the screen work.

The 500-cycle run with its memory figures is a script, not a test (see
docs/PERFORMANCE.md); this proves in CI that a real server serves both
screens through timed fragment refreshes, every panel, without an error.
"""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_a_short_soak_drives_both_screens_through_every_panel():
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "soak_screen.py"),
            "--cycles",
            "10",
            "--warmup",
            "2",
            "--days",
            "7",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    result = json.loads(done.stdout)
    assert result["errors"] == 0, result["first_error"]
    assert result["screens"] == ["national", "kanwil-ntt"]
    assert result["refreshes"] == 20 and result["clock_runs"] == 40
    assert result["panels_seen"] == result["panels"] == 5
    assert result["item_writes"] == 4
    assert done.returncode == (0 if result["met"] else 1)
