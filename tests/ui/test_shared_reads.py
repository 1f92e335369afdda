"""Unit Saya's and Peringkat's reads and tables shared between runs, not copied or rebuilt on each
(issue 19: a warm run's CPU). Each test fails if the page's read goes back to a per-run copy."""

from __future__ import annotations

import pytest

from dashboard.ui import channels as channel_panel
from tests.conftest import principal, unit_id

pytestmark = pytest.mark.backends("sqlite", "postgresql")


def test_a_leaders_channel_coverage_is_one_shared_object_not_a_copy_per_run(db, accounts):
    # A national leader's coverage lists every unit without a working channel: unpickling a
    # copy of it on every run was a fifth of a warm Unit Saya run.
    pusat = principal(db, "pusat")
    root = unit_id(db, "kemenag-ri")
    first = channel_panel.coverage(pusat, root)
    assert first.attention, "the seeded units have no channels: all need a look"
    assert channel_panel.coverage(pusat, root) is first


def test_a_units_channels_are_one_shared_object_not_a_copy_per_run(db, accounts):
    kupang = principal(db, "op.kupang")
    own = unit_id(db, "kankemenag-kota-kupang")
    assert channel_panel.unit_channels(kupang, own) is channel_panel.unit_channels(kupang, own)
