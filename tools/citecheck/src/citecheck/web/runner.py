"""Run many checks at once, politely: the entry points ``check_links`` and ``check_dois``.

Concurrency has two limits: a global one (the number of worker threads,
``max_concurrency``) and one per host (``per_host``, or ``per_host_limits``).
Workers don't just take the next URL in line: they take the next URL whose
host has a free slot, starting with the hosts that have most work left, so a
document citing one site 200 times doesn't starve every other site, and no
worker sits blocked on a busy host while others are idle. A 429 or 503 with
Retry-After pauses the whole host, not just the one request.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from citecheck.notes.identifiers import normalize_doi
from citecheck.web.cache import ResultCache
from citecheck.web.dois import DoiChecker, judge
from citecheck.web.http import HttpClient
from citecheck.web.links import LinkChecker, NetworkState, utc_now
from citecheck.web.records import DoiQuery, DoiResult, DoiStatus, LinkResult, LinkStatus, RegistryAnswer, WebOptions
from citecheck.web.safety import ResolveError, Resolver, is_local_host, system_resolver

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
#: How often the main thread wakes while waiting for results (seconds); keeps Ctrl-C responsive.
_POLL = 0.2

Progress = Callable[[int, int], None]
Warn = Callable[[str], None]
T = TypeVar("T")
R = TypeVar("R")


class HostLimiter:
    """Per-host request slots, and per-host pauses after rate limiting."""

    def __init__(self, options: WebOptions) -> None:
        self._options = options
        self._cond = threading.Condition()
        self._in_flight: Counter[str] = Counter()
        self._paused_until: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s slots (waiting for one, and for any pause, to end)."""
        limit = self._options.limit_for(host)
        with self._cond:
            while True:
                pause = self._paused_until.get(host, 0.0) - time.monotonic()
                if pause <= 0 and self._in_flight[host] < limit:
                    break
                self._cond.wait(timeout=pause if pause > 0 else None)
            self._in_flight[host] += 1
        try:
            yield
        finally:
            with self._cond:
                self._in_flight[host] -= 1
                self._cond.notify_all()

    def pause(self, host: str, seconds: float) -> None:
        """Hold every request to ``host`` for ``seconds``."""
        with self._cond:
            until = time.monotonic() + seconds
            self._paused_until[host] = max(self._paused_until.get(host, 0.0), until)
            self._cond.notify_all()


class _HostQueue(Generic[T]):
    """Hands out work items whose host is below its limit, busiest hosts first."""

    def __init__(self, items: Sequence[T], host_of: Callable[[T], str], options: WebOptions) -> None:
        self._cond = threading.Condition()
        self._options = options
        self._pending: dict[str, deque[T]] = {}
        for item in items:
            self._pending.setdefault(host_of(item), deque()).append(item)
        self._claimed: Counter[str] = Counter()
        self.stopped = False

    def take(self) -> tuple[str, T] | None:
        """Next (host, item); None once everything is handed out or the run stops."""
        with self._cond:
            while True:
                if self.stopped or not self._pending:
                    return None
                # Longest queue first: the host with most URLs bounds the run time.
                for host in sorted(self._pending, key=lambda h: -len(self._pending[h])):
                    if self._claimed[host] < self._options.limit_for(host):
                        items = self._pending[host]
                        item = items.popleft()
                        if not items:
                            del self._pending[host]
                        self._claimed[host] += 1
                        return host, item
                self._cond.wait()

    def done(self, host: str) -> None:
        """An item of ``host`` is finished."""
        with self._cond:
            self._claimed[host] -= 1
            self._cond.notify_all()

    def stop(self) -> None:
        """Hand out nothing more."""
        with self._cond:
            self.stopped = True
            self._cond.notify_all()


