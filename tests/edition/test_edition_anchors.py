"""Paragraph anchors: p-1, p-2, ... on the article's body paragraphs, stable under note edits."""

from __future__ import annotations

import markdown
import pytest
from edition_site import Node, site_pages

EXTENSIONS = [
    "footnotes",
    "attr_list",
    "md_in_html",
    "admonition",
    "tables",
    "pakistan_russia_edition.footnotes",
    "pakistan_russia_edition.paragraph_ids",
]


def render(text: str) -> Node:
    from edition_site import parse_html

    return parse_html(markdown.markdown(text, extensions=EXTENSIONS))


def paragraph_ids(tree: Node) -> dict[str, str]:
    """id -> the paragraph's first words, for every paragraph with an id."""
    return {p.attrs["id"]: p.text().split("¶")[0].strip()[:20] for p in tree.find_all("p") if "id" in p.attrs}


@pytest.fixture(scope="module")
def pages(built_site):
    return site_pages(built_site)


def test_body_paragraphs_are_numbered_in_order_on_each_page(pages):
    for page in pages:
        body = [c for c in page.article.children if isinstance(c, Node) and c.tag == "p"]
        ids = [p.attrs.get("id") for p in body]
        assert ids == [f"p-{n}" for n in range(1, len(body) + 1)], page.src
        for p in body:
            links = p.find_all("a", "edition-pilcrow")
            assert len(links) == 1 and links[0].attrs["href"] == f"#{p.attrs['id']}"
            assert "data-search-exclude" in links[0].attrs


def test_notes_and_admonitions_get_no_paragraph_ids(pages):
    for page in pages:
        for p in page.article.find_all("p"):
            if p.parent is not page.article:
                assert not p.attrs.get("id", "").startswith("p-"), page.src


def test_paragraph_counts(pages):
    counts = {page.src: sum(1 for c in page.article.children if isinstance(c, Node) and c.tag == "p") for page in pages}
    assert counts["article/front-matter.md"] == 3  # authors, abstract, keywords
    assert counts["article/introduction.md"] == 5
    assert counts["article/discussion-on-compelling-opportunities.md"] == 2  # text, table title
    assert counts["article/opportunities/index.md"] == 0


BASE = """# Title

First paragraph.[^3]

Second paragraph.

Third paragraph.[^4]

[^3]: Note three.
[^4]: Note four.
"""


def test_ids_do_not_move_when_notes_or_annotations_change():
    before = paragraph_ids(render(BASE))
    assert before == {"p-1": "First paragraph.3", "p-2": "Second paragraph.", "p-3": "Third paragraph.4"}
    edited = BASE.replace("Note three.", "Note three, corrected.\n\n    With a second paragraph.")
    edited = edited.replace(
        "Second paragraph.",
        '!!! note "Annotation"\n\n    An editor\'s remark.\n\n'
        "Second paragraph.\n\n"
        "An editorial aside.\n{: .annotation }",
    )
    after = paragraph_ids(render(edited))
    assert after == before


def test_explicit_ids_are_kept_and_still_counted():
    tree = render("One.\n\nTwo.\n{: #two }\n\nThree.\n")
    assert list(paragraph_ids(tree)) == ["p-1", "two", "p-3"]
