"""citecheck's findings in plain words, for readers: the ⚑ marks in notes and the reference-health page.

citecheck's messages are written for editors (codes, BibTeX keys, file names). A reader is told instead
what is odd about the note ("This note repeats the full citation of note 38; a short form would do.")
and, where there is one, what would be better; the code stays available as a small detail. Both the
build's own findings (`citecheck.model.Finding`) and those of the JSON link report (validated by
`link_report`) are read into one `Item`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from citecheck.model import Finding

_QUOTED = re.compile(r"'(.+?)'(?= is cited| has )")
_URL = re.compile(r"https?://[^\s<>\"'/.][^\s<>\"']*")
_TRAILING = ".,;:)]}'\""
_LINKABLE = re.compile(_URL.pattern + r"|\bnotes? (\d+)\b")


@dataclass(frozen=True, slots=True)
class Item:
    """One finding as the site shows it."""

    code: str
    severity: str
    message: str
    notes: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    suggestion: str = ""
    baselined: bool = False
    subject: str = ""
    path: str = ""
    line: int = 0
    """Where the finding is: for findings about a bibliography entry, the entry's own place."""

    @classmethod
    def from_finding(cls, finding: Finding) -> Item:
        return cls(
            finding.code,
            finding.severity.value,
            finding.message,
            tuple(finding.notes),
            tuple(finding.related),
            finding.suggestion or "",
            finding.baselined,
            finding.subject,
            finding.location.path,
            finding.location.line,
        )

    @property
    def url(self) -> str:
        """The URL the finding is about, if any (its subject, or the first URL of its message)."""
        if self.subject.startswith(("http://", "https://")):
            return self.subject
        match = _URL.search(self.message)
        return match.group(0).rstrip(_TRAILING) if match else ""


SharedWork = Callable[[str, str], str | None]
"""``shared_work(note, other)``: the complete short form of the work two notes both cite, if any."""


def _note(label: str) -> str:
    return f"note {label}" if label else "an earlier note"


def _after_colon(message: str) -> str:
    return message.split(": ", 1)[1] if ": " in message else message


