"""The checks every entry path (form, template, Meta, RSS, edits) applies to a row."""

from datetime import UTC, date, datetime

import pytest

from dashboard import errors
from dashboard.entries import (
    Checked,
    Entry,
    Rules,
    check,
    guess_kind,
    resolve_kind,
    resolve_tag,
    title_key,
)
from dashboard.words import said

KINDS = {
    "berita_website": {
        "label": "Berita di website satker",
        "short_label": "Berita website",
        "needs_link": 1,
    },
    "medsos_instagram": {
        "label": "Unggahan Instagram",
        "short_label": "Instagram",
        "needs_link": 1,
    },
    "kegiatan_diliput": {
        "label": "Kegiatan yang diliput",
        "short_label": "Kegiatan diliput",
        "needs_link": 0,
    },
}
TODAY = date(2026, 11, 25)


def rules(mode="form", window=30, zone="WITA"):
    return Rules(today=TODAY, backdate_days=window, kinds=KINDS, mode=mode, zone=zone)


def entry(**overrides):
    values = dict(
        day=TODAY, kind="berita_website", title="Judul", link="https://ntt.kemenag.go.id/b/1"
    )
    values.update(overrides)
    return Entry(**values)


def test_a_valid_row_is_normalised_for_comparison_but_kept_as_typed():
    ck = check(
        entry(link="HTTPS://NTT.kemenag.go.id/b/1/?utm_source=wa", title="  Judul  "), rules()
    ).row
    assert isinstance(ck, Checked)
    assert ck.link == "HTTPS://NTT.kemenag.go.id/b/1/?utm_source=wa"
    assert ck.link_key == "https://ntt.kemenag.go.id/b/1"
    assert ck.title == "Judul" and ck.late is False


@pytest.mark.parametrize(
    "mode, day, late",
    [
        ("form", TODAY, False),
        ("form", date(2026, 11, 24), True),  # back-dated through the form: late
        ("form", date(2026, 10, 26), True),  # the window's first day
        ("import", date(2026, 11, 24), False),  # imports: late only beyond the window
        ("import", date(2026, 10, 25), True),
        ("import", date(2019, 1, 1), True),  # backfill: accepted, late
    ],
)
def test_late_rules(mode, day, late):
    ck = check(entry(day=day), rules(mode)).row
    assert isinstance(ck, Checked) and ck.late is late


def test_the_form_refuses_days_before_the_window_and_says_what_to_do():
    problems = said(check(entry(day=date(2026, 10, 25)), rules("form")).errors)
    assert set(problems) == {"day"}
    assert "30 hari" in problems["day"] and "Impor" in problems["day"]
    assert isinstance(check(entry(day=date(2026, 10, 25)), rules("form", window=60)).row, Checked)


@pytest.mark.parametrize("mode", ["form", "import"])
def test_future_days_are_refused_everywhere(mode):
    problems = check(entry(day=date(2026, 11, 26)), rules(mode)).errors
    assert said(problems) == {"day": "Tanggal di masa depan; hari ini 25/11/2026 WITA."}
    # The check gives a code and its values; the words are the interface's.
    assert problems["day"] == errors.problem(
        errors.ENTRY_DAY_FUTURE, today=date(2026, 11, 25), zone="WITA"
    )
    no_zone = check(entry(day=date(2026, 11, 26)), rules(mode, zone="")).errors
    assert said(no_zone) == {"day": "Tanggal di masa depan; hari ini 25/11/2026."}


@pytest.mark.parametrize(
    "field, value, word",
    [
        ("kind", "podcast", "Jenis tidak dikenal"),
        ("title", "", "Judul wajib diisi"),
        ("title", "x" * 5000, "5.000 karakter"),
        ("title", "=HYPERLINK(1)", "rumus"),
        ("title", "+62 812", "rumus"),
        ("title", "-2+3", "rumus"),
        ("title", "@SUM(A1)", "rumus"),
        ("title", "a\x00b", "karakter kendali"),
        ("link", "javascript:alert(1)", "http"),
        ("link", "data:text/html,<b>x</b>", "http"),
        ("link", "", "wajib"),
        ("note", "=1+1", "rumus"),
        ("note", "n" * 2001, "2.001 karakter"),
        ("tag", "penting", "capaian"),
    ],
)
def test_each_fault_is_reported_on_its_field(field, value, word):
    problems = said(check(entry(**{field: value}), rules()).errors)
    assert list(problems) == [field]
    assert word in problems[field]


