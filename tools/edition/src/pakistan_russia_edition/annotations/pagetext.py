"""The plain text of a rendered page, as annotations quote it, mapped back to its HTML.

A page's HTML is read with the standard library's ``html.parser``; the text
keeps what a reader reads and leaves out what the toolchain adds: note markers
(``<sup id="fnref:…">``), heading and paragraph permalinks, note back-links,
scripts and buttons. It is *normalised*: curly quotes read as straight ones,
every run of white space is one space, and each block (paragraph, list item,
heading, table cell, …) is separated from the next by a newline, so that a
quotation cannot run from one paragraph into the next.

Every character of the text remembers where it came from in the HTML (its raw
offsets and its text node), so that ``render`` can wrap a quotation in
``<mark>`` without touching anything else, and which block it is in (the
nearest id: ``p-3``, ``fn:10``, a heading's id), so that messages and links
can name the paragraph.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from citecheck.notes.text import straighten

#: Separates blocks in the normalised text (white space inside blocks is a space).
BLOCK_BREAK = "\n"

_SPACE = re.compile(r"\s+")
#: White space that ``_SPACE`` would change: a run, or one character other than a space.
_CHANGED_SPACE = re.compile(r"\s{2,}|[^\S ]")
_LONG_SPACE = re.compile(r"\s{2,}")
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "button", "noscript"})
_SKIPPED_CLASSES = frozenset({"headerlink", "edition-pilcrow", "footnote-backref"})
#: A character or entity reference as ``html.parser`` reads one (the ``;`` is optional).
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][-.a-zA-Z0-9]*);?")


def normalize(text: str) -> str:
    """Straight quotes, one space for each run of white space, no space at either end."""
    return _SPACE.sub(" ", straighten(text)).strip()


@dataclass(frozen=True)
class Column(Sequence[int]):
    """One number for each character of a page's text, kept once per run of characters.

    In a run the number is the same for every character (``step`` 0) or goes up by one from
    character to character (``step`` 1, as raw offsets in a text node do): a page's text is
    read without building one entry per character, and a character's number is looked up.
    """

    firsts: tuple[int, ...]
    """The offset in the text of each run's first character, in increasing order."""
    values: tuple[int, ...]
    """The number of each run's first character."""
    steps: tuple[int, ...]
    length: int

    def __getitem__(self, index: int) -> int:  # type: ignore[override]  # one character: nothing needs slices
        if not 0 <= index < self.length:
            raise IndexError(index)
        run = bisect_right(self.firsts, index) - 1
        return self.values[run] + self.steps[run] * (index - self.firsts[run])

    def __len__(self) -> int:
        return self.length


@dataclass(frozen=True)
class PageText:
    """The normalised text of one page, and where each of its characters is in the HTML."""

    page: str
    """The page's source path, relative to ``docs/``."""
    url: str
    title: str
    html: str = field(repr=False)
    text: str = field(repr=False)
    """The normalised text (straight quotes), which quotations are matched against."""
    display: str = field(repr=False)
    """The same characters with the page's own quotation marks, for showing and publishing."""
    starts: Column = field(repr=False)
    ends: Column = field(repr=False)
    """Raw HTML offsets of each character (-1 for block breaks)."""
    nodes: Column = field(repr=False)
    """The text node each character is in (characters of one node can be wrapped together)."""
    blocks: Column = field(repr=False)
    anchors: tuple[str | None, ...] = field(repr=False)
    """``anchors[blocks[i]]`` is the id of the block character ``i`` is in."""

    def find(self, quotation: str) -> list[int]:
        """Start offsets of every occurrence of a normalised quotation."""
        found, start = [], self.text.find(quotation)
        while start != -1 and quotation:
            found.append(start)
            start = self.text.find(quotation, start + 1)
        return found

    def anchor_at(self, offset: int) -> str | None:
        """The id of the block the character at ``offset`` is in."""
        return self.anchors[self.blocks[offset]] if 0 <= offset < len(self.text) else None

    def context(self, start: int, end: int, width: int = 32) -> tuple[str, str]:
        """Up to ``width`` characters before ``start`` and after ``end``, within the block."""
        before = self.display[max(0, start - width) : start].rsplit(BLOCK_BREAK, 1)[-1]
        after = self.display[end : end + width].split(BLOCK_BREAK, 1)[0]
        return before, after


def page_text(page: str, url: str, title: str, source_html: str) -> PageText:
    """The normalised text of a page's rendered content (``page.content`` in MkDocs)."""
    reader = _TextReader(source_html)
    reader.feed(source_html)
    reader.close()
    display = "".join(reader.chars).rstrip(" " + BLOCK_BREAK)
    firsts, steps, n = tuple(reader.firsts), tuple(reader.steps), len(display)
    same = (0,) * len(firsts)
    return PageText(
        page,
        url,
        title,
        source_html,
        straighten(display),
        display,
        Column(firsts, tuple(reader.starts), steps, n),
        Column(firsts, tuple(reader.ends), steps, n),
        Column(firsts, tuple(reader.nodes), same, n),
        Column(firsts, tuple(reader.blocks), same, n),
        tuple(reader.anchors),
    )


