"""A note's Markdown read as a reader sees it: the URLs and DOIs it shows or links, exactly, with their spans."""

from __future__ import annotations

import pytest

from citecheck.model import SpanKind
from citecheck.notes.citations import parse_note
from citecheck.notes.identifiers import identifiers_in
from citecheck.notes.markup import read_markdown_note

# (a note's Markdown, the URLs in it, the DOIs in it); each pattern is followed by its near miss.
IDENTIFIERS = [
    # 1. A link whose text is a URL: the text is the cited page, the target too (or its archived copy).
    ("[http://a.example/p](http://a.example/p)", ["http://a.example/p"], []),
    ("[http://a.example/p](https://perma.cc/ABCD-1234)", ["http://a.example/p", "https://perma.cc/ABCD-1234"], []),
    (
        "[http://a.example/p](https://web.archive.org/web/2020/http://a.example/p).",
        ["http://a.example/p", "https://web.archive.org/web/2020/http://a.example/p"],
        [],
    ),
    ("[http://a.example/p](https://archive.ph/AbCd)", ["http://a.example/p", "https://archive.ph/AbCd"], []),
    ("[the page](http://a.example/p).", ["http://a.example/p"], []),  # near miss: a text that is no URL
    # 2. The same with DOI links.
    (
        "[https://doi.org/10.1000/xyz1](https://doi.org/10.1000/xyz1)",
        ["https://doi.org/10.1000/xyz1"],
        ["10.1000/xyz1"],
    ),
    ("[doi.org/10.1000/xyz1](https://doi.org/10.1000/xyz1)", ["https://doi.org/10.1000/xyz1"], ["10.1000/xyz1"]),
    # 3. Emphasis around or inside links, and text glued after a link.
    ("[_http://a.example/p_](http://a.example/p)", ["http://a.example/p"], []),
    ("_[Title](http://a.example/p)_", ["http://a.example/p"], []),
    ("[http://x.example](http://x.example)/path", ["http://x.example"], []),
    ("see http://x.example/path.", ["http://x.example/path"], []),  # near miss: written out, the path is in it
    # 4. Escapes, code and angle brackets are syntax, not part of the address.
    (r"http://a.example/a\_b\#c", ["http://a.example/a_b#c"], []),
    (r"http://a.example/cost\$5 and more", ["http://a.example/cost$5"], []),
    ("`http://a.example/code`", ["http://a.example/code"], []),
    ("<doi:10.1000/xyz2>", [], ["10.1000/xyz2"]),
    ("<https://a.example/p>.", ["https://a.example/p"], []),  # near miss: an autolink is a URL
    # 5. DOIs in every form, brackets kept when balanced, punctuation dropped when not.
    (
        "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0.",
        [],
        ["10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"],
    ),
    (
        "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0.",
        ["https://doi.org/10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"],
        ["10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"],
    ),
    ("(doi:10.1000/ABC).", [], ["10.1000/abc"]),
    ("DOI 10.1000/def, accessed", [], ["10.1000/def"]),
    ("http://dx.doi.org/10.1000%2Fghi", ["http://dx.doi.org/10.1000%2Fghi"], ["10.1000/ghi"]),
    ("(https://doi.org/10.1000/j(2)k).", ["https://doi.org/10.1000/j(2)k"], ["10.1000/j(2)k"]),
    ("https://doi.org/10.1000/x, doi:10.1000/X.", ["https://doi.org/10.1000/x"], ["10.1000/x"]),  # one DOI
    ("volume 10.123/4 of the series, DOI pending", [], []),  # near miss: no DOI
]


@pytest.mark.parametrize(("markdown", "urls", "dois"), IDENTIFIERS, ids=[i[0][:50] for i in IDENTIFIERS])
def test_urls_and_dois_are_what_a_reader_sees(markdown: str, urls: list[str], dois: list[str]) -> None:
    found = identifiers_in(read_markdown_note(markdown))
    assert [url.raw for url in found.urls] == urls
    assert list(found.dois) == dois
    assert found.invalid_dois == ()


def test_a_link_to_an_archived_copy_records_the_pair() -> None:
    (original, copy) = identifiers_in(read_markdown_note("[http://a.example/p](https://perma.cc/ABCD-1234)")).urls
    assert (original.raw, original.archive) == ("http://a.example/p", "https://perma.cc/ABCD-1234")
    assert copy.archive == ""
    (text, target) = identifiers_in(read_markdown_note("[http://a.example/p](https://b.example/q)")).urls
    assert text.archive == target.archive == ""  # near miss: another page, not an archive


def test_every_url_and_citation_carries_its_span_in_the_source() -> None:
    source = (
        "Jane Roe, _A Study of \\_Things_, *Journal* 3 (2020): 1-10, [https://a.example/p](https://perma.cc/AB-12). "
        "Ibid., 4."
    )
    note = read_markdown_note(source)
    urls = identifiers_in(note).urls
    assert [source[slice(*url.span)] for url in urls] == ["https://a.example/p", "https://perma.cc/AB-12"]
    first, second = parse_note(note, "doc#1")
    assert source[slice(*first.span)] == first.text == source[: source.index(" Ibid.")]
    assert source[slice(*second.span)] == "Ibid., 4."
    assert first.title == "A Study of _Things"


def test_the_plain_text_is_what_a_reader_sees() -> None:
    note = read_markdown_note(
        "A. Author, _The Book_ (`x`), <https://a.example/p> [see **here**](https://b.example) &amp; \\*"
    )
    assert note.plain == "A. Author, The Book (x), https://a.example/p see here & *"
    kinds = [(span.kind, note.plain[span.start : span.end]) for span in note.spans]
    assert kinds == [
        (SpanKind.EMPHASIS, "The Book"),
        (SpanKind.CODE, "x"),
        (SpanKind.AUTOLINK, "https://a.example/p"),
        (SpanKind.LINK, "see here"),
        (SpanKind.STRONG, "here"),
    ]
    for span in note.spans:  # each span's source is its Markdown, delimiters included
        assert note.plain[span.start : span.end] in note.source[span.source_start : span.source_end].replace("**", "")
