"""The parts of a work's short form (Chicago 17th edition, 14.29–14.34): the authors' names and a short title.

The text rules below the checks: the short form the findings suggest and the fixes write
(``checks.short_forms``) and a LaTeX manuscript's later citations of a work (``read.bib_citation``) are made
of them. A short title is the main title's first phrase or first words, never ending on a linking word, so
that citecheck's resolver, which matches a short title as the beginning of a main title, reads the short
form back as the same work.
"""

from __future__ import annotations

import re

from citecheck.notes.text import STOP_WORDS

_SUBTITLE = re.compile(r"[:.]\s|(?<=[?!])\s")
"""Where a main title ends: a colon or period before its subtitle, or after a question or exclamation mark."""
_SHORT_TITLE_WORDS = 4
_LONGEST_WHOLE = 5


def names(authors: tuple[str, ...]) -> str:
    """Surnames as a note gives them: one, two joined by `and`, three in a series, four or more `et al.`."""
    if len(authors) <= 2:
        return " and ".join(authors)
    if len(authors) == 3:
        return f"{authors[0]}, {authors[1]}, and {authors[2]}"
    return f"{authors[0]} et al."


def short_title(title: str) -> str:
    """The main title (before its subtitle), cut where its first phrase ends: before a linking word or after a
    comma, once two words that carry meaning are in; without such a break, its first four words, unless that
    would end on a linking word. A title of five words or fewer with no break stays whole."""
    main = _SUBTITLE.split(title.strip() + " ", maxsplit=1)[0].strip().rstrip(":.")
    words = main.split()
    meaningful = 0
    for index, word in enumerate(words):
        if word.lower() in STOP_WORDS:
            if meaningful >= 2:
                return " ".join(words[:index])
            continue
        meaningful += 1
        if word.endswith(",") and meaningful >= 2 and index + 1 < len(words):
            return " ".join(words[: index + 1]).rstrip(",")
    if len(words) <= _LONGEST_WHOLE:
        return main
    cut = words[:_SHORT_TITLE_WORDS]
    while cut[-1].lower() in STOP_WORDS:
        cut.pop()
    return " ".join(cut) if sum(word.lower() not in STOP_WORDS for word in cut) >= 2 else main
