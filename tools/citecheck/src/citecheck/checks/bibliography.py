"""The bibliography against the notes: every cited work present once, no entry uncited."""

from __future__ import annotations

from collections.abc import Iterator

from citecheck.checks.common import finding, note_finding
from citecheck.model import Finding, Model


def check(model: Model) -> Iterator[Finding]:
    """Findings when BibTeX files are among the inputs."""
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
