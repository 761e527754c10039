"""Manuscripts as editors receive them: Word (.docx), OpenDocument (.odt), LaTeX, HTML and JATS XML.

pandoc reads each of them (through pypandoc-binary, which ships pandoc itself: nothing to install on the
system) into one abstract syntax tree, in which a footnote or an endnote is a ``Note`` element standing
where its marker stands. One walk over that tree gives the markers in reading order and each note's text,
written out as Markdown (links with their targets, italics, code: ``pandoc_markdown``), so every check reads
a manuscript's notes as it reads a Markdown file's. In LaTeX, biblatex's citations are written as its
verbose styles print them, from the BibTeX entries read with the manuscript (``biblatex``). Notes are
numbered in reading order, as Word and LibreOffice number them; a place is the paragraph of the marker
(manuscripts have pages and paragraphs, not lines), and in a Word document that records its pages, the page
(``docx_pages``).

pandoc is an optional dependency: ``pip install 'citecheck-notes[manuscripts]'``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from citecheck.errors import InputError
from citecheck.model import BibEntry, Document, Location, Marker, Note
from citecheck.read.biblatex import BiblatexCitations
from citecheck.read.docx_pages import note_pages
from citecheck.read.files import check_regular
from citecheck.read.pandoc_markdown import BLOCKS_WITH_INLINES, note_markdown

MAX_MANUSCRIPT_BYTES = 100_000_000
"""A manuscript may carry images: its limit is higher than a text file's."""

FORMATS = {".docx": "docx", ".odt": "odt", ".tex": "latex", ".latex": "latex", ".html": "html", ".htm": "html",
           ".xml": "jats"}  # fmt: skip
"""File suffix → pandoc's name of the format."""


def parse_manuscript(
    path: Path, display: str, document: str | None = None, bib_entries: Sequence[BibEntry] = ()
) -> Document:
    """The markers and notes of a manuscript; raises InputError when pandoc cannot read it.

    ``bib_entries``: the BibTeX entries read with it, which a LaTeX manuscript's ``\\cite`` keys name.
    """
    check_regular(path, display, MAX_MANUSCRIPT_BYTES)
    pandoc_format = FORMATS[path.suffix.lower()]
    # A Word archive is read here first: one that is damaged or hostile is refused before pandoc unpacks it.
    pages = note_pages(path, display) if pandoc_format == "docx" else ()
    tree = _pandoc_tree(path, display)
    citations = BiblatexCitations(bib_entries) if pandoc_format == "latex" else None
    reader = _TreeReader(display, document or display, citations)
    try:
        reader.blocks(tree.get("blocks", []))
    except RecursionError:
        raise InputError(display, "nests its text too deeply to be read") from None
    markers, notes = reader.markers, reader.notes
    if pages and len(pages) == len(notes):  # otherwise the k-th reference may not be the k-th note: no pages
        markers = [replace(m, location=replace(m.location, page=page)) for m, page in zip(markers, pages)]
        notes = [replace(n, location=replace(n.location, page=page)) for n, page in zip(notes, pages)]
    undefined = tuple(citations.undefined) if citations else ()
    problems = () if notes else ((Location(display, 0, paragraph=1), _NO_NOTES.get(pandoc_format, _NO_NOTES[""])),)
    return Document(
        document or display, tuple(markers), tuple(notes), (display,), True, problems, undefined_keys=undefined
    )


def _pandoc_tree(path: Path, display: str) -> dict[str, Any]:
    try:
        import pypandoc  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(
            display, "is a manuscript; reading it needs pandoc: pip install 'citecheck-notes[manuscripts]'"
        ) from None
    try:
        text = pypandoc.convert_file(str(path), "json", format=FORMATS[path.suffix.lower()])
    except (RuntimeError, OSError) as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "pandoc failed"
        raise InputError(display, f"cannot be read as {FORMATS[path.suffix.lower()]} ({reason})") from None
    try:
        tree = json.loads(text)
    except RecursionError:
        raise InputError(display, "nests its text too deeply to be read") from None
    if not isinstance(tree, dict):
        raise InputError(display, "pandoc gave no document")
    return tree


_NO_NOTES = {
    "html": "no footnotes or endnotes were found: HTML notes are read where they are marked up as most publishing "
    'tools write them, with role="doc-noteref" on the reference and role="doc-endnotes" around the notes',
    "": "no footnotes or endnotes were found",
}
"""Why a manuscript gives no notes, where a reader may expect some (a source-irregular finding)."""


class _TreeReader:
    """One walk over pandoc's blocks: paragraphs counted, each Note a marker and a note.

    With a LaTeX manuscript's ``citations``, a citation in running text that biblatex prints as a footnote
    makes a note too, and a note's citations are written from the BibTeX entries.
    """

    def __init__(self, path: str, document: str, citations: BiblatexCitations | None = None) -> None:
        self.path = path
        self.document = document
        self.citations = citations
        self.paragraph = 0
        self.markers: list[Marker] = []
        self.notes: list[Note] = []

    def blocks(self, blocks: list[Any]) -> None:
        for block in blocks:
            kind, content = block.get("t"), block.get("c")
            if kind in BLOCKS_WITH_INLINES:
                self.paragraph += 1
                self._inlines(content[2] if kind == "Header" else content)
            elif kind in ("BlockQuote", "Div"):
                self.blocks(content if kind == "BlockQuote" else content[1])
            elif kind in ("BulletList", "OrderedList"):
                for item in content if kind == "BulletList" else content[1]:
                    self.blocks(item)
            elif kind == "Table":
                self.blocks(list(_table_blocks(content)))

    def _inlines(self, inlines: list[Any]) -> None:
        citations = self.citations
        for inline in inlines:
            kind, content = inline.get("t"), inline.get("c")
            if kind == "Note":
                self._note(partial(self._note_text, content))
            elif kind == "Cite" and citations is not None and citations.makes_note(content):
                self._note(partial(citations.footnote, content))
            elif kind == "Cite" and citations is not None:
                citations.in_text(content, self._here())
            elif isinstance(content, list):
                self._inlines(list(_nested_inlines(kind, content)))

    def _here(self) -> Location:
        return Location(self.path, 0, paragraph=self.paragraph)

    def _note(self, text: Callable[[str, Location], str]) -> None:
        """A note and its marker here, numbered next; ``text`` writes it from its label and place."""
        label, where = str(len(self.notes) + 1), self._here()
        self.markers.append(Marker(label, where))
        self.notes.append(Note(label, text(label, where), where, self.document))

    def _note_text(self, blocks: list[Any], label: str, where: Location) -> str:
        """A note's blocks as Markdown, a LaTeX manuscript's citations in it written from their entries."""
        cite = partial(self.citations.in_note, note=label, where=where) if self.citations else None
        return note_markdown(blocks, cite)


def _nested_inlines(kind: str, content: list[Any]) -> Iterator[Any]:
    """The inlines inside an inline container (emphasis, links, quotes, spans…), to find notes there."""
    if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
        yield from content
    elif kind in ("Quoted", "Cite", "Span", "Link"):  # [something, inlines, ...]
        yield from content[1]


def _table_blocks(content: list[Any]) -> Iterator[Any]:
    """Every block inside a pandoc Table (head, bodies, foot cells)."""

    def cells(rows: list[Any]) -> Iterator[Any]:
        for row in rows:
            for cell in row[1]:
                yield from cell[4]

    _attr, _caption, _specs, head, bodies, foot = content
    yield from cells(head[1])
    for body in bodies:
        yield from cells(body[2])
        yield from cells(body[3])
    yield from cells(foot[1])
