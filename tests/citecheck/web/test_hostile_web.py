"""Hostile servers (issue 14): trickled bytes, malformed answers, registry and archive answers not to be trusted.

Every check runs in a thread joined with a generous timeout (the failure
criterion for "it ends"); the slow-body cases must also end within the
per-URL deadline plus a second, the bound the deadline promises.
"""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from raw_server import HANDSHAKE_RECORD, Handshake, RawServer, at_once, raw_server, trickle
from web_server import LocalServer, send, send_json

from citecheck.cli import _parser, web_options
from citecheck.config import CheckerConfig
from citecheck.errors import ConfigError
from citecheck.web import DoiQuery, DoiStatus, LinkStatus, WebOptions, check_dois, check_links, check_web

#: The per-URL deadline of these tests, in seconds.
DEADLINE = 2.0
#: A run that has not ended after this long has failed.
ENDS_WITHIN = 60.0


def ended(work: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``work`` in a thread; its result and the seconds it took (fails if it does not end)."""
    box: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            box.append(work())
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    start = time.monotonic()
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(ENDS_WITHIN)
    assert not thread.is_alive(), f"still running after {ENDS_WITHIN} s"
    if errors:
        raise errors[0]
    return box[0], time.monotonic() - start


@pytest.fixture
def hostile() -> Any:
    with raw_server() as srv:
        yield srv


def fast_options(options: WebOptions, **changes: Any) -> WebOptions:
    return replace(options, max_seconds_per_url=DEADLINE, timeout=5.0, retries=0, **changes)


def head(status: str, *headers: str) -> bytes:
    return (f"HTTP/1.1 {status}\r\n" + "".join(f"{h}\r\n" for h in headers) + "\r\n").encode()


OK_PAGE = at_once(head("200 OK", "Content-Type: text/plain", "Content-Length: 2") + b"ok")


# --- group 1: slow servers end within the deadline -------------------------


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(at_once(head("200 OK", "Content-Type: text/html", "Content-Length: 100000")), id="slow-body"),
        pytest.param(trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", 0.2), id="slow-headers"),
        pytest.param(at_once(head("200 OK", "Content-Type: text/html")), id="slow-body-no-length"),
    ],
)
def test_trickling_answer_ends_within_the_deadline(hostile: RawServer, options: WebOptions, script: Any) -> None:
    hostile.scripts["/slow"] = [*script, *trickle(b"<html>" + b"x" * 1000, 0.2)]
    hostile.scripts["/ok"] = OK_PAGE
    urls = [hostile.url("/slow"), hostile.url("/ok")]
    results, took = ended(lambda: check_links(urls, fast_options(options)))
    assert took < DEADLINE + 1
    assert results[urls[0]].status is LinkStatus.TIMEOUT
    assert "within 2 s" in results[urls[0]].reason
    assert results[urls[1]].status is LinkStatus.OK


def test_redirect_with_trickling_body_is_followed_in_time(hostile: RawServer, options: WebOptions) -> None:
    # The redirect's body is drained for reuse of the connection, but only briefly.
    target = hostile.url("/target")
    hostile.scripts["/moved"] = [
        *at_once(head("302 Found", f"Location: {target}", "Content-Length: 1000")),
        *trickle(b"x" * 1000, 0.2),
    ]
    hostile.scripts["/target"] = OK_PAGE
    result, took = ended(lambda: check_links([hostile.url("/moved")], fast_options(options))[hostile.url("/moved")])
    assert took < DEADLINE + 1
    assert result.status is LinkStatus.OK
    assert result.redirects == ((hostile.url("/moved"), 302),)


def test_trickling_doi_registry_ends_within_the_deadline(
    hostile: RawServer, server: LocalServer, options: WebOptions
) -> None:
    # One deadline covers every request of a DOI: Crossref's trickle leaves no time to ask further.
    hostile.scripts["/works/10.1000/slow"] = [
        *at_once(head("200 OK", "Content-Type: application/json", "Content-Length: 100000")),
        *trickle(b'{"status": "ok", ' + b" " * 1000, 0.2),
    ]
    server.routes["/crossref/works/10.1000/fine"] = lambda h: send_json(
        h, 200, {"status": "ok", "message": {"title": ["Fine"], "DOI": "10.1000/fine"}}
    )
    opts = fast_options(options, crossref_api=hostile.base)
    queries = [DoiQuery("10.1000/slow"), DoiQuery("10.1000/fine")]
    opts_fine = fast_options(options)
    results, took = ended(lambda: check_dois(queries[:1], opts))
    assert took < DEADLINE + 1
    assert results["10.1000/slow"].status is DoiStatus.UNCHECKED
    fine, _ = ended(lambda: check_dois(queries[1:], opts_fine))
    assert fine["10.1000/fine"].status is DoiStatus.OK


HANDLE_REGISTERED = json.dumps({"responseCode": 1, "handle": "10.1000/slow"}).encode()


@pytest.mark.parametrize(
    ("scripts", "reason"),
    [
        pytest.param({"/api/handles/10.1000/slow": "trickle"}, "DOI resolver did not answer usefully", id="handle-api"),
        # Registered, but the metadata never came: unchecked (not "ok" with no metadata, cached for a week).
        pytest.param(
            {"/api/handles/10.1000/slow": "registered", "/10.1000/slow": "trickle"},
            "registered, but its metadata did not come",
            id="csl-json",
        ),
    ],
)
def test_trickling_doi_resolver_ends_within_the_deadline(
    hostile: RawServer, server: LocalServer, options: WebOptions, scripts: dict[str, str], reason: str
) -> None:
    # Crossref does not know the DOI, so the DOI resolver is asked: its handle API, then CSL-JSON. A trickle
    # there ends with the DOI's deadline, and the other DOI of the run is answered as usual.
    answers = {
        "trickle": [
            *at_once(head("200 OK", "Content-Type: application/json", "Content-Length: 100000")),
            *trickle(b'{"responseCode": 1, ' + b" " * 1000, 0.2),
        ],
        "registered": at_once(
            head("200 OK", "Content-Type: application/json", f"Content-Length: {len(HANDLE_REGISTERED)}")
            + HANDLE_REGISTERED
        ),
    }
    hostile.scripts.update({path: answers[kind] for path, kind in scripts.items()})
    server.routes["/crossref/works/10.1000/slow"] = lambda h: send(h, 404, "no")
    server.routes["/crossref/works/10.1000/fine"] = lambda h: send_json(
        h, 200, {"status": "ok", "message": {"title": ["Fine"], "DOI": "10.1000/fine"}}
    )
    opts = fast_options(options, doi_api=hostile.base)
    results, took = ended(lambda: check_dois([DoiQuery("10.1000/slow"), DoiQuery("10.1000/fine")], opts))
    assert took < DEADLINE + 1
    assert hostile.seen == list(scripts)  # the handle API, then (once it says "registered") CSL-JSON
    assert results["10.1000/slow"].status is DoiStatus.UNCHECKED
    assert results["10.1000/slow"].reason == f"{reason}: timed out: no complete answer within 2 s"
    assert results["10.1000/fine"].status is DoiStatus.OK


#: A TLS 1.2 ServerHello (ECDHE-RSA-AES128-GCM-SHA256, no extensions) in its record.
SERVER_HELLO = b"\x02\x00\x00\x46\x03\x03" + b"\x42" * 32 + b"\x20" + b"\x07" * 32 + b"\xc0\x2f\x00"
SERVER_HELLO_RECORD = b"\x16\x03\x03" + len(SERVER_HELLO).to_bytes(2, "big") + SERVER_HELLO


@pytest.mark.parametrize(
    ("handshakes", "connections"),
    [
        pytest.param([Handshake(trickle(HANDSHAKE_RECORD + b"\x02" * 200, 0.5))], 1, id="a-byte-every-half-second"),
        pytest.param([Handshake(trickle(SERVER_HELLO_RECORD, 0.2))], 1, id="slow-server-hello"),
        pytest.param([Handshake([])], 1, id="silent-after-accept"),
        # The first connection is reset after 1.5 s (urllib3 then opens a second one within the same request,
        # with the timeout it was given at the start), and the second trickles: the deadline still holds.
        pytest.param(
            [Handshake(trickle(HANDSHAKE_RECORD[:3], 0.5), reset=True), Handshake(trickle(HANDSHAKE_RECORD * 40, 0.5))],
            2,
            id="reset-then-trickle",
        ),
    ],
)
def test_trickling_tls_handshake_ends_within_the_deadline(
    options: WebOptions, handshakes: list[Handshake], connections: int
) -> None:
    # TLS verification stays on: these servers never get as far as a certificate.
    with raw_server() as tls, raw_server() as plain:
        tls.handshakes.extend(handshakes)
        plain.scripts["/ok"] = OK_PAGE
        urls = [tls.https_url("/slow"), plain.url("/ok")]
        results, took = ended(lambda: check_links(urls, fast_options(options, archive_lookup=False)))
        hellos = list(tls.hellos)
    assert took < DEADLINE + 1
    assert results[urls[0]].status is LinkStatus.TIMEOUT
    assert results[urls[0]].reason == "timed out: no complete answer within 2 s"
    assert results[urls[1]].status is LinkStatus.OK
    # Each connection began a handshake (a ClientHello: TLS handshake record, type 1), and no more were opened.
    assert len(hellos) == connections
    assert all(hello[:1] == b"\x16" and hello[5:6] == b"\x01" for hello in hellos)


def test_a_second_connection_within_a_request_gets_only_the_time_left(options: WebOptions) -> None:
    # The first connection is reset 1.5 s after the request (urllib3 then connects again within the same
    # request), and the listener's queue is full by then, so the second connect hangs: it may use only the
    # 0.5 s left, not the timeout the request began with.
    with socket.socket() as listener, raw_server() as plain:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        queued: list[socket.socket] = []

        def answer_once() -> None:
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                queued.append(socket.create_connection(("127.0.0.1", port)))  # fills the queue: SYNs are dropped
                time.sleep(1.5)
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST

        threading.Thread(target=answer_once, daemon=True).start()
        plain.scripts["/ok"] = OK_PAGE
        urls = [f"http://127.0.0.1:{port}/reset", plain.url("/ok")]
        results, took = ended(lambda: check_links(urls, fast_options(options, archive_lookup=False)))
        for sock in queued:
            sock.close()
    assert took < DEADLINE + 1
    assert results[urls[0]].status is LinkStatus.TIMEOUT
    assert results[urls[0]].reason == "timed out: no complete answer within 2 s"
    assert results[urls[1]].status is LinkStatus.OK


# --- smaller: malformed answers get their own reason ------------------------


def test_conflicting_content_length_is_a_malformed_response(hostile: RawServer, options: WebOptions) -> None:
    hostile.scripts["/two"] = at_once(head("200 OK", "Content-Length: 5", "Content-Length: 7") + b"hello")
    result, _ = ended(lambda: check_links([hostile.url("/two")], fast_options(options))[hostile.url("/two")])
    assert result.status is LinkStatus.SERVER_ERROR
    assert result.reason.startswith("malformed response") and "Content-Length" in result.reason
    assert "invalid URL" not in result.reason


def test_a_megabyte_of_headers_is_a_malformed_response(hostile: RawServer, options: WebOptions) -> None:
    hostile.scripts["/fat"] = at_once(head("200 OK", *(f"X-Pad-{i}: {'a' * 1000}" for i in range(1000))))
    hostile.scripts["/ok"] = OK_PAGE
    urls = [hostile.url("/fat"), hostile.url("/ok")]
    results, _ = ended(lambda: check_links(urls, fast_options(options)))
    assert results[urls[0]].status is LinkStatus.SERVER_ERROR
    assert results[urls[0]].reason.startswith("malformed response")
    assert results[urls[1]].status is LinkStatus.OK


MEMORY_SCRIPT = """
import sys, threading, time
sys.path.insert(0, sys.argv[1])
from raw_server import raw_server, at_once
from citecheck.web import WebOptions, check_links

with raw_server() as srv:
    lines = b"".join(b"X-Pad-%d: %s\\r\\n" % (i, b"a" * 1000) for i in range(1000))
    srv.scripts["/fat"] = at_once(b"HTTP/1.1 200 OK\\r\\n" + lines + b"\\r\\n")
    chunk = b"<p>" + b"x" * 65536
    srv.scripts["/huge"] = at_once(b"HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n") + [(chunk, 0.0)] * 3000
    options = WebOptions(allow_private=True, max_seconds_per_url=30, retries=0, archive_lookup=False)  # memory, not time
    results = check_links([srv.url("/fat"), srv.url("/huge#anchor")], options)
    print(sorted(str(r.status) for r in results.values()))
# VmHWM, not ru_maxrss: after fork and exec, ru_maxrss still counts the forking test process's memory.
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def test_huge_headers_and_bodies_stay_under_200_mb(tmp_path: Path) -> None:
    # 1 MB of headers, then a 200 MB body where an anchor is sought: memory stays bounded by the body limit.
    proc = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=ENDS_WITHIN,
    )
    assert proc.returncode == 0, proc.stderr
    statuses, rss_kb = proc.stdout.splitlines()
    assert "Traceback" not in proc.stderr
    assert int(rss_kb) < 200 * 1024
    assert json.loads(statuses.replace("'", '"')) == ["ok", "server-error"]


