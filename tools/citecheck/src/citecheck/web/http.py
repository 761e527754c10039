"""The HTTP boundary: the only module that imports ``requests``.

One :class:`HttpClient` owns one ``requests.Session`` (connection pooling,
User-Agent, verified TLS) and turns every request into a :class:`Fetched`
value. Nothing from requests or urllib3 escapes: failures become a
:class:`FetchError` with a :class:`FailureKind`.

Redirects are followed here by hand so that every hop is recorded, and every
new connection goes through :class:`~citecheck.web.safety.AddressGuard`, so a
redirect to a private address is refused like a direct link to one.
"""

from __future__ import annotations

import email.utils
import errno
import http.client
import random
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ProtocolError
from urllib3.util.retry import Retry

from citecheck.web.records import WebOptions
from citecheck.web.safety import AddressGuard, AddressRefused, ResolveError, Resolver

#: Statuses worth retrying: rate limits and transient server trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Bytes asked of the socket at a time while reading a body.
CHUNK_SIZE = 16 * 1024
#: An unread remainder up to this size is drained so the connection can be reused.
DRAIN_LIMIT = 64 * 1024
#: Connection pools (one per host) kept alive at once.
POOL_HOSTS = 512
#: Back-off for connection-level retries inside urllib3 (seconds, doubled each time).
CONNECT_BACKOFF = 0.1
#: Content codings we can decode with a bounded decompressor (and so advertise).
DECODABLE_ENCODINGS = ("gzip", "x-gzip", "deflate")


class FailureKind(StrEnum):
    """Why no (usable) HTTP answer came."""

    DNS = "dns"
    """The host name does not exist."""
    DNS_TEMPORARY = "dns-temporary"
    """Name resolution failed without an answer (no DNS server reachable?)."""
    NETWORK = "network"
    """The network is unreachable from here."""
    REFUSED = "refused"
    """Connection refused."""
    DROPPED = "dropped"
    """The server closed or reset the connection without an answer."""
    TIMEOUT = "timeout"
    """No answer in time."""
    TLS = "tls"
    """TLS handshake or certificate verification failed."""
    PRIVATE = "private"
    """The host resolves to an address we refuse (see safety.py)."""
    SCHEME = "scheme"
    """A redirect pointed to a non-HTTP scheme."""
    INVALID_URL = "invalid-url"
    """The URL (or a Location header) can't be requested."""
    REDIRECT_LOOP = "redirect-loop"
    """A redirect came back to a URL already visited."""
    TOO_MANY_REDIRECTS = "too-many-redirects"
    """More redirects than allowed."""
    OTHER = "other"
    """Anything else."""


@dataclass(frozen=True, slots=True)
class FetchError:
    """A failure, already translated into our own terms."""

    kind: FailureKind
    """Category, used to pick a link status."""
    message: str
    """Short human explanation."""


@dataclass(slots=True)
class Fetched:
    """Outcome of one logical request (redirects and retries included)."""

    url: str
    """URL first requested."""
    method: str
    """HEAD or GET."""
    status: int | None = None
    """Status of the last response; None if none came."""
    reason: str = ""
    """Reason phrase of the last response."""
    final_url: str | None = None
    """URL of the last response."""
    headers: dict[str, str] = field(default_factory=dict)
    """Headers of the last response, names lower-cased."""
    hops: list[tuple[str, int]] = field(default_factory=list)
    """Each redirect as (URL requested, status it answered)."""
    body: bytes = b""
    """Decoded body bytes read (at most the requested limit)."""
    complete: bool = False
    """True when ``body`` is the whole body."""
    error: FetchError | None = None
    """Set when the request failed (possibly after some hops)."""

    @property
    def content_type(self) -> str:
        """Media type of the last response, lower-cased, without parameters."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def describe(self) -> str:
        """``404 Not Found`` style text for the last response."""
        if self.status is None:
            return self.error.message if self.error else "no response"
        phrase = self.reason or http.client.responses.get(self.status, "")
        return f"{self.status} {phrase}".strip()


class Limiter(Protocol):
    """Per-host politeness: how many requests at once, and pauses after 429/503."""

    def slot(self, host: str) -> AbstractContextManager[object]:  # pragma: no cover
        """Hold one of ``host``'s request slots for the duration of the block."""

    def pause(self, host: str, seconds: float) -> None:  # pragma: no cover
        """Send nothing to ``host`` for ``seconds``."""


