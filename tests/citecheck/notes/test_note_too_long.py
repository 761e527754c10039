"""A note past `READ_LIMIT` characters is read up to white space before the limit, and reported (`note-too-long`).

No real note comes near the limit (the longest in the corpus has under 2,000 characters); a hostile one of
200,000 URLs made markdown-it hold 800,000 tokens at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.codes import CORE_CODES
from citecheck.model import Severity
from citecheck.notes.markup import READ_LIMIT

URL = "<https://example.org/item/{}>"


def _urls_note(count: int) -> str:
    return " ".join(URL.format(i) for i in range(count))


def _write(tmp_path: Path, note: str, name: str = "long.md", tail: str = "") -> Path:
    path = tmp_path / name
    path.write_text(f"Text.[^1] Gone.[^2]\n\n[^1]: {note}\n{tail}", encoding="utf-8")
    return path


def test_a_note_past_the_limit_is_read_up_to_white_space_and_reported(analyse, tmp_path: Path) -> None:
    count = READ_LIMIT // len(URL.format(10_000)) * 2  # about twice the limit
    note = _urls_note(count)
    analysis = analyse(_write(tmp_path, note))
    (finding,) = analysis.of("note-too-long")
    assert finding.severity is CORE_CODES["note-too-long"].severity is Severity.WARNING
    assert finding.notes == ("1",)
    assert finding.location.line == 3
    read = note.rfind(" ", 0, READ_LIMIT + 1)
    assert f"{len(note):,} characters long" in finding.message
    assert f"only its first {read:,} are read" in finding.message
    (citation,) = analysis.citations("1")
    urls = [url.raw for url in citation.citation.urls]
    # Every URL wholly before the cut, in order, and none cut in half.
    assert urls == [URL.format(i)[1:-1] for i in range(len(note[:read].split()))]
    assert "url-malformed" not in analysis.codes()
    # The rest of the document is read as before.
    assert [f.notes for f in analysis.of("undefined-note")] == [("2",)]


def test_a_note_at_the_limit_is_read_whole(analyse, tmp_path: Path) -> None:
    note = _urls_note(READ_LIMIT)[:READ_LIMIT].rsplit(" ", 1)[0]
    note += " " + "x" * (READ_LIMIT - len(note) - 1)
    assert len(note) == READ_LIMIT
    analysis = analyse(_write(tmp_path, note))
    assert analysis.of("note-too-long") == []


def test_a_note_with_no_white_space_is_cut_at_the_limit(analyse, tmp_path: Path) -> None:
    analysis = analyse(_write(tmp_path, "x" * (3 * READ_LIMIT)))
    (finding,) = analysis.of("note-too-long")
    assert f"only its first {READ_LIMIT:,} are read" in finding.message


def test_the_limit_holds_where_the_document_defines_link_references(analyse, tmp_path: Path) -> None:
    """Such notes are parsed while the document is read, with its references: the same limit applies."""
    note = "[Roe][r], " + _urls_note(READ_LIMIT // 10)
    analysis = analyse(_write(tmp_path, note, tail="\n[r]: https://example.org/roe\n"))
    assert [f.notes for f in analysis.of("note-too-long")] == [("1",)]
    (citation,) = analysis.citations("1")
    assert citation.citation.urls[0].raw == "https://example.org/roe"


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_the_command_line_names_the_note(cli, tmp_path: Path, suffix: str) -> None:
    note = _urls_note(READ_LIMIT // 10)
    if suffix == ".md":
        path = _write(tmp_path, note)
    else:
        path = tmp_path / "long.txt"
        path.write_text(f"Text.1\n\nNotes\n\n1. {note}\n", encoding="utf-8")
    result = cli(path, "--offline", "--format", "json")
    (finding,) = [f for f in result.json()["findings"] if f["code"] == "note-too-long"]
    assert finding["notes"] == ["1"]
