"""Markdown footnotes: markers and definitions with their lines, multi-paragraph notes, front matter, code."""

from __future__ import annotations

from pathlib import Path

from citecheck.model import CitationKind
from citecheck.notes.markup import note_content
from citecheck.read.markdown import parse_markdown


def test_front_matter_code_and_multi_paragraph_notes(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "sources" / "front-matter.md")
    (document,) = analysis.model.documents
    assert not document.numbered  # `long` is not a number
    # Not the [^9] of the front matter, nor the [^3] [^4] [^5] inside code.
    assert [(m.label, m.location.line) for m in document.markers] == [("1", 9), ("long", 9), ("1", 9)]
    assert [(n.label, n.location.line) for n in document.notes] == [("1", 19), ("long", 21)]
    long = document.notes[1].text
    assert long.startswith("John Doe, 'Other Matters', *Review of Matters* 2\n(2019): 5-9,")
    assert long.endswith("\n\nSee also Roe, 'A Study of Things', 4.")
    assert "Back in the body" not in long
    kinds = [c.citation.kind for c in analysis.citations("long")]
    assert kinds == [CitationKind.FULL, CitationKind.SHORT]
    assert analysis.citations("long")[1].work == analysis.work_of("1")
    assert analysis.findings == []


def test_a_marker_after_an_html_block_counts(analyse, fixtures: Path) -> None:
    """Python-Markdown renders a marker on the line after `</table>`; a comment's `[^3]` is no marker."""
    analysis = analyse(fixtures / "sources" / "html-block.md")
    (document,) = analysis.model.documents
    assert [(m.label, m.location.line) for m in document.markers] == [("1", 1), ("2", 6)]
    assert analysis.findings == []


def test_marker_lines_follow_soft_breaks() -> None:
    text = "One.[^a]\nTwo,\nthree.[^b]\n\n> Quoted.[^c]\n\n- item[^d]\n\n[^a]: A.\n[^b]: B.\n[^c]: C.\n[^d]: D.\n"
    document = parse_markdown(text, "x.md")
    assert [(m.label, m.location.line) for m in document.markers] == [("a", 1), ("b", 3), ("c", 5), ("d", 7)]
    assert [(n.label, n.location.line, n.text) for n in document.notes] == [
        ("a", 9, "A."),
        ("b", 10, "B."),
        ("c", 11, "C."),
        ("d", 12, "D."),
    ]


def test_an_undefined_marker_is_still_a_marker() -> None:
    document = parse_markdown("Claim.[^1] Other.[^missing]\n\n[^1]: A note.\n", "x.md")
    assert [m.label for m in document.markers] == ["1", "missing"]


def test_numeric_labels_make_a_numbered_document() -> None:
    assert parse_markdown("A.[^1] B.[^2]\n\n[^1]: One.\n[^2]: Two.\n", "x.md").numbered
    assert not parse_markdown("A.[^a]\n\n[^a]: One.\n", "x.md").numbered
    assert not parse_markdown("No notes at all.\n", "x.md").numbered


def test_a_duplicate_definition_is_kept_with_its_line() -> None:
    document = parse_markdown("A.[^1]\n\n[^1]: One.\n[^1]: Again.\n", "x.md")
    assert [(n.label, n.location.line, n.text) for n in document.notes] == [("1", 3, "One."), ("1", 4, "Again.")]


def test_unterminated_markers_and_empty_definitions_do_not_break_the_reader(analyse, tmp_path: Path) -> None:
    path = tmp_path / "odd.md"
    path.write_text(
        "Claim.[^1] An unterminated [^2 marker.\n\n[^1]: Jane Roe, *A Book* (2020).\n[^3]:\n", encoding="utf-8"
    )
    analysis = analyse(path)
    (document,) = analysis.model.documents
    assert [m.label for m in document.markers] == ["1"]
    assert [n.label for n in document.notes] == ["1", "3"]
    assert [(f.code, f.notes) for f in analysis.findings] == [("unreferenced-note", ("3",))]


def test_marker_lines_after_a_code_span_that_crosses_a_line() -> None:
    """markdown-it turns a code span's line break into a space; the marker is still on its own line."""
    text = "Data in `year\nDecimal` column.[^1] Again.[^1]\nLast.[^2]\n\n[^1]: One.\n[^2]: Two.\n"
    document = parse_markdown(text, "x.md")
    assert [(m.label, m.location.line) for m in document.markers] == [("1", 2), ("1", 2), ("2", 3)]


def test_an_inline_note_of_a_number_is_a_mistyped_marker() -> None:
    """`^[4]` where `[^4]` was meant: a marker of note 4, reported, and no note "4"; `^[4 ways]` is a note."""
    text = "Claim.^[2] Other claim.^[4 ways to say it.]\n\n[^2]: Jane Roe, *A Book* (London: Press, 2001), 4.\n"
    document = parse_markdown(text, "doc.md")
    assert [(m.label, m.location.line) for m in document.mistyped] == [("2", 1)]
    assert [m.label for m in document.markers] == ["2", "inline-2"]
    assert [(n.label, n.text) for n in document.notes] == [
        ("2", "Jane Roe, *A Book* (London: Press, 2001), 4."),
        ("inline-2", "4 ways to say it."),
    ]


def test_every_note_is_read_as_a_reader_sees_it() -> None:
    document = parse_markdown(
        "Claim.[^1]\n\n[^1]: A. Author, _The \\_Book_,\n    [link](https://a.example/p).\n", "doc.md"
    )
    (note,) = document.notes
    assert note_content(note).source == note.text
    assert note_content(note).plain == "A. Author, The _Book,\nlink."


def test_a_note_is_parsed_by_its_reader_only_when_it_needs_the_documents_link_references() -> None:
    """Else it is parsed when its citations are read: a long text's parsed notes are never all held at once."""
    plain, referenced = (
        parse_markdown(f"Claim.[^1]\n\n[^1]: See [the report][r].\n{tail}", "doc.md").notes[0]
        for tail in ("", "\n[r]: https://a.example/report\n")
    )
    assert plain.content is None and note_content(plain).spans == ()
    assert referenced.content is not None and referenced.content.spans[0].target == "https://a.example/report"
