"""Fixes shown as a unified diff, for review (`--diff`), and as lines saying what was fixed (`--fix`)."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from citecheck.fix.rewrite import Rewrite
from citecheck.model import Finding

if TYPE_CHECKING:
    from citecheck.fix import FixOutcome

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> list[str]:
    """The text's lines with their line breaks (\\r\\n, \\r or \\n, as they are written)."""
    return _LINE.findall(text)


def unified_diff(changed: list[Rewrite]) -> str:
    """Every change as a unified diff: `a/` and `b/` paths for files, the note named for other texts."""
    out: list[str] = []
    for rewrite in changed:
        before, after = (
            (rewrite.name, rewrite.name + " (fixed)")
            if rewrite.file is None
            else (f"a/{rewrite.name}", f"b/{rewrite.name}")
        )
        for line in difflib.unified_diff(_lines(rewrite.before), _lines(rewrite.after), before, after):
            out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fixed_lines(fixed: tuple[Finding, ...]) -> list[str]:
    """One line per fixed finding, in the order of the files: where, which note, which code, what the fix did."""
    lines = []
    for finding in sorted(fixed, key=lambda f: (f.location.path, f.location.line, f.code)):
        assert finding.fix is not None
        notes = f" note {', '.join(finding.notes)}" if finding.notes else ""
        lines.append(f"fixed {finding.location}{notes} {finding.code}: {finding.fix.description}")
    return lines


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summary(outcome: FixOutcome, *, written: bool) -> list[str]:
    """What a run did or would do, in a few lines for the terminal."""
    plan = outcome.plan
    files = sorted({r.name for r in outcome.changed if r.file is not None})
    by_hand = [r for r in outcome.changed if r.file is None]
    lines = []
    if files:
        count = len(outcome.fixed) if written else len(plan.applied)
        verb = "fixed" if written else "would fix"
        lines.append(f"{verb} {_count(count, 'finding', 'findings')} in {', '.join(files)}")
    if by_hand:
        lines.append(
            f"{_count(len(by_hand), 'note', 'notes')} with no place citecheck can rewrite (a manuscript's, standard "
            "input's, an inline note's): make the changes shown by hand"
        )
    if not files and not by_hand:
        lines.append("nothing to fix")
    if plan.deferred:
        lines.append(f"{_count(len(plan.deferred), 'fix overlaps', 'fixes overlap')} another: run again to make it")
    if plan.unsafe_left:
        lines.append(
            f"{_count(plan.unsafe_left, 'more fix changes', 'more fixes change')} the author's wording: "
            "review with --diff --unsafe-fixes, make with --fix --unsafe-fixes"
        )
    return lines
