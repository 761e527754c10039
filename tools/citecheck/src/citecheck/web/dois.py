"""Check one DOI: does it exist, does the registry agree with the citation, was it retracted?

1. Crossref first: ``<crossref-api>/works/<doi>`` answers, in one request, for
   most DOIs cited in scholarship: the work exists, its metadata, and its
   updates: ``updated-by`` (notices about this work, including Retraction
   Watch records), ``update-to`` (this DOI *is* a notice) and ``relation``.
2. Only a DOI Crossref does not know (another agency's: DataCite, mEDRA …;
   or none at all) goes to the resolver: its handle API,
   ``<doi-api>/api/handles/<doi>`` (``responseCode`` 1 = found, 100 = not
   found), then content negotiation at ``<doi-api>/<doi>`` for CSL-JSON,
   which every agency serves. When the same DOI is link-checked as a resolver
   URL in the same run, that check's answer replaces the handle API request
   (see ``sharing.py``).

The registry's answer (a ``RegistryAnswer``) is what gets cached; the comparison with the
citation is redone each run, since citations change between runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlencode

from rapidfuzz import fuzz

from citecheck.notes.text import STOP_WORDS, fold
from citecheck.web import answers
from citecheck.web.deadline import Budget
from citecheck.web.fetch import Fetched, fetch
from citecheck.web.http import host_of
from citecheck.web.links import NetworkState, utc_now
from citecheck.web.records import (
    DoiAuthor,
    DoiMetadata,
    DoiQuery,
    DoiResult,
    DoiStatus,
    FieldMismatch,
    RegistryAnswer,
    WebOptions,
)
from citecheck.web.safety import is_local_host
from citecheck.web.scheduler import Task, wait_for
from citecheck.web.sharing import ResolverAnswers

#: Media type for CSL-JSON content negotiation at the DOI resolver.
CSL_JSON = "application/vnd.citationstyles.csl+json"
#: Bytes of an API answer read at most (Crossref records with references get big).
API_ANSWER_BYTES = 4_000_000
#: Similarity (0-100) at which two titles count as the same.
TITLE_THRESHOLD = 85
#: Similarity at which two container (journal) titles count as the same.
CONTAINER_THRESHOLD = 85
#: Similarity at which two surnames count as the same (transliteration, typos).
SURNAME_THRESHOLD = 88
#: Crossref update types that take the work back.
RETRACTING_UPDATES = frozenset({"retraction", "withdrawal", "removal"})
#: Handle API response codes (see the Handle.Net proxy server manual).
HANDLE_FOUND = 1
HANDLE_NOT_FOUND = 100
HANDLE_NO_VALUES = 200


def _text(value: Any, name: str) -> str:
    """First non-empty string of a CSL/Crossref field (a string or a list of them), without markup."""
    if isinstance(value, list):
        value = next((v for v in answers.items(value, name) if isinstance(v, str) and v.strip()), "")
    value = answers.text(value, name)
    # Crossref titles carry JATS/HTML tags (<i>, <sub>) and entities.
    value = html.unescape(re.sub(r"<[^>]+>", "", value))
    return " ".join(value.split())


def _year(date: Any) -> str | None:
    try:
        year = date["date-parts"][0][0]
    except (KeyError, IndexError, TypeError):
        return None
    if isinstance(year, bool) or not isinstance(year, (int, str)):
        return None
    return answers.text(year, "year") or None


def normalise_record(record: Mapping[str, Any], source: str) -> DoiMetadata:
    """Common fields from a CSL-JSON or Crossref ``message`` record; raises BadAnswer on wrong types."""
    authors: list[DoiAuthor] = []
    first: DoiAuthor | None = None
    for author in answers.items(record.get("author"), "author"):
        if not isinstance(author, dict):
            continue
        entry = DoiAuthor(
            family=_text(author.get("family") or author.get("literal") or author.get("name"), "author family"),
            given=_text(author.get("given"), "author given"),
        )
        authors.append(entry)
        if first is None and author.get("sequence") == "first":
            first = entry
    if first is None and authors:
        first = authors[0]
    years: list[str] = []
    for key in ("issued", "published", "published-print", "published-online", "created"):
        year = _year(record.get(key))
        if year and year not in years:
            years.append(year)
    page = _text(record.get("page"), "page")
    first_page = re.split(r"\s*[-–—]\s*", page, maxsplit=1)[0] if page else ""
    short = record.get("container-title-short") or record.get("short-container-title")
    return DoiMetadata(
        source=source,
        title=_text(record.get("title"), "title"),
        subtitle=_text(record.get("subtitle"), "subtitle"),
        authors=tuple(authors),
        first_author=first.family if first else "",
        year=years[0] if years else "",
        years=tuple(years),
        container=_text(record.get("container-title"), "container-title"),
        container_short=_text(short, "container-title-short"),
        volume=_text(record.get("volume"), "volume"),
        issue=_text(record.get("issue"), "issue"),
        page=page,
        first_page=first_page,
        article_number=_text(record.get("article-number"), "article-number"),
        type=_text(record.get("type"), "type"),
        publisher=_text(record.get("publisher"), "publisher"),
        url=answers.web_url(record.get("URL")) or "",
    )


def update_notices(record: Mapping[str, Any]) -> tuple[list[str], bool]:
    """Human notices from Crossref update data, and whether the work is retracted; raises BadAnswer on wrong types."""
    notices: list[str] = []
    retracted = False
    for update in answers.items(record.get("updated-by"), "updated-by"):
        if not isinstance(update, dict):
            continue
        kind = (answers.text(update.get("type"), "update type") or "update").lower()
        label = answers.text(update.get("label"), "update label") or kind.replace("_", " ").capitalize()
        when = _date_text(update.get("updated"))
        source = answers.text(update.get("source"), "update source")
        detail = ", ".join(x for x in (when, f"source: {source}" if source else "") if x)
        notice_doi = answers.text(update.get("DOI"), "update DOI") or "no DOI"
        notices.append(f"{label}: {notice_doi}" + (f" ({detail})" if detail else ""))
        retracted = retracted or kind in RETRACTING_UPDATES
    for update in answers.items(record.get("update-to"), "update-to"):
        if not isinstance(update, dict):
            continue
        kind = (answers.text(update.get("type"), "update type") or "update").lower().replace("_", " ")
        target = answers.text(update.get("DOI"), "update DOI") or "another work"
        notices.append(f"this DOI is a {kind} notice for {target}")
    for name, targets in answers.mapping(record.get("relation"), "relation").items():
        lowered = name.lower()
        if not any(word in lowered for word in ("retract", "correct", "erratum", "withdr")):
            continue
        listed = answers.items(targets, f"relation {name}")
        ids = [answers.text(t.get("id"), "relation id") for t in listed if isinstance(t, dict) and t.get("id")]
        notices.append(f"relation {name}: {', '.join(ids) or 'unnamed'}")
        if ("retract" in lowered or "withdr" in lowered) and lowered.startswith(("is-", "has-")):
            retracted = retracted or lowered.startswith("is-")
    # The same notice may come from CSL-JSON and Crossref: keep one.
    return list(dict.fromkeys(notices)), retracted


def _date_text(date: Any) -> str:
    try:
        parts = [int(p) for p in date["date-parts"][0]]
    except (KeyError, IndexError, TypeError, ValueError, OverflowError):
        return ""
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def _json(fetched: Fetched) -> Any:
    """The JSON value of a complete answer; None for no answer; raises BadAnswer for a bad one."""
    if not fetched.complete or not fetched.body:
        return None
    return answers.load_json(fetched.body)


def _registered(answer: RegistryAnswer, record: Mapping[str, Any], source: str) -> RegistryAnswer:
    """A registered DOI's answer from its record (raises BadAnswer)."""
    notices, retracted = update_notices(record)
    return replace(
        answer,
        found=True,
        metadata=normalise_record(record, source),
        notices=tuple(notices),
        retracted=retracted,
        reason="registered",
    )


