"""Findings grouped by the note they concern, in reading order."""

from __future__ import annotations

from citecheck.model import Finding
from citecheck.report import Report


def by_note(report: Report) -> list[tuple[str, list[Finding]]]:
    """(heading, findings) pairs: one per note with findings, then one per file for the rest."""
    groups: dict[str, list[Finding]] = {}
    order: list[str] = []
    for document in report.model.documents:
        for note in document.notes:
            order.append(f"{document.name}#{note.label}")
    for finding in report.findings:
        key = f"{finding.document}#{finding.notes[0]}" if finding.notes and finding.document else finding.location.path
        groups.setdefault(key, []).append(finding)
    ordered = [key for key in order if key in groups] + [key for key in groups if key not in order]
    multi = len(report.model.documents) > 1
    result = []
    for key in ordered:
        if "#" in key:
            name, label = key.rsplit("#", 1)
            heading = f"Note {label}" + (f" ({name})" if multi else "")
        else:
            heading = key
        result.append((heading, groups[key]))
    return result
