"""BibTeX files read with bibtexparser; syntax errors are reported with file and line.

A field's value is kept as plain text: protective braces removed, and in fields that are not verbatim (URLs
and DOIs are) LaTeX's accents, escaped characters and text commands read as the characters they print. Name
lists (`author`, `editor`) are split into people as BibTeX splits them.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from citecheck.errors import InputError
from citecheck.model import BibEntry, Location

# bibtexparser logs each syntax error itself; InputError below says it once, with file and line.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf"})
"""Fields biblatex reads as written: a `~` or `\\_` in a URL is part of it."""
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
            "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a"}  # fmt: skip
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}  # fmt: skip
_SYMBOL_ACCENT = re.compile(r"\\([`'^\"~=.])\s*(?:\{\s*)?(\\[ij]\b|[A-Za-z])\s*\}?")
_LETTER_ACCENT = re.compile(r"\\([uvHckr])(?:\s*\{\s*|\s+)(\\[ij]\b|[A-Za-z])\s*\}?")
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij])\b\s*")
_ESCAPED = re.compile(r"\\([&%$#_])")
_TEXT_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*(?=\{)")
"""`\\emph{…}`, `\\textit{…}`, `\\mkbibquote{…}`: the command goes, its argument stays."""


@dataclass(frozen=True, slots=True)
class Person:
    """One name of a name list: `Roe, Jane` or `Jane Roe` (without a comma, the last word is the family name)."""

    family: str
    given: str = ""

    @property
    def full(self) -> str:
        """Given name(s) and family name, as a note writes them (`Jane Roe`)."""
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True, slots=True)
class NameList:
    """The people of an `author` or `editor` field."""

    people: tuple[Person, ...]
    others: bool = False
    """The list ends with `and others`: more people than it names (et al.)."""


def parse_bibtex(text: str, path: str) -> tuple[BibEntry, ...]:
    """The entries of a BibTeX file; raises InputError at the first block that does not parse."""
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            raise InputError(path, f"duplicate entry key {block.key!r}", line=line)
        if isinstance(block, ParsingFailedBlock):
            raw = (block.raw or "").strip()
            first = raw.splitlines()[0] if raw else ""
            raise InputError(path, f"BibTeX syntax error in {first[:60]!r}", line=line)
    return tuple(
        BibEntry(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields=tuple((field.key.lower(), _plain(field.key.lower(), str(field.value))) for field in entry.fields),
            location=Location(path, (entry.start_line or 0) + 1),
        )
        for entry in library.entries
    )


def name_list(value: str) -> NameList:
    """The people of a name list (`Roe, Jane and John Doe and others`)."""
    people = []
    names = [name.strip() for name in re.split(r"\s+and\s+", value) if name.strip()]
    others = bool(names) and names[-1] == "others"
    for name in names[:-1] if others else names:
        parts = [part.strip() for part in name.split(",")]
        if len(parts) > 1:  # `Family, Given` (or `Family, Jr, Given`)
            people.append(Person(parts[0], parts[-1]))
        else:
            *given, family = name.split()
            people.append(Person(family, " ".join(given)))
    return NameList(tuple(people), others)


def _plain(name: str, value: str) -> str:
    """A field value as the text it prints, without BibTeX's protective braces and with white space folded."""
    if name not in _VERBATIM:
        value = _latex_text(value)
    return " ".join(value.replace("{", "").replace("}", "").split())


def _latex_text(value: str) -> str:
    """LaTeX accents, special letters, escaped characters, ties and text commands as the characters they print."""

    def accented(match: re.Match[str]) -> str:
        letter = match.group(2)
        base = _LETTERS[letter[1:]] if letter.startswith("\\") else letter
        return unicodedata.normalize("NFC", base.replace("ı", "i").replace("ȷ", "j") + _ACCENTS[match.group(1)])

    value = _SYMBOL_ACCENT.sub(accented, value)
    value = _LETTER_ACCENT.sub(accented, value)
    value = _LETTER.sub(lambda match: _LETTERS[match.group(1)], value)
    value = _ESCAPED.sub(r"\1", value).replace("~", " ")
    return _TEXT_COMMAND.sub("", value)
