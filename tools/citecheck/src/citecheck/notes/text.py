"""The text rules every stage shares: straightening, folding, titles, stop words and month names.

One home for each: the citation parser, the resolver, the checks, the DOI comparison and the edition's
bibliography and annotation anchoring all use these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from citecheck.caches import short_text_cache

TEXT_CACHE_SIZE = 16_384
"""Titles whose folded forms are kept (a title over 256 characters is not kept at all)."""
_STRAIGHT = (
    tuple((curly, "'") for curly in "‘’‚‛′ʼ")
    + tuple((curly, '"') for curly in "“”„‟″«»")
    + tuple((dash, "-") for dash in "‐‑‒–—―−")
)
"""Each curly quote, prime and dash with its ASCII form: one character for one, so offsets keep."""
_NON_WORD = re.compile(r"[^\w]+")
STOP_PREFIXES = ("the ", "a ", "an ")

STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "&",
        "of",
        "on",
        "in",
        "for",
        "to",
        "with",
        "from",
        "at",
        "by",
        "is",
        "what",
        "de",
        "der",
        "und",
    }
)
"""Words that do not make a title (or a journal's name) distinctive: skipped in keys, where a short title
is cut, and when an abbreviated journal title is matched."""

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip
"""English month names, in order."""

MONTH_PATTERN = (
    "(?:"
    + "|".join(
        f"{m[:3].capitalize()}(?:t(?:ember)?)?" if m == "september" else f"{m[:3].capitalize()}(?:{m[3:]})?"
        for m in MONTHS
    )
    + r")\.?"
)
"""A regular expression for a month as citations write it: `March`, `Mar.`, `Sept.` (capitalised)."""


def month_number(word: str) -> int | None:
    """1 to 12 for an English month name or its abbreviation of three letters or more (`Sept.`), else None."""
    word = word.strip().rstrip(".").lower()
    if len(word) < 3:
        return None
    return next((number for number, month in enumerate(MONTHS, start=1) if month.startswith(word)), None)


def blanked(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """The text with each [start, end) range (in order of start) replaced by as many spaces: offsets keep.

    Built from its parts in one pass: replacing range after range would copy the whole text for each.
    """
    parts: list[str] = []
    cursor = 0
    for start, end in ranges:
        start, end = max(start, cursor), min(end, len(text))
        if end > start:
            parts += (text[cursor:start], " " * (end - start))
            cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def straighten(text: str) -> str:
    """Curly quotes and primes to straight ones, every dash to a hyphen; the length stays the same."""
    if text.isascii():
        return text
    # One str.replace per character: on non-ASCII text str.translate looks each character up, some ten
    # times slower (a rendered page's text is long).
    for curly, straight in _STRAIGHT:
        if curly in text:
            text = text.replace(curly, straight)
    return text


@short_text_cache(TEXT_CACHE_SIZE, longest=256)
def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words joined by single spaces."""
    ascii_text = straighten(text)
    if not ascii_text.isascii():
        decomposed = unicodedata.normalize("NFKD", ascii_text)
        ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", ascii_text.casefold()).replace("_", " ").split())


@short_text_cache(TEXT_CACHE_SIZE, longest=256)
def title_key(title: str) -> str:
    """A title reduced for comparison: folded, possessive apostrophes and a leading article dropped."""
    folded = fold(re.sub(r"['’]s\b", "s", title))
    for prefix in STOP_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


@short_text_cache(TEXT_CACHE_SIZE, longest=256)
def main_title(title: str) -> str:
    """The title before its subtitle (the part before the first colon), as a key."""
    head = re.split(r"[:.]\s", straighten(title) + " ", maxsplit=1)[0]
    return title_key(head)


def is_word_prefix(short: str, long: str) -> bool:
    """True when `short` is `long` or its beginning, cut at a word boundary."""
    return long == short or long.startswith(short + " ")
