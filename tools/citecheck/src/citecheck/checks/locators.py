"""URLs and DOIs judged without the network: missing, insecure, generic, malformed or invalid."""

from __future__ import annotations

from collections.abc import Iterator

from citecheck.checks.common import finding, note_finding, url_fix
from citecheck.model import CitationKind, Finding, Location, Model
from citecheck.notes.identifiers import (
    current_doi_url,
    extract,
    is_generic_url,
    is_valid_doi,
    normalize_doi,
    url_problem,
)


def check(model: Model) -> Iterator[Finding]:
    """Findings about the locators of every citation and bibliography entry."""
    for work in model.works:
        if work.first_full is None or work.urls or work.dois:
            continue
        first = model.first_full_citations[work.id]
        if first.title_is_quoted and not first.invalid_dois:  # a broken DOI is reported as doi-invalid
            yield note_finding(
                model,
                "missing-locator",
                work.first_full,
                f"'{work.title}' is cited with neither URL nor DOI",
                suggestion="add the DOI, or the URL where a reader finds it",
            )
    for resolved in model.citations:
        citation = resolved.citation
        if citation.kind is CitationKind.IBID:
            continue
        for raw in dict.fromkeys(u.raw for u in citation.urls):
            yield from _url_findings(model, citation.note, raw)
        for bad in citation.invalid_dois:
            yield note_finding(
                model,
                "doi-invalid",
                citation.note,
                f"{bad!r} is not a valid DOI (10.<4-9 digit registrant>/<suffix>)",
                subject=bad,
            )
    for entry in model.bib_entries:
        where = Location(entry.location.path, entry.location.line)
        for url in extract(entry.get("url")).urls if entry.get("url") else ():
            problem = url_problem(url.raw)
            if problem:
                yield finding("url-malformed", f"entry {entry.key}: URL {url.raw!r} {problem}", where, subject=url.raw)
            elif url.raw.lower().startswith("http://"):
                yield finding(
                    "insecure-url",
                    f"entry {entry.key}: {url.raw} uses http://",
                    where,
                    suggestion="https://" + url.raw[7:],
                    subject=url.raw,
                )
        if entry.get("doi") and not is_valid_doi(normalize_doi(entry.get("doi"))):
            yield finding(
                "doi-invalid",
                f"entry {entry.key}: {entry.get('doi')!r} is not a valid DOI",
                where,
                subject=entry.get("doi"),
            )


def _url_findings(model: Model, note_key: str, url: str) -> Iterator[Finding]:
    problem = url_problem(url)
    if problem:
        yield note_finding(model, "url-malformed", note_key, f"URL {url!r} {problem}", subject=url)
        return
    current = current_doi_url(url)
    if current:
        yield note_finding(
            model,
            "doi-url-form",
            note_key,
            f"{url} names a DOI through an old or insecure address; DOIs are linked as {current}",
            suggestion=current,
            subject=url,
            fix=url_fix(model, (note_key,), url, current, safe=True),
        )
    elif url.lower().startswith("http://"):
        yield note_finding(
            model, "insecure-url", note_key, f"{url} uses http://", suggestion="https://" + url[7:], subject=url
        )
    if is_generic_url(url):
        yield note_finding(
            model,
            "generic-url",
            note_key,
            f"{url} is a site's home page, not the cited item",
            suggestion="link to the page of the cited item",
            subject=url,
        )
