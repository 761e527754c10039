"""A real HTTP server on 127.0.0.1 for the web-layer tests (no mocks of requests).

Each scenario is a small handler function registered on a path; the server
logs every request so tests can count what reached the wire.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class LocalServer:
    """Routes, request log and base URL of the running test server."""

    host: str
    port: int
    routes: dict[str, Handler] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes[path] = handler
            return handler

        return register

    def count(self, path: str | None = None, method: str | None = None) -> int:
        with self.lock:
            return sum(
                1
                for m, p in self.log
                if (path is None or p.split("?", 1)[0] == path) and (method is None or m == method)
            )


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes | str = b"",
    *,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """Write a complete response (HEAD gets the headers only)."""
    data = body.encode() if isinstance(body, str) else body
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)


def send_json(
    handler: BaseHTTPRequestHandler, status: int, payload: object, *, content_type: str = "application/json"
) -> None:
    send(handler, status, json.dumps(payload), content_type=content_type)


def page(title: str, body: str = "", h1: str | None = None) -> str:
    """A small HTML page."""
    heading = f"<h1>{h1}</h1>" if h1 is not None else ""
    return f"<!doctype html><html><head><title>{title}</title></head><body>{heading}{body}</body></html>"


def make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class RouteHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without this, Nagle's
        # algorithm meets the client's delayed ACK and every reply takes 40 ms.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _dispatch(self) -> None:
            with server.lock:
                server.log.append((self.command, self.path))
            handler = server.routes.get(self.path.split("?", 1)[0])
            if handler is None:
                send(self, 404, page("404 Not Found", h1="Not Found"))
                return
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                handler(self)

        do_GET = do_HEAD = _dispatch

    return RouteHandler


class QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid-response is what several tests do on purpose."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9)


def sleep(seconds: float) -> None:
    time.sleep(seconds)
