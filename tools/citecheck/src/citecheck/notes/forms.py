"""The short form of a work, as a note writes it once the work has been cited in full: surnames, short title.

One home for the rule: the repetition check suggests it, the edition shows it, and a LaTeX manuscript's
later `\\cite` of a work is written with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from citecheck.model import Work
from citecheck.notes.text import STOP_PREFIXES, STOP_WORDS, straighten


def short_names(surnames: Sequence[str]) -> str:
    """`Roe`, `Roe and Doe`, or `Roe et al.` for three authors or more."""
    return " and ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."


def short_title(title: str) -> str:
    """Chicago's short title: the title before its subtitle, cut at a break when it runs past five words."""
    head = re.split(r"[:?]\s", straighten(title) + " ", maxsplit=1)[0].strip()
    words = head.split()
    if len(words) > 5:
        # The title's first words up to a break (a comma or a linking word), two words at least besides a
        # leading article: the short form resolves to its work by its first two words.
        shortest = 3 if f"{words[0].lower()} " in STOP_PREFIXES else 2
        cut = next(
            (
                i
                for i, word in enumerate(words)
                if i >= shortest and (word.lower() in STOP_WORDS or words[i - 1].endswith(","))
            ),
            5,
        )
        words = [w.rstrip(",") for w in words[: min(cut, 5)]]
    return " ".join(words)


def short_form(work: Work) -> str:
    """The Chicago short form of a work: surname(s) and the short title in quotes."""
    who = short_names(work.authors[:3])
    title = f"'{short_title(work.title)}'"
    return f"{who}, {title}" if who else title
