"""Small text helpers shared by citation parsing and matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_DASHES = re.compile(r"[‐‑‒–—―−]")
_NON_WORD = re.compile(r"[^\w]+")
STOP_PREFIXES = ("the ", "a ", "an ")


def straighten(text: str) -> str:
    """Curly quotes to straight ones and every dash to a hyphen."""
    if text.isascii():
        return text
    return _DASHES.sub("-", text.translate(_QUOTES))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free words joined by single spaces."""
    ascii_text = straighten(text)
    if not ascii_text.isascii():
        decomposed = unicodedata.normalize("NFKD", ascii_text)
        ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", ascii_text.casefold()).replace("_", " ").split())


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """A title reduced for comparison: folded, possessive apostrophes and a leading article dropped."""
    folded = fold(re.sub(r"['’]s\b", "s", title))
    for prefix in STOP_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


@lru_cache(maxsize=65536)
def main_title(title: str) -> str:
    """The title before its subtitle (the part before the first colon), as a key."""
    head = re.split(r"[:.]\s", straighten(title) + " ", maxsplit=1)[0]
    return title_key(head)


def is_word_prefix(short: str, long: str) -> bool:
    """True when `short` is `long` or its beginning, cut at a word boundary."""
    return long == short or long.startswith(short + " ")


def strip_markup(text: str) -> str:
    """Citation text without Markdown emphasis markers or autolink brackets."""
    text = re.sub(r"<((?:https?|ftp)://[^<>\s]*)>", r"\1", text)
    return re.sub(r"(?<!\\)\*{1,2}", "", text)
