"""The terminal report: findings grouped by note, `path:line: severity code message` lines, coloured on a tty."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.markup import escape

from citecheck.report import Report
from citecheck.report.edits import fix_label
from citecheck.report.grouping import by_note

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report: Report, *, color: bool = False) -> str:
    """The report as text (with ANSI colours when `color`)."""
    buffer = StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=120, highlight=False, soft_wrap=True)
    for heading, findings in by_note(report):
        console.print(f"[bold]{escape(heading)}[/bold]")
        for finding in findings:
            style = _STYLE[finding.severity.value]
            mark = " (baselined)" if finding.baselined else ""
            console.print(
                f"  {escape(str(finding.location))}: [{style}]{finding.severity.value}[/{style}] "
                f"[bold]{finding.code}[/bold]{mark} {escape(finding.message)}"
            )
            if finding.suggestion:
                console.print(f"      [dim]suggestion:[/dim] {escape(finding.suggestion)}")
            if finding.fix and not finding.baselined:
                how = fix_label(report.model, finding)
                console.print(f"      [dim]fix ({how}):[/dim] {escape(finding.fix.description)}")
    counts = report.counts()
    notes = sum(len(d.notes) for d in report.model.documents)
    summary = (
        f"{notes} notes, {len(report.model.works)} works: {counts['error']} errors, "
        f"{counts['warning']} warnings, {counts['info']} notices"
    )
    baselined = sum(1 for f in report.findings if f.baselined)
    if baselined:
        summary += f" ({baselined} baselined findings not counted)"
    fixable = [f.fix for f in report.findings if f.fix and not f.baselined]
    certain = sum(1 for fix in fixable if fix.safe)
    if fixable:
        summary += f"\n{certain} fixable with --fix" + (
            f", {len(fixable) - certain} more with --fix --unsafe-fixes" if len(fixable) > certain else ""
        )
    if report.links:
        by_status: dict[str, int] = {}
        for result in report.links.values():
            by_status[str(result.status)] = by_status.get(str(result.status), 0) + 1
        summary += "\nlinks: " + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
    console.print(summary)
    return buffer.getvalue()
