"""Every link status, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest
from web_server import LocalServer, page, send, send_json

from citecheck.web import LinkStatus, ResolveError, WebOptions, check_links
from citecheck.web.fetch import parse_retry_after
from citecheck.web.links import checkable_fragment, https_candidate, wayback_timestamp
from citecheck.web.runner import DNS_CANARIES


def redirect(to: str, status: int = 301):
    def handler(h: BaseHTTPRequestHandler) -> None:
        send(h, status, b"", headers={"Location": to})

    return handler


def check_one(url: str, options: WebOptions, **kwargs):
    return check_links([url], options, **kwargs)[url]


# --- plain statuses ------------------------------------------------------


def test_200_is_ok(server: LocalServer, options: WebOptions) -> None:
    server.routes["/ok"] = lambda h: send(h, 200, page("A fine page", h1="Welcome"))
    result = check_one(server.url("/ok"), options)
    assert result.status is LinkStatus.OK
    assert result.http_status == 200
    assert result.reason == "200 OK"
    assert result.final_url == server.url("/ok")
    assert result.redirects == ()
    assert result.suggestion is None
    assert result.checked_at.endswith("Z") and not result.from_cache
    assert server.count("/ok") == 1  # one request, not HEAD then GET


@pytest.mark.parametrize(
    ("code", "status"), [(404, LinkStatus.BROKEN), (410, LinkStatus.BROKEN), (400, LinkStatus.BROKEN)]
)
def test_gone(server: LocalServer, options: WebOptions, code: int, status: LinkStatus) -> None:
    server.routes["/gone"] = lambda h: send(h, code, page("Gone"))
    result = check_one(server.url("/gone"), replace(options, archive_lookup=False))
    assert result.status is status
    assert result.http_status == code
    assert result.reason.startswith(str(code))


def test_403_is_blocked_not_broken(server: LocalServer, options: WebOptions) -> None:
    server.routes["/forbidden"] = lambda h: send(h, 403, page("Access denied"))
    result = check_one(server.url("/forbidden"), options)
    assert result.status is LinkStatus.BLOCKED
    assert "verify by hand" in result.reason


def test_bot_wall_challenge_is_blocked(server: LocalServer, options: WebOptions) -> None:
    server.routes["/wall"] = lambda h: send(h, 503, page("Just a moment..."), headers={"cf-mitigated": "challenge"})
    result = check_one(server.url("/wall"), replace(options, retries=0))
    assert result.status is LinkStatus.BLOCKED


def test_accepted_status_counts_as_ok(server: LocalServer, options: WebOptions) -> None:
    server.routes["/teapot"] = lambda h: send(h, 418, page("teapot"))
    result = check_one(server.url("/teapot"), replace(options, accept_status=(418,)))
    assert result.status is LinkStatus.OK


# --- redirects ------------------------------------------------------------


def test_permanent_redirect_chain_suggests_final_url(server: LocalServer, options: WebOptions) -> None:
    server.routes["/old"] = redirect("/older", 301)
    server.routes["/older"] = redirect(server.url("/new"), 308)
    server.routes["/new"] = lambda h: send(h, 200, page("New home", h1="New"))
    result = check_one(server.url("/old"), options)
    assert result.status is LinkStatus.REDIRECTED
    assert result.redirects == ((server.url("/old"), 301), (server.url("/older"), 308))
    assert result.final_url == server.url("/new")
    assert result.suggestion == server.url("/new")
    assert result.http_status == 200


def test_temporary_redirect_is_ok(server: LocalServer, options: WebOptions) -> None:
    server.routes["/tmp"] = redirect("/there", 302)
    server.routes["/there"] = lambda h: send(h, 200, page("There", h1="There"))
    result = check_one(server.url("/tmp"), options)
    assert result.status is LinkStatus.OK
    assert result.redirects == ((server.url("/tmp"), 302),)
    assert result.suggestion is None


def test_redirect_loop_is_broken(server: LocalServer, options: WebOptions) -> None:
    server.routes["/ping"] = redirect("/pong", 302)
    server.routes["/pong"] = redirect("/ping", 302)
    result = check_one(server.url("/ping"), replace(options, archive_lookup=False))
    assert result.status is LinkStatus.BROKEN
    assert result.reason.startswith("redirect loop")
    assert len(result.redirects) == 2
    assert server.count() == 2


def test_too_many_redirects(server: LocalServer, options: WebOptions) -> None:
    for i in range(15):
        server.routes[f"/hop{i}"] = redirect(f"/hop{i + 1}", 302)
    result = check_one(server.url("/hop0"), replace(options, max_redirects=5, archive_lookup=False))
    assert result.status is LinkStatus.BROKEN
    assert "more than 5 redirects" in result.reason
    assert server.count() == 5


# --- retries ----------------------------------------------------------------


def test_429_honours_retry_after_then_succeeds(server: LocalServer, options: WebOptions) -> None:
    calls: list[float] = []

    def limited(h: BaseHTTPRequestHandler) -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            send(h, 429, page("Too many"), headers={"Retry-After": "1"})
        else:
            send(h, 200, page("Fine", h1="Fine"))

    server.routes["/limited"] = limited
    result = check_one(server.url("/limited"), options)
    assert result.status is LinkStatus.OK
    assert len(calls) == 2
    assert calls[1] - calls[0] >= 0.95  # waited as told


def test_429_retry_after_past_the_cap_gives_up_as_blocked(server: LocalServer, options: WebOptions) -> None:
    server.routes["/later"] = lambda h: send(h, 429, page("Later"), headers={"Retry-After": "3600"})
    result = check_one(server.url("/later"), options)
    assert result.status is LinkStatus.BLOCKED
    assert server.count("/later") == 1  # not retried, and no pause held the run


def test_persistent_429_is_blocked_after_retries(server: LocalServer, options: WebOptions) -> None:
    server.routes["/busy"] = lambda h: send(h, 429, page("Busy"), headers={"Retry-After": "0"})
    result = check_one(server.url("/busy"), replace(options, retries=2))
    assert result.status is LinkStatus.BLOCKED
    assert server.count("/busy") == 3


def test_500_then_200_on_retry(server: LocalServer, options: WebOptions) -> None:
    calls = []

    def flaky(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        send(h, 500 if len(calls) == 1 else 200, page("Flaky", h1="Flaky"))

    server.routes["/flaky"] = flaky
    result = check_one(server.url("/flaky"), options)
    assert result.status is LinkStatus.OK
    assert len(calls) == 2


def test_persistent_500_is_server_error(server: LocalServer, options: WebOptions) -> None:
    server.routes["/down"] = lambda h: send(h, 500, page("Error"))
    result = check_one(server.url("/down"), replace(options, retries=1))
    assert result.status is LinkStatus.SERVER_ERROR
    assert result.reason == "500 Internal Server Error"
    assert server.count("/down") == 2


def test_retry_after_formats() -> None:
    assert parse_retry_after("120") == 120.0
    now = 1_700_000_000.0
    date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now + 30))
    assert parse_retry_after(date, now=now) == pytest.approx(30.0)
    past = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now - 30))
    assert parse_retry_after(past, now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


# --- timeouts, dropped connections, refused, DNS, TLS -----------------------------


def test_slow_response_times_out(server: LocalServer, options: WebOptions) -> None:
    def slow(h: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        send(h, 200, page("Slow"))

    server.routes["/slow"] = slow
    result = check_one(server.url("/slow"), replace(options, timeout=0.4, https_probe=False))
    assert result.status is LinkStatus.TIMEOUT
    assert result.reason == "timed out"
    assert server.count("/slow") == 1  # a read timeout is not retried


def test_total_time_per_url_is_capped(server: LocalServer, options: WebOptions) -> None:
    server.routes["/always-busy"] = lambda h: send(h, 503, page("Busy"), headers={"Retry-After": "1"})
    result = check_one(server.url("/always-busy"), replace(options, retries=10, max_seconds_per_url=1.5))
    assert result.status is LinkStatus.SERVER_ERROR
    # Sent at 0 s and 1 s; a third try, due at 2 s, would end past the 1.5 s cap, so it is not made.
    assert server.count("/always-busy") == 2


def test_dropped_connection_is_a_server_error(server: LocalServer, options: WebOptions) -> None:
    def drop(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        h.connection.shutdown(socket.SHUT_RDWR)

    server.routes["/drop"] = drop
    result = check_one(server.url("/drop"), options)
    assert result.status is LinkStatus.SERVER_ERROR
    assert "closed by the server" in result.reason
    assert server.count("/drop") == 2  # retried once: a dropped keep-alive connection is common


def test_connection_refused_is_broken(options: WebOptions) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: refused
        result = check_one(f"http://127.0.0.1:{port}/", replace(options, archive_lookup=False, retries=0))
    assert result.status is LinkStatus.BROKEN
    assert result.reason == "connection refused"


def dns_knowing_only_canaries(host: str, port: int) -> list[str]:
    """A working DNS (it knows doi.org) that has never heard of the test's host."""
    if host in DNS_CANARIES:
        return ["93.184.215.14"]
    raise ResolveError(host, "host not found", temporary=False)


