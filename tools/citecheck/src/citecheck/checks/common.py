"""Building findings: default severity from the code catalogue, note labels from note keys."""

from __future__ import annotations

from collections.abc import Iterable

from citecheck.codes import CORE_CODES
from citecheck.model import Edit, Finding, Fix, Location, Model
from citecheck.notes.edits import url_replaced
from citecheck.notes.markup import note_content


def finding(
    code: str,
    message: str,
    location: Location,
    *,
    notes: tuple[str, ...] = (),
    related: tuple[str, ...] = (),
    suggestion: str | None = None,
    document: str = "",
    subject: str = "",
    fix: Fix | None = None,
) -> Finding:
    """A finding of one of citecheck's own codes, with the code's default severity."""
    return Finding(
        code=code,
        severity=CORE_CODES[code].severity,
        message=message,
        location=location,
        notes=notes,
        related=related,
        suggestion=suggestion,
        document=document,
        subject=subject,
        fix=fix,
    )


def label(key: str | None) -> str:
    """The printed label of a note key (`docs#43` → `43`)."""
    return key.rsplit("#", 1)[-1] if key else ""


def note_finding(
    model: Model,
    code: str,
    note_key: str,
    message: str,
    *,
    related: tuple[str, ...] = (),
    suggestion: str | None = None,
    subject: str = "",
    fix: Fix | None = None,
) -> Finding:
    """A finding about one note, located at its definition."""
    note = model.note(note_key)
    return finding(
        code,
        message,
        note.location,
        notes=(note.label,),
        related=tuple(label(r) for r in related),
        suggestion=suggestion,
        document=note.document,
        subject=subject,
        fix=fix,
    )


def url_fix(model: Model, note_keys: Iterable[str], raw: str, new: str, *, safe: bool) -> Fix | None:
    """`new` written wherever the notes write the URL `raw`; None unless every place can be edited."""
    edits: list[Edit] = []
    for key in note_keys:
        found = url_replaced(key, note_content(model.note(key)), raw, new)
        if not found:
            return None
        edits.extend(found)
    return Fix(f"write {new}", tuple(edits), safe) if edits else None
