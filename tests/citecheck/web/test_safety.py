"""Safety rules: schemes, private addresses (also after a redirect), body and decompression caps."""

from __future__ import annotations

import gzip
import time
import zlib
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest
from web_server import LocalServer, page, send

from citecheck.web import LinkStatus, WebOptions, check_links
from citecheck.web.http import Exchange, HttpClient
from citecheck.web.safety import AddressGuard, AddressRefused, address_kind, scheme_problem


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("100.64.0.1", "a reserved address"),
        ("240.0.0.1", "a reserved address"),
        ("93.184.215.14", None),
        ("2606:4700::1", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


def test_guard_refuses_a_host_if_any_address_is_private() -> None:
    guard = AddressGuard(allow_private=False, resolver=lambda host, port: ["93.184.215.14", "10.0.0.7"])
    with pytest.raises(AddressRefused, match=r"mixed.example \(10.0.0.7\) is a private address"):
        guard.addresses("mixed.example", 443)
    allowed = AddressGuard(allow_private=True, resolver=lambda host, port: ["10.0.0.7"])
    assert allowed.addresses("intranet.example", 80) == ["10.0.0.7"]


def test_private_address_refused_without_the_flag(server: LocalServer, options: WebOptions) -> None:
    server.routes["/ok"] = lambda h: send(h, 200, page("ok", h1="ok"))
    strict = replace(options, allow_private=False)
    results = check_links([server.url("/ok"), f"http://localhost:{server.port}/ok"], strict)
    for result in results.values():
        assert result.status is LinkStatus.UNCHECKED
        assert "loopback address (use --allow-private)" in result.reason
    assert results[server.url("/ok")].reason == "refused: 127.0.0.1 is a loopback address (use --allow-private)"
    assert server.count() == 0  # nothing reached the server


@pytest.mark.parametrize(
    "target",
    ["http://127.0.0.2/admin", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/"],
)
def test_private_address_refused_after_a_redirect(server: LocalServer, options: WebOptions, target: str) -> None:
    # The test server itself is trusted by network; where it redirects is not.
    server.routes["/out"] = lambda h: send(h, 302, b"", headers={"Location": target})
    strict = replace(options, allow_private=False, allow_networks=("127.0.0.1/32",))
    result = check_links([server.url("/out")], strict)[server.url("/out")]
    assert result.status is LinkStatus.UNCHECKED
    assert result.reason.startswith("refused:") and "(use --allow-private)" in result.reason
    assert result.redirects == ((server.url("/out"), 302),)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://ftp.example.org/file",
        "mailto:someone@example.org",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://example.org/",
    ],
)
def test_non_http_schemes_are_reported_not_fetched(options: WebOptions, url: str) -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise AssertionError("must not resolve")

    result = check_links([url], options, resolver=resolver)[url]
    assert result.status is LinkStatus.UNCHECKED
    assert "unsupported scheme" in result.reason
    assert scheme_problem(url) is not None


def test_redirect_to_another_scheme_is_not_followed(server: LocalServer, options: WebOptions) -> None:
    server.routes["/file"] = lambda h: send(h, 301, b"", headers={"Location": "file:///etc/passwd"})
    result = check_links([server.url("/file")], options)[server.url("/file")]
    assert result.status is LinkStatus.UNCHECKED
    assert "unsupported scheme 'file'" in result.reason


def test_huge_body_is_capped(server: LocalServer, options: WebOptions) -> None:
    sent = {"bytes": 0}

    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(500_000_000))
        h.end_headers()
        h.wfile.write(b"<html><head><title>Huge</title></head><body><h1>Huge</h1>")
        chunk = b"<p>" + b"x" * 65_536 + b"</p>"
        try:
            for _ in range(8_000):  # up to ~500 MB if nobody stops reading
                h.wfile.write(chunk)
                sent["bytes"] += len(chunk)
        except OSError:
            pass

    server.routes["/huge"] = endless
    # A fragment makes the checker read the page as far as it is allowed to.
    result = check_links([server.url("/huge#end")], replace(options, max_body_bytes=300_000))[server.url("/huge#end")]
    assert result.status is LinkStatus.OK
    assert result.fragment_ok is None  # not found in the part we read: unknown, not missing
    time.sleep(0.2)
    assert sent["bytes"] < 50_000_000  # the server was cut off early


def _gzip_bomb(decoded_size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    zeros = b"\0" * 1_048_576
    parts = [compressor.compress(b"<html><head><title>bomb</title></head><body>")]
    for _ in range(decoded_size // len(zeros)):
        parts.append(compressor.compress(zeros))
    parts.append(compressor.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _gzip_bomb(200 * 1_048_576)  # 200 MiB of zeros in about 200 kB


def test_gzip_bomb_is_bounded(server: LocalServer, options: WebOptions, bomb: bytes) -> None:
    server.routes["/bomb"] = lambda h: send(h, 200, bomb, headers={"Content-Encoding": "gzip"})
    limit = 500_000
    with HttpClient(replace(options, max_body_bytes=limit)) as client:
        reply = client.send(Exchange(server.url("/bomb"), body_limit=limit))
    assert reply.status == 200
    assert len(reply.body) <= limit
    assert reply.body.startswith(b"<html><head><title>bomb")
    assert not reply.complete
    # And through the link checker, reading for a fragment:
    url = server.url("/bomb#x")
    result = check_links([url], replace(options, max_body_bytes=limit))[url]
    assert result.status is LinkStatus.OK


def test_gzip_and_deflate_bodies_are_decoded(server: LocalServer, options: WebOptions) -> None:
    html = page("Compressed", h1="Compressed", body='<p id="here">x</p>').encode()
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    server.routes["/gz"] = lambda h: send(h, 200, gzip.compress(html), headers={"Content-Encoding": "gzip"})
    server.routes["/zl"] = lambda h: send(h, 200, zlib.compress(html), headers={"Content-Encoding": "deflate"})
    body = raw_deflate.compress(html) + raw_deflate.flush()
    server.routes["/raw"] = lambda h: send(h, 200, body, headers={"Content-Encoding": "deflate"})
    urls = [server.url(p + "#here") for p in ("/gz", "/zl", "/raw")]
    results = check_links(urls, options)
    assert [results[u].fragment_ok for u in urls] == [True, True, True]
