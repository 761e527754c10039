"""A note's Markdown parsed once with markdown-it-py into what a reader sees (`NoteText`).

The plain text keeps every character a reader sees and drops the syntax around it (delimiters, escapes,
link targets); each link, URL, emphasis and code span records where it stands in both the plain text
and the source. The citation scanner and the URL and DOI extraction read only this form.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from citecheck.caches import short_text_cache
from citecheck.model import Note, NoteText, SpanKind, TextSpan
from citecheck.notes.identifiers import bare_urls, is_url, trim_url

_SLACK = 64
"""How far past the cursor a token's source may start: only white space and syntax lie between tokens."""
_MAX_NESTING = 20
"""Deeper nesting of emphasis and links is read as text (markdown-it's guard against runaway recursion)."""
READ_LIMIT = 100_000
"""The characters of one note that are parsed (the longest note in twenty real books and articles has 1,862).
markdown-it holds some 300 bytes a token while it parses, and a hostile note of 200,000 URLs made 800,000
tokens; past the limit a note is read up to the last white space before it, and `cut_at` says so."""
_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\*_[]<>`"})


class _NoteParser(MarkdownIt):
    """CommonMark inline rules with footnote references; link targets kept as written."""

    def normalizeLink(self, url: str) -> str:  # markdown-it's name for it
        # The target as the author wrote it (escapes and entities resolved): reports quote it, the
        # web layer encodes it when it fetches.
        return url

    def normalizeLinkText(self, link: str) -> str:  # markdown-it's name for it
        # An autolink's text is read from the source as written; decoding it would be wasted work.
        return link


def _parser() -> MarkdownIt:
    md = _NoteParser("commonmark", {"maxNesting": _MAX_NESTING}).use(footnote_plugin)
    # An escape or an entity stays its own token, whose markup is its source: offsets stay exact.
    md.disable(["text_join", "fragments_join"])
    return md


_MD = _parser()


class _Reading:
    """The walk over one note's inline tokens: plain text, spans and the plain → source map."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cursor = 0
        self.parts: list[str] = []
        self.length = 0
        self.pieces: list[int] = []  # four numbers a run: see NoteText.pieces
        self.spans: list[TextSpan] = []
        self.open: list[tuple[SpanKind, int, int, str]] = []  # kind, plain start, source start, target
        self.breaks: list[int] = []  # plain offsets a bare URL cannot cross (links, code, HTML)

    def locate(self, needle: str) -> int:
        """Where `needle` is written at or just after the cursor (the cursor itself when it is not found)."""
        if self.source.startswith(needle, self.cursor):
            return self.cursor
        found = self.source.find(needle, self.cursor, self.cursor + len(needle) + _SLACK)
        return found if found >= 0 else self.cursor

    def add(self, text: str, source_start: int, source_end: int) -> None:
        """Plain text that stands for source[source_start:source_end]."""
        source_start = min(source_start, len(self.source))
        source_end = min(max(source_end, source_start), len(self.source))
        if text or source_end > source_start:
            self.pieces += (self.length, self.length + len(text), source_start, source_end)
        self.parts.append(text)
        self.length += len(text)
        self.cursor = max(self.cursor, source_end)

    def skip(self, needle: str) -> int:
        """Move past syntax the reader does not see; where it started."""
        at = self.locate(needle)
        self.cursor = at + len(needle)
        return at

    def open_span(self, kind: SpanKind, source_start: int, target: str = "") -> None:
        self.open.append((kind, self.length, source_start, target))

    def close_span(self, kind: SpanKind, source_end: int, where: tuple[int, int] = (-1, -1)) -> None:
        """End the innermost open span of this kind."""
        for position in range(len(self.open) - 1, -1, -1):
            if self.open[position][0] is kind:
                _, start, source_start, target = self.open.pop(position)
                self.spans.append(TextSpan(kind, start, self.length, source_start, source_end, target, *where))
                return


def _link_tail(source: str, pos: int) -> tuple[int, tuple[int, int]]:
    """The end of a link's `(target "title")` or `[reference]` after its `]`, and where the target stands."""
    if source.startswith("(", pos):
        at = _skip_space(source, pos + 1)
        destination = parseLinkDestination(source, at, len(source))
        where = (at, destination.pos) if destination.ok else (-1, -1)
        after = _skip_space(source, destination.pos) if destination.ok else at
        title = parseLinkTitle(source, after, len(source))
        if title.ok:
            after = _skip_space(source, title.pos)
        return (after + 1 if source.startswith(")", after) else after), where
    if source.startswith("[", pos):
        close = source.find("]", pos)
        return (close + 1 if close >= 0 else pos), (-1, -1)
    return pos, (-1, -1)


def _skip_space(source: str, pos: int, space: str = " \t\n") -> int:
    while pos < len(source) and source[pos] in space:
        pos += 1
    return pos


def _code(reading: _Reading, token: Token) -> None:
    """A code span: its content is shown as written (one space inside each backtick run dropped)."""
    fence = token.markup
    start = reading.skip(fence)
    close = reading.source.find(fence, reading.cursor)
    while close >= 0 and reading.source.startswith("`", close + len(fence)):
        close = reading.source.find(fence, close + len(fence) + 1)
    close = close if close >= 0 else len(reading.source)
    inner = reading.source[reading.cursor : close]
    offset = reading.cursor + (1 if inner != token.content and inner[1:-1] == token.content else 0)
    plain_start = reading.length
    reading.breaks.append(plain_start)
    if reading.source.startswith(token.content, offset):
        reading.add(token.content, offset, offset + len(token.content))
    else:  # line breaks inside the span became spaces
        reading.add(token.content, reading.cursor, close)
    reading.cursor = close + len(fence)
    reading.spans.append(TextSpan(SpanKind.CODE, plain_start, reading.length, start, reading.cursor))
    reading.breaks.append(reading.length)


