"""Plain-text papers: superscript (¹²³) or bracketed ([12]) markers, and a numbered notes list."""

from __future__ import annotations

import re

from citecheck.model import Document, Location, Marker, Note
from citecheck.notes.markup import read_markdown_note
from citecheck.read.lines import joined_lines, split_lines

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_NOTES_HEADING = re.compile(
    r"^\s*#{0,6}\s*(references|notes|endnotes|footnotes|bibliography|works cited)\s*:?\s*$", re.IGNORECASE
)
_MARKER = re.compile(rf"[{SUPERSCRIPTS}]+|\[(\d{{1,4}})\]")
_NOTE_LINE = re.compile(rf"^\s*(?:[-*•]\s*)?(?:\[(\d{{1,4}})\]|(\d{{1,4}})(?:[.)]|(?=\s))|([{SUPERSCRIPTS}]+))\s*(.*)$")
_BULLET_ONLY = re.compile(r"^\s*[-*•]\s*$")


def superscript_number(text: str) -> str:
    """`²⁵` → `25`."""
    return text.translate(_TO_DIGITS)


def _notes_start(lines: list[str]) -> int | None:
    """Index of the last notes heading that is followed by a numbered note."""
    for index in range(len(lines) - 1, -1, -1):
        if _NOTES_HEADING.match(lines[index]):
            following = (line for line in lines[index + 1 :] if line.strip())
            first = next(following, "")
            if _NOTE_LINE.match(first):
                return index
    return None


def parse_plaintext(text: str, path: str, document: str | None = None) -> Document:
    """Markers in the body and notes after the notes heading, with 1-based line numbers."""
    doc_name = document or path
    lines = split_lines(text)
    start = _notes_start(lines)
    body_end = start if start is not None else len(lines)
    markers: list[Marker] = []
    for number, line in enumerate(lines[:body_end], start=1):
        for match in _MARKER.finditer(line):
            label = match.group(1) or superscript_number(match.group(0))
            markers.append(Marker(str(int(label)), Location(path, number)))
    notes: list[Note] = []
    problems: list[tuple[Location, str]] = []
    if start is not None:
        current: tuple[str, int, list[tuple[str, int, int]]] | None = None
        for number, line in enumerate(lines[start + 1 :], start=start + 2):
            note_line = _NOTE_LINE.match(line)
            if note_line:
                if current:
                    notes.append(_note(current, path, doc_name))
                label = note_line.group(1) or note_line.group(2) or superscript_number(note_line.group(3))
                current = (str(int(label)), number, [_written(line, number, note_line.start(4))])
            elif _BULLET_ONLY.match(line):
                problems.append((Location(path, number), "an empty list item in the notes"))
            elif line.strip() and current:
                current[2].append(_written(line, number, 0))
            elif line.strip():
                problems.append((Location(path, number), "text after the notes heading that is not a numbered note"))
        if current:
            notes.append(_note(current, path, doc_name))
    return Document(doc_name, tuple(markers), tuple(notes), (path,), True, tuple(problems))


def _written(line: str, number: int, column: int) -> tuple[str, int, int]:
    """line[column:] stripped, with its line number and the column where what remains starts."""
    rest = line[column:]
    return rest.strip(), number, column + len(rest) - len(rest.lstrip())


def _note(current: tuple[str, int, list[tuple[str, int, int]]], path: str, document: str) -> Note:
    """A note of the list, its lines joined by spaces; its text is read as Markdown, whose conventions
    (`*Title*`, `<https://…>`) plain-text papers follow."""
    label, line, written = current
    text, origin = joined_lines(written, " ", " ")
    return Note(label, text, Location(path, line), document, read_markdown_note(text), origin)
