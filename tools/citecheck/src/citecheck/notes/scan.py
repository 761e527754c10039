"""A quote-, emphasis- and bracket-aware scan of citation text: spans and sentence boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.model import NoteText, SpanKind, TextSpan

_ABBREVIATIONS = {
    "no",
    "nos",
    "p",
    "pp",
    "vol",
    "vols",
    "ed",
    "eds",
    "trans",
    "sec",
    "chap",
    "ch",
    "fig",
    "al",
    "cf",
    "vs",
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "jr",
    "sr",
    "inc",
    "co",
    "ltd",
    "dept",
    "univ",
    "e.g",
    "i.e",
    "n",
    "nn",
    "repr",
    "rev",
    "ser",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "esp",
    "fol",
    "fols",
    "art",
    "para",
    "paras",
    "u.s",
    "u.k",
}
# Only these characters change the scanner's state; everything between them is skipped in one step.
_SPECIAL = re.compile(r"[\"'().?!;]")
_OPEN_BEFORE = set(" \t\n([{<>\"'—-/") | {""}
_OPAQUE = frozenset({SpanKind.AUTOLINK, SpanKind.BARE_URL, SpanKind.CODE})
"""Spans whose characters are not prose: a URL's `.` ends no sentence, a quote in code opens nothing."""
_EMPHASIS = frozenset({SpanKind.EMPHASIS, SpanKind.STRONG})


@dataclass(frozen=True, slots=True)
class Span:
    """A quoted or emphasised stretch of text: [start, end) is its content, without the delimiters."""

    start: int
    end: int
    kind: str  # "quote" or "italic"


class _Delimiters:
    """The stack of open delimiters ('"', "'", "*", "("), with a count of each so membership costs no rescan."""

    __slots__ = ("_open", "_stack")

    def __init__(self) -> None:
        self._stack: list[tuple[str, int]] = []  # (delimiter, where its content starts)
        self._open: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self._stack)

    def __contains__(self, delimiter: str) -> bool:
        return self._open.get(delimiter, 0) > 0

    @property
    def top(self) -> str:
        """The innermost open delimiter ("" when none is open)."""
        return self._stack[-1][0] if self._stack else ""

    def push(self, delimiter: str, at: int) -> None:
        """Open a delimiter whose content starts at `at`."""
        self._stack.append((delimiter, at))
        self._open[delimiter] = self._open.get(delimiter, 0) + 1

    def pop(self) -> int:
        """Close the innermost delimiter; where its content started."""
        delimiter, at = self._stack.pop()
        self._open[delimiter] -= 1
        return at

    def pop_to(self, delimiter: str) -> None:
        """Drop the delimiters opened inside the innermost `delimiter` and never closed."""
        while self._stack and self._stack[-1][0] != delimiter:
            self.pop()


@dataclass(frozen=True, slots=True)
class Scan:
    """What one scan of a stretch of a note's plain text found (offsets in the plain text)."""

    spans: tuple[Span, ...]
    """Top-level quoted and italic spans in order."""
    boundaries: tuple[int, ...]
    """Offsets where a new sentence may begin (after `. ` outside quotes, after an autolink)."""
    semicolons: tuple[int, ...]
    """Offsets of top-level `;` separators followed by white space or the end."""


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    return text[start:index].lower()


def _is_abbreviation(text: str, index: int) -> bool:
    """True when the period at `index` ends an abbreviation or an initial, not a sentence."""
    word = _word_before(text, index)
    if not word:
        return False
    bare = word.rstrip(".")
    return bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha() and text[index - 1].isupper())


def _ends_abbreviation(text: str, index: int, after_opaque: int) -> bool:
    """True when the period at `index` ends an abbreviation (never one right after a URL: `…/p.` ends it)."""
    return index != after_opaque and _is_abbreviation(text, index)


def _events(note: NoteText, start: int, end: int) -> list[tuple[int, int, TextSpan]]:
    """(offset, order, span) where an emphasis span opens or closes or an opaque span begins, in order."""
    events: list[tuple[int, int, TextSpan]] = []
    for span in note.spans_within(start, end):
        if span.kind in _EMPHASIS and span.end > span.start:
            events.append((span.start, 1, span))
            events.append((span.end, 0, span))
        elif span.kind in _OPAQUE:
            events.append((span.start, 2, span))
    events.sort(key=lambda event: (event[0], event[1]))
    return events


def scan(note: NoteText, text: str, start: int = 0, end: int | None = None) -> Scan:
    """Scan plain[start:end] of a note once, tracking quotes (nested), emphasis, brackets and URLs.

    ``text`` is the note's plain text straightened (see ``straighten``): quotes and dashes of one kind.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    boundaries: list[int] = []
    semicolons: list[int] = []
    stack = _Delimiters()
    events = _events(note, start, end)
    next_event = 0
    after_opaque = -1  # a quote right after a URL opens, as after the `>` of `<https://…>`
    i = start
    while i < end:
        special = _SPECIAL.search(text, i, end)
        stop = special.start() if special else end
        if next_event < len(events) and events[next_event][0] <= stop:
            at, order, span = events[next_event]
            next_event += 1
            i = at
            if order == 1:
                stack.push("*", span.start)
            elif order == 0:
                stack.pop_to("*")  # a quote opened inside the emphasis and never closed
                if stack:
                    stack.pop()
                    if not stack:
                        spans.append(Span(span.start, span.end, "italic"))
            else:  # a URL or code: skipped whole; after an autolink a new sentence may begin
                i = after_opaque = max(i, span.end)
                while next_event < len(events) and events[next_event][0] < i:
                    next_event += 1  # what is marked inside a URL or code span is not prose
                if span.kind is SpanKind.AUTOLINK and not stack:
                    after = span.end
                    while after < end and text[after] in ".,":
                        after += 1
                    boundaries.append(after)
            continue
        if special is None:
            break
        i = special.start()
        ch = text[i]
        prev = text[i - 1] if i > start and i != after_opaque else ""
        nxt = text[i + 1] if i + 1 < end else ""
        top = stack.top
        if ch in "\"'":
            closes = ch in stack and not nxt.isalnum()
            opens = prev in _OPEN_BEFORE and nxt.strip() != ""
            if ch == "'" and prev.isalnum() and nxt.isalpha():
                pass  # an apostrophe inside a word
            elif closes and not (opens and top != ch):
                stack.pop_to(ch)
                opened = stack.pop()
                if not stack:
                    spans.append(Span(opened, i, "quote"))
                    if i >= 1 and text[i - 1] in ".?!" and (not nxt or nxt.isspace()):
                        boundaries.append(i + 1)
            elif opens:
                stack.push(ch, i + 1)
        elif ch == "(":
            stack.push("(", i)
        elif ch == ")" and top == "(":
            stack.pop()
        elif not stack and ch in ".?!" and (not nxt or nxt.isspace()) and not _ends_abbreviation(text, i, after_opaque):
            boundaries.append(i + 1)
        elif not stack and ch == ";" and (not nxt or nxt.isspace() or nxt in "'\""):
            semicolons.append(i)
        i += 1
    return Scan(tuple(spans), tuple(sorted(set(boundaries))), tuple(semicolons))
