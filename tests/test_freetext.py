import pytest

from dashboard import errors, freetext
from dashboard.entries import Entry, Rules, check
from dashboard.words import said, say
from tests.hostile.corpus import TEXTS


@pytest.mark.parametrize(
    "text",
    ["a\x00b", "a\x07b", "\x1b[31m", "a\x7fb", "a\x85b", "a\x9fb", "a\ufffeb", "a\uffffb", "a\rb"],
)
def test_control_characters_are_refused(text):
    found = freetext.problem(text, "unit.name", max_len=100)
    assert found == errors.problem(errors.TEXT_CONTROL, field="unit.name")
    assert say(found) == "Nama unit memuat karakter kendali yang tidak sah."


def test_newlines_and_tabs_only_where_a_field_may_span_lines():
    note = "item.note"
    assert freetext.problem("baris\nbaris\tkolom", note, max_len=100, multiline=True) is None
    assert freetext.problem("baris\nbaris", "unit.name", max_len=100) is not None
    assert freetext.problem("baris\r\nbaris", note, max_len=100, multiline=True) is not None


@pytest.mark.parametrize(
    "name", ["emoji", "arabic", "rtl_override", "md_link_javascript", "sql_drop"]
)
def test_text_that_is_not_a_control_passes(name):
    assert freetext.problem(TEXTS[name], "item.title", max_len=500) is None


def test_length_limits_are_told_in_indonesian_numbers():
    too_long = freetext.problem("x" * 10_500, "item.title", max_len=500)
    assert too_long == errors.problem(
        errors.TEXT_TOO_LONG, field="item.title", length=10_500, limit=500
    )
    assert say(too_long) == "Judul terlalu panjang: 10.500 karakter (maksimal 500)."
    too_short = freetext.problem("x", "unit.name", max_len=200, min_len=2)
    assert say(too_short) == "Nama unit minimal 2 karakter."
    assert say(freetext.problem("x" * 2001, "unit.name", max_len=2000)) == (
        "Nama unit terlalu panjang: 2.001 karakter (maksimal 2.000)."
    )


def test_item_titles_refuse_c1_controls_and_noncharacters():
    from datetime import date

    rules = Rules(
        today=date(2026, 11, 25),
        backdate_days=30,
        kinds={"kegiatan_diliput": {"label": "K", "short_label": "K", "needs_link": 0}},
    )
    for title in ["Berita\x85baru", "Berita\uffff"]:
        found = check(
            Entry(day=date(2026, 11, 25), kind="kegiatan_diliput", title=title), rules
        ).errors
        assert said(found) == {"title": "Judul memuat karakter kendali yang tidak sah."}
