"""BibTeX files read with bibtexparser; syntax errors are reported with file and line."""

from __future__ import annotations

import logging

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from citecheck.errors import InputError
from citecheck.model import BibEntry, Location

# bibtexparser logs each syntax error itself; InputError below says it once, with file and line.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


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
            fields=tuple((field.key.lower(), _plain(str(field.value))) for field in entry.fields),
            location=Location(path, (entry.start_line or 0) + 1),
        )
        for entry in library.entries
    )


def _plain(value: str) -> str:
    """A field value without BibTeX's protective braces and with white space folded."""
    return " ".join(value.replace("{", "").replace("}", "").split())
