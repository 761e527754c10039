"""Stable paragraph anchors (a Python-Markdown extension).

Every paragraph of a page's body gets an id ``p-1``, ``p-2``, ... in reading
order, and a small pilcrow link to itself, so a reader can cite a paragraph as
``.../article/introduction/#p-3``.

What is counted, and why the numbers stay put:

* only paragraphs that are direct children of the page body are numbered.
  Footnote definitions (rendered inside ``div.footnote``), admonitions, list
  items, table cells and ``md_in_html`` blocks hold their paragraphs one level
  down, so adding or editing notes and editorial annotations (which the edition
  writes as admonitions) never shifts a number;
* a body paragraph carrying the class ``annotation`` or ``edition-note``
  (``{: .annotation }``) is editorial and is skipped;
* a raw HTML block is not a paragraph and is not counted;
* a paragraph that already has an id (``{: #my-id }``) keeps it; it still
  takes its place in the count, so the numbers of the others do not change.

Use it as ``pakistan_russia_edition.paragraph_ids`` in ``mkdocs.yml``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

#: After ``attr_list`` (8), which sets classes and ids from ``{: ...}``, and
#: before ``toc`` (5).
PRIORITY = 7

#: Classes that mark a body paragraph as editorial, not part of the text.
EDITORIAL_CLASSES = frozenset({"annotation", "edition-note"})


class ParagraphAnchorTreeprocessor(Treeprocessor):
    """Numbers the body paragraphs of a page and adds a permalink to each."""

    def __init__(self, md: Markdown, prefix: str, permalink: str, title: str) -> None:
        super().__init__(md)
        self.prefix = prefix
        self.permalink = permalink
        self.title = title

    def _is_raw_html(self, el: etree.Element) -> bool:
        """True for the paragraph Python-Markdown wraps around a stashed raw HTML block."""
        text = (el.text or "").strip()
        return len(el) == 0 and any(
            text == self.md.htmlStash.get_placeholder(i) for i in range(self.md.htmlStash.html_counter)
        )

    def run(self, root: etree.Element) -> None:
        number = 0
        for el in root:
            if el.tag != "p":
                continue
            if EDITORIAL_CLASSES.intersection(el.get("class", "").split()):
                continue
            if self._is_raw_html(el):
                continue  # a raw HTML block's placeholder, not a paragraph of text
            number += 1
            if el.get("id"):
                continue
            ident = f"{self.prefix}{number}"
            el.set("id", ident)
            if self.permalink:
                link = etree.SubElement(el, "a")
                link.set("class", "edition-pilcrow")
                link.set("href", f"#{ident}")
                link.set("title", self.title.format(number=number))
                link.set("aria-label", self.title.format(number=number))
                # Material's search plugin leaves elements with this attribute
                # out of the search index, so the pilcrow never shows in results.
                link.set("data-search-exclude", "")
                link.text = self.permalink
                # Separate the link from the last word of the paragraph.
                if len(el) > 1:
                    prev = el[-2]
                    prev.tail = (prev.tail or "") + " "
                else:
                    el.text = (el.text or "") + " "


class ParagraphAnchorsExtension(Extension):
    """Python-Markdown extension: ``p-N`` ids and permalinks on body paragraphs."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "prefix": ["p-", "Prefix of the paragraph ids."],
            "permalink": ["¶", "Text of the permalink; empty for none."],
            "title": ["Link to paragraph {number}", "Title of the permalink."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(
            ParagraphAnchorTreeprocessor(
                md,
                prefix=self.getConfig("prefix"),
                permalink=self.getConfig("permalink"),
                title=self.getConfig("title"),
            ),
            "edition_anchors",
            PRIORITY,
        )
        md.registerExtension(self)


def makeExtension(**kwargs) -> ParagraphAnchorsExtension:
    """Entry point used by ``markdown.Markdown(extensions=["pakistan_russia_edition.paragraph_ids"])``."""
    return ParagraphAnchorsExtension(**kwargs)
