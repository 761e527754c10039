"""Which edits a run makes: the findings' fixes chosen, weighed against each other, and placed in their files.

A fix is applied whole or not at all. Fixes are taken largest edit first, so that a fix inside a stretch
another fix replaces (the https:// form of a URL in a citation that becomes a short form) is superseded
rather than left over for a second run; fixes that overlap in part wait for the next run and are counted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from citecheck.model import Edit, Finding, Model
from citecheck.notes.edits import Placed, placed
from citecheck.read.files import STDIN


@dataclass(frozen=True)
class Plan:
    """The edits of one run, by file, and what became of every fix."""

    applied: tuple[Finding, ...]
    """Findings whose fixes are made (or made moot by a larger fix)."""
    files: dict[str, tuple[Placed, ...]]
    """File (as named in findings) → its edits, in order."""
    notes: dict[str, tuple[Edit, ...]]
    """Note key → its edits, for notes with no place in an editable file (manuscripts, standard input)."""
    deferred: tuple[Finding, ...]
    """Fixes that overlap another in part: the next run makes them."""
    unsafe_left: int
    """Fixes that change the author's text, not made without `--unsafe-fixes`."""


def _extent(finding: Finding) -> int:
    return max((edit.end - edit.start for edit in finding.fix.edits), default=0) if finding.fix else 0


Standing = Literal["free", "moot", "clash"]


def _against(edit: Edit, taken: Edit) -> Standing:
    """How an edit stands to one already taken in the same note: `free`, `moot` (within it) or `clash`."""
    start, end, at, to = edit.start, edit.end, taken.start, taken.end
    if (start, end, edit.replacement) == (at, to, taken.replacement):
        return "moot"
    if start == end and at == to:  # two insertions: at one point their order is unknown
        return "clash" if start == at else "free"
    if start == end:  # an insertion in a replaced stretch is moot; at its edge, it is ambiguous
        return "free" if start < at or start > to else "moot" if at < start < to else "clash"
    if at == to:
        return "clash" if start < at < end else "free"
    if end <= at or start >= to:
        return "free"
    return "moot" if at <= start and end <= to else "clash"


class _Taken:
    """The edits taken in one note, kept in order of their place: taken edits never overlap, so an edit can only
    meet its neighbours (found by bisection, not a scan: a note may hold thousands of fixes)."""

    def __init__(self) -> None:
        self.edits: list[Edit] = []
        self.starts: list[int] = []

    def against(self, edit: Edit) -> list[Standing]:
        """How the edit stands to each taken edit it could touch."""
        first = max(bisect_right(self.starts, edit.start) - 2, 0)  # the one before may end where this starts
        found = []
        for other in self.edits[first:]:
            if other.start > edit.end:
                break
            found.append(_against(edit, other))
        return found

    def add(self, edit: Edit) -> None:
        at = bisect_right(self.starts, edit.start)
        self.starts.insert(at, edit.start)
        self.edits.insert(at, edit)


def choose(findings: Iterable[Finding], *, unsafe: bool) -> tuple[list[Finding], list[Finding], dict[str, list[Edit]]]:
    """The fixes to make, the fixes deferred, and the edits taken, by note."""
    candidates = [f for f in findings if f.fix and not f.baselined and (f.fix.safe or unsafe)]
    candidates.sort(key=_extent, reverse=True)  # stable: ties keep the report's order
    taken: dict[str, _Taken] = {}
    applied: list[Finding] = []
    deferred: list[Finding] = []
    for finding in candidates:
        assert finding.fix is not None
        verdicts = [(edit, taken.setdefault(edit.note, _Taken()).against(edit)) for edit in finding.fix.edits]
        if any("clash" in found for _, found in verdicts):
            deferred.append(finding)
            continue
        for edit, found in verdicts:
            if "moot" not in found:
                taken[edit.note].add(edit)
        applied.append(finding)
    return applied, deferred, {note: kept.edits for note, kept in taken.items() if kept.edits}


def _in_order(edits: list[Placed]) -> tuple[Placed, ...]:
    """A file's edits in order, each once (a file read as part of two texts proposes its edits twice)."""
    unique = {(p.start, p.end, p.edit.replacement): p for p in edits}
    return tuple(unique[key] for key in sorted(unique))


def plan(model: Model, findings: Iterable[Finding], *, unsafe: bool) -> Plan:
    """Choose the fixes of a run's findings and place their edits."""
    findings = list(findings)
    applied, deferred, taken = choose(findings, unsafe=unsafe)
    files: dict[str, list[Placed]] = {}
    names: dict[Path, str] = {}
    notes: dict[str, tuple[Edit, ...]] = {}
    order = {note.key: n for n, note in enumerate(note for d in model.documents for note in d.notes)}
    for key in sorted(taken, key=lambda key: order.get(key, len(order))):
        note, edits = model.note(key), taken[key]
        ordered = tuple(sorted(edits, key=lambda edit: (edit.start, edit.end)))
        places = [placed(note, edit) for edit in ordered]
        if note.location.path in (STDIN, "<stdin>") or None in places:
            notes[key] = ordered
            continue
        name = names.setdefault(Path(note.location.path).resolve(), note.location.path)  # one name a file
        files.setdefault(name, []).extend(place for place in places if place is not None)
    unsafe_left = sum(1 for f in findings if f.fix and not f.fix.safe and not f.baselined and not unsafe)
    return Plan(
        applied=tuple(applied),
        files={path: _in_order(edits) for path, edits in files.items()},
        notes=notes,
        deferred=tuple(deferred),
        unsafe_left=unsafe_left,
    )