def explain(item: Item, shared_work: SharedWork = lambda note, other: None) -> tuple[str, str]:
    """(what is odd, what would be better) in plain words; the second may be empty.

    ``shared_work(note, other)``: the complete short form (surnames and full main title) of the work
    that two notes both cite, used instead of citecheck's suggestion, which may cut a title mid-phrase.
    """
    code = item.code
    first = item.related[0] if item.related else ""
    this = "This note" if item.notes else "This bibliography entry"
    url = item.url
    if code == "repeated-full-citation":
        short = shared_work(item.notes[0], first) if item.notes and first else None
        return (
            f"This note repeats the full citation of {_note(first)}; a short form would do.",
            f"Short form: {short}." if short else "",
        )
    if code == "inconsistent-citation-form":
        detail = _after_colon(item.message)
        return f"This note cites the work of {_note(first)} in a different form: {detail}.", ""
    if code == "conflicting-metadata":
        detail = _after_colon(item.message)
        return f"This note gives the work of {_note(first)} with different details: {detail}.", ""
    if code == "duplicate-within-note":
        return "This note cites the same work twice; once would do.", ""
    if code == "short-form-unresolved":
        better = item.suggestion[:1].upper() + item.suggestion[1:] if item.suggestion else ""
        return "This note gives a short form, but no earlier note cites that work in full.", better
    if code == "ibid-malformed":
        return f"This note's “Ibid.” is written irregularly: {_after_colon(item.message)}.", ""
    if code == "ibid-ambiguous":
        return f"This note says “Ibid.”, but {_note(first)} before it cites several works: which one is meant?", ""
    if code == "ibid-mismatch":
        return f"This note says “Ibid.” but names a work other than the one {_note(first)} cites.", ""
    if code == "ibid-unresolved":
        return f"This note says “Ibid.”, but {_note(first)} before it cites no work that can be identified.", ""
    if code == "ibid-first":
        return "This note says “Ibid.”, but no note comes before it.", ""
    if code == "missing-locator":
        quoted = _QUOTED.search(item.message)
        what = f"“{quoted.group(1)}”" if quoted else "the work it cites"
        return f"{this} gives neither a link nor a DOI for {what}, so a reader cannot follow it to the source.", ""
    if code == "insecure-url":
        better = f"The secure address may work: {item.suggestion}" if item.suggestion else ""
        return f"{this} links to {url} over unencrypted http://.", better
    if code == "generic-url":
        return f"{this} links to {url}, a website's home page, not the page of the cited item.", ""
    if code == "url-malformed":
        return f"{this} gives an address that is not a well-formed URL: {item.subject or url}.", ""
    if code == "doi-invalid":
        return f"{this} gives a DOI that is not a valid DOI: {item.subject or _after_colon(item.message)}.", ""
    if code == "bib-missing-entry":
        return "The work this note cites has no entry in the bibliography.", ""
    if code == "bib-uncited-entry":
        return "No note cites this bibliography entry.", ""
    if code == "bib-duplicate-entry":
        return "The bibliography has more than one entry for this work.", ""
    web = {
        "url-broken": "is broken: the page is gone, or its site no longer exists",
        "url-redirected": "has moved to another address",
        "url-blocked": "could not be checked automatically (the site refuses robots); it may work in a browser",
        "url-timeout": "did not answer in time when it was checked",
        "url-server-error": "answered with a server error when it was checked",
        "url-soft-404": "leads to a page that says it was not found",
        "url-tls-error": "fails to open a secure connection",
        "url-fragment-missing": "points to a part of its page that the page does not have",
        "url-unchecked": "was not checked",
    }
    if code in web:
        better = item.suggestion if item.suggestion.startswith(("http://", "https://")) else ""
        return f"The link {url or item.subject} {web[code]}.", f"Try: {better}" if better else ""
    dois = {
        "doi-not-found": "is not known to the DOI system",
        "doi-metadata-mismatch": "is registered with details that differ from the citation",
        "doi-retracted": "belongs to a work that has been retracted",
        "doi-updated": "belongs to a work with a correction or other update notice",
        "doi-unchecked": "could not be checked",
    }
    if code in dois:
        return f"The DOI {item.subject or ''} {dois[code]}.".replace("DOI  ", "DOI "), ""
    return item.message[:1].upper() + item.message[1:] + ("" if item.message.endswith(".") else "."), ""


def linked(text: str, note_url: Callable[[str], str] | None = None) -> str:
    """Plain text as HTML: its URLs made links (trailing punctuation left outside), and "note 38" a link
    to the note when ``note_url`` is given."""
    out: list[str] = []
    last = 0
    for match in _LINKABLE.finditer(text):
        if match.group(1):
            if note_url is None:
                continue
            target, shown = note_url(match.group(1)), match.group(0)
        else:
            target = shown = match.group(0).rstrip(_TRAILING)
        out.append(escape(text[last : match.start()]))
        out.append(f'<a href="{escape(target, quote=True)}">{escape(shown)}</a>')
        last = match.start() + len(shown)
    out.append(escape(text[last:]))
    return "".join(out)


def item_html(
    item: Item, shared_work: SharedWork = lambda note, other: None, note_url: Callable[[str], str] | None = None
) -> str:
    """One finding as inline HTML: the explanation, the better form, and the code as a small detail."""
    what, better = explain(item, shared_work)
    parts = [f'<span class="edition-finding-what">{linked(what, note_url)}</span>']
    if better:
        parts.append(f' <span class="edition-finding-better">{linked(better, note_url)}</span>')
    detail = f"citecheck code {item.code}" + (", acknowledged" if item.baselined else "")
    parts.append(f' <small class="edition-finding-code">({escape(detail)})</small>')
    return "".join(parts)
