"""Manuscripts as editors receive them: Word (.docx), OpenDocument (.odt), LaTeX, HTML and JATS XML.

pandoc reads each of them (through pypandoc-binary, which ships pandoc itself: nothing to install on the
system) into one abstract syntax tree, in which a footnote or an endnote is a ``Note`` element standing
where its marker stands. One walk over that tree gives the markers in reading order and each note's text,
written out as Markdown (links with their targets, italics, code), so every check reads a manuscript's
notes as it reads a Markdown file's. Notes are numbered in reading order, as Word and LibreOffice number
them; a place is the paragraph of the marker (manuscripts have pages and paragraphs, not lines), and in a
Word document that records its pages, the page (``docx_pages``).

pandoc is an optional dependency: ``pip install 'citecheck-notes[manuscripts]'``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from citecheck.errors import InputError
from citecheck.model import Document, Location, Marker, Note
from citecheck.read.docx_pages import note_pages
from citecheck.read.files import check_regular

MAX_MANUSCRIPT_BYTES = 100_000_000
"""A manuscript may carry images: its limit is higher than a text file's."""

FORMATS = {".docx": "docx", ".odt": "odt", ".tex": "latex", ".latex": "latex", ".html": "html", ".htm": "html",
           ".xml": "jats"}  # fmt: skip
"""File suffix → pandoc's name of the format."""
_BLOCKS_WITH_INLINES = {"Para", "Plain", "Header"}
_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\*_[]<>`"})


def parse_manuscript(path: Path, display: str, document: str | None = None) -> Document:
    """The markers and notes of a manuscript; raises InputError when pandoc cannot read it."""
    check_regular(path, display, MAX_MANUSCRIPT_BYTES)
    # A Word archive is read here first: one that is damaged or hostile is refused before pandoc unpacks it.
    pages = note_pages(path, display) if FORMATS[path.suffix.lower()] == "docx" else ()
    tree = _pandoc_tree(path, display)
    reader = _TreeReader(display, document or display)
    reader.blocks(tree.get("blocks", []))
    markers, notes = reader.markers, reader.notes
    if pages and len(pages) == len(notes):  # otherwise the k-th reference may not be the k-th note: no pages
        markers = [replace(m, location=replace(m.location, page=page)) for m, page in zip(markers, pages)]
        notes = [replace(n, location=replace(n.location, page=page)) for n, page in zip(notes, pages)]
    return Document(document or display, tuple(markers), tuple(notes), (display,), True)


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
    tree = json.loads(text)
    if not isinstance(tree, dict):
        raise InputError(display, "pandoc gave no document")
    return tree


class _TreeReader:
    """One walk over pandoc's blocks: paragraphs counted, each Note a marker and a note."""

    def __init__(self, path: str, document: str) -> None:
        self.path = path
        self.document = document
        self.paragraph = 0
        self.markers: list[Marker] = []
        self.notes: list[Note] = []

    def blocks(self, blocks: list[Any]) -> None:
        for block in blocks:
            kind, content = block.get("t"), block.get("c")
            if kind in _BLOCKS_WITH_INLINES:
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
        for inline in inlines:
            kind, content = inline.get("t"), inline.get("c")
            if kind == "Note":
                label = str(len(self.notes) + 1)
                where = Location(self.path, 0, paragraph=self.paragraph)
                self.markers.append(Marker(label, where))
                self.notes.append(Note(label, note_markdown(content), where, self.document))
            elif isinstance(content, list):
                self._inlines(list(_nested_inlines(kind, content)))


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


def note_markdown(blocks: list[Any]) -> str:
    """A note's blocks as the Markdown an author would have written: paragraphs joined by blank lines."""
    paragraphs = []
    for block in blocks:
        if block.get("t") in _BLOCKS_WITH_INLINES:
            inlines = block["c"][2] if block["t"] == "Header" else block["c"]
            paragraphs.append(inline_markdown(inlines).strip())
        elif block.get("t") in ("BlockQuote", "Div"):
            paragraphs.append(note_markdown(block["c"] if block["t"] == "BlockQuote" else block["c"][1]))
    return "\n\n".join(p for p in paragraphs if p)


def inline_markdown(inlines: list[Any]) -> str:
    """pandoc inlines as Markdown: emphasis, links (autolinks where the text is the target), code, quotes."""
    out: list[str] = []
    for inline in inlines:
        kind, content = inline.get("t"), inline.get("c")
        if kind == "Str":
            out.append(str(content).translate(_MARKDOWN_SPECIALS))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "Emph":
            out.append(f"*{inline_markdown(content)}*")
        elif kind == "Strong":
            out.append(f"**{inline_markdown(content)}**")
        elif kind == "Code":
            out.append(f"`{content[1]}`")
        elif kind == "Link":
            text, (target, _title) = inline_markdown(content[1]), content[2]
            plain = "".join(i.get("c", "") for i in content[1] if i.get("t") == "Str")
            out.append(f"<{target}>" if plain == target else f"[{text}]({target})")
        elif kind == "Quoted":
            left, right = ("“", "”") if content[0].get("t") == "DoubleQuote" else ("‘", "’")
            out.append(f"{left}{inline_markdown(content[1])}{right}")
        elif kind == "Cite":
            out.append(inline_markdown(content[1]))
        elif kind in ("Span", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            out.append(inline_markdown(content[1] if kind == "Span" else content))
        elif kind == "Math":
            out.append(content[1])
    return "".join(out)
