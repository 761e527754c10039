"""Plain-text papers: superscript or bracketed markers in the body, a numbered notes list after a heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.model import CitationKind
from citecheck.read.plaintext import parse_plaintext

FORMS = ["dash-number.txt", "dash-superscript.txt", "numbered.txt", "superscript.txt", "bracketed.txt"]


@pytest.mark.parametrize("name", FORMS)
def test_every_notes_list_form(analyse, fixtures: Path, name: str) -> None:
    analysis = analyse(fixtures / "sources" / name)
    (document,) = analysis.model.documents
    assert document.numbered
    assert [(m.label, m.location.line) for m in document.markers] == [("1", 3), ("2", 3), ("3", 4)]
    assert [(n.label, n.location.line) for n in document.notes] == [("1", 8), ("2", 9), ("3", 10)]
    assert document.notes[1].text == "Ibid., 4."
    assert document.notes[0].text.startswith("Jane Roe, 'A Study of Things'")
    (ibid,) = analysis.citations("2")
    assert ibid.citation.kind is CitationKind.IBID
    assert ibid.work == analysis.work_of("1")
    assert analysis.findings == []  # numbers in the body (1972) are not markers


def test_notes_continue_over_lines_and_superscripts_run_to_two_digits(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "sources" / "continued.txt")
    (document,) = analysis.model.documents
    assert [m.label for m in document.markers] == ["1", "25"]
    assert [(n.label, n.location.line) for n in document.notes] == [("1", 7), ("25", 10)]
    assert document.notes[0].text.endswith("1-10, <https://example.org/articles/study>.")
    (full,) = analysis.citations("1")
    assert [u.raw for u in full.citation.urls] == ["https://example.org/articles/study"]
    assert analysis.findings == []


def test_the_last_notes_heading_followed_by_notes_is_used() -> None:
    text = "Title\n\nNotes\n\nThe word Notes above is a section of the body.¹\n\nReferences\n\n1. Ibid.\n"
    document = parse_plaintext(text, "paper.txt")
    assert [n.label for n in document.notes] == ["1"]
    assert [(m.label, m.location.line) for m in document.markers] == [("1", 5)]


def test_without_a_notes_heading_every_marker_is_undefined(analyse, tmp_path: Path) -> None:
    path = tmp_path / "no-notes.txt"
    path.write_text("A claim.¹ Another.[2]\n", encoding="utf-8")
    analysis = analyse(path)
    assert [(f.code, f.notes) for f in analysis.findings] == [("undefined-note", ("1",)), ("undefined-note", ("2",))]


def test_an_empty_item_in_the_notes_is_irregular() -> None:
    text = "Body.¹ More.²\n\nNotes\n\n1. Jane Roe, *A Book* (2020).\n-\n2. Ibid.\n"
    document = parse_plaintext(text, "paper.txt")
    assert [n.label for n in document.notes] == ["1", "2"]
    assert [(loc.line, problem) for loc, problem in document.problems] == [(6, "an empty list item in the notes")]


def test_a_heading_not_followed_by_a_numbered_note_is_body_text() -> None:
    text = "Body.¹\n\nNotes\n\nAn unnumbered line first.\n1. Jane Roe, *A Book* (2020).\n"
    document = parse_plaintext(text, "paper.txt")
    assert document.notes == ()