class DoiChecker:
    """Asks the registries about DOIs, as scheduler tasks; one checker serves a whole run."""

    def __init__(
        self, options: WebOptions, network: NetworkState | None = None, answers: ResolverAnswers | None = None
    ) -> None:
        self.options = options
        self.network = network or NetworkState()
        self.answers = answers

    def lookup(self, doi: str) -> Task[RegistryAnswer]:
        """What the registries say about ``doi`` (cacheable as it is), within one deadline for every request."""
        unknown = RegistryAnswer(found=None, checked_at=utc_now())
        deadline = Budget(self.options.max_seconds_per_url)
        try:
            return (yield from self._ask(doi, quote(doi, safe="/"), unknown, deadline))
        except answers.BadAnswer as exc:
            return replace(unknown, reason=f"the registry's answer is unusable: {exc}")

    def _ask(self, doi: str, path: str, unknown: RegistryAnswer, deadline: Budget) -> Task[RegistryAnswer]:
        crossref_down = self.network.reason_for(host_of(self.options.crossref_api))
        if not crossref_down:
            message = yield from self._crossref(path, deadline)
            if message is not None:
                return _registered(unknown, message, "crossref")
        # Not a Crossref DOI (or Crossref could not say): the resolver knows every agency's.
        resolver_down = self.network.reason_for(host_of(self.options.doi_api))
        if resolver_down:
            return replace(unknown, reason=resolver_down)
        shared = self.answers.for_doi(doi) if self.answers else None
        known = (yield from wait_for(shared)) if shared is not None else None
        if known is False:
            return replace(unknown, found=False, reason="DOI not found at the resolver (404 for its URL)")
        if known is None:
            verdict = yield from self._handle(path, unknown, deadline)
            if verdict is not None:
                return verdict
        return (yield from self._negotiate(path, unknown, deadline))

    def _crossref(self, path: str, deadline: Budget) -> Task[dict[str, Any] | None]:
        """Crossref's record of the work, or None (not Crossref's, or no answer); raises BadAnswer."""
        opts = self.options
        url = f"{opts.crossref_api.rstrip('/')}/works/{path}"
        if opts.mailto:
            # Crossref's "polite pool": identified clients get steadier service.
            url += "?" + urlencode({"mailto": opts.mailto})
        fetched = yield from fetch(
            url, opts, headers={"Accept": "application/json"}, body_limit=API_ANSWER_BYTES, deadline=deadline
        )
        self._record(opts.crossref_api, fetched)
        data = _json(fetched) if fetched.status == 200 else None
        if isinstance(data, dict) and data.get("status") == "ok" and isinstance(data.get("message"), dict):
            return data["message"]
        return None

    def _handle(self, path: str, unknown: RegistryAnswer, deadline: Budget) -> Task[RegistryAnswer | None]:
        """The handle API's verdict when it is final (not found, or no useful answer); None when registered."""
        opts = self.options
        handle = yield from fetch(
            f"{opts.doi_api.rstrip('/')}/api/handles/{path}",
            opts,
            headers={"Accept": "application/json"},
            body_limit=API_ANSWER_BYTES,
            deadline=deadline,
        )
        self._record(opts.doi_api, handle)
        try:
            data = _json(handle)
        except answers.BadAnswer:
            if handle.status == 200:
                raise
            data = None  # an error page: its status says what there is to say
        code = data.get("responseCode") if isinstance(data, dict) else None
        if isinstance(code, bool) or not isinstance(code, int | None):
            raise answers.BadAnswer("handle API responseCode is not a number")
        if code == HANDLE_NOT_FOUND or (handle.status == 404 and code is None):
            return replace(unknown, found=False, reason="DOI not found at the resolver (handle API responseCode 100)")
        if code not in (HANDLE_FOUND, HANDLE_NO_VALUES):
            return replace(unknown, reason=f"DOI resolver did not answer usefully: {handle.describe()}")
        return None

    def _negotiate(self, path: str, unknown: RegistryAnswer, deadline: Budget) -> Task[RegistryAnswer]:
        """A registered DOI's metadata and notices by content negotiation at the resolver (CSL-JSON)."""
        opts = self.options
        csl = yield from fetch(
            f"{opts.doi_api.rstrip('/')}/{path}",
            opts,
            headers={"Accept": CSL_JSON},
            body_limit=API_ANSWER_BYTES,
            deadline=deadline,
        )
        if csl.error is not None:
            # No answer (the deadline, a dropped connection): the metadata and notices are unchecked, not absent,
            # so the DOI is not judged on them and the answer is not cached.
            return replace(unknown, reason=f"registered, but its metadata did not come: {csl.error.message}")
        csl_data = _json(csl) if csl.status == 200 else None
        if not isinstance(csl_data, dict):
            return replace(unknown, found=True, reason="registered (no metadata available)")
        return _registered(unknown, csl_data, "csl-json")

    def _record(self, api: str, fetched: Fetched) -> None:
        host = host_of(api)
        if not is_local_host(host):
            self.network.record(host, fetched)


