"""Reporters: one module per format, each turning a `Report` into text."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from citecheck.codes import CORE_CODES, Code
from citecheck.model import Finding, Model, Severity

if TYPE_CHECKING:  # the records only: the web layer itself (requests) is not imported by an offline run
    from citecheck.web.records import DoiResult, LinkResult


class Format(StrEnum):
    """The output formats of `--format`."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    SARIF = "sarif"


@dataclass(frozen=True)
class Report:
    """What one run found: the model, its findings, and the results of the web checks if they ran."""

    model: Model
    findings: tuple[Finding, ...]
    checked_at: str
    inputs: tuple[str, ...]
    links: dict[str, LinkResult] = field(default_factory=dict)
    """URL → the web check's result (empty when offline)."""
    dois: dict[str, DoiResult] = field(default_factory=dict)
    """DOI → the web check's result (empty when offline)."""
    web_checked: bool = False
    codes: Mapping[str, Code] = field(default_factory=lambda: dict(CORE_CODES))
    """The catalogue of codes the run could report (citecheck's and its extensions')."""
    help_url: str | None = None
    """Where the codes are documented, if configured (`help_url#code`)."""

    def counts(self) -> dict[str, int]:
        """Findings per severity, baselined ones left out."""
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            if not finding.baselined:
                counts[finding.severity.value] += 1
        return counts


def renderer(fmt: Format, *, color: bool = False) -> Callable[[Report], str]:
    """The function that renders a report in the given format."""
    from citecheck.report import json_report, markdown_report, sarif_report, text_report

    if fmt is Format.TEXT:
        return lambda report: text_report.render(report, color=color)
    return {
        Format.JSON: json_report.render,
        Format.MARKDOWN: markdown_report.render,
        Format.SARIF: sarif_report.render,
    }[fmt]


def chunked(fmt: Format, *, color: bool = False) -> Callable[[Report], Iterator[str]]:
    """The function that renders a report in the given format as pieces of text, to be written as they come: the
    JSON report a piece at a time, the others whole."""
    from citecheck.report import json_report

    if fmt is Format.JSON:
        return json_report.chunks
    render = renderer(fmt, color=color)
    return lambda report: iter((render(report),))