class _TextReader(HTMLParser):
    """Collects the normalised characters of an HTML fragment with their raw positions."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.chars: list[str] = []
        # One entry per run of characters (see Column): where it starts in chars, its first
        # character's raw offsets, whether they go up along the run, its text node and block.
        self.firsts: list[int] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.steps: list[int] = []
        self.nodes: list[int] = []
        self.blocks: list[int] = []
        self.anchors: list[str | None] = [None]
        self.stack: list[tuple[str, int]] = []  # (tag, anchor index)
        self.skip_depth: int | None = None
        self.node = 0

    # -- positions
    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _anchor(self) -> int:
        return self.stack[-1][1] if self.stack else 0

    # -- building the text
    def _append(self, char: str, start: int, end: int) -> None:
        if char.isspace():
            if not self.chars or self.chars[-1] in (" ", BLOCK_BREAK):
                return
            char = " "
        self._run(start, end, 0, self.node)
        self.chars.append(char)

    def _run(self, start: int, end: int, step: int, node: int) -> None:
        """Start a run of characters at the end of the text (they are appended next)."""
        self.firsts.append(len(self.chars))
        self.starts.append(start)
        self.ends.append(end)
        self.steps.append(step)
        self.nodes.append(node)
        self.blocks.append(self._anchor())

    def _block_break(self) -> None:
        if self.chars and self.chars[-1] == " ":
            self.chars.pop()
            if self.firsts[-1] == len(self.chars):  # the space was a run of its own
                for column in (self.firsts, self.starts, self.ends, self.steps, self.nodes, self.blocks):
                    column.pop()
        if self.chars and self.chars[-1] != BLOCK_BREAK:
            self._run(-1, -1, 0, -1)
            self.chars.append(BLOCK_BREAK)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.node += 1
        attributes = {k: v or "" for k, v in attrs}
        if tag in _VOID:
            self._void(tag)
            return
        anchor = self._anchor()
        if tag in _BLOCK_TAGS:
            if self.skip_depth is None:
                self._block_break()
            if attributes.get("id"):
                self.anchors.append(attributes["id"])
                anchor = len(self.anchors) - 1
        self.stack.append((tag, anchor))
        if self.skip_depth is None and _skipped(tag, attributes):
            self.skip_depth = len(self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.node += 1
        self._void(tag)

    def _void(self, tag: str) -> None:
        """A line break reads as a space, a rule as a block break."""
        if self.skip_depth is not None:
            return
        if tag == "br":
            self._append(" ", self._offset(), self._offset())
        elif tag == "hr":
            self._block_break()

    def handle_endtag(self, tag: str) -> None:
        self.node += 1
        depth = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i][0] == tag), None)
        if depth is None:
            return
        del self.stack[depth:]
        if self.skip_depth is not None and depth < self.skip_depth:
            self.skip_depth = None
        if tag in _BLOCK_TAGS and self.skip_depth is None:
            self._block_break()

    def handle_data(self, data: str) -> None:
        if self.skip_depth is not None:
            return
        start = self._offset()
        if data[:1].isspace() and (not self.chars or self.chars[-1] in (" ", BLOCK_BREAK)):
            kept = data.lstrip()
            start, data = start + len(data) - len(kept), kept
        # A run per stretch of the node between runs of white space (each of which reads as one
        # space, at its start): the same text and offsets as one _append per character.
        position = 0
        for space in _LONG_SPACE.finditer(data):
            self._stretch(data, start, position, space.start() + 1)
            position = space.end()
        self._stretch(data, start, position, len(data))

    def _stretch(self, data: str, start: int, first: int, last: int) -> None:
        """The characters ``first`` to ``last`` (exclusive) of a text node that starts at raw offset ``start``."""
        if first < last:
            self._run(start + first, start + first + 1, 1, self.node)
            self.chars.extend(_CHANGED_SPACE.sub(" ", data[first:last]))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        if self.skip_depth is not None:
            return
        start = self._offset()
        match = _ENTITY.match(self.source, start)
        if match is None:  # pragma: no cover - the parser only calls us on a reference
            return
        for char in html.unescape(match.group(0)):
            self._append(char, start, match.end())

    def handle_comment(self, data: str) -> None:
        self.node += 1

    def handle_decl(self, decl: str) -> None:
        self.node += 1

    def handle_pi(self, data: str) -> None:
        self.node += 1


def _skipped(tag: str, attributes: dict[str, str]) -> bool:
    """Elements whose text is not the article's: markers, permalinks, back-links, scripts."""
    if tag in _SKIPPED_TAGS:
        return True
    if tag == "sup" and attributes.get("id", "").startswith("fnref"):
        return True
    return bool(_SKIPPED_CLASSES.intersection(attributes.get("class", "").split()))