def judge(query: DoiQuery, answer: RegistryAnswer, *, from_cache: bool = False) -> DoiResult:
    """Turn a registry answer and a citation into a DoiResult."""
    result = DoiResult(
        doi=query.doi,
        status=DoiStatus.OK,
        metadata=answer.metadata,
        notices=answer.notices,
        reason=answer.reason or "registered",
        checked_at=answer.checked_at,
        from_cache=from_cache,
    )
    if answer.found is False:
        return replace(result, status=DoiStatus.NOT_FOUND)
    if answer.found is None:
        return replace(result, status=DoiStatus.UNCHECKED)
    mismatches = tuple(compare(query, answer.metadata)) if answer.metadata else ()
    if answer.retracted:
        first = next(iter(answer.notices), "")
        reason = "retracted" + (f" ({first})" if first else "")
        return replace(result, status=DoiStatus.RETRACTED, mismatches=mismatches, reason=reason)
    if mismatches:
        fields = ", ".join(m.field for m in mismatches)
        return replace(
            result, status=DoiStatus.MISMATCH, mismatches=mismatches, reason=f"registry differs in: {fields}"
        )
    return result


# ----------------------------------------------------------------------
# Field comparison. Each helper answers "could these be the same?", leaning
# to yes: a false mismatch sends an editor chasing nothing.