# --- group 2: registry answers that would crash the run ----------------------


def _crossref_answers(server: LocalServer, message: Any) -> None:
    server.routes["/crossref/works/10.1000/bad"] = lambda h: send_json(h, 200, {"status": "ok", "message": message})
    server.routes["/crossref/works/10.1000/good"] = lambda h: send_json(
        h, 200, {"status": "ok", "message": {"title": ["A good work"]}}
    )


@pytest.mark.parametrize(
    "message",
    [
        {"title": ["T"], "author": 5},
        {"title": ["T"], "updated-by": 7},
        {"title": ["T"], "relation": {"is-retracted-by": 5}},
        {"title": {"nested": True}},
        {"title": ["T"], "author": [{"family": ["x"] * 3, "given": {"a": 1}}]},
        {"title": "x" * 20_000},
    ],
    ids=["author-5", "updated-by-7", "relation-5", "title-object", "author-fields", "title-huge"],
)
def test_bad_crossref_record_makes_that_doi_unchecked(
    server: LocalServer, options: WebOptions, message: dict[str, Any]
) -> None:
    _crossref_answers(server, message)
    results, _ = ended(lambda: check_dois([DoiQuery("10.1000/bad"), DoiQuery("10.1000/good")], fast_options(options)))
    bad = results["10.1000/bad"]
    assert bad.status is DoiStatus.UNCHECKED
    assert bad.reason.startswith("the registry's answer is unusable")
    assert results["10.1000/good"].status is DoiStatus.OK


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"responseCode": ' + b"[" * 100 + b"1" + b"]" * 100 + b"}",
        b'{"responseCode": NaN}',
        b'{"responseCode": ' + b"9" * 400 + b"}",
    ],
    ids=["nested-100000", "nested-100", "nan", "400-digits"],
)
def test_bad_handle_answer_makes_that_doi_unchecked(server: LocalServer, options: WebOptions, body: bytes) -> None:
    server.routes["/crossref/works/10.1000/bad"] = lambda h: send(h, 404, "no")
    server.routes["/api/handles/10.1000/bad"] = lambda h: send(h, 200, body, content_type="application/json")
    server.routes["/crossref/works/10.1000/good"] = lambda h: send_json(h, 200, {"status": "ok", "message": {}})
    results, _ = ended(lambda: check_dois([DoiQuery("10.1000/bad"), DoiQuery("10.1000/good")], fast_options(options)))
    assert results["10.1000/bad"].status is DoiStatus.UNCHECKED
    assert results["10.1000/good"].status is DoiStatus.OK


