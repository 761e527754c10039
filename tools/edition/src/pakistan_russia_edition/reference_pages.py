"""The generated pages: the bibliography (each work once, with back-links and link health) and reference health.

Both are written for readers: plain words, no file names, no BibTeX keys in the text, URLs as links.
"Now" is the edition's own date (the commit's, see `build_info`), never the clock of the build, so
two builds of one commit write the same pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from html import escape

from citecheck.checks.common import label
from citecheck.model import BibEntry, Model
from citecheck.notes.text import straighten
from pakistan_russia_edition.bibdata import names
from pakistan_russia_edition.bibformat import format_entry, sort_key
from pakistan_russia_edition.finding_text import Item, SharedWork, item_html
from pakistan_russia_edition.link_report import LinkHealth, LinkReport

STALE_AFTER_DAYS = 14
_HEALTH_TEXT = {
    "ok": "works",
    "redirected": "moved to another address",
    "blocked": "refuses automated checks, verify by hand",
    "broken": "broken",
    "timeout": "timed out",
    "server-error": "server error",
    "tls-error": "secure connection fails",
    "soft-404": "page not found",
    "unchecked": "not checked",
}
KINDS = {
    "repeated-full-citation": "A full citation repeated where a short form would do",
    "inconsistent-citation-form": "The same work cited in different forms",
    "conflicting-metadata": "The same work cited with different details",
    "duplicate-within-note": "The same work cited twice in one note",
    "short-form-unresolved": "A short form with no earlier full citation",
    "ibid-malformed": "An irregularly written “Ibid.”",
    "ibid-ambiguous": "An “Ibid.” that could mean more than one work",
    "ibid-mismatch": "An “Ibid.” naming another work",
    "ibid-unresolved": "An “Ibid.” after a note that cites no work",
    "ibid-first": "An “Ibid.” with no note before it",
    "missing-locator": "A work given with neither link nor DOI",
    "insecure-url": "A link over unencrypted http://",
    "generic-url": "A link to a website's home page instead of the item",
    "url-malformed": "An address that is not a well-formed URL",
    "doi-invalid": "An invalid DOI",
    "bib-missing-entry": "A work with no bibliography entry",
    "bib-uncited-entry": "A bibliography entry no note cites",
    "bib-duplicate-entry": "A work with two bibliography entries",
}
"""What each kind of finding is, in the summary's table (other codes are named by citecheck's summary)."""


def _day(moment: datetime) -> str:
    return f"{moment:%d %B %Y}".lstrip("0")


def report_age(report: LinkReport | None, now: datetime | None) -> tuple[str, bool]:
    """A sentence saying when the links were last checked, and whether that was too long before ``now``."""
    if not report:
        return "The links and DOIs have not been checked yet.", True
    checked = report.checked_at
    if checked is None:
        return "The report of the last check has no valid date.", True
    days = (now - checked).days if now else 0
    stale = days > STALE_AFTER_DAYS
    suffix = f" ({days} days before this version of the edition; the report is stale)" if stale else ""
    if not report.web_checked:
        return (
            f"The last check, on {_day(checked)}{suffix}, was made offline: the notes and the bibliography were "
            "read, but no link or DOI was visited, so whether the links still work is not known.",
            stale,
        )
    return f"Links and DOIs were last checked on {_day(checked)}{suffix}.", stale


def _main_title(title: str) -> str:
    return re.split(r"(?<=[:?])\s", straighten(title) + " ", maxsplit=1)[0].strip().removesuffix(":")


def entry_name(entry: BibEntry) -> str:
    """A reader's name for a bibliography entry: surnames (or organisation) and the main title."""
    people = [n.family or n.literal for n in names(entry)][:3]
    who = " and ".join(people) if len(people) <= 2 else f"{people[0]} et al."
    title = f"“{_main_title(entry.get('title'))}”"
    return f"{who}, {title}" if who else title


def bibliography_markdown(
    model: Model,
    entries: list[BibEntry],
    report: LinkReport | None,
    note_url: Callable[[str], str],
    now: datetime | None = None,
) -> str:
    """The bibliography page: every entry once, Chicago style, cited-in back-links, DOI/URL and link health."""
    matches = model.bib_matches
    citing: dict[str, list[str]] = {}
    for work in model.works:
        for entry in matches.get(work.id, ()):
            for key in work.notes:
                if label(key) not in citing.setdefault(entry.key, []):
                    citing[entry.key].append(label(key))
    health = report.links if report else {}
    age, _ = report_age(report, now)
    lines = [
        "# Bibliography",
        "",
        f"Each work cited in the article's {sum(len(d.notes) for d in model.documents)} notes, once, in Chicago "
        "bibliography style, with the notes that cite it and the state of its link. " + age,
        "",
        "Download: [BibTeX](references.bib) · [RIS](references.ris) · [CSL-JSON](references.json)",
        "",
    ]
    for entry in sorted(entries, key=sort_key):
        notes = citing.get(entry.key, [])
        links = ", ".join(f'<a href="{escape(note_url(n), quote=True)}">{escape(n)}</a>' for n in notes)
        cited = f"Cited in note{'s' if len(notes) != 1 else ''} {links}." if notes else "Cited in no note."
        status = _status_html(entry, health, bool(report and report.web_checked))
        lines += [
            f'<div class="edition-bib-entry" id="{escape(entry.key, quote=True)}">',
            f'<p class="edition-bib-text">{format_entry(entry)}</p>',
            f'<p class="edition-bib-meta">{cited}{status}</p>',
            "</div>",
            "",
        ]
    return "\n".join(lines)