@pytest.mark.parametrize(
    "field, value, said_exactly",
    [
        ("day", None, "Tanggal wajib diisi."),
        (
            "day",
            date(2026, 10, 1),
            "Tanggal lebih dari 30 hari yang lalu; pengisian mundur paling jauh 26/10/2026. "
            "Untuk data lama gunakan Impor Data.",
        ),
        (
            "kind",
            "podcast",
            "Jenis tidak dikenal; pakai kode (mis. berita_website) atau labelnya "
            "(mis. Berita website).",
        ),
        ("title", "", "Judul wajib diisi."),
        ("title", "x" * 5000, "Judul terlalu panjang: 5.000 karakter (maksimal 500)."),
        (
            "title",
            "=1",
            "Judul tidak boleh diawali =, +, -, atau @ (dapat dijalankan sebagai rumus di Excel); "
            "hapus karakter itu.",
        ),
        ("note", "a\x00b", "Catatan memuat karakter kendali yang tidak sah."),
        (
            "note",
            "@x",
            "Catatan tidak boleh diawali =, +, -, atau @ (dapat dijalankan sebagai rumus di "
            "Excel); hapus karakter itu.",
        ),
        ("link", "", "Tautan wajib diisi untuk jenis ini: tautan adalah buktinya."),
        ("link", "a b.id/x", "Tautan tidak boleh berisi spasi."),
        (
            "link",
            "ftp://a.id/x",
            "Tautan harus alamat web (http:// atau https://), bukan jenis lain.",
        ),
        ("link", "https://localhost/x", "Tautan tidak memuat alamat situs yang sah."),
        ("link", "https://a.id:99999/x", "Tautan memuat nomor port yang tidak sah."),
        ("link", "https://a.id/" + "x" * 3000, "Tautan terlalu panjang (maksimal 2048 karakter)."),
        ("tag", "penting", "Tag harus 'capaian' atau 'seremonial' (atau kosong)."),
    ],
)
def test_each_problem_is_a_code_said_in_the_same_words_as_before(field, value, said_exactly):
    """The words of every entry problem, word for word as the checks wrote them before codes."""
    found = check(entry(**{field: value}), rules()).errors
    assert list(found) == [field]
    assert isinstance(found[field], errors.Problem) and found[field].code.name in errors.REGISTRY
    assert said(found) == {field: said_exactly}


def test_a_result_is_either_a_row_or_its_faults():
    good, bad = check(entry(), rules()), check(entry(title=""), rules())
    assert good.ok and good.errors == {} and good.valid() is good.row
    assert not bad.ok and bad.row is None and set(bad.errors) == {"title"}
    with pytest.raises(ValueError, match="title: entry.title_required"):
        bad.valid()


def test_several_faults_are_all_reported():
    problems = check(Entry(day=None, kind="x", title="", link="ftp://a.id/x"), rules()).errors
    assert list(problems) == ["day", "kind", "title", "link"]


def test_markdown_and_html_in_titles_are_kept_as_typed():
    typed = "**Tebal** <b>HTML</b> [x](javascript:alert(1))"
    assert check(entry(title=typed), rules()).valid().title == typed


def test_a_dash_is_an_empty_cell_not_a_formula():
    ck = check(entry(note="-"), rules()).row
    assert isinstance(ck, Checked) and ck.note == ""


def test_covered_events_need_no_link_but_a_given_link_is_checked():
    assert check(entry(kind="kegiatan_diliput", link=""), rules()).valid().link is None
    assert "link" in check(entry(kind="kegiatan_diliput", link="javascript:x"), rules()).errors


def test_kinds_by_code_label_or_short_label_in_any_case():
    assert resolve_kind("BERITA_WEBSITE", KINDS) == "berita_website"
    assert resolve_kind("berita website", KINDS) == "berita_website"
    assert resolve_kind("  Berita di website  satker", KINDS) == "berita_website"
    assert resolve_kind("instagram", KINDS) == "medsos_instagram"
    assert resolve_kind("podcast", KINDS) is None


def test_an_empty_kind_is_recognised_from_a_platform_link():
    assert guess_kind("https://www.instagram.com/reel/ABC/") == "medsos_instagram"
    assert guess_kind("https://m.facebook.com/x/posts/1") == "medsos_facebook"
    assert guess_kind("https://notinstagram.com/p/1") is None
    ck = check(entry(kind="", link="https://instagram.com/p/X1"), rules()).valid()
    assert ck.kind == "medsos_instagram"
    # A pasted link without its scheme is recognised too.
    assert guess_kind("www.instagram.com/reel/ABC/") == "medsos_instagram"
    assert (
        check(entry(kind="", link="instagram.com/p/X2"), rules()).valid().kind == "medsos_instagram"
    )
    assert said(check(entry(kind="", link="https://a.id/x"), rules()).errors) == {
        "kind": "Pilih jenis output."
    }


def test_tags_by_code_or_label():
    assert resolve_tag("Capaian/dampak") == "capaian"
    assert resolve_tag("kegiatan / seremonial") == "seremonial"
    assert resolve_tag("") is None
    assert check(entry(tag="SEREMONIAL"), rules()).valid().tag == "seremonial"


def test_titles_compare_blind_to_case_and_spacing():
    assert title_key("Apel  Hari Amal Bakti ") == title_key("apel hari amal bakti")


def test_published_instant_is_stored_in_utc():
    when = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
    assert check(entry(published_at=when), rules()).valid().published_at == "2026-11-24T16:30:00Z"


def test_entries_from_plain_mappings():
    e = Entry.of({"day": "2026-11-25", "kind": "berita_website", "title": "T", "link": None})
    assert e.day == TODAY and e.link == ""


def test_a_link_without_a_scheme_is_stored_with_https():
    ck = check(entry(link="kupang.kemenag.go.id/berita/rakor"), rules()).row
    assert isinstance(ck, Checked)
    assert ck.link == "https://kupang.kemenag.go.id/berita/rakor"
    assert ck.link_key == "https://kupang.kemenag.go.id/berita/rakor"
    for refused in ("javascript:alert(1)", "ftp://a.id/x", "data:text/html,x"):
        assert set(check(entry(link=refused), rules()).errors) == {"link"}
