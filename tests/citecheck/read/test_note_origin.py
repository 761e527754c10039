"""Every note knows where each of its lines is written in its file (`Note.origin`), character for character.

This is what fixes are made from, so it is checked mechanically: for every line of every note of the article,
the edition's pages, the shared corpus and hand-made awkward files, the file holds that line's text at the
recorded line and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.model import Note
from citecheck.read import read_document
from citecheck.read.lines import split_lines

ROOT = Path(__file__).resolve().parents[3]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
REAL_FILES = [
    ROOT / "references" / "original" / "paper.txt",
    *sorted((ROOT / "docs" / "article").glob("*.md")),
    *(sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []),
]


def misplaced_lines(note: Note, text: str) -> list[str]:
    """The note's lines that the file does not hold where the note's origin says."""
    lines = split_lines(text)
    rows = [note.origin[i : i + 3] for i in range(0, len(note.origin), 3)]
    ends = [row[0] for row in rows[1:]] + [len(note.text)]
    wrong = []
    for (start, line, column), end in zip(rows, ends):
        written = note.text[start:end].rstrip("\n ")
        if not lines[line - 1].startswith(written, column):
            wrong.append(f"line {line}, column {column}: expected {written!r}, found {lines[line - 1][column:]!r}")
    return wrong


def assert_exact(path: Path) -> int:
    document = read_document(path)
    text = path.read_text(encoding="utf-8-sig")
    for note in document.notes:
        if note.label.startswith("inline-"):
            continue
        assert note.origin, f"note {note.label} has no origin"
        assert note.origin[:3][0] == 0
        assert not misplaced_lines(note, text), f"note {note.label}: {misplaced_lines(note, text)}"
    return len(document.notes)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_every_line_of_every_real_note_is_where_its_origin_says(path: Path) -> None:
    assert assert_exact(path) >= 0


def test_the_article_has_95_placed_notes() -> None:
    assert assert_exact(ROOT / "references" / "original" / "paper.txt") == 95


AWKWARD = {
    "crlf.md": "Text.[^1] More.[^2]\r\n\r\n[^1]: First line,\r\n    second line.\r\n\r\n    A paragraph.\r\n[^2]: Two.\r\n",
    "separators.md": "Form\x0cfeed and\u2028separator.[^a]\n\n[^a]:   Ibid, 4.\n\tTabbed *line*.\n",
    "cr-only.md": "Old Mac.[^1]\r\r[^1]: Doe, *Book* (2001), 4.\r",
    "notes.txt": "Body text.¹ More² and more.[3]\n\nNotes\n\n1.  Doe, *Book*\n    (2001), 4.\n- 2 Ibid\n[3] Ibid., 5.\n",
}


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_line_breaks_and_indentation(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(AWKWARD[name].encode("utf-8"))
    assert assert_exact(path) >= 1


def test_a_note_after_a_form_feed_keeps_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "ff.md"
    path.write_text("One\x0cstill line one.[^1]\n\n[^1]: The note.\n", encoding="utf-8")
    (note,) = read_document(path).notes
    assert note.location.line == 3
    assert note.text == "The note."
    assert note.position(4) == (3, 10)


def test_position_maps_a_note_offset_to_its_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("A.[^1]\n\n[^1]: Doe, *Book*,\n      45.\n", encoding="utf-8")
    (note,) = read_document(path).notes
    assert note.text == "Doe, *Book*,\n45."
    assert note.position(0) == (3, 6)
    assert note.position(note.text.index("45")) == (4, 6)
