"""What each note tells a reader beyond its words: the note an ibid or short form points to, its works, findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from citecheck.checks.common import label
from citecheck.checks.repetition import short_form
from citecheck.model import CitationKind, Finding, Model, Severity

AID_CLASS = "edition-note-aid"
"""The class of everything the edition adds to a note (the text-fidelity tests leave it out)."""


@dataclass(frozen=True, slots=True)
class Pointer:
    """An ibid or short form resolved: the note it refers to and that note's work."""

    kind: CitationKind
    note: str
    """Label of the note it refers to."""
    work: str
    """The work in short form, e.g. `Chia and Haiqi, 'Russia-Pakistan Economic Relations'`."""


@dataclass(frozen=True, slots=True)
class NoteAid:
    """The edition's additions to one note."""

    label: str
    pointers: tuple[Pointer, ...]
    works: tuple[tuple[str, str], ...]
    """(bibliography anchor, short form) of each work the note cites."""
    findings: tuple[Finding, ...]


def note_aids(model: Model, findings: Iterable[Finding]) -> dict[str, NoteAid]:
    """An aid for every note, keyed by note label."""
    by_note: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.notes and finding.severity is not Severity.INFO:
            by_note.setdefault(finding.notes[0], []).append(finding)
    aids: dict[str, NoteAid] = {}
    for document in model.documents:
        for note in document.notes:
            pointers = []
            works = []
            for resolved in model.citations_of(note.key):
                work = model.works_by_id.get(resolved.work or "")
                if work is None:
                    continue
                if resolved.citation.kind is CitationKind.IBID and resolved.antecedent:
                    source = _cited_in(model, resolved.antecedent)
                    pointers.append(Pointer(CitationKind.IBID, label(source), short_form(work)))
                elif resolved.citation.kind is CitationKind.SHORT and resolved.antecedent:
                    pointers.append(Pointer(CitationKind.SHORT, label(resolved.antecedent), short_form(work)))
                anchor = work.bib_key or work.id
                if (anchor, short_form(work)) not in works:
                    works.append((anchor, short_form(work)))
            aids[note.label] = NoteAid(note.label, tuple(pointers), tuple(works), tuple(by_note.get(note.label, ())))
    return aids


def _cited_in(model: Model, key: str) -> str:
    """The note an ibid chain leads back to: the nearest earlier note that names the work."""
    seen = {key}
    citations = model.citations_of(key)
    while citations and all(c.citation.kind is CitationKind.IBID for c in citations):
        previous = citations[0].antecedent
        if previous is None or previous in seen:
            break
        key = previous
        seen.add(key)
        citations = model.citations_of(key)
    return key


def aid_html(aid: NoteAid, note_url: Callable[[str], str], bibliography_url: str) -> str:
    """The aid as inline HTML placed at the end of the note (before its back-link)."""
    parts: list[str] = []
    for pointer in aid.pointers:
        word = "Ibid." if pointer.kind is CitationKind.IBID else "Short form"
        parts.append(
            f'<span class="edition-note-pointer">{word} → <a href="{escape(note_url(pointer.note), quote=True)}">'
            f"note {escape(pointer.note)}</a>: {escape(pointer.work)}</span>"
        )
    for anchor, name in aid.works:
        parts.append(
            f'<a class="edition-note-work" href="{escape(bibliography_url, quote=True)}#{escape(anchor, quote=True)}"'
            f' title="{escape(name, quote=True)} in the bibliography">bibliography</a>'
        )
    for finding in aid.findings:
        message = f"{finding.code}: {finding.message}"
        if finding.suggestion:
            message += f" (suggestion: {finding.suggestion})"
        # The hidden text is what a screen reader says; the title is the hover text.
        parts.append(
            f'<span class="edition-note-finding" tabindex="0" role="note" title="{escape(message, quote=True)}">'
            f'⚑<span class="edition-sr-only"> {escape(message)}</span></span>'
        )
    if not parts:
        return ""
    return f' <span class="{AID_CLASS}">' + " ".join(parts) + "</span>"
