"""biblatex's citation commands in a LaTeX manuscript, written as biblatex's verbose (note) styles print them.

pandoc reads ``\\cite``, ``\\parencite``, ``\\footcite``, ``\\autocite``, ``\\smartcite`` and ``\\textcite`` (and
their plural, capitalised and starred forms) as ``Cite`` elements: each key with its prenote and postnote,
and the command as written. What each prints:

- ``\\footcite`` (and ``\\footcitetext``) makes a footnote, which pandoc already reads as a note holding the
  citation; in a note, pandoc nests that note in it, and biblatex prints the citation in place.
- ``\\autocite``, ``\\smartcite`` and ``\\textcite`` in running text make a footnote too in the verbose styles
  (``autocite=footnote``; ``\\textcite`` puts the names in the text and the citation in a note), which pandoc
  does not know: the reader makes the note (``footnote``).
- In a note, every command prints the citation (``\\parencite``, ``\\autocite`` and ``\\smartcite`` in
  parentheses, left out here: they change nothing a check reads).
- ``\\cite`` and ``\\parencite`` in running text print in the text, which no check reads: only their keys
  are checked.

Citations in notes are tracked as the verbose styles track them (``citetracker=context``: running text
apart): a key's first citation in a note is written in full from its BibTeX entry, later ones in short
form (``bib_citation``); the ibid forms are never generated. Several keys are joined by semicolons, the
prenote goes before the first and the postnote after the last (each key's own in ``\\cites``). A key that
no entry defines is printed as its key, which cites nothing, and recorded as an ``UndefinedKey``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from citecheck.model import BibEntry, Location, UndefinedKey
from citecheck.notes.markup import escape_markdown
from citecheck.read.bib_citation import full_citation, short_citation
from citecheck.read.pandoc_markdown import inline_markdown

_PRINTED_IN_NOTES = frozenset({"cite", "parencite", "footcite", "footcitetext", "autocite", "smartcite", "textcite"})
_NOTES_FROM_TEXT = frozenset({"autocite", "smartcite", "textcite"})
_COMMAND = re.compile(r"\\([A-Za-z]+)")


def command(cite: list[Any]) -> str:
    """The biblatex command of a pandoc ``Cite`` (`\\Autocites*` → `autocite`), or an empty string."""
    written = "".join(inline.get("c", ["", ""])[1] for inline in cite[1] if inline.get("t") == "RawInline")
    found = _COMMAND.match(written)
    if not found:
        return ""
    name = found.group(1)
    name = name[0].lower() + name[1:]
    return name[:-1] if name.endswith("s") and name[:-1] in _PRINTED_IN_NOTES else name


class BiblatexCitations:
    """The citations of one LaTeX manuscript, in reading order: which keys a note has cited, which are undefined."""

    def __init__(self, entries: Sequence[BibEntry]) -> None:
        self.entries: dict[str, BibEntry] = {}
        for entry in entries:
            self.entries.setdefault(entry.key, entry)  # biblatex keeps the first of two entries with one key
        self.cited: set[str] = set()
        self.undefined: list[UndefinedKey] = []

    def makes_note(self, cite: list[Any]) -> bool:
        """True for a citation in running text that biblatex's verbose styles print as a footnote."""
        return command(cite) in _NOTES_FROM_TEXT

    def in_text(self, cite: list[Any], where: Location, note: str = "") -> None:
        """A citation that prints nothing a check reads (in running text, or a command such as `\\citeauthor`):
        its keys are checked, and not counted as cited."""
        for citation in cite[0]:
            if citation["citationId"] not in self.entries:
                self.undefined.append(UndefinedKey(citation["citationId"], where, note))

    def footnote(self, cite: list[Any], note: str, where: Location) -> str:
        """The footnote a citation in running text makes: the citation, ended with a period (Markdown)."""
        text = self.in_note(cite, note, where)
        return text if text.endswith((".", "?", "!")) else f"{text}."

    def in_note(self, cite: list[Any], note: str, where: Location) -> str:
        """The citation as a note prints it (Markdown), its keys now cited; other commands print nothing."""
        if command(cite) not in _PRINTED_IN_NOTES:
            self.in_text(cite, where, note)
            return ""
        written = []
        for citation in cite[0]:
            key = citation["citationId"]
            prenote = inline_markdown(citation["citationPrefix"]).strip()
            postnote = inline_markdown(citation["citationSuffix"]).strip()
            entry = self.entries.get(key)
            if entry is None:
                self.undefined.append(UndefinedKey(key, where, note))
                text = ", ".join(part for part in (escape_markdown(key), postnote) if part)
            elif key in self.cited:
                text = short_citation(entry, postnote)
            else:
                self.cited.add(key)
                text = full_citation(entry, postnote)
            written.append(f"{prenote} {text}" if prenote else text)
        return "; ".join(written)
