"""Fixes: a finding's suggestion made concrete, applied in place (`--fix`) or shown as a diff (`--diff`).

``plan`` chooses and places the edits the checks proposed, ``rewrite`` makes them in memory and writes the
files (whole, or none), ``diff`` shows them. Only Markdown and plain-text files are rewritten; a note of a
manuscript (Word, OpenDocument, LaTeX, HTML, JATS) gets its change shown for the editor to make.
"""

from __future__ import annotations

from dataclasses import dataclass

from citecheck.baseline import Baseline
from citecheck.fix.plan import Plan, plan
from citecheck.fix.rewrite import Rewrite, commit, rewrites
from citecheck.model import Finding
from citecheck.report import Report


@dataclass(frozen=True)
class FixOutcome:
    """What a run with `--fix` or `--diff` changed, or would change."""

    plan: Plan
    changed: tuple[Rewrite, ...]
    written: tuple[str, ...]
    """The files rewritten (none for `--diff`)."""
    fixed: tuple[Finding, ...]
    """The findings the written fixes resolved."""
    remaining: tuple[Finding, ...]
    """The report's findings less those."""


def apply_fixes(report: Report, baseline: Baseline, *, unsafe: bool, write: bool) -> FixOutcome:
    """Plan the fixes of a report's findings, make them in memory and, with ``write``, in the files."""
    chosen = plan(report.model, report.findings, unsafe=unsafe)
    changed = rewrites(chosen, report.model)
    written = commit(changed, baseline) if write else []
    files = set(written)
    fixed = {
        id(f)
        for f in chosen.applied
        if f.fix
        and all(e.note not in chosen.notes and report.model.note(e.note).location.path in files for e in f.fix.edits)
    }
    return FixOutcome(
        chosen,
        tuple(changed),
        tuple(written),
        fixed=tuple(f for f in chosen.applied if id(f) in fixed),
        remaining=tuple(f for f in report.findings if id(f) not in fixed),
    )
