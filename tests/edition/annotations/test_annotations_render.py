"""Rendering: sanitised bodies, highlights that wrap exactly the quoted words, the page's list."""

from __future__ import annotations

import datetime
from pathlib import Path

import markdown
import pytest
from edition_site import parse_html

from pakistan_russia_edition.annotations.locate import anchor
from pakistan_russia_edition.annotations.model import Annotation
from pakistan_russia_edition.annotations.pagetext import page_text
from pakistan_russia_edition.annotations.render import body_html, entries_for_page, highlight, page_list

EXTENSIONS = [
    "footnotes",
    "attr_list",
    "admonition",
    "pakistan_russia_edition.footnotes",
    "pakistan_russia_edition.paragraph_ids",
]

HOSTILE = """\
A remark with **bold** and a [good link](https://example.org/page).

<script>alert('script')</script>
<img src="x" onerror="alert('img')">
<p onmouseover="alert('p')">Hover</p>
[bad link](javascript:alert('link'))
<a href="javascript:alert('a')" onclick="alert('click')">raw link</a>
<iframe src="https://evil.example/"></iframe>
<svg onload="alert('svg')"></svg>
<a href="data:text/html,<script>alert(1)</script>">data</a>
## A heading
"""


def test_hostile_markup_is_neutralised():
    html = body_html(HOSTILE)
    lowered = html.lower()
    for bad in (
        "<script",
        "alert(",
        "onerror",
        "onmouseover",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<img",
        "<svg",
        "data:text",
        "<h2",
    ):
        assert bad not in lowered, (bad, html)
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org/page" rel="noopener noreferrer">good link</a>' in html
    assert "Hover" in html and "A heading" in html  # text stays, the tags go


PAGE = """# Title

Before *emphasised words* after, and the rest of the sentence.[^1]

Second paragraph.

[^1]: A note with the Journal in it.
"""


def annotation(ident: str, exact: str, **fields) -> Annotation:
    return Annotation(
        id=ident,
        path=Path(f"annotations/{ident}.md"),
        exact=exact,
        type="context",
        author="A. Editor",
        created=datetime.date(2024, 1, 2),
        body="Body.",
        **fields,
    )


@pytest.fixture
def page():
    return page_text("article/p.md", "article/p/", "P", markdown.markdown(PAGE, extensions=EXTENSIONS))


def entries(page, *annotations):
    placed = [anchor(a, [page]) for a in annotations]
    return entries_for_page(placed, {a.id: f"<p>{a.id} body</p>" for a in annotations})


def marked(html: str, ident: str) -> str:
    tree = parse_html(html)
    return "".join(m.text() for m in tree.find_all("mark") if m.attrs.get("data-annotation") == ident)


def test_a_quotation_across_an_element_is_marked_piece_by_piece(page):
    items = entries(page, annotation("x", "Before emphasised words after"))
    html = highlight(page, items)
    assert marked(html, "x") == "Before emphasised words after"
    assert html.count('data-annotation="x" id="annotated-x"') == 1  # the first piece has the id
    assert (
        '<em><mark class="annotation-mark annotation--context" data-annotation="x">emphasised words</mark></em>' in html
    )
    # The marker follows the last word; it is empty, so the text is unchanged.
    assert 'after</mark><button type="button" class="annotation-marker' in html
    assert parse_html(html).text().replace(" ", "") == parse_html(page.html).text().replace(" ", "")


def test_overlapping_quotations_nest_properly(page):
    items = entries(page, annotation("a", "Before emphasised"), annotation("b", "emphasised words after"))
    html = highlight(page, items)
    assert marked(html, "a") == "Before emphasised"
    assert marked(html, "b") == "emphasised words after"
    assert [e.number for e in items] == [1, 2]
    # Well nested: the parser closes every mark where it was opened.
    tree = parse_html(html)
    for mark in tree.find_all("mark"):
        assert all(child.tag == "mark" for child in mark.children if not isinstance(child, str))


def test_a_quotation_in_a_note_is_marked_in_the_note(page):
    html = highlight(page, entries(page, annotation("n", "the Journal", note="1")))
    note = parse_html(html).by_id("fn:1")
    assert [m.text() for m in note.find_all("mark")] == ["the Journal"]


def test_the_page_list_is_an_admonition_numbered_as_the_markers(page):
    items = entries(page, annotation("b", "Second paragraph"), annotation("a", "the rest"))
    tree = parse_html(page_list(items, "../../annotations/"))
    (box,) = tree.find_all("div", "annotation-list")
    assert {"admonition"} <= box.classes and not tree.find_all("p", None)[0].attrs.get("id")
    lis = box.find_all("li")
    assert [li.attrs["id"] for li in lis] == ["annotation-a", "annotation-b"]  # text order
    assert [li.attrs["data-number"] for li in lis] == ["1", "2"]
    assert lis[0].find_all("a", "annotation-quote")[0].attrs["href"] == "#annotated-a"
    assert "a body" in lis[0].text() and "A. Editor" in lis[0].text()
