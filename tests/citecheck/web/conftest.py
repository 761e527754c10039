"""Fixtures of the web tests: a real HTTP server on 127.0.0.1 and options that may reach it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from web_server import LocalServer, QuietServer, make_handler

from citecheck.web import WebOptions


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh ThreadingHTTPServer on 127.0.0.1, port 0, in a daemon thread."""
    state = LocalServer("127.0.0.1", 0)
    httpd = QuietServer(("127.0.0.1", 0), make_handler(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def options(server: LocalServer) -> WebOptions:
    """Options for tests: local APIs, private addresses allowed, short timeouts, no cache."""
    return WebOptions(
        timeout=1.0,
        allow_private=True,
        per_host=4,
        doi_api=server.base,
        crossref_api=server.url("/crossref"),
        archive_api=server.base,
        backoff=0.05,
        retry_after_cap=2.0,
        max_seconds_per_url=5.0,
        cache_dir=None,
    )