def _autolink(reading: _Reading, token: Token) -> None:
    """`<https://…>`: the URL between the brackets, as written."""
    start = reading.skip("<")
    close = reading.source.find(">", reading.cursor)
    close = close if close >= 0 else len(reading.source)
    plain_start = reading.length
    reading.breaks.append(plain_start)
    reading.add(reading.source[reading.cursor : close], reading.cursor, close)
    reading.cursor = close + 1
    target = str(token.attrs.get("href", ""))
    reading.spans.append(
        TextSpan(SpanKind.AUTOLINK, plain_start, reading.length, start, reading.cursor, target, start + 1, close)
    )
    reading.breaks.append(reading.length)


def _walk(reading: _Reading, tokens: list[Token]) -> None:
    """Every inline token, in order: text to the plain text, syntax skipped, spans opened and closed."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "text":
            at = reading.locate(token.content)
            reading.add(token.content, at, at + len(token.content))
        elif kind == "text_special":
            at = reading.locate(token.markup)
            reading.add(token.content, at, at + len(token.markup))
        elif kind in ("softbreak", "hardbreak"):
            at = reading.source.find("\n", reading.cursor, reading.cursor + _SLACK)
            if at < 0:
                reading.add("\n", reading.cursor, reading.cursor)
            else:  # the line break and the next line's indentation
                reading.add("\n", at, _skip_space(reading.source, at + 1, " \t"))
        elif kind == "code_inline":
            _code(reading, token)
        elif kind == "link_open" and token.markup == "autolink":
            _autolink(reading, token)
            while index < len(tokens) and tokens[index].type != "link_close":
                index += 1
        elif kind == "link_open":
            reading.breaks.append(reading.length)
            reading.open_span(SpanKind.LINK, reading.skip("["), str(token.attrs.get("href", "")))
        elif kind == "link_close":
            end, where = _link_tail(reading.source, reading.skip("]") + 1)
            reading.cursor = end
            reading.close_span(SpanKind.LINK, end, where)
            reading.breaks.append(reading.length)
        elif kind in ("em_open", "strong_open"):
            reading.open_span(SpanKind.EMPHASIS if kind == "em_open" else SpanKind.STRONG, reading.skip(token.markup))
        elif kind in ("em_close", "strong_close"):
            reading.skip(token.markup)
            reading.close_span(SpanKind.EMPHASIS if kind == "em_close" else SpanKind.STRONG, reading.cursor)
        elif kind == "image":
            start = reading.skip("![")
            bracket = reading.source.find("](", reading.cursor)
            end = _link_tail(reading.source, bracket + 1)[0] if bracket >= 0 else reading.cursor
            reading.add(token.content, start, end)
        elif kind in ("footnote_ref", "html_inline"):
            reading.breaks.append(reading.length)
            if kind == "html_inline":
                reading.skip(token.content)
            else:
                close = reading.source.find("]", reading.cursor)
                reading.cursor = close + 1 if close >= 0 else reading.cursor
        elif token.markup:  # another delimiter (a strikethrough, say): syntax the reader does not see
            reading.skip(token.markup)
        index += 1


def _with_urls(note: NoteText, breaks: list[int]) -> NoteText:
    """The note with a span for each URL written out: a link's whole text when it is a URL, and any URL in
    the text between links, autolinks, code spans and HTML."""
    plain = note.plain
    if "://" not in plain:
        return note
    found: list[tuple[int, int]] = []
    taken = [(s.start, s.end) for s in note.spans if s.kind is SpanKind.AUTOLINK]
    for span in note.spans:
        text = plain[span.start : span.end].strip()
        if span.kind is SpanKind.LINK and is_url(text):
            start = plain.index(text, span.start)
            found.append((start, start + len(trim_url(text))))
            taken.append((span.start, span.end))
    taken.sort()
    cuts = sorted({0, len(plain), *breaks})
    inside = 0  # the first taken range that may still hold a segment (segments come in order)
    for start, end in itertools.pairwise(cuts):
        while inside < len(taken) and taken[inside][1] <= start:
            inside += 1
        covered = inside < len(taken) and taken[inside][0] <= start and end <= taken[inside][1]
        if not covered and "://" in plain[start:end]:
            found.extend(bare_urls(plain, start, end))
    if not found:
        return note
    urls = []
    for start, end in found:
        where = note.source_start(start), note.source_end(end)
        urls.append(TextSpan(SpanKind.BARE_URL, start, end, *where, plain[start:end], *where))
    spans = sorted((*note.spans, *urls), key=lambda span: (span.start, -span.end))
    return NoteText(note.source, plain, tuple(spans), note.pieces)


def _parse(source: str, env: dict[str, Any]) -> NoteText:
    tokens: list[Token] = []
    _MD.inline.parse(source, _MD, env, tokens)
    reading = _Reading(source)
    _walk(reading, tokens)
    spans = sorted(reading.spans, key=lambda span: (span.start, -span.end))
    plain = "".join(reading.parts)
    # A note without markup reads as written: one string for both (a long note's text is not held twice).
    note = NoteText(source, source if plain == source else plain, tuple(spans), tuple(reading.pieces))
    return _with_urls(note, reading.breaks)


@short_text_cache(4096, longest=500)
def _cached(source: str) -> NoteText:
    """Notes such as `Ibid.` recur: the parse of a short note is cached (a few megabytes at most)."""
    return _parse(source, {})


def read_markdown_note(source: str, references: Mapping[str, Any] | None = None) -> NoteText:
    """A note's Markdown as a reader sees it (`references`: the document's link reference definitions); past
    `READ_LIMIT` characters, its beginning only."""
    source = _readable_part(source)
    if references:
        return _parse(source, {"references": dict(references)})
    return _cached(source)


def _readable_part(source: str) -> str:
    """The note up to `READ_LIMIT` characters, cut at white space so that no URL or word is read in half."""
    if len(source) <= READ_LIMIT:
        return source
    space = max(source.rfind(" ", 0, READ_LIMIT + 1), source.rfind("\n", 0, READ_LIMIT + 1))
    return source[: space if space > READ_LIMIT // 2 else READ_LIMIT]


def cut_at(note: Note) -> int | None:
    """How many characters of a note too long to read whole are read (`READ_LIMIT`); None when all are."""
    if len(note.text) <= READ_LIMIT:
        return None
    read = len(note.content.source if note.content else _readable_part(note.text))  # not parsed again here
    return read if read < len(note.text) else None


def escape_markdown(text: str) -> str:
    """Text written as Markdown that reads back as the same text (emphasis, link and code marks escaped)."""
    return text.translate(_MARKDOWN_SPECIALS)


def note_content(note: Note) -> NoteText:
    """A note's text as a reader sees it: what its reader parsed, or its Markdown parsed now."""
    return note.content or read_markdown_note(note.text)
