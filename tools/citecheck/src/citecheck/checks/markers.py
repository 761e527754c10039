"""Markers and notes that do not match: undefined, unreferenced, duplicated or out of order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from citecheck.checks.common import finding
from citecheck.model import Document, Finding, Marker, Model
from citecheck.notes.markup import READ_LIMIT, cut_at


def check(model: Model) -> Iterator[Finding]:
    """Findings about the correspondence between markers and notes."""
    for document in model.documents:
        yield from document_findings(document)


def document_findings(document: Document) -> Iterator[Finding]:
    """The marker findings of one document (the edition's build runs them on each page)."""
    name = document.name
    yield from _definitions(document)
    for marker in document.mistyped:
        yield finding(
            "marker-mistyped",
            f"'^[{marker.label}]' is an inline note whose whole text is {marker.label}: a marker was meant",
            marker.location,
            notes=(marker.label,),
            document=name,
            suggestion=f"[^{marker.label}]",
        )
    if document.numbered:
        yield from _order(document.markers, name)
    for location, problem in document.problems:
        yield finding("source-irregular", problem, location, document=name)


def _definitions(document: Document) -> Iterator[Finding]:
    """Notes defined twice, never referenced or too long to read whole, and markers of notes never defined."""
    name = document.name
    defined: dict[str, int] = {}  # label → twice the line of its first definition, plus one once it is referenced
    for note in document.notes:
        read = cut_at(note)
        if read is not None:
            yield finding(
                "note-too-long",
                f"note [{note.label}] is {len(note.text):,} characters long: only its first {read:,} are read and"
                f" checked (citecheck reads up to {READ_LIMIT:,} characters of a note)",
                note.location,
                notes=(note.label,),
                document=name,
                suggestion="split the note, or end the note where it was meant to end (a missing blank line?)",
            )
        if note.label in defined:
            yield finding(
                "duplicate-note",
                f"note [{note.label}] is defined twice (first on line {defined[note.label] // 2})",
                note.location,
                notes=(note.label,),
                document=name,
                suggestion="give each note its own label, or merge the two",
            )
        else:
            defined[note.label] = 2 * note.location.line
    for marker in document.markers:
        line = defined.get(marker.label)
        if line is None:
            yield finding(
                "undefined-note",
                f"note [{marker.label}] is referenced but not defined",
                marker.location,
                notes=(marker.label,),
                document=name,
            )
        else:
            defined[marker.label] = line | 1
    for note in document.notes:
        if defined.get(note.label) == 2 * note.location.line:
            yield finding(
                "unreferenced-note",
                f"note [{note.label}] is defined but never referenced",
                note.location,
                notes=(note.label,),
                document=name,
            )


def _order(markers: Iterable[Marker], document: str) -> Iterator[Finding]:
    seen: set[int] = set()
    highest = 0
    for marker in markers:
        number = int(marker.label)
        if number in seen:
            yield finding(
                "marker-out-of-order",
                f"marker {number} is used again",
                marker.location,
                notes=(marker.label,),
                document=document,
            )
        elif number < highest:
            yield finding(
                "marker-out-of-order",
                f"marker {number} comes after marker {highest}",
                marker.location,
                notes=(marker.label,),
                document=document,
            )
        seen.add(number)
        highest = max(highest, number)
