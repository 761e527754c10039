"""The page of each note in a Word document, from the page breaks recorded in ``word/document.xml``.

Word writes ``<w:lastRenderedPageBreak/>`` where a page began when it last laid the document out; authors
make pages with ``<w:br w:type="page"/>``, the paragraph property ``<w:pageBreakBefore/>`` and section
breaks that start a new page (``nextPage``, the default, ``oddPage`` and ``evenPage``). Read in document
order, they give the page of every ``w:footnoteReference`` and ``w:endnoteReference``: the k-th reference is
the k-th note pandoc reads (deleted text, which pandoc leaves out with its changes accepted, is skipped
here too). A page that starts where another break has just started one (a rendered break after a hard
one, a page break before a paragraph that a section break already put on a new page) is one page, not two.

The archive is read distrustfully: the document part is streamed through expat with its unpacked size
counted as it is read (whatever the archive's header claims), and a DOCTYPE, which Word never writes, is
refused before anything it declares can be used.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from citecheck.errors import InputError

MAX_DOCUMENT_XML_BYTES = 256_000_000
"""``word/document.xml`` unpacked: a long book's is a few tens of megabytes; a zip bomb's is far more."""
DOCUMENT_PART = "word/document.xml"
_CHUNK = 1 << 16
_WORD = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_COMPATIBILITY = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SKIPPED = {"del", "moveFrom", "pPrChange", "sectPrChange"}
"""Deleted and moved-away text, which pandoc leaves out, and the properties a tracked change replaced
(``mc:Fallback``, which repeats an ``mc:Choice``, is skipped too)."""
_CONTENT = {"t", "drawing", "pict", "object", "sym", "tab"}
_NOTE_REFERENCES = {"footnoteReference", "endnoteReference"}
_FALSE = {"0", "false", "off"}
_NEW_PAGE_SECTIONS = {"nextPage", "oddPage", "evenPage"}
_PARITY = {"oddPage": 1, "evenPage": 0}
"""A section that starts on an odd (even) page leaves a blank page before it when it would not."""

# What the walk records, one byte each (consecutive content as one).
_TEXT, _NOTE, _HARD_BREAK, _SOFT_BREAK, _SECTION_END = range(5)


class _Refused(Exception):
    """The document part is not what Word writes; the message says why."""


class _Walk:
    """expat's handlers: the document's breaks, content and note references in order, as compact tokens."""

    def __init__(self) -> None:
        self.tokens = bytearray()
        self.section_types: list[str] = []
        self.depth = 0
        self.skipping_from = 0  # the depth of a deleted subtree being skipped (0: none)
        self.paragraphs_ending_sections: list[bool] = []
        self.in_section_properties = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.skipping_from:
            return
        namespace, _, local = name.rpartition(" ")
        if (namespace == _COMPATIBILITY and local == "Fallback") or (namespace in _WORD and local in _SKIPPED):
            self.skipping_from = self.depth
            return
        if namespace not in _WORD:
            return
        value = attributes.get(f"{namespace} val", "")
        if local in _NOTE_REFERENCES:
            self.tokens.append(_NOTE)
        elif local in _CONTENT:
            if not self.tokens or self.tokens[-1] != _TEXT:
                self.tokens.append(_TEXT)
        elif local == "br" and attributes.get(f"{namespace} type") == "page":
            self.tokens.append(_HARD_BREAK)
        elif local == "lastRenderedPageBreak" or (local == "pageBreakBefore" and value not in _FALSE):
            self.tokens.append(_SOFT_BREAK)
        elif local == "p":
            self.paragraphs_ending_sections.append(False)
        elif local == "sectPr":
            self.in_section_properties = True
            self.section_types.append("nextPage")
            if self.paragraphs_ending_sections:  # in a paragraph's properties: the section ends with it
                self.paragraphs_ending_sections[-1] = True
        elif local == "type" and self.in_section_properties:
            self.section_types[-1] = value or "nextPage"

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.skipping_from:
            if self.depth < self.skipping_from:
                self.skipping_from = 0
            return
        namespace, _, local = name.rpartition(" ")
        if namespace not in _WORD:
            return
        if local == "sectPr":
            self.in_section_properties = False
        elif local == "p" and self.paragraphs_ending_sections.pop():
            self.tokens.append(_SECTION_END)


def note_pages(path: Path, display: str, limit: int = MAX_DOCUMENT_XML_BYTES) -> tuple[int, ...]:
    """The page of each note reference, in document order; () when the document records no page break.

    Raises InputError, naming the file, for anything that is not a readable Word archive.
    """
    walk = _Walk()
    try:
        _parse(path, walk, limit)
    except _Refused as refused:
        raise InputError(display, f"cannot be read as docx ({refused})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise InputError(display, f"cannot be read as docx (a damaged ZIP archive: {error})") from None
    except NotImplementedError as error:  # a compression method zipfile does not know
        raise InputError(display, f"cannot be read as docx ({error})") from None
    except expat.ExpatError as error:
        raise InputError(display, f"cannot be read as docx ({DOCUMENT_PART} is not well-formed XML: {error})") from None
    except OSError as error:
        raise InputError(display, f"cannot be read ({error.strerror or error})") from None
    return _pages(walk)


def _parse(path: Path, walk: _Walk, limit: int) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _Refused("not a ZIP archive") from None
    with archive:
        try:
            info = archive.getinfo(DOCUMENT_PART)
        except KeyError:
            raise _Refused(f"no {DOCUMENT_PART} in the archive") from None
        if info.flag_bits & 0x1:
            raise _Refused("the archive is encrypted")
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _refuse_doctype
        parser.StartElementHandler = walk.start
        parser.EndElementHandler = walk.end
        unpacked = 0
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                unpacked += len(chunk)
                if unpacked > limit:  # counted as read: the header's size is the archive's claim, not a fact
                    raise _Refused(f"{DOCUMENT_PART} unpacks to more than {limit / 1e6:.0f} MB, the limit")
                parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _refuse_doctype(*_declaration: object) -> None:
    raise _Refused(f"{DOCUMENT_PART} declares a DOCTYPE, which Word never writes")


def _pages(walk: _Walk) -> tuple[int, ...]:
    """The page of each note from the tokens: a soft break or a new section starts a page only after content."""
    following = walk.section_types[1:]  # for each section end, the type of the next section: how it starts
    if not {_HARD_BREAK, _SOFT_BREAK} & set(walk.tokens) and not _NEW_PAGE_SECTIONS & set(following):
        return ()
    pages: list[int] = []
    page, has_content, sections_ended = 1, False, 0
    for token in walk.tokens:
        if token == _NOTE:
            pages.append(page)
        if token in (_TEXT, _NOTE):
            has_content = True
        elif token == _HARD_BREAK:
            page, has_content = page + 1, False
        elif token == _SOFT_BREAK:
            page, has_content = page + 1 if has_content else page, False
        elif token == _SECTION_END:
            kind = following[sections_ended] if sections_ended < len(following) else "nextPage"
            sections_ended += 1
            if kind in _NEW_PAGE_SECTIONS:
                page, has_content = page + 1 if has_content else page, False
                if kind in _PARITY and page % 2 != _PARITY[kind]:
                    page += 1
    return tuple(pages)
