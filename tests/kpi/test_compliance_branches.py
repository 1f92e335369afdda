from datetime import UTC, datetime

from dashboard.kpi.compliance import branch_map, by_branch, news_today
from tests.kpi.helpers import unit

NOW = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
# root 1 -> kanwil 2 -> kankemenag 3, 4 -> kua 5; root 1 -> ptkn 6
UNITS = [
    unit(id=1, parent_id=None, tz="Asia/Jakarta"),
    unit(id=2, parent_id=1, tz="Asia/Makassar"),
    unit(id=3, parent_id=2, tz="Asia/Makassar"),
    unit(id=4, parent_id=2, tz="Asia/Makassar"),
    unit(id=5, parent_id=4, tz="Asia/Makassar"),
    unit(id=6, parent_id=1, tz="Asia/Jakarta"),
]


def test_branch_map_names_the_child_of_the_root_each_unit_sits_under():
    assert branch_map(UNITS, 1) == {1: None, 2: 2, 3: 2, 4: 2, 5: 2, 6: 6}
    assert branch_map(UNITS, 2) == {1: None, 2: None, 3: 3, 4: 4, 5: 4, 6: None}


def test_branches_add_up_to_the_whole():
    today = NOW.date()
    judged = UNITS[1:]
    compliance = news_today(judged, {(3, today): 1, (5, today): 2, (6, today): 1}, NOW)
    tally = by_branch(compliance, branch_map(UNITS, 1))
    assert tally == {2: (2, 4), 6: (1, 1)}
    assert sum(w for w, _ in tally.values()) == len(compliance.with_news)
    assert sum(n for _, n in tally.values()) == compliance.total
    # Units mapped to None are left out.
    assert by_branch(compliance, {3: 3}) == {3: (1, 1)}
