"""Works cited again: repeated full citations, duplicates in one note, unresolved short forms, style drift."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping

from rapidfuzz import fuzz, process

from citecheck.checks.common import label, note_finding
from citecheck.checks.short_forms import pinpoint, plainly_cited, short_citation, short_form, signal, title_quote
from citecheck.model import Citation, CitationKind, Edit, Finding, Fix, Model, ResolvedCitation, Style, Work
from citecheck.notes.edits import removal, same_citation
from citecheck.notes.identifiers import url_identity
from citecheck.notes.text import main_title, title_key

_MONTH_FIRST = re.compile(r"^[A-Z][a-z]+\.? \d{1,2}, \d{4}$")


def check(model: Model) -> Iterator[Finding]:
    """Findings about works cited more than once."""
    first_full = model.first_full_citations
    previous = _previous_notes(model)
    yield from _duplicates_within_notes(model)
    for resolved in model.citations:
        citation = resolved.citation
        if citation.kind is CitationKind.SHORT and citation.form and resolved.work is None:
            yield _earlier_work_unresolved(model, resolved)
            continue
        if citation.kind is CitationKind.IBID or resolved.work is None:
            continue
        work = model.works_by_id[resolved.work]
        if citation.kind is CitationKind.SHORT and resolved.antecedent is None:
            yield _unresolved(model, resolved, work, first_full)
            continue
        if citation.kind is not CitationKind.FULL or resolved.antecedent is None:
            continue
        first = first_full[resolved.work]
        if resolved.antecedent != citation.note:
            previous_works = model.works_of(previous[citation.note]) if citation.note in previous else []
            fix = None if _cited_again_in_note(model, resolved) else _shortened(citation, work, first)
            yield note_finding(
                model,
                "repeated-full-citation",
                citation.note,
                f"full citation of the work first cited in note {label(first.note)}; a short form belongs here",
                related=(first.note,),
                suggestion=fix.edits[0].replacement
                if fix
                else "Ibid."
                if previous_works == [resolved.work]
                else short_form(work),
                fix=fix,
            )
        differences = _form_differences(first, citation)
        where = "its first citation in this note" if first.note == citation.note else f"note {label(first.note)}"
        if differences:
            yield note_finding(
                model,
                "inconsistent-citation-form",
                citation.note,
                f"cited differently from {where}: {'; '.join(differences)}",
                related=(first.note,),
                suggestion=f"use the form of note {label(first.note)}",
            )
        conflicts = _metadata_conflicts(first, citation)
        if conflicts:
            yield note_finding(
                model,
                "conflicting-metadata",
                citation.note,
                f"metadata differs from note {label(first.note)}: {'; '.join(conflicts)}",
                related=(first.note,),
                suggestion="check the source and correct one of them",
            )


def _cited_again_in_note(model: Model, resolved: ResolvedCitation) -> bool:
    """True when the citation's note cites its work more than once: a short form there would repeat the other
    (duplicate-within-note says so, and a person chooses which to keep)."""
    return sum(1 for other in model.citations_of(resolved.citation.note) if other.work == resolved.work) > 1


def _shortened(citation: Citation, work: Work, first: Citation) -> Fix | None:
    """The repeated full citation replaced by the work's short form, keeping its signal and page: a change to the
    author's text (unsafe); none where the page it points to cannot be read with certainty.

    Never `Ibid.`: Chicago's 17th edition prefers the short form (14.34), and an ibid a program writes could come
    to mean another work or page once the note before it is edited too.
    """
    pin = pinpoint(citation, first)
    start, end = citation.span
    same_title = main_title(citation.title) == main_title(first.title)
    if pin is None or start < 0 or not work.authors or not same_title or not plainly_cited(citation):
        return None
    closing = "." if citation.text.endswith(".") else ""
    replacement = signal(citation) + short_citation(work, first, pin, closing)
    edit = Edit(citation.note, start, end, replacement)
    return Fix(f"replace the full citation with {replacement!r}", (edit,), safe=False)


def _previous_notes(model: Model) -> dict[str, str]:
    """The note before each note that repeats a full citation from an earlier note, in its document (a pass over
    the citations first: a dict of every note's predecessor would hold two keys for each note of a long text)."""
    repeating = {
        r.citation.note
        for r in model.citations
        if r.citation.kind is CitationKind.FULL and r.antecedent not in (None, r.citation.note)
    }
    if not repeating:
        return {}
    return {n.key: p.key for d in model.documents for p, n in itertools.pairwise(d.notes) if n.key in repeating}


def _duplicates_within_notes(model: Model) -> Iterator[Finding]:
    for key, citations in model.citations_by_note.items():
        seen: dict[str, int] = {}  # work → where in the note it is first cited (a note may cite 300,000 works)
        repeats: list[tuple[int, int]] = []  # where a repeat is, and where the citation it repeats is
        for position, resolved in enumerate(citations):
            if resolved.work is None or resolved.citation.kind is CitationKind.IBID:
                continue
            if resolved.work in seen:
                repeats.append((position, seen[resolved.work]))
            else:
                seen[resolved.work] = position
        pairs = [(citations[at], citations[first]) for at, first in repeats]  # (the repeat, the citation it repeats)
        verbatim = {r.citation.index for r, kept in pairs if same_citation(r.citation.text, kept.citation.text)}
        spans = [c.citation.span for c in citations] if verbatim else []
        placed = all(start >= 0 for start, _ in spans)  # every citation's place known: removals can be made
        for (at, _), (repeat, kept) in zip(repeats, pairs, strict=True):
            work = model.works_by_id[repeat.work or ""]
            written = " ".join(repeat.citation.text.split())[:60]
            yield note_finding(
                model,
                "duplicate-within-note",
                key,
                f"cites {short_form(work)} twice ({written!r} repeats citation {kept.citation.index + 1} of this note)",
                suggestion="keep one citation",
                fix=_duplicate_removed(model, key, spans, at, repeat, verbatim) if placed else None,
            )


def _duplicate_removed(
    model: Model, key: str, spans: list[tuple[int, int]], position: int, repeat: ResolvedCitation, verbatim: set[int]
) -> Fix | None:
    """A citation (at `position` among its note's) that repeats an earlier one of its note word for word removed,
    with its separator (certain); none when the two differ (a page, a remark: one of them must be chosen by a
    person). ``verbatim``: the note's citations removed so, whose removals must not overlap in part; ``spans``:
    where its citations stand."""
    index = repeat.citation.index
    if index not in verbatim or index != position:  # notes that share a key: their citations, one after the other
        return None
    start, end = removal(model.note(key).text, spans, index, verbatim)
    edit = Edit(key, start, end, "")
    written = " ".join(repeat.citation.text.split())[:60]
    return Fix(f"remove the repeated citation {written!r}", (edit,), safe=True)


def _unresolved(model: Model, resolved: ResolvedCitation, work: Work, first_full: Mapping[str, Citation]) -> Finding:
    citation = resolved.citation
    later = first_full.get(work.id)
    if later is not None:
        suggestion = f"note {label(later.note)} gives this work in full; give the full citation here instead"
    else:
        titles = {w: first_full[w].title for w in first_full if first_full[w].title}
        best = process.extractOne(citation.title, titles, scorer=fuzz.token_set_ratio, score_cutoff=70)
        suggestion = (
            f"did you mean the work of note {label(first_full[best[2]].note)}, '{best[0]}'?"
            if best
            else "give the full citation at the first mention"
        )
    return note_finding(
        model,
        "short-form-unresolved",
        citation.note,
        f"short form {citation.text[:80]!r} has no earlier full citation",
        suggestion=suggestion,
    )


def _earlier_work_unresolved(model: Model, resolved: ResolvedCitation) -> Finding:
    """An op. cit. or supra whose author has no earlier full citation, or more than one."""
    citation = resolved.citation
    who = " and ".join(citation.authors)
    if resolved.candidates > 1:
        return note_finding(
            model,
            "short-form-ambiguous",
            citation.note,
            f"{citation.text[:80]!r}: {who} has {resolved.candidates} works cited in full before",
            suggestion=f"name the work: a short form with its title instead of {citation.form!r}",
        )
    return note_finding(
        model,
        "short-form-unresolved",
        citation.note,
        f"short form {citation.text[:80]!r} has no earlier full citation of a work by {who}",
        suggestion="give the full citation at the first mention",
    )


def _form_differences(first: Citation, later: Citation) -> list[str]:
    """What differs in the way two full citations of one work are written."""
    differences: list[str] = []
    if Style.UNKNOWN not in (first.style, later.style) and first.style != later.style:
        differences.append(f"{later.style.value} style where the first uses {first.style.value} style")
    if first.title != later.title and title_key(first.title) == title_key(later.title):
        differences.append("the title is written with different punctuation, dashes or quotes")
    elif title_key(first.title) != title_key(later.title) and fuzz.ratio(first.title, later.title) > 85:
        differences.append(f"the title is spelled differently ({later.title!r} vs {first.title!r})")
    quotes = title_quote(first), title_quote(later)
    if first.style == later.style and all(quotes) and quotes[0] != quotes[1]:
        differences.append(f"the title is quoted with {quotes[1]} where the first uses {quotes[0]}")
    if first.date and later.date and bool(_MONTH_FIRST.match(first.date)) != bool(_MONTH_FIRST.match(later.date)):
        differences.append(f"date written {later.date!r} where the first writes {first.date!r}")
    first_schemes = {url_identity(u.raw): u.raw.split(":", 1)[0].lower() for u in first.urls}
    for url in later.urls:
        scheme = url.raw.split(":", 1)[0].lower()
        other = first_schemes.get(url_identity(url.raw))
        if other and other != scheme:
            differences.append(f"{scheme}:// where the first uses {other}://")
    return differences


def _metadata_conflicts(first: Citation, later: Citation) -> list[str]:
    """Fields both citations give with different values."""
    conflicts = []
    for name in ("year", "volume", "issue", "pages"):
        a, b = getattr(first, name), getattr(later, name)
        if a and b and re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
            conflicts.append(f"{name} {b} (first given as {a})")
    return conflicts
