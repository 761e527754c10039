"""Markers and notes that do not match: undefined, unreferenced, duplicated or out of order."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Model
from .common import finding


def check(model: Model) -> Iterator[Finding]:
    """Findings about the correspondence between markers and notes."""
    for document in model.documents:
        name = document.name
        defined: dict[str, int] = {}
        for note in document.notes:
            if note.label in defined:
                yield finding("duplicate-note", f"note [{note.label}] is defined again (first at line "
                              f"{defined[note.label]})", note.location, notes=(note.label,), document=name,
                              suggestion="give each note its own label, or merge the two")
            else:
                defined[note.label] = note.location.line
        referenced = {marker.label for marker in document.markers}
        for marker in document.markers:
            if marker.label not in defined:
                yield finding("undefined-note", f"marker [{marker.label}] has no note", marker.location,
                              notes=(marker.label,), document=name)
        for note in document.notes:
            if note.label not in referenced and defined.get(note.label) == note.location.line:
                yield finding("unreferenced-note", f"note [{note.label}] is not referenced in the text",
                              note.location, notes=(note.label,), document=name)
        if document.numbered:
            yield from _order(document.markers, name)
        for location, problem in document.problems:
            yield finding("source-irregular", problem, location, document=name)


def _order(markers, document: str) -> Iterator[Finding]:
    seen: set[int] = set()
    highest = 0
    for marker in markers:
        number = int(marker.label)
        if number in seen:
            yield finding("marker-out-of-order", f"marker {number} is used again", marker.location,
                          notes=(marker.label,), document=document)
        elif number < highest:
            yield finding("marker-out-of-order", f"marker {number} comes after marker {highest}",
                          marker.location, notes=(marker.label,), document=document)
        seen.add(number)
        highest = max(highest, number)
