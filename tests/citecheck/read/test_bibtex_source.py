"""BibTeX files: entries with their fields and lines; syntax errors and duplicate keys name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.read.bibtex import NameList, name_list, parse_bibtex


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


def test_latex_in_fields_reads_as_the_text_it_prints() -> None:
    text = r"""@incollection{a,
  author = {M{\"u}ller, J{\'e}r{\^o}me and {\O}stergaard, S{\o}ren and Jane Roe and others},
  title = {The {DNA} of \emph{Things} \& {\c{C}}a: {\v S}koda's \textit{Stra{\ss}e}},
  url = {https://example.org/~user/a\_b},
  doi = {10.1234/a~b},
}"""
    (entry,) = parse_bibtex(text, "refs.bib")
    assert entry.get("author") == "Müller, Jérôme and Østergaard, Søren and Jane Roe and others"
    assert entry.get("title") == "The DNA of Things & Ça: Škoda's Straße"
    assert entry.get("url") == "https://example.org/~user/a\\_b"  # verbatim: as written
    assert entry.get("doi") == "10.1234/a~b"


def test_name_lists_are_split_into_people() -> None:
    names = name_list("Müller, Jérôme and van der Berg, Jan and Jane Roe and Plato and others")
    assert [(p.family, p.given) for p in names.people] == [
        ("Müller", "Jérôme"),
        ("van der Berg", "Jan"),
        ("Roe", "Jane"),
        ("Plato", ""),
    ]
    assert names.others
    assert [p.full for p in names.people] == ["Jérôme Müller", "Jan van der Berg", "Jane Roe", "Plato"]
    assert name_list("") == NameList(())
