"""The one scheduler of a run, seen from a real server: the order requests arrive in, and how many there are.

Host names ending in ``.localhost`` are mapped to the test server by a resolver, so one server plays
several hosts (each with its own slots) and nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import Counter
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest
from web_server import LocalServer, page, send, send_json, sleep

from citecheck.web import DoiQuery, DoiStatus, LinkStatus, ResolveError, WebOptions, check_dois, check_links, check_web


def loopback(host: str, port: int) -> list[str]:
    """Every test host name is the test server."""
    return ["127.0.0.1"]


def on(server: LocalServer, host: str, path: str) -> str:
    return f"http://{host}:{server.port}{path}"


def paths(server: LocalServer) -> list[str]:
    with server.lock:
        return [p.split("?", 1)[0] for _, p in server.log]


def test_a_slot_is_free_while_a_request_waits_in_back_off(server: LocalServer, options: WebOptions) -> None:
    answers = iter([500, 200])
    server.routes["/flaky"] = lambda h: send(h, next(answers), page("Flaky", h1="Flaky"))
    server.routes["/other"] = lambda h: send(h, 200, page("Other", h1="Other"))
    urls = [server.url("/flaky"), server.url("/other")]
    results = check_links(urls, replace(options, per_host=1, backoff=0.3))
    assert [r.status for r in results.values()] == [LinkStatus.OK, LinkStatus.OK]
    # One slot: /other went out while /flaky waited for its retry, not after it.
    assert paths(server) == ["/flaky", "/other", "/flaky"]


def test_retry_after_pauses_the_host_not_the_run(server: LocalServer, options: WebOptions) -> None:
    answers = iter([429, 200])
    server.routes["/limited"] = lambda h: send(h, next(answers), page("Limited"), headers={"Retry-After": "1"})
    server.routes["/same-host"] = lambda h: send(h, 200, page("Same host", h1="Same host"))
    server.routes["/elsewhere"] = lambda h: send(h, 200, page("Elsewhere", h1="Elsewhere"))
    urls = [on(server, "a.localhost", "/limited"), on(server, "a.localhost", "/same-host")]
    urls.append(on(server, "b.localhost", "/elsewhere"))
    results = check_links(urls, replace(options, per_host=1), resolver=loopback)
    assert {r.status for r in results.values()} == {LinkStatus.OK}
    seen = paths(server)
    # The other host was not held; the paused host's next request waited for the retry.
    assert seen.index("/elsewhere") < 2
    assert [p for p in seen if p != "/elsewhere"] == ["/limited", "/limited", "/same-host"]


def test_links_and_dois_interleave(server: LocalServer, options: WebOptions) -> None:
    def slow_page(h: BaseHTTPRequestHandler) -> None:
        sleep(0.2)  # the six pages take 1.2 s one after another
        send(h, 200, page("A page", h1="A page"))

    for i in range(6):
        server.routes[f"/page{i}"] = slow_page
    message = {"DOI": "10.1234/x", "title": ["A work"], "issued": {"date-parts": [[2020]]}}
    server.routes["/works/10.1234/x"] = lambda h: send_json(h, 200, {"status": "ok", "message": message})
    api = on(server, "api.localhost", "")
    urls = [on(server, "site.localhost", f"/page{i}") for i in range(6)]
    outcome = check_web(
        urls,
        [DoiQuery("10.1234/x", year="2020")],
        replace(options, per_host=1, crossref_api=api, doi_api=api),
        resolver=loopback,
    )
    assert outcome.dois["10.1234/x"].status is DoiStatus.OK
    assert {r.status for r in outcome.links.values()} == {LinkStatus.OK}
    # The DOI did not wait for the links: both hosts got their first request in the first round.
    # (Before issue 10 it came seventh, after every link.)
    assert paths(server).index("/works/10.1234/x") < 2


def test_every_host_gets_its_first_request_early(server: LocalServer, options: WebOptions) -> None:
    for i in range(6):
        server.routes[f"/busy{i}"] = lambda h: send(h, 200, page("Busy", h1="Busy"))
    server.routes["/quiet"] = lambda h: send(h, 200, page("Quiet", h1="Quiet"))
    urls = [on(server, "busy.localhost", f"/busy{i}") for i in range(6)] + [on(server, "quiet.localhost", "/quiet")]
    check_links(urls, replace(options, max_concurrency=1, per_host=4), resolver=loopback)
    # One worker, yet the host cited last was not found last.
    assert paths(server).index("/quiet") == 1


def test_the_pool_grows_only_to_what_the_hosts_can_take(server: LocalServer, options: WebOptions) -> None:
    workers: list[int] = []
    before = set(threading.enumerate())  # earlier runs' threads, if any are still leaving

    def count_workers(h: BaseHTTPRequestHandler) -> None:
        alive = [t for t in threading.enumerate() if re.fullmatch(r"citecheck-web-\d+", t.name) and t not in before]
        workers.append(len(alive))
        send(h, 200, page("Counted", h1="Counted"))

    for i in range(10):
        server.routes[f"/n{i}"] = count_workers
    urls = [on(server, host, f"/n{i}") for i in range(5) for host in ("a.localhost", "b.localhost")]
    check_links(urls, replace(options, per_host=2, max_concurrency=64), resolver=loopback)
    assert len(workers) == 10
    assert 2 <= max(workers) <= 4, "two hosts with two slots each need four workers at most, not 64"


def test_an_unresolvable_api_host_costs_one_lookup(options: WebOptions) -> None:
    lookups: Counter[str] = Counter()

    def registry_unknown(host: str, port: int) -> list[str]:
        lookups[host] += 1
        raise ResolveError(host, "host not found", temporary=False)

    api = "http://registry.localhost"
    queries = [DoiQuery(f"10.1234/n{i}") for i in range(20)]
    results = check_dois(queries, replace(options, doi_api=api, crossref_api=api), resolver=registry_unknown)
    assert {r.status for r in results.values()} == {DoiStatus.UNCHECKED}
    assert all("host not found" in r.reason for r in results.values())
    assert lookups == Counter({"registry.localhost": 1})


class ConnectRecorder:
    """Counts ``socket.connect`` calls through Python's audit hooks (which cannot be removed: it stays inert)."""

    installed: ConnectRecorder | None = None

    def __init__(self) -> None:
        self.addresses: list[tuple[str, int]] = []
        self.active = False

    @classmethod
    def get(cls) -> ConnectRecorder:
        if cls.installed is None:
            cls.installed = cls()
            sys.addaudithook(cls.installed.hook)
        return cls.installed

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if self.active and event == "socket.connect" and isinstance(args[1], tuple):
            self.addresses.append((str(args[1][0]), int(args[1][1])))


@pytest.fixture
def connects() -> ConnectRecorder:
    recorder = ConnectRecorder.get()
    recorder.addresses.clear()
    recorder.active = True
    yield recorder
    recorder.active = False


def test_a_refused_host_costs_one_connection_attempt_per_run(options: WebOptions, connects: ConnectRecorder) -> None:
    import socket

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, not listening: every connection is refused
        dead = f"http://127.0.0.1:{port}"
        urls = [f"{dead}/page{i}" for i in range(12)]
        outcome = check_web(
            urls,
            [DoiQuery(f"10.1234/d{i}") for i in range(5)],
            replace(options, doi_api=dead, crossref_api=dead, archive_lookup=False),
        )
    assert {r.status for r in outcome.links.values()} == {LinkStatus.BROKEN}
    assert {r.reason for r in outcome.links.values()} == {"connection refused"}
    assert {r.status for r in outcome.dois.values()} == {DoiStatus.UNCHECKED}
    assert all("connection refused" in r.reason for r in outcome.dois.values())
    assert connects.addresses.count(("127.0.0.1", port)) == 1
