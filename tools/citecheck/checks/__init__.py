"""Offline checks: pure functions from the model to findings, one module per family."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..codes import CODES
from ..model import Finding, Model
from . import bibliography, ibid, locators, markers, repetition
from .annotations import check as check_annotations  # `from . import annotations` would get the __future__ name

Check = Callable[[Model], Iterator[Finding]]

FAMILIES: dict[str, Check] = {
    "markers": markers.check,
    "ibid": ibid.check,
    "repetition": repetition.check,
    "locators": locators.check,
    "bibliography": bibliography.check,
    "annotations": check_annotations,
}


def run_checks(model: Model, selected: set[str]) -> list[Finding]:
    """Every finding of the selected codes, in document order."""
    findings: list[Finding] = []
    for family, check in FAMILIES.items():
        if any(CODES[code].family == family for code in selected):
            findings.extend(f for f in check(model) if f.code in selected)
    return sorted(findings, key=lambda f: (f.document, f.location.path, f.location.line, f.code))
