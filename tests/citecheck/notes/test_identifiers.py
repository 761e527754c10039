"""URLs and DOIs are extracted exactly as they should be fetched or resolved."""

from __future__ import annotations

import pytest

from citecheck.notes.identifiers import (
    extract,
    find_urls,
    is_generic_url,
    is_valid_doi,
    normalize_doi,
    normalize_url,
    url_identity,
    url_problem,
)

URLS = [
    # (citation text, the URLs in it)
    ("See <https://example.org/a/b>.", ["https://example.org/a/b"]),
    ("SSOAR, 2016), https://www.ssoar.info/doc.pdf?sequence=1.", ["https://www.ssoar.info/doc.pdf?sequence=1"]),
    (
        "accessed 30 May 2024, https://pakistan.mid.ru/en/bilateral/; and Aatir Rizvi",
        ["https://pakistan.mid.ru/en/bilateral/"],
    ),
    ("https://en.wikipedia.org/wiki/Foo_(bar).", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
    ("(see https://en.wikipedia.org/wiki/Foo_(bar))", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
    ("[Foo](https://en.wikipedia.org/wiki/Foo_(bar)).", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
    (
        "https://web.archive.org/web/2015/http://example.org/page.",
        ["https://web.archive.org/web/2015/http://example.org/page"],
    ),
    (
        "<https://web.archive.org/web/20150101000000/http://example.org/page>",
        ["https://web.archive.org/web/20150101000000/http://example.org/page"],
    ),
    ("'Title', <https://example.org/x>'Title'.", ["https://example.org/x"]),
    (
        "Reuters, 13 June 2023. <https://www.reuters.com/markets/x-2023-06-12/>",
        ["https://www.reuters.com/markets/x-2023-06-12/"],
    ),
    ("one http://example.org/a, two https://example.org/b;", ["http://example.org/a", "https://example.org/b"]),
    ("with a fragment https://example.org/page#part.", ["https://example.org/page#part"]),
    ("no URL at all, 2021.", []),
]


@pytest.mark.parametrize(("text", "urls"), URLS, ids=[u[0][:40] for u in URLS])
def test_urls_are_extracted_exactly(text: str, urls: list[str]) -> None:
    assert find_urls(text) == urls
    assert [u.raw for u in extract(text).urls] == urls


DOIS = [
    # (citation text, valid DOIs normalised, invalid DOIs as given)
    ("<https://doi.org/10.1177/0973598421998899>.", ["10.1177/0973598421998899"], []),
    ("https://dx.doi.org/10.1000/ABC.", ["10.1000/abc"], []),
    ("doi:10.1000/XYZ123.", ["10.1000/xyz123"], []),
    ("DOI: 10.1000/182, accessed", ["10.1000/182"], []),
    ("Review 5 (2018): 1-4, 10.5555/matters.5.1.", ["10.5555/matters.5.1"], []),
    ("(EPRS, 2022), <https://data.europa.eu/doi/10.2861/249342>.", ["10.2861/249342"], []),
    ("https://journals.example.org/doi/full/10.1080/00396338.2019.1614782?x=1", ["10.1080/00396338.2019.1614782"], []),
    ("doi:10.123/abc.", [], ["10.123/abc"]),  # a registrant of three digits
    ("<https://doi.org/10.1234567890/x>", [], ["10.1234567890/x"]),  # ten digits
    ("doi:10.1234", [], ["10.1234"]),  # no suffix
    ("volume 10.123/4 of the series", [], []),  # prose, not a DOI
]


@pytest.mark.parametrize(("text", "valid", "invalid"), DOIS, ids=[d[0][:40] for d in DOIS])
def test_dois_are_recognised_in_every_form(text: str, valid: list[str], invalid: list[str]) -> None:
    found = extract(text)
    assert list(found.dois) == valid
    assert list(found.invalid_dois) == invalid


def test_dois_compare_case_insensitively() -> None:
    upper = extract("https://doi.org/10.1177/0022343306063931X").dois
    lower = extract("doi:10.1177/0022343306063931x").dois
    assert upper == lower == ("10.1177/0022343306063931x",)
    assert normalize_doi("https://doi.org/10.1000/ABC.") == "10.1000/abc"
    # The one normalisation of the checker and its web checks (the DOI registry's forms too).
    assert normalize_doi("https://doi.org/10.1000/ABC") == "10.1000/abc"
    assert normalize_doi("doi:10.1000/x") == "10.1000/x"
    assert normalize_doi("http://dx.doi.org/10.1000/Y") == "10.1000/y"


def test_a_doi_in_a_url_is_not_found_twice() -> None:
    found = extract("<https://doi.org/10.1177/0973598421998899>; doi:10.1177/0973598421998899")
    assert found.dois == ("10.1177/0973598421998899",)


@pytest.mark.parametrize(
    ("doi", "valid"),
    [
        ("10.1234/x", True),
        ("10.123456789/x", True),
        ("10.123/x", False),
        ("10.1234567890/x", False),
        ("11.1234/x", False),
        ("10.1234/", False),
        ("10.1234/a b", False),
    ],
)
def test_doi_syntax(doi: str, valid: bool) -> None:
    assert is_valid_doi(doi) is valid


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("HTTPS://Example.ORG:443/Path/", "https://example.org/Path"),
        ("http://example.org:80/a?b=1#frag", "http://example.org/a?b=1"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
    ],
)
def test_normalize_url(url: str, normalized: str) -> None:
    assert normalize_url(url) == normalized


def test_url_identity_joins_http_https_and_www() -> None:
    assert url_identity("http://www.ipripak.org/a.pdf") == url_identity("https://ipripak.org/a.pdf/")
    assert url_identity("https://example.org/a") != url_identity("https://example.org/b")


@pytest.mark.parametrize(
    ("url", "generic"),
    [
        ("https://oec.world/en", True),
        ("https://example.org/", True),
        ("https://example.org", True),
        ("https://example.org/index.html", True),
        ("https://example.org/en-gb/", True),
        ("https://example.org/en/profile/pak", False),
        ("https://example.org/?page=2", False),
        ("https://www.imf.org/external/np/fin/tad/balmov2.aspx?type=TOTAL", False),
    ],
)
def test_generic_url(url: str, generic: bool) -> None:
    assert is_generic_url(url) is generic


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/a", None),
        ("https://bücher.example.de/a", None),
        ("http://127.0.0.1:8000/a", None),
        ("https://exa_mple.org/a", "invalid host"),
        ("https://example..org/a", "invalid host"),
        ("https://intranet/a", "invalid host"),
        ("https://localhost/a", None),
        ("https://example.org:99999/a", "cannot be parsed"),
        ("https:///path-only", "no host"),
        ("ftp://example.org/file", "unsupported scheme"),
    ],
)
def test_url_problem(url: str, problem: str | None) -> None:
    found = url_problem(url)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
