"""A quote-, emphasis- and bracket-aware scan of citation text: spans and sentence boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from citecheck.notes.text import straighten

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
_SPECIAL = re.compile(r"[<>*\"'().?!;]")
_AUTOLINK_START = re.compile(r"<[a-z]+:", re.IGNORECASE)
_OPEN_BEFORE = set(" \t\n([{<>\"'—-/") | {""}


@dataclass(frozen=True, slots=True)
class Span:
    """A quoted or emphasised stretch of text: [start, end) is its content, without the delimiters."""

    start: int
    end: int
    kind: str  # "quote" or "italic"


@dataclass(frozen=True, slots=True)
class Scan:
    """What one scan of a citation found."""

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


@lru_cache(maxsize=4096)
def scan(raw: str) -> Scan:
    """Scan citation text once, tracking quotes (nested), emphasis, brackets and autolinks."""
    text = straighten(raw)
    spans: list[Span] = []
    boundaries: list[int] = []
    semicolons: list[int] = []
    stack: list[tuple[str, int]] = []  # open delimiters: '"', "'", "*", "(", "<"
    length = len(text)
    i = 0
    while i < length:
        special = _SPECIAL.search(text, i)
        if special is None:
            break
        i = special.start()
        ch = text[i]
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < length else ""
        top = stack[-1][0] if stack else ""
        if top == "<":
            close = text.find(">", i)
            if close < 0:
                break
            stack.pop()
            end = i = close + 1
            if not stack:
                while end < length and text[end] in ".,":
                    end += 1
                boundaries.append(end)
            continue
        if ch == "<" and _AUTOLINK_START.match(text, i):
            stack.append(("<", i))
        elif ch == "*":
            run = 2 if nxt == "*" else 1
            if top == "*":
                start = stack.pop()[1]
                if not stack:
                    spans.append(Span(start, i, "italic"))
            elif nxt.strip():
                stack.append(("*", i + run))
            i += run
            continue
        elif ch in "\"'":
            closes = ch in {d for d, _ in stack} and not nxt.isalnum()
            opens = prev in _OPEN_BEFORE and nxt.strip() != ""
            if ch == "'" and prev.isalnum() and nxt.isalpha():
                pass  # an apostrophe inside a word
            elif closes and not (opens and top != ch):
                while stack and stack[-1][0] != ch:
                    stack.pop()
                start = stack.pop()[1]
                if not stack:
                    spans.append(Span(start, i, "quote"))
                    if i >= 1 and text[i - 1] in ".?!" and (not nxt or nxt.isspace()):
                        boundaries.append(i + 1)
            elif opens:
                stack.append((ch, i + 1))
        elif ch == "(":
            stack.append(("(", i))
        elif ch == ")" and top == "(":
            stack.pop()
        elif not stack and ch in ".?!" and (not nxt or nxt.isspace()) and not _is_abbreviation(text, i):
            boundaries.append(i + 1)
        elif not stack and ch == ";" and (not nxt or nxt.isspace() or nxt in "'\""):
            semicolons.append(i)
        i += 1
    return Scan(tuple(spans), tuple(sorted(set(boundaries))), tuple(semicolons))
