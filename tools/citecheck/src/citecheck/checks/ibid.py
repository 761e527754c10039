"""Ibid notes: first in the text, ambiguous, mismatched, unresolved or irregular."""

from __future__ import annotations

import re
from collections.abc import Iterator

from citecheck.checks.common import label, note_finding
from citecheck.checks.short_forms import short_citation
from citecheck.model import Citation, CitationKind, Edit, Finding, Fix, Model, Work
from citecheck.notes.identifiers import read_plain
from citecheck.notes.scan import scan
from citecheck.notes.text import fold, is_word_prefix, main_title, straighten, title_key

_SPACES = re.compile(r"[ \t]+")
_TRAILING_PAGE = re.compile(r"[,\s]\s*((?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?)\s*\.?$")


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
    earlier: dict[str, int] = {}  # note key → its position in its document, made for the first mismatched ibid
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
            yield note_finding(
                model,
                "ibid-malformed",
                key,
                f"irregular ibid {citation.text!r}: {citation.malformed}",
                related=(resolved.antecedent,),
                suggestion=f"{citation.form}., {citation.locator}." if citation.locator else f"{citation.form}.",
                fix=_punctuated(model.note(key).text, citation),
            )
        if (
            citation.trailing
            and resolved.work
            and _names_other_work(citation.trailing, model.works_by_id[resolved.work])
        ):
            work = model.works_by_id[resolved.work]
            if not earlier:
                earlier.update((n.key, at) for document in model.documents for at, n in enumerate(document.notes))
            yield note_finding(
                model,
                "ibid-mismatch",
                key,
                f"'Ibid.' names {citation.trailing!r}, but note {previous} cites {_describe(work)}",
                related=(resolved.antecedent,),
                suggestion="give a short form of the intended work",
                fix=_named_instead(model, citation, work, earlier),
            )


def _trailing_page(trailing: str) -> str | None:
    """The page after the title an ibid names (`'A Study', 9.` → `9`): empty when none, None when some number
    there cannot be read as one."""
    found = _TRAILING_PAGE.search(trailing)
    if found:
        return found.group(1)
    return None if re.search(r"\d", trailing) else ""


def _punctuated(text: str, citation: Citation) -> Fix | None:
    """An ibid's missing or wrong punctuation mended (`Ibid` → `Ibid.`, `Ibid, 12` → `Ibid., 12`, `Ebd;` →
    `Ebd.`): certain where only the punctuation is wrong; none where a title or stray text follows."""
    start, end = citation.span
    at = text.find(citation.form, max(start, 0), end) if start >= 0 and not citation.trailing else -1
    if at < 0:
        return None
    after = at + len(citation.form)
    gap = _SPACES.match(text, after)
    mark = gap.end() if gap and text.startswith((".", ",", ";", ":"), gap.end()) else after  # `Ibid , 12`
    if text.startswith((".", ";", ":"), mark):
        edit = Edit(citation.note, after, mark + 1, ".")
    else:  # `Ibid`, `Ibid, 12`, `Ibid , 12`
        edit = Edit(citation.note, after, mark, ".")
    if text[edit.start : edit.end] == edit.replacement:
        return None
    return Fix(f"write '{citation.form}.'", (edit,), safe=True)


def _named_instead(model: Model, citation: Citation, cited: Work, earlier: dict[str, int]) -> Fix | None:
    """An ibid that names another work than its antecedent's replaced by that work's short form (a change to the
    author's text, unsafe): only where exactly one work cited in full before the note has that name."""
    named = [
        work
        for work in model.works
        if work.id != cited.id
        and work.first_full is not None
        and earlier.get(work.first_full, len(earlier)) < earlier.get(citation.note, -1)
        and not _names_other_work(citation.trailing, work)
    ]
    start, end = citation.span
    if len(named) != 1 or start < 0 or not named[0].authors:
        return None
    (work,) = named
    pin = _trailing_page(citation.trailing)
    if pin is None:
        return None
    closing = "." if citation.text.endswith(".") else ""
    replacement = short_citation(work, model.first_full_citations[work.id], pin, closing)
    return Fix(f"replace the ibid with {replacement!r}", (Edit(citation.note, start, end, replacement),), False)


def _describe(work: Work) -> str:
    who = ", ".join(work.authors[:2]) + (" et al." if len(work.authors) > 2 else "")
    title = f"'{work.title}'" if work.title else work.id
    return f"{who}, {title}" if who else title
