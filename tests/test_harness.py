"""The test harness itself: markers, ports and the worker schedule under pytest-xdist."""

from __future__ import annotations

import pytest

from tests import ports
from tests.conftest import shares_fixtures


def test_a_port_is_handed_out_once_and_stays_reserved():
    first, second = ports.free_port(), ports.free_port(3)
    assert first not in range(second, second + 3)
    assert ports.LOW <= first < ports.HIGH
    # Another test process (an xdist worker) asking now finds the lock taken.
    assert ports._reserve(first) is None
    assert all(ports._reserve(p) is None for p in range(second, second + 3))


@pytest.mark.parametrize(
    ("module", "together"),
    [
        ("tests/browser/test_two_processes.py", True),  # two servers for the whole module
        ("tests/serve/test_workers.py", True),  # a cluster for the whole module
        ("tests/views/test_pages.py", False),
        ("tests/kpi/test_goals.py", False),
    ],
)
def test_modules_with_module_wide_fixtures_stay_on_one_worker(module, together):
    assert shares_fixtures(module) is together


def test_page_tests_are_marked_apptest_and_the_rest_fast(request):
    assert request.node.get_closest_marker("fast") is not None
    assert request.node.get_closest_marker("apptest") is None