class NoLimit:
    """A limiter that never waits (for one-off use and tests)."""

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Do not wait."""
        yield

    def pause(self, host: str, seconds: float) -> None:
        """Ignore pauses."""


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class _ConnectRetry(Retry):
    """urllib3 retries for connection trouble only.

    Connect errors are retried (nothing was sent). A connection dropped
    before any answer is retried once, which also covers a pooled keep-alive
    connection the server had closed. Read timeouts are not retried: a slow
    server would just cost the timeout twice.
    """

    def _is_read_error(self, err: Exception) -> bool:
        return isinstance(err, ProtocolError)


def _guarded_connect(conn: HTTPConnection, guard: AddressGuard) -> socket.socket:
    """Open a socket to a checked address of ``conn.host``.

    ResolveError and AddressRefused propagate as they are: they are not
    OSErrors, so urllib3 neither wraps nor retries them.
    """
    addresses = guard.addresses(conn.host, conn.port)
    last: OSError | None = None
    for address in addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            for opt in conn.socket_options or ():
                sock.setsockopt(*opt)
            if conn.timeout is not None and conn.timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(conn.timeout)
            if conn.source_address:
                sock.bind(conn.source_address)
            sock.connect((address, conn.port))
            return sock
        except TimeoutError as exc:
            sock.close()
            raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out") from exc
        except OSError as exc:
            sock.close()
            last = exc
    raise NewConnectionError(conn, f"Failed to establish a new connection: {last}") from last


def _pool_classes(guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
    """Connection pool classes whose connections go through ``guard``."""

    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _guarded_connect(self, guard)

    class GuardedHTTPSConnection(HTTPSConnection):
        # TLS still verifies against self.host (SNI and certificate name),
        # while the socket goes to the address we checked.
        def _new_conn(self) -> socket.socket:
            return _guarded_connect(self, guard)

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


class _GuardedAdapter(requests.adapters.HTTPAdapter):
    """An HTTPAdapter whose pools resolve and check every host themselves."""

    def __init__(self, guard: AddressGuard, **kwargs: object) -> None:
        self._guard = guard
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._guard)


def _walk_causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then everything it wraps (cause, context, urllib3 ``reason``)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nxt in (
            getattr(current, "reason", None),
            current.__cause__,
            current.__context__,
            *[a for a in getattr(current, "args", ()) if isinstance(a, BaseException)],
        ):
            if isinstance(nxt, BaseException):
                todo.append(nxt)


def translate_error(exc: BaseException) -> FetchError:
    """Map any requests/urllib3/socket exception to a FetchError."""
    chain = list(_walk_causes(exc))
    for item in chain:
        if isinstance(item, AddressRefused):
            return FetchError(FailureKind.PRIVATE, str(item))
        if isinstance(item, ResolveError):
            kind = FailureKind.DNS_TEMPORARY if item.temporary else FailureKind.DNS
            return FetchError(kind, f"DNS: {item}")
    if any(isinstance(i, (requests.exceptions.SSLError, ssl.SSLError, urllib3.exceptions.SSLError)) for i in chain):
        detail = next((str(i) for i in chain if isinstance(i, ssl.SSLError)), str(exc))
        return FetchError(FailureKind.TLS, f"TLS error: {_short(detail)}")
    for item in chain:
        if isinstance(item, OSError) and item.errno in {errno.ENETUNREACH, errno.ENETDOWN}:
            return FetchError(FailureKind.NETWORK, f"network unreachable ({item.strerror})")
        if isinstance(item, OSError) and item.errno == errno.EHOSTUNREACH:
            return FetchError(FailureKind.NETWORK, f"host unreachable ({item.strerror})")
        if isinstance(item, ConnectionRefusedError):
            return FetchError(FailureKind.REFUSED, "connection refused")
        if isinstance(item, socket.gaierror):
            return FetchError(FailureKind.DNS, f"DNS: {item.strerror}")
    # After the errno checks: urllib3's NewConnectionError is a ConnectTimeoutError subclass.
    if any(
        isinstance(i, (requests.exceptions.ReadTimeout, TimeoutError, urllib3.exceptions.ReadTimeoutError))
        or (isinstance(i, urllib3.exceptions.ConnectTimeoutError) and not isinstance(i, NewConnectionError))
        or type(i) in (requests.exceptions.ConnectTimeout, requests.exceptions.Timeout)
        for i in chain
    ):
        return FetchError(FailureKind.TIMEOUT, "timed out")
    if any(
        isinstance(i, (http.client.RemoteDisconnected, ConnectionResetError, ProtocolError, BrokenPipeError))
        for i in chain
    ):
        return FetchError(FailureKind.DROPPED, "connection closed by the server without a response")
    if any(
        isinstance(
            i,
            (
                requests.exceptions.InvalidURL,
                requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema,
                urllib3.exceptions.LocationParseError,
                UnicodeError,
                ValueError,
            ),
        )
        for i in chain
    ):
        return FetchError(FailureKind.INVALID_URL, f"invalid URL: {_short(str(exc))}")
    return FetchError(FailureKind.OTHER, _short(f"{type(exc).__name__}: {exc}"))


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Receives each decoded piece of body; returns True when it has seen enough.
ChunkSink = Callable[[bytes], bool]


class HttpClient:
    """One session, one set of rules: every HTTP request of a run goes through here."""

    def __init__(
        self,
        options: WebOptions,
        *,
        resolver: Resolver | None = None,
        limiter: Limiter | None = None,
    ) -> None:
        self.options = options
        self.limiter: Limiter = limiter or NoLimit()
        self.guard = AddressGuard(
            allow_private=options.allow_private, resolver=resolver, allow_networks=options.allow_networks
        )
        self.session = requests.Session()
        # No proxies or .netrc from the environment: a proxy would defeat the
        # address check, and .netrc credentials must not go to cited sites.
        self.session.trust_env = False
        self.session.headers.update(
            {
                "User-Agent": options.user_agent,
                # Only codings we decompress ourselves, with a bound.
                "Accept-Encoding": ", ".join(("gzip", "deflate")),
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            }
        )
        biggest = max([options.per_host, *options.per_host_limits.values()])
        retry = _ConnectRetry(
            total=None,
            connect=options.retries,
            read=1,
            status=0,
            redirect=0,
            other=0,
            allowed_methods=frozenset({"HEAD", "GET"}),
            backoff_factor=CONNECT_BACKOFF,
            backoff_jitter=CONNECT_BACKOFF,
            raise_on_redirect=False,
            raise_on_status=False,
            respect_retry_after_header=False,
        )
        adapter = _GuardedAdapter(
            self.guard,
            pool_connections=POOL_HOSTS,
            pool_maxsize=max(biggest, 1) + 2,
            max_retries=retry,
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._lock = threading.Lock()
        self.requests_sent = 0
        """Requests put on the wire (for statistics)."""

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        body_limit: int = 0,
        on_headers: Callable[[Mapping[str, str]], ChunkSink | None] | None = None,
        deadline: float | None = None,
        follow_redirects: bool = True,
    ) -> Fetched:
        """Request ``url``, following redirects, retrying 429/5xx; never raises.

        ``body_limit`` bytes of decoded body are read at most (0: none).
        ``on_headers`` sees the final response's headers and returns a sink
        for the body pieces (which may stop the read early), or None to skip
        the body.
        """
        opts = self.options
        if deadline is None:
            deadline = time.monotonic() + opts.max_seconds_per_url
        result = Fetched(url=url, method=method)
        visited: dict[str, int] = {}
        current = url
        while True:
            visited[current] = visited.get(current, 0) + 1
            response = self._send_with_retries(current, method, headers, deadline, result)
            if response is None:
                return result
            result.status = response.status_code
            result.reason = response.reason or ""
            result.final_url = current
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            location = response.headers.get("Location")
            if follow_redirects and response.is_redirect and location:
                sets_cookie = "set-cookie" in result.headers
                _release(response)
                result.hops.append((current, response.status_code))
                try:
                    target = urljoin(current, location.strip())
                    parts = urlsplit(target)
                except ValueError:
                    result.error = FetchError(FailureKind.INVALID_URL, f"bad redirect target {location!r}")
                    return result
                if parts.scheme.lower() not in ("http", "https"):
                    result.error = FetchError(
                        FailureKind.SCHEME, f"redirect to unsupported scheme '{parts.scheme}': {target}"
                    )
                    return result
                # A URL may come back once after setting a cookie (a common
                # consent/bot check); a third visit is a loop.
                if visited.get(target, 0) >= (2 if sets_cookie else 1):
                    chain = " → ".join([u for u, _ in result.hops] + [target])
                    result.error = FetchError(FailureKind.REDIRECT_LOOP, f"redirect loop: {chain}")
                    return result
                if len(result.hops) >= opts.max_redirects:
                    result.error = FetchError(
                        FailureKind.TOO_MANY_REDIRECTS, f"more than {opts.max_redirects} redirects"
                    )
                    return result
                current = target
                continue
            sink: ChunkSink | None = None
            if body_limit > 0 and on_headers is not None:
                sink = on_headers(result.headers)
                if sink is None:
                    body_limit = 0
            self._read_body(response, result, body_limit, sink, deadline)
            return result

    # ------------------------------------------------------------------
    def _send_with_retries(
        self,
        url: str,
        method: str,
        headers: Mapping[str, str] | None,
        deadline: float,
        result: Fetched,
    ) -> requests.Response | None:
        """One hop: send, and retry on 429/5xx with Retry-After or back-off."""
        opts = self.options
        host = (urlsplit(url).hostname or "").lower()
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                result.error = FetchError(FailureKind.TIMEOUT, f"gave up after {opts.max_seconds_per_url:g} s")
                return None
            timeout = min(opts.timeout, remaining)
            try:
                with self.limiter.slot(host):
                    with self._lock:
                        self.requests_sent += 1
                    response = self.session.request(
                        method,
                        url,
                        headers=dict(headers or {}),
                        timeout=(timeout, timeout),
                        allow_redirects=False,
                        stream=True,
                    )
            except Exception as exc:
                result.error = translate_error(exc)
                result.final_url = url
                return None
            status = response.status_code
            if status not in RETRY_STATUSES or attempt >= opts.retries:
                return response
            wait = parse_retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > opts.retry_after_cap:
                # Asked to come back much later: report now rather than stall the run.
                return response
            if wait is None:
                base = opts.backoff * (2**attempt)
                wait = base + random.uniform(0, base)  # jitter spreads retries out
            elif status in (429, 503):
                # Rate limited: hold every request to this host, not just this one.
                self.limiter.pause(host, wait)
            if time.monotonic() + wait >= deadline:
                return response
            _release(response)
            time.sleep(wait)
            attempt += 1

    def _read_body(
        self,
        response: requests.Response,
        result: Fetched,
        limit: int,
        sink: ChunkSink | None,
        deadline: float,
    ) -> None:
        """Read at most ``limit`` decoded bytes, decompressing with a bound."""
        if response.request is not None and response.request.method == "HEAD":
            result.complete = True
            _release(response, fully_read=True)
            return
        if limit <= 0:
            _release(response)
            return
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        decoder = zlib.decompressobj(47) if encoding in DECODABLE_ENCODINGS else None  # 47: gzip or zlib
        out = bytearray()
        raw_read = 0
        stopped = False
        eof = False
        try:
            while not stopped:
                if time.monotonic() > deadline:
                    stopped = True
                    break
                chunk = response.raw.read(CHUNK_SIZE, decode_content=False)
                if not chunk:
                    eof = True
                    break
                raw_read += len(chunk)
                pieces: list[bytes] = []
                if decoder is None:
                    pieces.append(chunk[: max(0, limit - len(out))])
                    if len(out) + len(chunk) > limit:
                        stopped = True
                else:
                    data = chunk
                    while data:
                        room = limit - len(out) - sum(map(len, pieces))
                        if room <= 0:
                            stopped = True
                            break
                        try:
                            piece = decoder.decompress(data, room)
                        except zlib.error:
                            if encoding == "deflate" and not out and not pieces and raw_read == len(chunk):
                                # Some servers send raw deflate without the zlib wrapper.
                                decoder = zlib.decompressobj(-15)
                                continue
                            stopped = True
                            break
                        pieces.append(piece)
                        data = decoder.unconsumed_tail
                for piece in pieces:
                    out += piece
                    if sink is not None and piece and sink(piece):
                        stopped = True
                if len(out) >= limit or raw_read >= limit:
                    stopped = True
        except Exception:
            stopped = True
        result.body = bytes(out)
        result.complete = eof and not stopped
        _release(response, fully_read=eof)


def _release(response: requests.Response, *, fully_read: bool = False) -> None:
    """Hand the connection back to the pool if the body is done (or small enough to
    finish reading); otherwise close it.

    ``requests.Response.close()`` would close the socket whenever the body was
    read through ``raw``, losing keep-alive (and a TLS handshake per request).
    """
    raw = response.raw
    try:
        if not fully_read:
            try:
                length = int(response.headers.get("Content-Length", "-1"))
            except ValueError:
                length = -1
            if response.status_code in (204, 304) or length == 0:
                fully_read = True
            elif 0 < length <= DRAIN_LIMIT:
                raw.drain_conn()  # bounded by the small Content-Length
                fully_read = True
        if fully_read:
            raw.release_conn()
            return
    except Exception:
        pass
    response.close()
