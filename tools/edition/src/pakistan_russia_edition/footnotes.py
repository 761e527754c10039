"""Keep footnotes under their original numbers (a Python-Markdown extension).

Python-Markdown's ``footnotes`` extension numbers the notes of every page from 1,
in order of definition. The edition splits one article into several pages, so
the article's note 43 would read "1" if it were the first note of its page.

This extension adds a treeprocessor that runs after the footnotes extension has
built its markers and its list (and after ``inline``, which creates the
markers) and puts the label back where the reader sees a number:

* each marker ``<sup id="fnref:43"><a class="footnote-ref" href="#fn:43">1</a></sup>``
  gets the text ``43`` (through the footnotes extension's ``SUPERSCRIPT_TEXT``);
* each ``<li id="fn:43">`` of the note list gets ``value="43"``, its back-link's
  title says "footnote 43", and the ``<ol>`` gets ``start`` = the first value.

Only labels that are whole numbers are renumbered; a page that uses named
labels (``[^smith]``) keeps Python-Markdown's own numbering for those notes.

Use it as ``pakistan_russia_edition.footnotes`` in ``mkdocs.yml`` (after ``footnotes``), or as
the ``edition_footnotes`` entry point of ``markdown.extensions``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor

#: Priority of the treeprocessor: after ``inline`` (20), ``footnote-reorder`` (19)
#: and ``footnote-duplicate`` (15), before ``attr_list`` (8) and ``toc`` (5).
PRIORITY = 12

_INTEGER = re.compile(r"[0-9]+")


class OriginalNumbersTreeprocessor(Treeprocessor):
    """Sets marker texts and list-item values from the footnote labels."""

    footnotes: FootnoteExtension

    def _label(self, ident: str, prefix: str) -> str | None:
        """The label inside an id such as ``fn:43``, ``fnref2:43`` or ``fn:3-43``."""
        sep = self.footnotes.get_separator()
        head, found, rest = ident.partition(sep)
        if not found or not head.startswith(prefix):
            return None
        if self.footnotes.getConfig("UNIQUE_IDS"):
            # ids look like fn:<prefix number>-<label>
            _, dash, rest = rest.partition("-")
            if not dash:
                return None
        return rest

    def run(self, root: etree.Element) -> None:
        # Looked up here, not at registration, so the order of the two
        # extensions in the configuration does not matter.
        footnotes = next(
            (e for e in self.md.registeredExtensions if isinstance(e, FootnoteExtension)),
            None,
        )
        if footnotes is None:
            return
        self.footnotes = footnotes
        superscript = self.footnotes.getConfig("SUPERSCRIPT_TEXT")
        backlink_title = self.footnotes.getConfig("BACKLINK_TITLE")

        for a in root.iter("a"):
            classes = a.get("class", "").split()
            if "footnote-ref" in classes:
                label = self._label(a.get("href", "").lstrip("#"), "fn")
                if label is not None and _INTEGER.fullmatch(label):
                    a.text = superscript.format(int(label))

        for div in root.iter("div"):
            if "footnote" not in div.get("class", "").split():
                continue
            ol = div.find("ol")
            if ol is None:
                continue
            first: int | None = None
            for li in ol.findall("li"):
                label = self._label(li.get("id", ""), "fn")
                if label is None or not _INTEGER.fullmatch(label):
                    continue
                number = int(label)
                li.set("value", str(number))
                if first is None:
                    first = number
                for backref in li.iter("a"):
                    if "footnote-backref" in backref.get("class", "").split():
                        backref.set("title", backlink_title.format(number))
            if first is not None:
                ol.set("start", str(first))


class OriginalNumbersExtension(Extension):
    """Python-Markdown extension: footnotes read their original numbers."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(OriginalNumbersTreeprocessor(md), "edition_footnotes", PRIORITY)
        md.registerExtension(self)


def makeExtension(**kwargs) -> OriginalNumbersExtension:
    """Entry point used by ``markdown.Markdown(extensions=["pakistan_russia_edition.footnotes"])``."""
    return OriginalNumbersExtension(**kwargs)