def run_by_host(
    items: Sequence[T],
    host_of: Callable[[T], str],
    work: Callable[[T], R],
    options: WebOptions,
    *,
    on_result: Callable[[T, R], None],
) -> None:
    """Run ``work`` over ``items`` in worker threads, respecting per-host limits.

    ``on_result`` is called in the calling thread, in completion order. If it
    raises (or Ctrl-C arrives), no new item is started and the exception
    propagates; items already finished have been reported.
    """
    if not items:
        return
    work_queue = _HostQueue(items, host_of, options)
    results: queue.Queue[tuple[T, R | BaseException]] = queue.Queue()

    def worker() -> None:
        while True:
            taken = work_queue.take()
            if taken is None:
                return
            host, item = taken
            try:
                outcome: R | BaseException = work(item)
            except BaseException as exc:
                outcome = exc
            finally:
                work_queue.done(host)
            results.put((item, outcome))

    count = min(max(1, options.max_concurrency), len(items))
    # Daemon threads: an interrupted run must not wait for slow sites to answer.
    threads = [threading.Thread(target=worker, name=f"citecheck-web-{i}", daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    received = 0
    try:
        while received < len(items):
            try:
                item, outcome = results.get(timeout=_POLL)
            except queue.Empty:
                if not any(t.is_alive() for t in threads) and results.empty():
                    break
                continue
            received += 1
            if isinstance(outcome, BaseException):
                raise outcome
            on_result(item, outcome)
    finally:
        work_queue.stop()


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


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
    """Results by URL or DOI as they arrive; ``progress(done, total)`` is told after each."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        super().__init__()
        self.total = total
        self.progress = progress

    def add(self, key: str, result: T) -> None:
        """Record one result."""
        self[key] = result
        if self.progress is not None:
            self.progress(len(self), self.total)


def check_links(
    urls: Sequence[str],
    options: WebOptions,
    *,
    dates: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    on_warning: Warn | None = None,
    resolver: Resolver | None = None,
) -> dict[str, LinkResult]:
    """Check every URL (each once) and return url → LinkResult; never raises for a bad URL.

    ``dates`` maps a URL to the citing note's access or publication date,
    used to pick the Wayback snapshot. ``progress(done, total)`` is called
    in this thread after each URL. ``resolver`` replaces the system DNS
    resolver (tests, embedding).
    """
    unique = list(dict.fromkeys(urls))
    results: Collected[LinkResult] = Collected(len(unique), progress)
    report = results.add

    cache = _cache(options, "links", _fingerprint(options), on_warning)
    patterns = [re.compile(p) for p in options.exclude]
    network = NetworkState(dns_answers=dns_probe(resolver, options))
    if not has_network_route():
        network.offline_reason = "no network (no route to the internet)"
    todo: list[str] = []
    for url in unique:
        if any(p.search(url) for p in patterns):
            report(url, LinkResult(url, LinkStatus.UNCHECKED, reason="excluded", checked_at=utc_now()))
            continue
        cached = cache.get(url) if cache else None
        if cached is not None:
            try:
                report(url, _replace_from_cache(LinkResult.from_dict(cached)))
                continue
            except (KeyError, ValueError, TypeError) as exc:
                if on_warning:
                    on_warning(f"cache entry for {url} is corrupt ({exc}); it will be rebuilt")
        todo.append(url)
    if not todo:
        return results

    limiter = HostLimiter(options)
    with HttpClient(options, resolver=resolver, limiter=limiter) as client:
        checker = LinkChecker(client, options, network)
        dates = dates or {}

        def work(url: str) -> LinkResult:
            host = _host(url)
            if network.offline_reason and not is_local_host(host):
                return LinkResult(url, LinkStatus.UNCHECKED, reason=network.offline_reason, checked_at=utc_now())
            result = checker.check(url, date=dates.get(url))
            if cache is not None and result.status not in UNCACHED_STATUSES:
                # Stored by the worker as soon as it is known: a killed run keeps it.
                ttl = TRANSIENT_TTL if result.status in TRANSIENT_STATUSES else None
                cache.put(url, result.to_dict(), ttl=ttl)
            return result

        run_by_host(todo, _host, work, options, on_result=report)
    return results


def _replace_from_cache(result: LinkResult) -> LinkResult:
    return replace(result, from_cache=True)


def check_dois(
    queries: Sequence[DoiQuery],
    options: WebOptions,
    *,
    progress: Progress | None = None,
    on_warning: Warn | None = None,
    resolver: Resolver | None = None,
) -> dict[str, DoiResult]:
    """Check every DOI (each asked of the registry once) and return doi → DoiResult.

    Several queries for one DOI (cited twice, differently) are judged
    separately but only the last is returned under that DOI; callers with
    conflicting citations should compare them first.
    """
    by_doi: dict[str, DoiQuery] = {}
    for query in queries:
        doi = normalize_doi(query.doi)
        by_doi[doi] = query if query.doi == doi else _with_doi(query, doi)
    results: Collected[DoiResult] = Collected(len(by_doi), progress)
    report = results.add

    cache = _cache(options, "dois", "", on_warning)
    network = NetworkState()
    if not has_network_route() and not is_local_host(_host(options.doi_api)):
        network.offline_reason = "no network (no route to the internet)"
    todo: list[str] = []
    for doi, query in by_doi.items():
        if any(re.search(p, f"https://doi.org/{doi}") for p in options.exclude):
            report(doi, DoiResult(doi, DoiStatus.UNCHECKED, reason="excluded", checked_at=utc_now()))
            continue
        cached = cache.get(doi) if cache else None
        if cached is not None:
            try:
                report(doi, judge(query, RegistryAnswer.from_dict(cached), from_cache=True))
                continue
            except ValueError as exc:
                if on_warning:
                    on_warning(f"cache entry for DOI {doi} is corrupt ({exc}); it will be rebuilt")
        todo.append(doi)
    if not todo:
        return results

    limiter = HostLimiter(options)
    with HttpClient(options, resolver=resolver, limiter=limiter) as client:
        checker = DoiChecker(client, options, network)

        def work(doi: str) -> DoiResult:
            answer = checker.lookup(doi)
            if cache is not None and answer.found is not None:
                cache.put(doi, answer.to_dict())
            return judge(by_doi[doi], answer)

        # Every DOI goes to the same resolver; the host limiter spreads them.
        # Every DOI goes to the same APIs: queue each on its own, and let the
        # HostLimiter (per request, per API host) do the limiting.
        run_by_host(todo, str, work, options, on_result=report)
    return results


def _with_doi(query: DoiQuery, doi: str) -> DoiQuery:
    return replace(query, doi=doi)