def test_unknown_host_is_broken(options: WebOptions) -> None:
    resolver = dns_knowing_only_canaries

    result = check_one("https://no-such-host.example/x", replace(options, archive_lookup=False), resolver=resolver)
    assert result.status is LinkStatus.BROKEN
    assert "host not found" in result.reason


def test_tls_failure_is_tls_error(server: LocalServer, options: WebOptions) -> None:
    # https:// to a plain-HTTP port: the handshake fails.
    result = check_one(f"https://127.0.0.1:{server.port}/ok", options)
    assert result.status is LinkStatus.TLS_ERROR
    assert result.reason.startswith("TLS error")


# --- soft 404, HEAD/GET, fragments ------------------------------------------


@pytest.mark.parametrize(
    ("title", "h1"),
    [
        ("Page not found", None),
        ("Example Journal", "Oops! 404"),
        ("Seite nicht gefunden", None),
        ("Sorry, this page no longer exists", None),
    ],
)
def test_soft_404(server: LocalServer, options: WebOptions, title: str, h1: str | None) -> None:
    server.routes["/soft"] = lambda h: send(h, 200, page(title, h1=h1))
    server.routes["/wayback/available"] = lambda h: send_json(h, 200, {"archived_snapshots": {}})
    result = check_one(server.url("/soft"), options)
    assert result.status is LinkStatus.SOFT_404
    assert result.http_status == 200
    assert "not found" in result.reason


