from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    # The morning after the samples' last day, in every Indonesian zone.
    monkeypatch.setenv("HUMAS_NOW", "2026-11-26T01:00:00Z")
