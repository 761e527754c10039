"""The entry points: :func:`check_web` (URLs and DOIs in one run), ``check_links`` and ``check_dois``.

A run answers what it can without the network first (exclusions, the
on-disk cache), then hands every remaining URL and DOI to one
:class:`~citecheck.web.scheduler.Scheduler` as a task, so link hops, DOI
lookups, Crossref and Wayback requests share the hosts' slots and
interleave. Host names are resolved once per run; a DOI cited as a
resolver URL shares the resolver's answer between its two checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from citecheck.notes.identifiers import normalize_doi
from citecheck.web.cache import ResultCache
from citecheck.web.dois import DoiChecker, judge
from citecheck.web.links import LinkChecker, NetworkState, utc_now
from citecheck.web.records import DoiQuery, DoiResult, DoiStatus, LinkResult, LinkStatus, RegistryAnswer, WebOptions
from citecheck.web.safety import ResolveError, Resolver, ResolverCache, is_local_host, system_resolver
from citecheck.web.scheduler import Scheduler, Task
from citecheck.web.sharing import ResolverAnswers, registered

DNS_CANARIES = ("doi.org", "example.com", "wikipedia.org")
"""Names any working DNS resolves: if none does, "host not found" means no network, not a dead site."""


def dns_probe(resolver: Resolver | None, options: WebOptions) -> Callable[[], bool]:
    """A check that DNS answers for well-known names (the configured DOI resolver's host among them)."""
    resolver_host = urlsplit(options.doi_api).hostname or ""
    own = () if not resolver_host or is_local_host(resolver_host) else (resolver_host,)
    names = tuple(dict.fromkeys((*own, *DNS_CANARIES)))

    def answers() -> bool:
        for name in names:
            try:
                if (resolver or system_resolver)(name, 443):
                    return True
            except (ResolveError, OSError):
                continue
        return False

    return answers


#: Results that may change within minutes are kept this long at most (seconds).
TRANSIENT_TTL = 3600.0
#: Statuses that are kept for TRANSIENT_TTL only.
TRANSIENT_STATUSES = frozenset({LinkStatus.TIMEOUT, LinkStatus.SERVER_ERROR, LinkStatus.BLOCKED})
#: Statuses never cached: they say nothing about the link.
UNCACHED_STATUSES = frozenset({LinkStatus.UNCHECKED})
Progress = Callable[[int, int], None]
Warn = Callable[[str], None]
T = TypeVar("T")


def _fingerprint(options: WebOptions) -> str:
    """Options that change a link's verdict; a cached result made under others is not reused."""
    return repr((sorted(options.accept_status), options.soft_404, options.check_fragments, options.https_probe))


def _cache(options: WebOptions, kind: str, fingerprint: str, on_warning: Warn | None) -> ResultCache | None:
    if options.cache_dir is None:
        return None
    cache = ResultCache(
        Path(options.cache_dir),
        kind,
        ttl=options.cache_ttl,
        refresh=options.refresh,
        fingerprint=fingerprint,
        on_warning=on_warning,
    )
    return cache if cache.usable else None


def has_network_route() -> bool:
    """False when the machine has no default route at all (Linux only; elsewhere True).

    Checked before anything else so a laptop in a train finishes at once
    instead of waiting for DNS timeouts.
    """
    try:
        with open("/proc/net/route", encoding="ascii") as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                if len(fields) > 1 and fields[0] != "lo" and fields[1] == "00000000":
                    return True
        with open("/proc/net/ipv6_route", encoding="ascii") as handle:
            for line in handle:
                fields = line.split()
                if len(fields) >= 10 and fields[0] == "0" * 32 and fields[1] == "00" and fields[9] != "lo":
                    return True
    except OSError:
        return True
    return False


class Collected(dict[str, T]):
    """Results by URL or DOI as they arrive; ``progress(done, total)`` is told after each, counting ``shared``."""

    def __init__(self, total: int, progress: Progress | None, shared: list[int]) -> None:
        super().__init__()
        self.total = total
        self.progress = progress
        self.shared = shared

    def add(self, key: str, result: T) -> None:
        """Record one result."""
        self[key] = result
        self.shared[0] += 1
        if self.progress is not None:
            self.progress(self.shared[0], self.total)


@dataclass(frozen=True)
class WebOutcome:
    """Every result of one run of the web checks."""

    links: dict[str, LinkResult]
    """URL → its result, one per distinct URL."""
    dois: dict[str, DoiResult]
    """Normalised DOI → its result."""


def check_web(
    urls: Sequence[str],
    queries: Sequence[DoiQuery],
    options: WebOptions,
    *,
    dates: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    on_warning: Warn | None = None,
    resolver: Resolver | None = None,
) -> WebOutcome:
    """Check every URL and every DOI (each once) in one run; never raises for a bad URL or DOI.

    ``dates`` maps a URL to the citing note's access or publication date,
    used to pick the Wayback snapshot. ``progress(done, total)`` is called in
    this thread after each URL or DOI. ``resolver`` replaces the system DNS
    resolver (tests, embedding).

    Several queries for one DOI (cited twice, differently) are judged
    separately but only the last is returned under that DOI; callers with
    conflicting citations should compare them first.
    """
    unique = list(dict.fromkeys(urls))
    by_doi: dict[str, DoiQuery] = {}
    for query in queries:
        doi = normalize_doi(query.doi)
        by_doi[doi] = query if query.doi == doi else replace(query, doi=doi)
    done = [0]
    links: Collected[LinkResult] = Collected(len(unique) + len(by_doi), progress, done)
    dois: Collected[DoiResult] = Collected(len(unique) + len(by_doi), progress, done)
    link_cache = _cache(options, "links", _fingerprint(options), on_warning) if unique else None
    doi_cache = _cache(options, "dois", "", on_warning) if by_doi else None
    link_todo = _links_to_fetch(unique, options, link_cache, links, on_warning)
    doi_todo = _dois_to_ask(by_doi, options, doi_cache, dois, on_warning)
    if not link_todo and not doi_todo:
        return WebOutcome(links=links, dois=dois)

    names = ResolverCache(resolver)
    network = NetworkState(dns_answers=dns_probe(names, options))
    if not has_network_route():
        network.offline_reason = "no network (no route to the internet)"
    answers = ResolverAnswers(link_todo, doi_todo, options.doi_api)
    link_checker = LinkChecker(options, network, names)
    doi_checker = DoiChecker(options, network, answers)
    dates = dates or {}

    def link_task(url: str) -> Task[LinkResult]:
        shared = answers.for_url(url)
        try:
            hook = None if shared is None else lambda reply: shared.set(registered(reply, options.doi_api))
            result = yield from link_checker.check(url, date=dates.get(url), on_first_hop=hook)
        finally:
            if shared is not None:
                shared.set(None)  # the check ended without a clear answer: the DOI check asks itself
        if link_cache is not None and result.status not in UNCACHED_STATUSES:
            # Stored as soon as it is known: a killed run keeps it.
            link_cache.put(url, result.to_dict(), ttl=TRANSIENT_TTL if result.status in TRANSIENT_STATUSES else None)
        return result

    def doi_task(doi: str) -> Task[DoiResult]:
        answer = yield from doi_checker.lookup(doi)
        if doi_cache is not None and answer.found is not None:
            doi_cache.put(doi, answer.to_dict())
        return judge(by_doi[doi], answer)

    with Scheduler(options, resolver=names, held=network.reason_for) as scheduler:
        for url in link_todo:
            scheduler.submit(link_task(url), partial(links.add, url))
        for doi in doi_todo:
            scheduler.submit(doi_task(doi), partial(dois.add, doi))
        scheduler.run()
    return WebOutcome(links=links, dois=dois)


def _links_to_fetch(
    urls: list[str],
    options: WebOptions,
    cache: ResultCache | None,
    results: Collected[LinkResult],
    on_warning: Warn | None,
) -> list[str]:
    """The URLs the network must answer; the others (excluded, cached) are reported at once."""
    patterns = [re.compile(p) for p in options.exclude]
    todo: list[str] = []
    for url in urls:
        if any(p.search(url) for p in patterns):
            results.add(url, LinkResult(url, LinkStatus.UNCHECKED, reason="excluded", checked_at=utc_now()))
            continue
        cached = _from_cache(cache, url, LinkResult.from_dict, url, on_warning)
        if cached is not None:
            results.add(url, replace(cached, from_cache=True))
        else:
            todo.append(url)
    return todo


def _from_cache(
    cache: ResultCache | None,
    key: str,
    parse: Callable[[Mapping[str, Any]], T],
    what: str,
    on_warning: Warn | None,
) -> T | None:
    """The cached record for ``key``, or None; an entry of the wrong shape is discarded (and checked again)."""
    entry = cache.get(key) if cache else None
    if cache is None or entry is None:
        return None
    try:
        return parse(entry)
    except ValueError as exc:
        if on_warning:
            on_warning(f"cache entry for {what} is corrupt ({exc}); it will be rebuilt")
        cache.discard(key)
        return None


def _dois_to_ask(
    by_doi: dict[str, DoiQuery],
    options: WebOptions,
    cache: ResultCache | None,
    results: Collected[DoiResult],
    on_warning: Warn | None,
) -> list[str]:
    """The DOIs the registries must answer; the others (excluded, cached) are judged at once."""
    todo: list[str] = []
    for doi, query in by_doi.items():
        if any(re.search(p, f"https://doi.org/{doi}") for p in options.exclude):
            results.add(doi, DoiResult(doi, DoiStatus.UNCHECKED, reason="excluded", checked_at=utc_now()))
            continue
        answer = _from_cache(cache, doi, RegistryAnswer.from_dict, f"DOI {doi}", on_warning)
        if answer is not None:
            results.add(doi, judge(query, answer, from_cache=True))
        else:
            todo.append(doi)
    return todo


def check_links(
    urls: Sequence[str],
    options: WebOptions,
    *,
    dates: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    on_warning: Warn | None = None,
    resolver: Resolver | None = None,
) -> dict[str, LinkResult]:
    """Check every URL (each once) and return url → LinkResult: :func:`check_web` without DOIs."""
    return check_web(urls, (), options, dates=dates, progress=progress, on_warning=on_warning, resolver=resolver).links


def check_dois(
    queries: Sequence[DoiQuery],
    options: WebOptions,
    *,
    progress: Progress | None = None,
    on_warning: Warn | None = None,
    resolver: Resolver | None = None,
) -> dict[str, DoiResult]:
    """Check every DOI (each asked of the registries once) and return doi → DoiResult: :func:`check_web` without URLs."""
    return check_web((), queries, options, progress=progress, on_warning=on_warning, resolver=resolver).dois
