"""The generated pages: the bibliography (each work once, with back-links and link health) and reference health."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from html import escape
from typing import Any

from citecheck.checks.common import label
from citecheck.model import BibEntry, Model
from pakistan_russia_edition.bibformat import format_entry, sort_key

STALE_AFTER_DAYS = 14
_HEALTH_TEXT = {
    "ok": "ok",
    "redirected": "redirected",
    "blocked": "blocked, verify by hand",
    "broken": "broken",
    "timeout": "timed out",
    "server-error": "server error",
    "tls-error": "TLS error",
    "soft-404": "page not found",
    "unchecked": "not checked",
}


def report_age(report: Mapping[str, Any] | None, now: datetime) -> tuple[str, bool]:
    """A sentence saying when the references were checked, and whether that is too long ago."""
    if not report:
        return "The links have not been checked yet: run `make check` to check them.", True
    try:
        checked = datetime.fromisoformat(str(report["checked_at"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return "The link report has no valid check date.", True
    days = (now - checked).days
    stale = days > STALE_AFTER_DAYS
    when = f"{checked:%d %B %Y}".lstrip("0")
    suffix = f" ({days} days ago; the report is stale)" if stale else ""
    if not report.get("web_checked"):
        return f"Checked offline on {when}{suffix}: the links themselves were not fetched.", stale
    return f"Links checked on {when}{suffix}.", stale


def _health(report: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    return {item["url"]: item for item in (report or {}).get("links", []) if "url" in item}


def bibliography_markdown(
    model: Model,
    entries: list[BibEntry],
    report: Mapping[str, Any] | None,
    note_url: Callable[[str], str],
    now: datetime | None = None,
) -> str:
    """The bibliography page: every entry once, Chicago style, cited-in back-links, DOI/URL and link health."""
    now = now or datetime.now(UTC)
    matches = model.bib_matches
    citing: dict[str, list[str]] = {}
    for work in model.works:
        for entry in matches.get(work.id, ()):
            for key in work.notes:
                if label(key) not in citing.setdefault(entry.key, []):
                    citing[entry.key].append(label(key))
    health = _health(report)
    age, _ = report_age(report, now)
    lines = [
        "# Bibliography",
        "",
        f"Each work cited in the article's {sum(len(d.notes) for d in model.documents)} notes, once, in Chicago "
        "bibliography style, with the notes that cite it. " + age,
        "",
        "Download: [BibTeX](references.bib) · [RIS](references.ris) · [CSL-JSON](references.json)",
        "",
    ]
    for entry in sorted(entries, key=sort_key):
        notes = citing.get(entry.key, [])
        links = ", ".join(f'<a href="{escape(note_url(n), quote=True)}">{escape(n)}</a>' for n in notes)
        cited = f"Cited in note{'s' if len(notes) != 1 else ''} {links}." if notes else "Cited in no note."
        status = _status_html(entry, health)
        lines += [
            f'<div class="edition-bib-entry" id="{escape(entry.key, quote=True)}">',
            f'<p class="edition-bib-text">{format_entry(entry)}</p>',
            f'<p class="edition-bib-meta">{cited}{status}</p>',
            "</div>",
            "",
        ]
    return "\n".join(lines)


def _status_html(entry: BibEntry, health: Mapping[str, Mapping[str, Any]]) -> str:
    result = health.get(entry.get("url")) or health.get(f"https://doi.org/{entry.get('doi')}")
    if not result:
        return ""
    status = str(result.get("status", "unchecked"))
    text = f' Link: <span class="edition-link-{escape(status, quote=True)}">{escape(_HEALTH_TEXT.get(status, status))}</span>'
    if result.get("checked_at"):
        text += f" ({escape(str(result['checked_at'])[:10])})"
    if result.get("archived_url"):
        text += f'; <a href="{escape(str(result["archived_url"]), quote=True)}">archived copy</a>'
    return text + "."


def health_markdown(
    report: Mapping[str, Any] | None, note_url: Callable[[str], str], now: datetime | None = None
) -> str:
    """The reference-health page: counts per link status, findings by note, and when it was checked."""
    now = now or datetime.now(UTC)
    age, stale = report_age(report, now)
    lines = ["# Reference health", "", "What citecheck, the edition's citation checker, found in the notes. " + age, ""]
    if stale:
        lines += ['!!! warning "Report out of date"', "    " + age, ""]
    if not report:
        return "\n".join(lines)
    statuses = Counter(str(item.get("status")) for item in report.get("links", []))
    if statuses:
        lines += ["| link status | count |", "|---|---|"]
        lines += [f"| {_HEALTH_TEXT.get(s, s)} | {n} |" for s, n in sorted(statuses.items())]
        lines.append("")
    counts = report.get("summary", {}).get("findings", {})
    baselined = sum(1 for f in report.get("findings", []) if f.get("baselined"))
    lines += [
        f"Findings: {counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, "
        f"{counts.get('info', 0)} notices; {baselined} more are acknowledged in the baseline "
        "(present in the original text, which the edition keeps word for word).",
        "",
    ]
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for finding in report.get("findings", []):
        key = finding["notes"][0] if finding.get("notes") else f"{finding.get('path')}"
        grouped.setdefault(key, []).append(finding)
    for key in sorted(grouped, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)):
        heading = (
            f'Note <a href="{escape(note_url(key), quote=True)}">{escape(key)}</a>' if key.isdigit() else escape(key)
        )
        lines += [f"### {heading}", "", "<ul>"]
        # Written as HTML: the page can list hundreds of findings, and they need no Markdown.
        for finding in grouped[key]:
            mark = " <em>(acknowledged)</em>" if finding.get("baselined") else ""
            message = escape(str(finding.get("message", "")))
            suggestion = (
                f'<br><span class="edition-suggestion">suggestion: {escape(str(finding["suggestion"]))}</span>'
                if finding.get("suggestion")
                else ""
            )
            lines.append(
                f"<li><strong>{escape(str(finding.get('severity')))}</strong> "
                f"<code>{escape(str(finding.get('code')))}</code>{mark}: {message}{suggestion}</li>"
            )
        lines += ["</ul>", ""]
    return "\n".join(lines)
