"""BibTeX files: entries with their fields and lines; syntax errors and duplicate keys name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.read.bibtex import parse_bibtex


def test_entries_fields_and_lines(fixtures: Path) -> None:
    entries = parse_bibtex((fixtures / "bib" / "partial.bib").read_text(encoding="utf-8"), "partial.bib")
    assert [(e.key, e.entry_type, e.location.line) for e in entries] == [
        ("roe2020", "article", 2),
        ("roe2020again", "article", 10),
        ("poe2018", "book", 17),
        ("smith1776", "book", 24),
    ]
    assert entries[1].get("title") == "A Study of Things: The Long Version"  # protective braces removed
    assert entries[0].get("url") == "https://example.org/articles/study"
    assert entries[0].get("missing") == ""


def test_syntax_error_names_file_and_line(fixtures: Path) -> None:
    with pytest.raises(InputError) as error:
        parse_bibtex((fixtures / "bib" / "broken.bib").read_text(encoding="utf-8"), "broken.bib")
    assert str(error.value).startswith("broken.bib:7: BibTeX syntax error")
    assert (error.value.path, error.value.line) == ("broken.bib", 7)


def test_duplicate_key_names_file_and_line() -> None:
    text = "@book{a, title = {One}}\n\n@book{a,\n  title = {Two},\n}\n"
    with pytest.raises(InputError, match=r"^refs\.bib:3: duplicate entry key 'a'"):
        parse_bibtex(text, "refs.bib")


def test_an_empty_bibliography_has_no_entries() -> None:
    assert parse_bibtex("% only a comment\n", "refs.bib") == ()
