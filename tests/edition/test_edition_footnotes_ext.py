"""pakistan_russia_edition.footnotes: markers and note lists show the labels, not Python-Markdown's 1, 2, 3."""

from __future__ import annotations

import markdown
from edition_site import parse_html

TEXT = """Text.[^43] More.[^44] Again.[^43] Named.[^smith]

[^43]: Forty-three.
[^44]: Forty-four.
[^smith]: A named note.
"""


def render(text: str, extensions: list) -> str:
    return markdown.markdown(text, extensions=extensions)


def test_markers_and_list_items_show_the_original_numbers():
    tree = parse_html(render(TEXT, ["footnotes", "pakistan_russia_edition.footnotes"]))
    refs = [(a.attrs["href"], a.text()) for a in tree.find_all("a", "footnote-ref")]
    # The named note keeps Python-Markdown's own number (third defined: 3).
    assert refs == [("#fn:43", "43"), ("#fn:44", "44"), ("#fn:43", "43"), ("#fn:smith", "3")]
    ol = tree.find_all("ol")[0]
    assert ol.attrs["start"] == "43"
    items = [(li.attrs["id"], li.attrs.get("value")) for li in tree.find_all("li")]
    assert items == [("fn:43", "43"), ("fn:44", "44"), ("fn:smith", None)]
    titles = [a.attrs["title"] for a in tree.find_all("a", "footnote-backref")]
    assert titles[:3] == ["Jump back to footnote 43 in the text"] * 2 + ["Jump back to footnote 44 in the text"]


def test_order_of_extensions_does_not_matter_and_entry_point_works():
    expected = render(TEXT, ["footnotes", "pakistan_russia_edition.footnotes"])
    assert render(TEXT, ["pakistan_russia_edition.footnotes", "footnotes"]) == expected
    assert render(TEXT, ["footnotes", "edition_footnotes"]) == expected


def test_without_the_extension_python_markdown_renumbers():
    tree = parse_html(render(TEXT, ["footnotes"]))
    assert [a.text() for a in tree.find_all("a", "footnote-ref")] == ["1", "2", "1", "3"]


def test_unique_ids_configuration_is_understood():
    from markdown.extensions.footnotes import FootnoteExtension

    tree = parse_html(render(TEXT, [FootnoteExtension(UNIQUE_IDS=True), "pakistan_russia_edition.footnotes"]))
    assert [a.text() for a in tree.find_all("a", "footnote-ref")][:3] == ["43", "44", "43"]
    assert [li.attrs.get("value") for li in tree.find_all("li")] == ["43", "44", None]
