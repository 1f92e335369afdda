from datetime import date

from dashboard.ui.urlstate import parse


def test_known_filters_are_parsed_and_the_rest_dropped():
    params = {
        "periode": "rentang",
        "dari": "2026-11-01",
        "sampai": "2026-13-01",  # not a date: dropped
        "provinsi": "true",
        "tahun": ["2025", "2026"],
        "evil": "<script>",
    }
    assert parse(params) == {
        "periode": "rentang",
        "dari": date(2026, 11, 1),
        "provinsi": True,
        "tahun": 2026,
    }


def test_record_ids_are_ascii_digits_that_fit_sqlite():
    from dashboard.ui.urlstate import record_id

    assert record_id("42") == 42
    assert record_id("9" * 18) == int("9" * 18)
    for text in ["9" * 19, "²", "٣", "-1", "+1", " 1", "1.0", "", None, 7]:
        assert record_id(text) is None