def titles_match(cited: str, title: str, subtitle: str = "") -> bool:
    """Fuzzy title comparison, tolerant of a missing or extra subtitle."""
    c = fold(cited)
    candidates = {fold(title)}
    if subtitle:
        candidates.add(fold(f"{title} {subtitle}"))
    for sep in (":", " - ", " — ", "?"):
        if sep in title:
            candidates.add(fold(title.split(sep, 1)[0]))
    main = fold(re.split(r":| - | — ", cited, maxsplit=1)[0])  # the cited title without its subtitle
    best = max(max(fuzz.ratio(c, cand), fuzz.ratio(main, cand) if len(main) > 20 else 0) for cand in candidates if cand)
    return best >= TITLE_THRESHOLD


def surnames_match(cited: str, registered: str) -> bool:
    """Surname comparison ignoring case, accents and particles (van, de, …)."""
    c, r = fold(cited), fold(registered)
    if not c or not r:
        return True
    if c == r or c in r.split() or r in c.split():
        return True
    return fuzz.ratio(c, r) >= SURNAME_THRESHOLD or c.replace(" ", "") == r.replace(" ", "")


def containers_match(cited: str, full: str, short: str = "") -> bool:
    """Journal titles match in full, fuzzily, or as an abbreviation (J. Phys. → Journal of Physics)."""
    c = fold(cited)
    for candidate in (full, short):
        f = fold(candidate)
        if not f:
            continue
        if c == f or fuzz.ratio(c, f) >= CONTAINER_THRESHOLD or _abbreviates(c, f):
            return True
    return False


def _abbreviates(short: str, full: str) -> bool:
    """Each word of ``short`` starts the next significant word of ``full``, in order."""
    words = [w for w in short.split() if w not in STOP_WORDS]
    target = [w for w in full.split() if w not in STOP_WORDS]
    if not words or len(words) != len(target):
        return False
    return all(t.startswith(w) for w, t in zip(words, target, strict=True))


def _simple(value: str) -> str:
    value = fold(value).replace(" ", "")
    return value.lstrip("0") or value


def compare(query: DoiQuery, metadata: DoiMetadata) -> list[FieldMismatch]:
    """Every field where the citation and the registry disagree (fields missing on either side are skipped)."""
    out: list[FieldMismatch] = []
    if query.title and metadata.title and not titles_match(query.title, metadata.title, metadata.subtitle):
        out.append(FieldMismatch("title", query.title, metadata.title))
    family = metadata.first_author
    if query.first_author and family and not surnames_match(query.first_author, family):
        out.append(FieldMismatch("first_author", query.first_author, family))
    years = list(metadata.years) or ([metadata.year] if metadata.year else [])
    cited_year = re.search(r"\d{4}", query.year or "")
    if cited_year and years and cited_year.group(0) not in years:
        out.append(FieldMismatch("year", query.year or "", " or ".join(years[:2])))
    container = metadata.container
    if query.container and container and not containers_match(query.container, container, metadata.container_short):
        out.append(FieldMismatch("container", query.container, container))
    for name in ("volume", "issue"):
        cited = getattr(query, name)
        registered = getattr(metadata, name)
        if cited and registered and _simple(cited) != _simple(registered):
            out.append(FieldMismatch(name, cited, registered))
    if query.first_page:
        cited_page = re.split(r"\s*[-–—]\s*", query.first_page.strip(), maxsplit=1)[0]
        options = [o for o in (metadata.first_page, metadata.article_number) if o]
        if options and _simple(cited_page) not in {_simple(o) for o in options}:
            out.append(FieldMismatch("first_page", query.first_page, options[0]))
    return out
