"""What each note tells a reader beyond its words: the note an ibid or short form points to, its works, findings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from citecheck.checks.common import label
from citecheck.checks.short_forms import short_form
from citecheck.model import CitationKind, Finding, Model, Severity, Work
from citecheck.notes.text import straighten
from pakistan_russia_edition.finding_text import Item, SharedWork, item_html

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


def full_short_form(work: Work) -> str:
    """Surname(s) and the whole main title (up to its subtitle): never cut mid-phrase.

    citecheck's `short_form` shortens a long main title to its first words, which can stop inside a
    phrase ("…in the Changing"); a reader is better served by the whole main title.
    """
    surnames = list(work.authors[:3])
    who = " and ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."
    head = re.split(r"(?<=[:?])\s", straighten(work.title) + " ", maxsplit=1)[0].strip().removesuffix(":")
    return f"{who}, '{head}'" if who else f"'{head}'"


def shared_work(model: Model) -> SharedWork:
    """``shared(note, other)``: the complete short form of a work both notes (labels) cite, if any."""
    keys = {note.label: note.key for document in model.documents for note in document.notes}

    def shared(note: str, other: str) -> str | None:
        if note not in keys or other not in keys:
            return None
        theirs = set(model.works_of(keys[other]))
        for work_id in model.works_of(keys[note]):
            if work_id in theirs and work_id in model.works_by_id:
                return full_short_form(model.works_by_id[work_id])
        return None

    return shared


def aid_html(
    aid: NoteAid,
    note_url: Callable[[str], str],
    bibliography_url: str,
    shared: SharedWork = lambda note, other: None,
) -> str:
    """The aid as inline HTML placed at the end of the note (after its back-link).

    A note with findings gets one ⚑ button that discloses them in plain words (`finding_text`);
    without the edition's script the explanations simply stay visible.
    """
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
    panel = ""
    if aid.findings:
        ident = f"findings-{escape(aid.label, quote=True)}"
        count = len(aid.findings)
        name = f"What the citation checker found in note {aid.label}" + (f" ({count} findings)" if count > 1 else "")
        parts.append(
            f'<button type="button" class="edition-finding-mark" aria-expanded="true" aria-controls="{ident}">'
            f'<span aria-hidden="true">⚑</span><span class="edition-sr-only">{escape(name)}</span></button>'
        )
        items = "".join(
            f'<span class="edition-finding">{item_html(Item.from_finding(f), shared, note_url)}</span>'
            for f in aid.findings
        )
        panel = f'<span class="edition-finding-panel" id="{ident}">{items}</span>'
    if not parts:
        return ""
    return f' <span class="{AID_CLASS}">' + " ".join(parts) + panel + "</span>"
