"""Placing a quotation: exactly once in the text, tolerant of markup, quotes and white space."""

from __future__ import annotations

import datetime
from pathlib import Path

import markdown

from pakistan_russia_edition.annotations.locate import anchor, quotation
from pakistan_russia_edition.annotations.model import AMBIGUOUS, INVALID, UNANCHORED, Anchored, Annotation
from pakistan_russia_edition.annotations.pagetext import page_text

EXTENSIONS = [
    "footnotes",
    "attr_list",
    "md_in_html",
    "admonition",
    "tables",
    "toc",
    "pakistan_russia_edition.footnotes",
    "pakistan_russia_edition.paragraph_ids",
]

ONE = """# One

The first paragraph names *Sevmorsk* and US$1.9 trillion in debt.[^1] It says "quoted words" here.

The second paragraph repeats a phrase: the same words. And
again, across a line break: the same words.

[^1]: A note on the *Journal of Eurasian Studies* 4, no. 4.
"""

TWO = """# Two

Here the same words stand once more, and the ‘curly’ quotes “are kept”.[^2]

[^2]: Another note on the *Journal of Eurasian Studies* 4, no. 4.
"""


def render(src: str, text: str):
    html = markdown.markdown(text, extensions=EXTENSIONS)
    return page_text(src, src.removesuffix(".md") + "/", src, html)


PAGES = [render("article/one.md", ONE), render("article/two.md", TWO)]


def annotation(exact: str, **fields) -> Annotation:
    return Annotation(
        id="a",
        path=Path("annotations/a.md"),
        exact=exact,
        type="context",
        author="A",
        created=datetime.date(2024, 1, 1),
        body="Text.",
        lines=(("exact", 2),),
        **fields,
    )


def place(exact: str, **fields):
    return anchor(annotation(exact, **fields), PAGES)


def test_the_text_leaves_out_markers_and_permalinks_and_separates_blocks():
    text = PAGES[0].text
    assert "debt. It says" in text  # the marker [^1] is not text
    assert "¶" not in text and "↩" not in text
    assert "One\nThe first paragraph" in text  # heading and paragraph are separate blocks
    assert PAGES[0].anchor_at(text.index("second")) == "p-2"
    assert PAGES[0].anchor_at(text.index("A note")) == "fn:1"


def test_a_unique_quotation_is_placed_with_its_context():
    result = place("Sevmorsk")
    assert isinstance(result, Anchored)
    p = result.passage
    assert (p.page, p.anchor, p.exact) == ("article/one.md", "p-1", "Sevmorsk")
    assert p.prefix.endswith("paragraph names ") and p.suffix.startswith(" and US$1.9")
    assert PAGES[0].html[PAGES[0].starts[p.start] : PAGES[0].ends[p.end - 1]] == "Sevmorsk"


def test_markdown_markup_quotes_and_white_space_do_not_matter():
    for exact in [
        "*Sevmorsk* and US$1.9 trillion",
        "Sevmorsk  and\nUS$1.9 trillion",
        "debt.[^1] It says",
        "It says \u201cquoted words\u201d",
        'the \u2018curly\' quotes "are kept"',
    ]:
        assert isinstance(place(exact), Anchored), exact


def test_several_occurrences_are_listed_with_page_and_paragraph():
    result = place("the same words")
    assert result.code == AMBIGUOUS and result.line == 2
    assert result.message.startswith('the quotation "the same words" occurs 3 times: ')
    assert result.message.count("article/one.md#p-2") == 2
    assert "article/two.md#p-1" in result.message
    assert "add a 'prefix' or 'suffix'" in result.message
    assert result.suggestion == 'e.g. for the first: prefix: "phrase:"'


def test_prefix_suffix_page_and_note_narrow_to_one():
    assert place("the same words", prefix="phrase: ").passage.anchor == "p-2"
    second = place("the same words", prefix="line break:")
    assert (second.passage.page, second.passage.anchor) == ("article/one.md", "p-2")
    assert second.passage.start > place("the same words", prefix="phrase:").passage.start
    assert place("the same words", suffix="stand once").passage.page == "article/two.md"
    assert place("the same words", page="article/two.md").passage.page == "article/two.md"
    assert place("the same words", page="article/two").passage.page == "article/two.md"
    assert place("Journal of Eurasian Studies").code == AMBIGUOUS
    assert place("Journal of Eurasian Studies", note="2").passage.anchor == "fn:2"


def test_a_quotation_not_in_the_text_shows_the_closest_passage():
    result = place("Sevmorks and US$1.9 trillion")
    assert result.code == UNANCHORED
    assert "is not in the article; the closest passage is in article/one.md#p-1: " in result.message
    assert '"Sevmorsk and US$1.9 trillion' in result.message


def test_a_narrowing_that_excludes_every_occurrence_says_where_the_words_are():
    result = place("Sevmorsk", prefix="destroyer ")
    assert result.code == UNANCHORED
    assert "occurs 1 time(s), but not after the 'prefix': article/one.md#p-1" in result.message
    result = place("Sevmorsk", page="article/two.md")
    assert "but not on article/two.md" in result.message


def test_a_page_that_does_not_exist_is_invalid():
    result = place("Sevmorsk", page="article/onee.md")
    assert result.code == INVALID and "'page' names no page of the article" in result.message
    assert result.suggestion == "did you mean 'article/one.md'?"


def test_quotation_removes_markdown():
    assert quotation("*druzhbha* (friendship)[^50]") == "druzhbha (friendship)"
    assert quotation(" US$13  million\n") == "US$13 million"
    assert quotation("\\[sic\\] \\*") == "[sic] *"
    assert quotation("see <https://example.org/x>") == "see https://example.org/x"
