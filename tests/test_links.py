import pytest

from dashboard.links import LinkError, link_key


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
        "www.kemenag.go.id/berita",
        "https://a.id:99999/x",
        "https://a.id/" + "x" * 3000,
    ],
)
def test_bad_links_are_refused_with_a_message(bad):
    with pytest.raises(LinkError) as caught:
        link_key(bad)
    assert str(caught.value)
