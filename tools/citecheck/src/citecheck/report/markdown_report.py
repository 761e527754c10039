"""A Markdown report a human reads (the site can include it)."""

from __future__ import annotations

from collections import Counter

from citecheck.report import Report
from citecheck.report.edits import fix_label
from citecheck.report.grouping import by_note


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    """The report as Markdown: a summary table, then the findings grouped by note."""
    counts = report.counts()
    notes = sum(len(d.notes) for d in report.model.documents)
    lines = [
        "# Citation report",
        "",
        f"Checked {report.checked_at} by citecheck: {notes} notes, {len(report.model.works)} distinct works; "
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notices.",
        "",
    ]
    per_code = Counter(f.code for f in report.findings)
    if per_code:
        lines += ["| code | severity | count | meaning |", "|---|---|---|---|"]
        for code, count in sorted(per_code.items()):
            lines.append(
                f"| `{code}` | {report.codes[code].severity.value} | {count} | {_cell(report.codes[code].summary)} |"
            )
        lines.append("")
    for heading, findings in by_note(report):
        lines += [f"## {heading}", ""]
        for f in findings:
            mark = " *(baselined)*" if f.baselined else ""
            lines.append(f"- **{f.severity.value}** `{f.code}`{mark}: {_cell(f.message)} ({f.location})")
            if f.suggestion:
                lines.append(f"    - suggestion: {_cell(f.suggestion)}")
            if f.fix and not f.baselined:
                lines.append(f"    - fix ({fix_label(report.model, f)}): {_cell(f.fix.description)}")
        lines.append("")
    return "\n".join(lines)
