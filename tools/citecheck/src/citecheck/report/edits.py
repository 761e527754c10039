"""A finding's fix as the reports carry it: each edit with its note, its place in the file and its text."""

from __future__ import annotations

from typing import Any

from citecheck.model import Edit, Finding, Model
from citecheck.notes.edits import placed


def edit_data(model: Model, edit: Edit) -> dict[str, Any]:
    """One edit for JSON: lines and columns from 1 (None for a note with no place in its file, such as a
    manuscript's), and the offsets in the note's text, which the report's `notes` give."""
    note = model.note(edit.note)
    place = placed(note, edit)
    (line, column), (end_line, end_column) = (place.start, place.end) if place else ((None, None), (None, None))
    return {
        "path": note.location.path,
        "note": note.label,
        "line": line,
        "column": None if column is None else column + 1,
        "end_line": end_line,
        "end_column": None if end_column is None else end_column + 1,
        "note_start": edit.start,
        "note_end": edit.end,
        "original": note.text[edit.start : edit.end],
        "replacement": edit.replacement,
    }


def fix_data(model: Model, finding: Finding) -> dict[str, Any] | None:
    """The finding's fix for JSON, or None."""
    if finding.fix is None:
        return None
    return {
        "safe": finding.fix.safe,
        "description": finding.fix.description,
        "edits": [edit_data(model, edit) for edit in finding.fix.edits],
    }


def fix_label(model: Model, finding: Finding) -> str:
    """How a finding's fix is made, as the text and Markdown reports say it: `--fix`, `--fix --unsafe-fixes`,
    or by hand where a note has no place in a file citecheck rewrites (a manuscript's)."""
    assert finding.fix is not None
    if any(not model.note(edit.note).origin for edit in finding.fix.edits):
        return "make by hand; --diff shows it"
    return "--fix" if finding.fix.safe else "--fix --unsafe-fixes"
