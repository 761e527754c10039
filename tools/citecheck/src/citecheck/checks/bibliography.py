"""The bibliography against the notes: every cited work present once, no entry uncited."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz, process

from citecheck.checks.common import finding, note_finding
from citecheck.model import Finding, Model


def check(model: Model) -> Iterator[Finding]:
    """Citation keys no entry defines; and when BibTeX files are among the inputs, works against entries."""
    yield from _undefined_keys(model)
    if not model.bib_files:
        return
    used: set[str] = set()
    for work in model.works:
        entries = model.bib_matches.get(work.id, ())
        used.update(entry.key for entry in entries)
        where = work.first_full or work.notes[0]
        if not entries:
            yield note_finding(
                model,
                "bib-missing-entry",
                where,
                f"'{work.title or work.id}' has no entry in {', '.join(model.bib_files)}",
                suggestion=f"add an entry, e.g. @article{{{work.id}, ...}}",
            )
        elif len(entries) > 1:
            keys = ", ".join(entry.key for entry in entries)
            yield note_finding(
                model,
                "bib-duplicate-entry",
                where,
                f"'{work.title or work.id}' has {len(entries)} entries ({keys})",
                suggestion="keep one entry",
            )
    for entry in model.bib_entries:
        if entry.key not in used:
            yield finding(
                "bib-uncited-entry",
                f"entry {entry.key!r} is cited by no note",
                entry.location,
                suggestion="remove it, or cite it",
            )


def _undefined_keys(model: Model) -> Iterator[Finding]:
    """A LaTeX manuscript's citation keys that no entry of the BibTeX files read defines."""
    keys = [entry.key for entry in model.bib_entries]
    for document in model.documents:
        for undefined in document.undefined_keys:
            if not model.bib_files:
                message, suggestion = "no BibTeX file was given", "name the .bib files after the manuscript"
            else:
                message = f"no entry in {', '.join(model.bib_files)}"
                close = process.extractOne(undefined.key, keys, scorer=fuzz.ratio, score_cutoff=80)
                suggestion = f"did you mean {close[0]!r}?" if close else "add an entry for it, or correct the key"
            yield finding(
                "cite-key-undefined",
                f"citation key {undefined.key!r}: {message}",
                undefined.location,
                notes=(undefined.note,) if undefined.note else (),
                suggestion=suggestion,
                document=document.name,
            )
