"""Every hostile file through every importer: the store path, and `humas import`.

A file is either refused whole (one line saying why, nothing written) or read
row by row: each row is added exactly as the file holds it, or rejected with
a message, and nothing stored before changes.
"""

from __future__ import annotations

import pytest

from dashboard import ingest
from dashboard.cli import main
from dashboard.ingest import importer
from dashboard.store.items import batches as item_batches
from tests.conftest import principal, unit_id
from tests.hostile.corpus import ALWAYS_REFUSED, FILE_TEXTS, FORMULAS, files, snapshot

UNIT = "kankemenag-kota-kupang"
# Feeding the entity bomb through feedparser takes seconds (it is refused, as it must be).
FILES = [
    pytest.param(name, marks=pytest.mark.slow) if name == "rss_entity_bomb.xml" else name
    for name in sorted(files())
]


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setenv("HUMAS_NOW", "2026-11-26T01:00:00Z")  # the morning after the files' day


def assert_appended_only(before: dict, after: dict) -> None:
    """Rows stored before are all still there, unchanged, in their place."""
    for table, rows in before.items():
        assert after[table][: len(rows)] == rows, f"{table} changed"


def _stored(db, item_id: int) -> tuple:
    return db.conn.execute(
        "SELECT title, link, note FROM items WHERE id = ?", (item_id,)
    ).fetchone()


@pytest.mark.parametrize("name", FILES)
def test_every_file_is_refused_whole_or_stored_row_by_row_exactly(db, accounts, name):
    data, expected = files()[name]
    who, unit = principal(db, "op.kupang"), unit_id(db, UNIT)
    # Something stored before: it must come out of every import unchanged.
    item_batches.add_batch(
        db, who, unit, [{"day": "2026-11-25", "kind": "kegiatan_diliput", "title": "Sebelumnya"}]
    )
    before = snapshot(db)
    if expected == "unreadable":
        with pytest.raises(ingest.Unreadable) as refused:
            ingest.parse(data, unit_tz="Asia/Makassar", name=name)
        message = str(refused.value)
        assert message and "\n" not in message
        assert snapshot(db) == before
        return
    parsed = ingest.parse(data, unit_tz="Asia/Makassar", name=name)
    result = importer.save(db, who, unit, parsed)
    assert_appended_only(before, snapshot(db))
    assert result.batch.outcomes, "nothing was read"
    for outcome in result.batch.outcomes:
        entry = parsed.entries[outcome.index]
        if outcome.status == item_batches.ADDED:
            assert _stored(db, outcome.item_id) == (
                entry.title.strip(),
                entry.link.strip(),
                entry.note.strip(),
            )
        else:
            assert outcome.message and "\n" not in outcome.message
    for title, note in db.conn.execute("SELECT title, note FROM items"):
        for text in (title, note):
            assert not text.startswith(("=", "+", "-", "@"))
            assert len(text) <= 2000


@pytest.mark.parametrize(
    "name", ["template_texts.csv", "template_utf16le.csv", "template_utf16be.csv"]
)
def test_the_template_keeps_every_accepted_title_as_typed(db, accounts, name):
    data, _ = files()[name]
    parsed = ingest.parse(data, unit_tz="Asia/Makassar", name=name)
    result = importer.save(db, principal(db, "op.kupang"), unit_id(db, UNIT), parsed)
    for (text_name, text), outcome in zip(FILE_TEXTS.items(), result.batch.outcomes, strict=True):
        refused = text_name in ALWAYS_REFUSED | FORMULAS
        assert (outcome.status == item_batches.REJECTED) == refused, text_name
        if not refused:
            assert _stored(db, outcome.item_id)[0] == text.strip()


@pytest.mark.parametrize("name", FILES)
def test_humas_import_answers_every_file_in_its_format(
    db, db_path, accounts, tmp_path, capsys, name
):
    data, expected = files()[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(db)
    code = main(["import", str(path), "--unit", UNIT, "--db", str(db_path)])
    out, err = capsys.readouterr()
    if expected == "unreadable":
        assert code == 2
        assert out == "" and err.startswith("humas: cannot read ") and err.count("\n") == 1
        assert snapshot(db) == before
        return
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("added ")
    assert all(line.startswith("line ") for line in lines[1:])
    assert "Traceback" not in err