@pytest.mark.parametrize(
    "csl",
    [{"author": 5}, {"updated-by": 7}, {"relation": {"is-retracted-by": 5}}],
    ids=["author-5", "updated-by-7", "relation-5"],
)
def test_bad_csl_json_makes_that_doi_unchecked(server: LocalServer, options: WebOptions, csl: dict[str, Any]) -> None:
    server.routes["/crossref/works/10.1000/bad"] = lambda h: send(h, 404, "no")
    server.routes["/api/handles/10.1000/bad"] = lambda h: send_json(h, 200, {"responseCode": 1})
    server.routes["/10.1000/bad"] = lambda h: send_json(h, 200, {"title": "T", **csl})
    server.routes["/ok"] = lambda h: send(h, 200, "<title>Fine</title>")
    results, _ = ended(lambda: check_web([server.url("/ok")], [DoiQuery("10.1000/bad")], fast_options(options)))
    assert results.dois["10.1000/bad"].status is DoiStatus.UNCHECKED
    assert "unusable" in results.dois["10.1000/bad"].reason
    assert results.links[server.url("/ok")].status is LinkStatus.OK


# --- the option --------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1"])
def test_max_seconds_per_url_must_be_a_positive_number(value: str) -> None:
    args = _parser().parse_args(["paper.md", "--max-seconds-per-url", value])
    with pytest.raises(ConfigError, match="--max-seconds-per-url must be a positive number"):
        web_options(CheckerConfig(), args)