def test_a_page_about_something_not_found_is_not_a_soft_404(server: LocalServer, options: WebOptions) -> None:
    title = "Why the Higgs boson was not found at LEP: a long retrospective on the search and its many lessons"
    server.routes["/article"] = lambda h: send(h, 200, page(title, h1=title))
    assert check_one(server.url("/article"), options).status is LinkStatus.OK


def test_head_refused_but_get_fine(server: LocalServer, options: WebOptions) -> None:
    def pdf(h: BaseHTTPRequestHandler) -> None:
        if h.command == "HEAD":
            send(h, 405, b"")
        else:
            send(h, 200, b"%PDF-1.7 ...", content_type="application/pdf")

    server.routes["/paper.pdf"] = pdf
    result = check_one(server.url("/paper.pdf"), options)
    assert result.status is LinkStatus.OK
    assert [m for m, p in server.log] == ["HEAD", "GET"]


def test_head_404_confirmed_by_get(server: LocalServer, options: WebOptions) -> None:
    # Some servers answer HEAD with 404 for pages that exist; never call those broken.
    def liar(h: BaseHTTPRequestHandler) -> None:
        send(h, 404 if h.command == "HEAD" else 200, b"data", content_type="application/zip")

    server.routes["/data.zip"] = liar
    assert check_one(server.url("/data.zip"), options).status is LinkStatus.OK


def test_head_only_when_soft_404_check_is_off(server: LocalServer, options: WebOptions) -> None:
    server.routes["/page"] = lambda h: send(h, 200, page("Page not found"))
    result = check_one(server.url("/page"), replace(options, soft_404=False))
    assert result.status is LinkStatus.OK
    assert [m for m, p in server.log] == ["HEAD"]


def test_fragment_anchors(server: LocalServer, options: WebOptions) -> None:
    body = '<h2 id="methods">Methods</h2><a name="old-style"></a>' + "<p>filler</p>" * 2000
    server.routes["/doc"] = lambda h: send(h, 200, page("Doc", h1="Doc", body=body))
    urls = [
        server.url("/doc#methods"),
        server.url("/doc#old-style"),
        server.url("/doc#nowhere"),
        server.url("/doc#/client/route"),
    ]
    results = check_links(urls, options)
    assert results[urls[0]].fragment_ok is True
    assert results[urls[1]].fragment_ok is True
    assert results[urls[2]].fragment_ok is False
    assert "anchor #nowhere not found" in results[urls[2]].reason
    assert results[urls[3]].fragment_ok is None
    assert all(r.status is LinkStatus.OK for r in results.values())


