"""The on-disk cache, interrupted runs, concurrency limits and running without a network."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from web_server import LocalServer, page, send

from citecheck.web import LinkStatus, ResolveError, WebOptions, check_links
from citecheck.web.cache import ResultCache


class Stop(Exception):
    """Raised from a progress callback to interrupt a run."""


def _pages(server: LocalServer, count: int) -> list[str]:
    for i in range(count):
        server.routes[f"/p{i}"] = lambda h, i=i: send(h, 200, page(f"Page {i}", h1=f"Page {i}"))
    return [server.url(f"/p{i}") for i in range(count)]


@pytest.fixture
def cached(options: WebOptions, tmp_path: Path) -> WebOptions:
    return replace(options, cache_dir=tmp_path / ".citecheck-cache")


def test_second_run_makes_no_requests(server: LocalServer, cached: WebOptions) -> None:
    urls = _pages(server, 8)
    server.routes["/gone"] = lambda h: send(h, 404, page("Not here"))
    server.routes["/wayback/available"] = lambda h: send(
        h, 200, '{"archived_snapshots": {}}', content_type="application/json"
    )
    urls.append(server.url("/gone"))
    first = check_links(urls, cached)
    requests_after_first = server.count()
    assert requests_after_first == 10  # 9 pages + 1 archive lookup
    second = check_links(urls, cached)
    assert server.count() == requests_after_first
    assert all(r.from_cache for r in second.values())
    for url in urls:
        assert replace(second[url], from_cache=False) == first[url]
    assert (cached.cache_dir / ".gitignore").read_text().strip().endswith("*")


def test_interrupted_run_resumes(server: LocalServer, cached: WebOptions) -> None:
    urls = _pages(server, 12)
    seen: list[int] = []

    def interrupt(done: int, total: int) -> None:
        seen.append(done)
        if done == 4:
            raise Stop

    with pytest.raises(Stop):
        check_links(urls, replace(cached, max_concurrency=2, per_host=2), progress=interrupt)
    time.sleep(0.3)  # let workers that were mid-request finish and store their result
    done_before = server.count()
    assert 4 <= done_before < 12
    results = check_links(urls, cached)
    assert set(results) == set(urls)
    assert server.count() == 12  # each URL fetched exactly once over both runs
    assert sum(r.from_cache for r in results.values()) == done_before


def test_corrupt_cache_entry_is_reported_and_rebuilt(server: LocalServer, cached: WebOptions) -> None:
    urls = _pages(server, 3)
    check_links(urls, cached)
    store = ResultCache(cached.cache_dir, "links", ttl=cached.cache_ttl)
    broken = store.path_for(urls[0])
    broken.write_text('{"key": "truncated', encoding="utf-8")
    store.path_for(urls[1]).write_bytes(b"\xff\xfe\x00garbage")
    warnings: list[str] = []
    results = check_links(urls, cached, on_warning=warnings.append)
    assert len(warnings) == 2 and all("corrupt" in w or "unreadable" in w for w in warnings)
    assert [results[u].from_cache for u in urls] == [False, False, True]
    assert results[urls[0]].status is LinkStatus.OK
    json.loads(broken.read_text(encoding="utf-8"))  # rebuilt
    assert server.count() == 5


def test_cache_folder_that_is_a_file_is_not_fatal(server: LocalServer, options: WebOptions, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    warnings: list[str] = []
    urls = _pages(server, 2)
    results = check_links(urls, replace(options, cache_dir=blocker), on_warning=warnings.append)
    assert all(r.status is LinkStatus.OK for r in results.values())
    assert warnings and "continuing without the cache" in warnings[0]


def test_ttl_and_refresh(server: LocalServer, cached: WebOptions) -> None:
    urls = _pages(server, 2)
    check_links(urls, cached)
    check_links(urls, replace(cached, refresh=True))
    assert server.count() == 4
    check_links(urls, cached)
    assert server.count() == 4
    check_links(urls, replace(cached, cache_ttl=0))
    assert server.count() == 6


def test_unchecked_results_are_not_cached(server: LocalServer, cached: WebOptions) -> None:
    url = server.url("/p0")
    check_links([url], replace(cached, allow_private=False))
    _pages(server, 1)
    assert check_links([url], cached)[url].status is LinkStatus.OK


def test_concurrent_runs_share_the_cache_safely(server: LocalServer, cached: WebOptions) -> None:
    urls = _pages(server, 20)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            check_links(urls, cached)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    warnings: list[str] = []
    before = server.count()
    results = check_links(urls, cached, on_warning=warnings.append)
    assert not warnings and server.count() == before
    assert all(r.from_cache for r in results.values())
    leftovers = [p for p in cached.cache_dir.rglob("*.tmp")]
    assert leftovers == []


def test_per_host_limit_and_progress(server: LocalServer, options: WebOptions) -> None:
    state = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(h: BaseHTTPRequestHandler) -> None:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        send(h, 200, page("slow", h1="slow"))

    for i in range(10):
        server.routes[f"/s{i}"] = slow
    urls = [server.url(f"/s{i}") for i in range(10)]
    ticks: list[tuple[int, int]] = []
    check_links(urls, replace(options, per_host=2, max_concurrency=8), progress=lambda d, t: ticks.append((d, t)))
    assert state["max"] == 2
    assert ticks == [(i, 10) for i in range(1, 11)]
    state["max"] = 0
    check_links(urls, replace(options, per_host=4, per_host_limits={"127.0.0.1": 1}))
    assert state["max"] == 1


def test_exclusions_are_unchecked_without_requests(server: LocalServer, options: WebOptions) -> None:
    urls = _pages(server, 2)
    results = check_links(urls, replace(options, exclude=(r"/p1$",)))
    assert results[urls[1]].status is LinkStatus.UNCHECKED
    assert results[urls[1]].reason == "excluded"
    assert server.count() == 1


def test_dns_that_knows_no_name_means_no_network_not_broken_links(options: WebOptions) -> None:
    """A closed network whose DNS answers "not found" for everything: links are unchecked, with the reason."""
    calls: Counter[str] = Counter()

    def closed(host: str, port: int) -> list[str]:
        calls[host] += 1
        raise ResolveError(host, "host not found", temporary=False)

    urls = [f"https://site{i}.example/page" for i in range(40)]
    results = check_links(urls, replace(options, max_concurrency=4), resolver=closed)
    assert {r.status for r in results.values()} == {LinkStatus.UNCHECKED}
    assert all("no network" in r.reason for r in results.values())
    assert calls["doi.org"] == 1, "the well-known names are asked once per run"


def test_no_network_stops_the_lookups_after_a_few_hosts(options: WebOptions) -> None:
    calls: Counter[str] = Counter()

    def offline(host: str, port: int) -> list[str]:
        calls[host] += 1
        time.sleep(0.05)
        raise ResolveError(host, "name resolution failed (Temporary failure in name resolution)", temporary=True)

    urls = [f"https://site{i}.example/page" for i in range(60)]
    results = check_links(urls, replace(options, max_concurrency=4), resolver=offline)
    assert all(r.status is LinkStatus.UNCHECKED for r in results.values())
    assert all(r.reason.startswith(("no network", "DNS")) for r in results.values())
    assert sum(calls.values()) <= 3 + 4 * 2  # gave up after a few hosts, not 60 look-ups


def test_duplicates_are_checked_once(server: LocalServer, options: WebOptions) -> None:
    urls = _pages(server, 1) * 5
    results = check_links(urls, options)
    assert len(results) == 1 and server.count() == 1