def _status_html(entry: BibEntry, health: Mapping[str, LinkHealth], web_checked: bool) -> str:
    link = f"https://doi.org/{entry.get('doi')}" if entry.get("doi") else entry.get("url")
    if not link:
        return " No link or DOI."
    result = health.get(entry.get("url")) or health.get(f"https://doi.org/{entry.get('doi')}")
    if not result:
        why = "" if web_checked else " (the last check was offline)"
        return f' Link: <span class="edition-link-unchecked">not checked</span>{why}.'
    status = result.status  # one of citecheck's statuses: the report was validated when read
    text = f' Link: <span class="edition-link-{escape(status, quote=True)}">{escape(_HEALTH_TEXT[status])}</span>'
    if result.checked_on:
        text += f" ({escape(result.checked_on)})"
    if result.archived_url:  # an http(s) address: the report was validated when read
        text += f'; <a href="{escape(result.archived_url, quote=True)}">archived copy</a>'
    return text + "."


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _counted(counts: Mapping[str, int]) -> str:
    words = {"error": "error", "warning": "warning", "info": "notice"}
    parts = [_plural(n, words.get(s, s)) for s, n in counts.items() if n]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else "none"


def health_markdown(
    items: Sequence[Item],
    report: LinkReport | None,
    note_url: Callable[[str], str],
    now: datetime | None = None,
    *,
    entries: Iterable[BibEntry] = (),
    shared: SharedWork = lambda note, other: None,
    kinds: Mapping[str, str] | None = None,
    bibliography_url: str = "../bibliography/",
) -> str:
    """The reference-health page: a summary that counts what the page lists, findings by note in plain
    words (the code as a small detail), findings about bibliography entries, and the links' health.

    ``items``: the findings to list (the build's own, and the link report's web findings);
    ``kinds``: code → description for codes `KINDS` does not name.
    """
    by_key = {entry.key: entry for entry in entries}
    age, stale = report_age(report, now)
    lines = [
        "# Reference health",
        "",
        "What the edition's citation checker, citecheck, finds in the article's notes and bibliography. The "
        "edition keeps the article word for word, so it corrects none of this: it points it out, here and with "
        "a ⚑ in each note concerned.",
        "",
    ]
    if stale:
        lines += ['!!! warning "Report out of date"', "    " + age, ""]
    by_note: dict[str, list[Item]] = {}
    by_entry: dict[str, list[Item]] = {}
    other: list[Item] = []
    entry_at = {(entry.location.path, entry.location.line): entry.key for entry in by_key.values()}
    for item in items:
        entry_key = entry_at.get((item.path, item.line)) if not item.notes else None
        if item.notes:
            by_note.setdefault(item.notes[0], []).append(item)
        elif entry_key:
            by_entry.setdefault(entry_key, []).append(item)
        else:
            other.append(item)
    acknowledged = sum(item.baselined for item in items)
    severities = Counter(item.severity for item in items)
    counts = {s: severities[s] for s in ("error", "warning", "info")}
    where = [
        _plural(len(by_note), "note"),
        _plural(len(by_entry), "bibliography entry", "bibliography entries"),
    ] + ([_plural(len(other), "other finding")] if other else [])
    lines += ["## Summary", "", age, ""]
    if items:
        new = len(items) - acknowledged
        lines += [
            f"- **{_plural(len(items), 'finding')}**, about {' and '.join(where)}: {_counted(counts)}.",
            f"- **{acknowledged} acknowledged**: they are in the original article, which the edition keeps as it is.",
            f"- **{new} new** since the findings were last acknowledged." if new else "- **None new.**",
            "",
            "| What the checker found | Findings | Acknowledged |",
            "|---|---:|---:|",
        ]
        per_code = Counter(item.code for item in items)
        ack_code = Counter(item.code for item in items if item.baselined)
        for code, n in sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0])):
            kind = KINDS.get(code) or (kinds or {}).get(code, code)
            lines.append(f"| {escape(kind[:1].upper() + kind[1:])} | {n} | {ack_code[code]} |")
        lines += [f"| **All** | **{len(items)}** | **{acknowledged}** |", ""]
    else:
        lines += ["The checker finds nothing to point out.", ""]
    statuses = Counter(link.status for link in report.links.values()) if report else Counter()
    if statuses:
        lines += ["| Link status | Links |", "|---|---:|"]
        lines += [f"| {escape(_HEALTH_TEXT[s])} | {n} |" for s, n in sorted(statuses.items(), key=lambda kv: -kv[1])]
        lines.append("")

    def listed(found: list[Item]) -> list[str]:
        # Written as HTML: the page can list hundreds of findings, and they need no Markdown.
        return [
            '<ul class="edition-findings">',
            *(f"<li>{item_html(item, shared, note_url)}</li>" for item in found),
            "</ul>",
            "",
        ]

    if by_note:
        lines += ["## Findings by note", ""]
        for key in sorted(by_note, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)):
            lines += [f'### <a href="{escape(note_url(key), quote=True)}">Note {escape(key)}</a> {{#note-{key}}}', ""]
            lines += listed(by_note[key])
    if by_entry:
        lines += ["## Findings about bibliography entries", ""]
        for key in sorted(by_entry, key=lambda k: sort_key(by_key[k]) if k in by_key else (k, "")):
            entry = by_key.get(key)
            name = escape(entry_name(entry)) if entry else "An entry of the bibliography"
            lines += [f'### <a href="{escape(bibliography_url, quote=True)}#{escape(key, quote=True)}">{name}</a>', ""]
            lines += listed(by_entry[key])
    if other:
        lines += ["## Other findings", ""]
        lines += listed(other)
    return "\n".join(lines)