def test_max_seconds_per_url_reaches_the_web_options() -> None:
    args = _parser().parse_args(["paper.md", "--max-seconds-per-url", "2.5"])
    assert web_options(CheckerConfig(), args).max_seconds_per_url == 2.5


def test_a_host_that_stops_answering_costs_a_few_deadlines_not_one_per_url() -> None:
    # Twelve URLs on a host that accepts connections and never answers: after two requests end at their
    # deadline with no answer, the host is decided, and the other URLs get its verdict without a request.
    with raw_server() as srv, raw_server() as other:
        srv.scripts.update({f"/silent/{i}": [(b"", 60.0)] for i in range(12)})
        other.scripts["/ok"] = OK_PAGE
        urls, fine = [srv.url(f"/silent/{i}") for i in range(12)], other.url("/ok")
        options = fast_options(WebOptions(allow_private=True))
        results, _ = ended(lambda: check_links([*urls, fine], options))
        silent_requests = [path for path in srv.seen if path.startswith("/silent/")]
    assert {results[url].status for url in urls} == {LinkStatus.TIMEOUT}
    # The host's two slots: two requests end at the deadline and decide it (a third may be sent in the moment
    # between the first timeout freeing its slot and the second one arriving).
    assert 2 <= len(silent_requests) <= 3
    assert results[fine].status is LinkStatus.OK


def test_the_deadline_starts_when_a_url_is_sent_not_while_it_waits_for_a_slot() -> None:
    # One slot, six pages of 0.6 s each: 3.6 s in all, with a 2 s deadline per URL. Waiting in the host's
    # queue must not use up a URL's time: every page is OK.
    slow_ok = [(head("200 OK", "Content-Type: text/plain", "Content-Length: 2"), 0.6), (b"ok", 0.0)]
    with raw_server() as srv:
        srv.scripts.update({f"/slow/{i}": slow_ok for i in range(6)})
        urls = [srv.url(f"/slow/{i}") for i in range(6)]
        results, _ = ended(lambda: check_links(urls, fast_options(WebOptions(allow_private=True, per_host=1))))
    assert {results[url].status for url in urls} == {LinkStatus.OK}, {u: results[u].reason for u in urls}
