"""Between the model and the web checks: which URLs and DOIs to check, and the findings their results give."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from citecheck.checks.common import finding, url_fix
from citecheck.extensions import IdentifierSource
from citecheck.model import CitationKind, Edit, Finding, Fix, Location, Model
from citecheck.notes.edits import url_followed, writable_url
from citecheck.notes.identifiers import extract, is_generic_url, normalize_doi, url_problem
from citecheck.notes.markup import note_content
from citecheck.web.links import moved_to
from citecheck.web.records import DoiQuery, DoiResult, DoiStatus, LinkResult, LinkStatus, WebOptions
from citecheck.web.runner import check_web

_LINK_CODES = {
    LinkStatus.BROKEN: "url-broken",
    LinkStatus.REDIRECTED: "url-redirected",
    LinkStatus.BLOCKED: "url-blocked",
    LinkStatus.TIMEOUT: "url-timeout",
    LinkStatus.SERVER_ERROR: "url-server-error",
    LinkStatus.SOFT_404: "url-soft-404",
    LinkStatus.TLS_ERROR: "url-tls-error",
    LinkStatus.UNCHECKED: "url-unchecked",
}


@dataclass(frozen=True, slots=True)
class Citing:
    """Where an identifier is cited: the notes (or bibliography entry) and its first location."""

    notes: tuple[str, ...]
    location: Location
    document: str
    date: str = ""

    @property
    def note_keys(self) -> tuple[str, ...]:
        """The keys of the citing notes (none for a bibliography entry)."""
        return tuple(f"{self.document}#{label}" for label in self.notes) if self.document else ()


@dataclass(frozen=True)
class WebResults:
    """The outcome of the web checks."""

    links: dict[str, LinkResult]
    dois: dict[str, DoiResult]
    findings: tuple[Finding, ...]


def _citing_urls(model: Model, extra: list[tuple[str, Location]]) -> dict[str, Citing]:
    cited: dict[str, Citing] = {}
    for resolved in model.citations:
        citation = resolved.citation
        note = model.note(citation.note)
        for url in citation.urls:
            if url_problem(url.raw):
                continue
            known = cited.get(url.raw)
            if known is None:
                cited[url.raw] = Citing((note.label,), note.location, note.document, citation.date)
            elif note.label not in known.notes:
                cited[url.raw] = replace(known, notes=(*known.notes, note.label), date=known.date or citation.date)
    for entry in model.bib_entries:
        for url in extract(entry.get("url")).urls if entry.get("url") else ():
            if not url_problem(url.raw) and url.raw not in cited:
                cited[url.raw] = Citing((), entry.location, "", entry.get("urldate") or entry.get("date"))
    for text, location in extra:
        for url in extract(text).urls:
            if not url_problem(url.raw) and url.raw not in cited:
                cited[url.raw] = Citing((), location, "")
    return cited


def _doi_queries(model: Model, extra: list[tuple[str, Location]]) -> tuple[list[DoiQuery], dict[str, Citing]]:
    queries: dict[str, DoiQuery] = {}
    cited: dict[str, Citing] = {}
    for resolved in model.citations:
        citation = resolved.citation
        note = model.note(citation.note)
        for doi in citation.dois:
            known = cited.get(doi)
            if known is None:
                cited[doi] = Citing((note.label,), note.location, note.document)
            elif note.label not in known.notes:
                cited[doi] = replace(known, notes=(*known.notes, note.label))
            if citation.kind is CitationKind.FULL and doi not in queries:
                queries[doi] = DoiQuery(
                    doi=doi,
                    title=citation.title or None,
                    first_author=(citation.authors or (None,))[0],
                    year=citation.year or None,
                    container=citation.container or None,
                    volume=citation.volume or None,
                    issue=citation.issue or None,
                    first_page=(citation.pages.split("-")[0].split("–")[0] or None),
                )
    for entry in model.bib_entries:
        doi = normalize_doi(entry.get("doi")) if entry.get("doi") else ""
        if doi and doi not in cited:
            cited[doi] = Citing((), entry.location, "")
            queries[doi] = DoiQuery(doi=doi, title=entry.get("title") or None, year=entry.get("year") or None)
    for text, location in extra:
        for doi in extract(text).dois:
            if doi not in cited:
                cited[doi] = Citing((), location, "")
    for doi in cited:
        queries.setdefault(doi, DoiQuery(doi=doi))
    return list(queries.values()), cited


def _final_url_fix(model: Model, url: str, result: LinkResult, where: Citing) -> Fix | None:
    """A permanently moved URL replaced by where it moved (its #fragment kept): certain, unless the move lands on
    a site's home page (a page that no longer exists, redirected to the front door)."""
    final = moved_to(result.redirects, result.final_url)
    if not final or not final.lower().startswith(("http://", "https://")):
        return None
    if is_generic_url(final) and not is_generic_url(url):
        return None
    fragment = url.partition("#")[2]
    if fragment and "#" not in final:
        final = f"{final}#{fragment}"
    return url_fix(model, where.note_keys, url, final, safe=True)


def _archive_fix(model: Model, url: str, archived: str, where: Citing) -> Fix | None:
    """The archived copy of a broken URL written after it (a change to the author's text, unsafe); none where a
    note already gives that copy."""
    if not writable_url(archived) or not where.note_keys:
        return None
    edits: list[Edit] = []
    for key in where.note_keys:
        note = model.note(key)
        found = (
            () if archived in note.text else url_followed(key, note_content(note), url, f" (archived at <{archived}>)")
        )
        if not found:
            return None
        edits.extend(found)
    return Fix(f"add the archived copy {archived}", tuple(edits), safe=False)


def _link_findings(model: Model, results: dict[str, LinkResult], cited: dict[str, Citing]) -> Iterator[Finding]:
    for url, result in results.items():
        where = cited[url]
        if result.status is LinkStatus.OK:
            if result.fragment_ok is False:
                yield finding(
                    "url-fragment-missing",
                    f"{url}: the page has no anchor '#{url.split('#', 1)[-1]}'",
                    where.location,
                    notes=where.notes,
                    document=where.document,
                    subject=url,
                )
            continue
        code = _LINK_CODES[result.status]
        reason = f" ({result.reason})" if result.reason else ""
        message = {
            "url-blocked": f"{url} refuses automated checks{reason}; verify by hand",
            "url-redirected": f"{url} moved permanently to {moved_to(result.redirects, result.final_url)}",
            "url-unchecked": f"{url} was not checked{reason}",
        }.get(code, f"{url} is {result.status.value.replace('-', ' ')}{reason}")
        suggestion = result.suggestion
        fix = _final_url_fix(model, url, result, where) if code == "url-redirected" else None
        if result.archived_url:
            suggestion = f"archived copy: {result.archived_url}"
            fix = _archive_fix(model, url, result.archived_url, where) if code == "url-broken" else None
        yield finding(
            code,
            message,
            where.location,
            notes=where.notes,
            suggestion=suggestion,
            document=where.document,
            subject=url,
            fix=fix,
        )


def _doi_findings(results: dict[str, DoiResult], cited: dict[str, Citing]) -> Iterator[Finding]:
    for doi, result in results.items():
        where = cited.get(doi)
        if where is None:
            continue
        found: list[tuple[str, str, str | None]] = []  # (code, message, suggestion)
        if result.status is DoiStatus.NOT_FOUND:
            found.append(("doi-not-found", f"DOI {doi} is not registered", None))
        elif result.status is DoiStatus.MISMATCH:
            fields = "; ".join(f"{m.field}: cited {m.cited!r}, registered {m.registered!r}" for m in result.mismatches)
            found.append((
                "doi-metadata-mismatch",
                f"DOI {doi} is registered with other metadata ({fields})",
                "correct the citation from the registry, or check the DOI",
            ))  # fmt: skip
        elif result.status is DoiStatus.RETRACTED:
            notices = "; ".join(result.notices) or result.reason
            found.append(("doi-retracted", f"DOI {doi} has been retracted ({notices})", None))
        elif result.status is DoiStatus.UNCHECKED:
            found.append(("doi-unchecked", f"DOI {doi} was not checked ({result.reason})", None))
        if result.status is not DoiStatus.RETRACTED and result.notices:
            found.append(("doi-updated", f"DOI {doi}: {'; '.join(result.notices)}", None))
        for code, message, suggestion in found:
            yield finding(code, message, where.location, notes=where.notes, document=where.document,
                          suggestion=suggestion, subject=doi)  # fmt: skip


def _upgrade_insecure(model: Model, findings: list[Finding], links: dict[str, LinkResult]) -> list[Finding]:
    """Say whether the https:// form of each http:// URL works, now that we know; where it does (and the URL has
    not moved elsewhere, which url-redirected fixes), writing it is a certain fix."""
    upgraded = []
    for f in findings:
        result = links.get(f.subject) if f.code == "insecure-url" else None
        if result is not None and result.https_works is not None:
            works = "works" if result.https_works else "does not work"
            moved = result.status is LinkStatus.REDIRECTED
            keys = (f"{f.document}#{label}" for label in f.notes) if f.document else ()
            f = replace(
                f,
                message=f"{f.message}; its https:// form {works}",
                suggestion=f.suggestion if result.https_works else "keep http://, or find a secure copy",
                fix=url_fix(model, keys, f.subject, "https://" + f.subject[7:], safe=True)
                if result.https_works and not moved
                else None,
            )
        upgraded.append(f)
    return upgraded


def run_web_checks(
    model: Model,
    options: WebOptions,
    offline_findings: list[Finding],
    sources: Sequence[IdentifierSource] = (),
    *,
    progress: Callable[[int, int], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> WebResults:
    """Check every URL and DOI of the model and of the extensions' ``sources``.

    The offline findings come back with https advice added.
    """
    extra = [item for source in sources for item in source(model)]
    urls = _citing_urls(model, extra)
    queries, cited_dois = _doi_queries(model, extra)
    dates = {url: citing.date for url, citing in urls.items() if citing.date}
    outcome = check_web(list(urls), queries, options, dates=dates, progress=progress, on_warning=on_warning)
    links, dois = outcome.links, outcome.dois
    findings = _upgrade_insecure(model, offline_findings, links)
    findings += list(_link_findings(model, links, urls)) + list(_doi_findings(dois, cited_dois))
    return WebResults(links=links, dois=dois, findings=tuple(findings))
