import pytest

from dashboard.ui.text import md_escape

JOINER = "\u2060"


@pytest.mark.parametrize(
    "typed",
    [
        "**tebal** _miring_ [klik](javascript:alert(1)) ![x](https://evil.example/x.png)",
        "<script>alert(1)</script> <b>tebal</b>",
        ":material/home: :red[merah] $x^2$",
        "# judul\n- daftar",
    ],
)
def test_every_markdown_trigger_is_escaped(typed):
    escaped = md_escape(typed)
    for char in "*_[]()!<>:$#":
        assert char not in escaped.replace("\\" + char, "")
    assert "\n" not in escaped


@pytest.mark.parametrize(
    "typed", ["lihat https://kemenag.go.id/berita", "www.kemenag.go.id", "humas@kemenag.go.id"]
)
def test_autolinks_are_broken_invisibly(typed):
    escaped = md_escape(typed)
    assert JOINER in escaped
    # What a reader sees is what was typed (the joiner and backslashes render as nothing).
    assert escaped.replace(JOINER, "").replace("\\", "") == typed
