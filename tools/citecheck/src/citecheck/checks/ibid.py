"""Ibid notes: first in the text, ambiguous, mismatched, unresolved or irregular."""

from __future__ import annotations

from collections.abc import Iterator

from citecheck.checks.common import label, note_finding
from citecheck.model import CitationKind, Finding, Model, Work
from citecheck.notes.identifiers import read_plain
from citecheck.notes.scan import scan
from citecheck.notes.text import fold, is_word_prefix, main_title, straighten, title_key


def _names_other_work(trailing: str, work: Work) -> bool:
    """True when the text glued to an ibid names a title or author that is not the work's."""
    # `, 'Title', 4.`: the title is what is quoted, not the pinpoint after it.
    quoted = scan(read_plain(trailing), straighten(trailing)).spans
    named = title_key(trailing[quoted[0].start : quoted[0].end] if quoted else trailing)
    if not named:
        return False
    own = title_key(work.title)
    if is_word_prefix(main_title(trailing), own) or is_word_prefix(named, own) or named in own:
        return False
    return not any(fold(author) in named.split() for author in work.authors)


def check(model: Model) -> Iterator[Finding]:
    """Findings about every ibid."""
    for resolved in model.citations:
        citation = resolved.citation
        if citation.kind is not CitationKind.IBID:
            continue
        key = citation.note
        if resolved.antecedent is None:
            yield note_finding(
                model,
                "ibid-first",
                key,
                "'Ibid.' has no preceding note to refer to",
                suggestion="give the full citation here",
            )
            continue
        previous = label(resolved.antecedent)
        # An ibid after another citation in its own note repeats that citation's work, whatever else the note cites.
        in_note = resolved.antecedent == key
        works = ([resolved.work] if resolved.work else []) if in_note else model.works_of(resolved.antecedent)
        if len(works) > 1:
            names = "; ".join(_describe(model.works_by_id[w]) for w in works)
            yield note_finding(
                model,
                "ibid-ambiguous",
                key,
                f"'Ibid.' follows note {previous}, which cites {len(works)} works ({names})",
                related=(resolved.antecedent,),
                suggestion="replace 'Ibid.' with a short form",
            )
        elif not works:
            yield note_finding(
                model,
                "ibid-unresolved",
                key,
                f"'Ibid.' follows note {previous}, which cites no work that can be identified",
                related=(resolved.antecedent,),
            )
        if citation.malformed:
            fix = f"Ibid., {citation.locator}." if citation.locator else "Ibid."
            yield note_finding(
                model,
                "ibid-malformed",
                key,
                f"irregular ibid {citation.text!r}: {citation.malformed}",
                related=(resolved.antecedent,),
                suggestion=fix,
            )
        if (
            citation.trailing
            and resolved.work
            and _names_other_work(citation.trailing, model.works_by_id[resolved.work])
        ):
            work = model.works_by_id[resolved.work]
            yield note_finding(
                model,
                "ibid-mismatch",
                key,
                f"'Ibid.' names {citation.trailing!r}, but note {previous} cites {_describe(work)}",
                related=(resolved.antecedent,),
                suggestion="give a short form of the intended work",
            )


def _describe(work: Work) -> str:
    who = ", ".join(work.authors[:2]) + (" et al." if len(work.authors) > 2 else "")
    title = f"'{work.title}'" if work.title else work.id
    return f"{who}, {title}" if who else title
