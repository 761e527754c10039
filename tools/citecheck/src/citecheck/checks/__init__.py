"""Offline checks: pure functions from the model to findings, one module per family."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from citecheck.checks import bibliography, ibid, locators, markers, repetition
from citecheck.codes import Code
from citecheck.model import Finding, Model

Check = Callable[[Model], Iterator[Finding]]
"""A check family: a pure function from the model to findings."""

CORE_CHECKS: dict[str, Check] = {
    "markers": markers.check,
    "ibid": ibid.check,
    "repetition": repetition.check,
    "locators": locators.check,
    "bibliography": bibliography.check,
}


def run_checks(
    model: Model, selected: set[str], codes: Mapping[str, Code], checks: Mapping[str, Check]
) -> list[Finding]:
    """Every finding of the selected codes, in document order (a family runs only when one of its codes is selected)."""
    findings: list[Finding] = []
    for family, check in checks.items():
        if any(codes[code].family == family for code in selected):
            findings.extend(f for f in check(model) if f.code in selected)
    # By place: a manuscript has no lines, its findings are ordered by paragraph (Location's order).
    return sorted(findings, key=lambda f: (f.document, f.location, f.code))