def test_fragment_helpers() -> None:
    assert checkable_fragment("sec-2") == "sec-2"
    assert checkable_fragment("caf%C3%A9") == "café"
    assert checkable_fragment("/route") is None
    assert checkable_fragment(":~:text=hello") is None
    assert checkable_fragment("") is None


# --- http → https, archive ------------------------------------------------


def test_https_candidates() -> None:
    assert https_candidate("http://example.org/a?b=1#c") == "https://example.org/a?b=1#c"
    assert https_candidate("http://example.org:80/a") == "https://example.org/a"
    assert https_candidate("http://example.org:8080/a") is None  # the https port is unknown
    assert https_candidate("https://example.org/a") is None


def test_http_url_with_explicit_port_is_not_probed(server: LocalServer, options: WebOptions) -> None:
    server.routes["/plain"] = lambda h: send(h, 200, page("Plain", h1="Plain"))
    result = check_one(server.url("/plain"), options)
    assert result.https_works is None
    assert server.count() == 1


def test_http_url_on_default_port_is_probed_for_https(options: WebOptions) -> None:
    # "insecure.test" resolves (fake resolver) to a loopback address where
    # nothing listens on 80 or 443: the probe runs and says https does not work.
    seen: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> list[str]:
        seen.append((host, port))
        return ["127.0.0.1"]

    result = check_one("http://insecure.test/", replace(options, archive_lookup=False, retries=0), resolver=resolver)
    assert result.https_works is False
    assert seen == [("insecure.test", 80)], "both origins tried, the name resolved once"


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        ("2021-03-04", "20210304"),
        ("accessed 4 March 2021", "20210304"),
        ("March 4, 2021", "20210304"),
        ("Mar 2019", "201903"),
        ("2019", "2019"),
        ("n.d.", None),
        (None, None),
        ("2020-7", "202007"),
    ],
)
def test_wayback_timestamps(text: str | None, stamp: str | None) -> None:
    assert wayback_timestamp(text) == stamp


def test_broken_url_gets_archived_snapshot(server: LocalServer, options: WebOptions) -> None:
    target = server.url("/vanished")
    snapshot = f"http://web.archive.org/web/20210304000000/{target}"

    def available(h: BaseHTTPRequestHandler) -> None:
        send_json(
            h,
            200,
            {
                "url": target,
                "archived_snapshots": {
                    "closest": {"status": "200", "available": True, "url": snapshot, "timestamp": "20210304000000"}
                },
            },
        )

    server.routes["/wayback/available"] = available
    result = check_one(target, options, dates={target: "accessed 4 March 2021"})
    assert result.status is LinkStatus.BROKEN
    assert result.archived_url == snapshot
    assert result.suggestion == snapshot
    lookups = [p for m, p in server.log if p.startswith("/wayback/available")]
    assert len(lookups) == 1
    assert "timestamp=20210304" in lookups[0]
    assert "url=http%3A%2F%2F127.0.0.1" in lookups[0]


def test_no_snapshot_means_no_suggestion(server: LocalServer, options: WebOptions) -> None:
    server.routes["/wayback/available"] = lambda h: send_json(h, 200, {"url": "x", "archived_snapshots": {}})
    result = check_one(server.url("/vanished"), options)
    assert result.status is LinkStatus.BROKEN
    assert result.archived_url is None and result.suggestion is None


# --- inputs that must not raise ------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("http://", LinkStatus.BROKEN),
        ("http://[::1", LinkStatus.BROKEN),
        ("not a url", LinkStatus.UNCHECKED),
        ("", LinkStatus.UNCHECKED),
        ("http://exa mple.org/", LinkStatus.BROKEN),
    ],
)
def test_bad_urls_get_a_status(options: WebOptions, url: str, status: LinkStatus) -> None:
    result = check_one(url, replace(options, archive_lookup=False), resolver=dns_knowing_only_canaries)
    assert result.status is status
    assert result.reason
