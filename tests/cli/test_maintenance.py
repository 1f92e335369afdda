from datetime import UTC, datetime

from dashboard.bench import synth
from dashboard.cli import main
from dashboard.store import summary
from dashboard.store.db import open_db


def test_rebuild_summary_repairs_and_reports_rows_before_and_after(tmp_path, capsys):
    path = tmp_path / "s.db"
    synth.build(path, units=10, days=15, now=datetime(2026, 11, 25, 5, tzinfo=UTC), accounts=False)
    db = open_db(path)
    rows_exact = db.conn.execute("SELECT count(*) FROM daily_counts").fetchone()[0]
    db.conn.execute(
        "DELETE FROM daily_counts WHERE (unit_id, day) IN "
        "(SELECT unit_id, day FROM daily_counts ORDER BY day LIMIT 5)"
    )
    broken = db.conn.execute("SELECT count(*) FROM daily_counts").fetchone()[0]
    db.close()
    assert broken < rows_exact

    code = main(["rebuild-summary", "--db", str(path)])
    out, err = capsys.readouterr()

    assert code == 0 and err == ""
    assert f"{broken} rows before, {rows_exact} after" in out
    db = open_db(path)
    assert summary.differing_rows(db) == 0
    db.close()


def test_rebuild_summary_on_a_missing_database_is_one_line_and_creates_nothing(tmp_path, capsys):
    path = tmp_path / "none.db"
    code = main(["rebuild-summary", "--db", str(path)])
    _, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err
    assert not path.exists()
