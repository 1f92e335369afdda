import pytest

from dashboard.links import LinkError, clean_link, link_key, with_scheme


@pytest.mark.parametrize(
    "raw, key",
    [
        ("https://NTT.Kemenag.go.id/berita/a/", "https://ntt.kemenag.go.id/berita/a"),
        (
            "HTTPS://ntt.kemenag.go.id/berita/a?utm_source=wa&utm_medium=x",
            "https://ntt.kemenag.go.id/berita/a",
        ),
        ("https://www.facebook.com/x/posts/1?fbclid=abc", "https://www.facebook.com/x/posts/1"),
        ("https://www.instagram.com/p/DAAA1/?igsh=zz", "https://www.instagram.com/p/DAAA1"),
        ("https://a.id/p?id=2&b=1#top", "https://a.id/p?b=1&id=2"),
        ("http://a.id:80/x", "http://a.id/x"),
        ("  https://a.id/x  ", "https://a.id/x"),
    ],
)
def test_normalised_keys(raw, key):
    assert link_key(raw) == key


def test_variants_of_one_page_share_a_key():
    assert link_key("https://a.id/x/?utm_campaign=1") == link_key("https://A.ID/x")


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://a.id/x",
        "https://",
        "https://localhost/x",
        "https://a.id/ x",
        "mailto:humas@kemenag.go.id",
        "JavaScript:alert(1)",
        "localhost:8080/x",
        "https:/a.id/x",
        "http//a.id/x",
        "[unduh](data:text/html;base64,PHNjcmlwdD4=)",  # https://[unduh]... is no host
        "[::1/x",
        "https://a.id:99999/x",
        "https://a.id/" + "x" * 3000,
    ],
)
def test_bad_links_are_refused_with_a_message(bad):
    with pytest.raises(LinkError) as caught:
        link_key(bad)
    # A code and its values (the check holds no words); str() says them, in Indonesian.
    assert caught.value.code.startswith("link.")
    assert str(caught.value).startswith("Tautan ")


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("kupang.kemenag.go.id/berita/a", "https://kupang.kemenag.go.id/berita/a"),
        ("  www.kemenag.go.id/berita  ", "https://www.kemenag.go.id/berita"),
        ("//kemenag.go.id/x", "https://kemenag.go.id/x"),
        ("ntt.kemenag.go.id:8080/x", "https://ntt.kemenag.go.id:8080/x"),
        ("instagram.com/p/X1/", "https://instagram.com/p/X1/"),
        ("http://a.id/x", "http://a.id/x"),
        ("HTTPS://a.id/x", "HTTPS://a.id/x"),
    ],
)
def test_a_link_without_a_scheme_gets_https(typed, stored):
    assert clean_link(typed) == stored
    assert link_key(typed) == link_key(stored)


@pytest.mark.parametrize(
    "other", ["javascript:alert(1)", "data:text/html,x", "ftp://a.id/x", "mailto:a@b.id"]
)
def test_other_schemes_are_kept_so_they_are_refused(other):
    assert with_scheme(other) == other
    with pytest.raises(LinkError) as caught:
        clean_link(other)
    assert "http" in str(caught.value)


def test_a_link_with_and_without_the_scheme_is_one_item():
    assert link_key("kupang.kemenag.go.id/berita/a/") == link_key(
        "https://kupang.kemenag.go.id/berita/a"
    )
