"""The HTTP boundary: the only module that imports ``requests``.

One :class:`HttpClient` owns one ``requests.Session`` (connection pooling,
User-Agent, verified TLS) and turns one :class:`Exchange` (a single request,
never a redirect chain or a retry) into one :class:`Reply`. Nothing from
requests or urllib3 escapes: failures become a :class:`FetchError` with a
:class:`FailureKind`. Chains and retries are the business of ``fetch.py``,
and when each request may go out is the scheduler's (``scheduler.py``).

Every new connection goes through :class:`~citecheck.web.safety.AddressGuard`,
so a redirect to a private address is refused like a direct link to one.
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from urllib.parse import urlsplit

import requests
import requests.adapters
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ProtocolError
from urllib3.response import HTTPResponse
from urllib3.util.retry import Retry

from citecheck.web.deadline import Budget, Watch, Watchdog
from citecheck.web.records import WebOptions
from citecheck.web.safety import AddressGuard, AddressRefused, ResolveError, Resolver

#: Bytes asked of the socket at a time while reading a body.
CHUNK_SIZE = 16 * 1024
#: An unread remainder up to this size is drained so the connection can be reused.
DRAIN_LIMIT = 64 * 1024
#: Seconds a drain may take at most: a body nobody needs is not worth waiting for.
DRAIN_SECONDS = 0.5
#: Connection pools (one per host) kept alive at once.
POOL_HOSTS = 512
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
    BAD_RESPONSE = "bad-response"
    """The answer breaks HTTP: conflicting Content-Length headers, a header line or header block too big."""
    TIMEOUT = "timeout"
    """No answer in time."""
    CONNECT_TIMEOUT = "connect-timeout"
    """The host did not accept a connection in time."""
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


#: Receives each decoded piece of body; returns True when it has seen enough.
ChunkSink = Callable[[bytes], bool]
#: Sees a final response's headers and returns a sink for its body, or None to skip the body.
HeadersHook = Callable[[Mapping[str, str]], ChunkSink | None]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request to send: a single hop, never a redirect chain or a retry."""

    url: str
    """What to request."""
    method: str = "GET"
    """HEAD or GET."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Extra request headers."""
    body_limit: int = 0
    """Decoded body bytes read at most (0: none); a redirect's body is never read."""
    on_headers: HeadersHook | None = None
    """Sees the response headers and returns a sink for the body pieces (which may stop the read early)."""
    deadline: Budget | None = None
    """``time.monotonic()`` by which the exchange must be over: connect, headers, body and draining
    (None: ``max_seconds_per_url`` from now)."""
    not_before: float = 0.0
    """``time.monotonic()`` before which it is not sent (a retry's back-off)."""


@dataclass(frozen=True, slots=True)
class Reply:
    """What one exchange got: a response, or a failure."""

    url: str
    """The URL requested."""
    status: int | None = None
    """Status code; None when no response came."""
    reason: str = ""
    """Reason phrase."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Response headers, names lower-cased."""
    location: str | None = None
    """The Location of a redirect (3xx); its body was not read."""
    body: bytes = b""
    """Decoded body bytes read (at most the exchange's limit)."""
    complete: bool = False
    """True when ``body`` is the whole body."""
    error: FetchError | None = None
    """Why no response came."""


def origin(scheme: str, host: str, port: int | None) -> str:
    """``scheme://host:port``, the unit that connects or refuses (default ports filled in)."""
    scheme = scheme.lower()
    port = port or (443 if scheme == "https" else 80)
    # urllib3 connects to "example.org" for "example.org.": both spellings are one origin.
    return f"{scheme}://{host.strip('[]').rstrip('.').lower()}:{port}"


def origin_of(url: str) -> str:
    """The :func:`origin` of a URL ("" for a URL that does not parse)."""
    try:
        parts = urlsplit(url)
        return origin(parts.scheme, parts.hostname or "", parts.port)
    except ValueError:
        return ""


def host_of(url: str) -> str:
    """The host name of a URL, lower-cased ("" for a URL that does not parse)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class _ConnectRetry(Retry):
    """urllib3 retries for a stale connection only.

    A connection dropped before any answer is retried once, at once: that is
    a pooled keep-alive connection the server had closed. Nothing else is
    retried here, inside a host's slot: connect failures decide the host for
    the run (see the scheduler), and read timeouts are not retried, since a
    slow server would just cost the timeout twice.
    """

    def _is_read_error(self, err: Exception) -> bool:
        return isinstance(err, ProtocolError)


#: The Watch of the exchange this thread is sending (connections find it here: urllib3 can't pass it on).
_current = threading.local()


def _watch_socket(sock: socket.socket | None) -> None:
    """Put ``sock`` under the deadline of the exchange this thread is sending."""
    watch: Watch | None = getattr(_current, "watch", None)
    if watch is not None:
        watch.attach(sock)


def _connect_timeout(conn: HTTPConnection) -> float | None:
    """The connection's timeout, cut to the time left before the deadline of the exchange this thread is sending.

    The watchdog takes over once a socket is connected; the connect itself is bounded here, since urllib3 may
    open a second connection within one exchange (after a dropped one) with the timeout it was given at the start.
    Raises TimeoutError when no time is left.
    """
    timeout = conn.timeout if conn.timeout is not socket._GLOBAL_DEFAULT_TIMEOUT else None  # type: ignore[attr-defined]
    watch: Watch | None = getattr(_current, "watch", None)
    if watch is None:
        return timeout
    left = watch.deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("no time left before the deadline")
    return left if timeout is None else min(timeout, left)


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
            timeout = _connect_timeout(conn)
            if timeout is not None:
                sock.settimeout(timeout)
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


#: Told the origin of each new connection once its socket is connected (before any TLS handshake).
ConnectHook = Callable[[str], None]


def _pool_classes(guard: AddressGuard, on_connect: ConnectHook) -> dict[str, type[HTTPConnectionPool]]:
    """Connection pool classes whose connections go through ``guard`` and are reported to ``on_connect``."""

    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = _guarded_connect(self, guard)
            _watch_socket(sock)
            on_connect(origin("http", self.host, self.port))
            return sock

        def getresponse(self) -> HTTPResponse:  # type: ignore[override]
            # A pooled connection did not go through _new_conn for this exchange.
            _watch_socket(self.sock)
            return super().getresponse()

    class GuardedHTTPSConnection(HTTPSConnection):
        # TLS still verifies against self.host (SNI and certificate name),
        # while the socket goes to the address we checked.
        def _new_conn(self) -> socket.socket:
            sock = _guarded_connect(self, guard)
            _watch_socket(sock)  # watched through its own descriptor: the TLS handshake that follows is covered
            on_connect(origin("https", self.host, self.port))
            return sock

        def getresponse(self) -> HTTPResponse:  # type: ignore[override]
            _watch_socket(self.sock)  # a pooled connection did not go through _new_conn for this exchange
            return super().getresponse()

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


class _GuardedAdapter(requests.adapters.HTTPAdapter):
    """An HTTPAdapter whose pools resolve and check every host themselves."""

    def __init__(self, guard: AddressGuard, on_connect: ConnectHook, **kwargs: object) -> None:
        self._guard = guard
        self._on_connect = on_connect
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._guard, self._on_connect)


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
        (isinstance(i, ConnectTimeoutError) and not isinstance(i, NewConnectionError))
        or isinstance(i, requests.exceptions.ConnectTimeout)
        for i in chain
    ):
        return FetchError(FailureKind.CONNECT_TIMEOUT, "timed out connecting")
    if any(
        isinstance(i, (requests.exceptions.ReadTimeout, TimeoutError, urllib3.exceptions.ReadTimeoutError))
        or type(i) is requests.exceptions.Timeout
        for i in chain
    ):
        return FetchError(FailureKind.TIMEOUT, "timed out")
    for item in chain:
        # RemoteDisconnected and IncompleteRead are HTTPExceptions too, but they mean the connection ended.
        malformed = isinstance(item, http.client.HTTPException) and not isinstance(
            item, (http.client.RemoteDisconnected, http.client.IncompleteRead)
        )
        if malformed or isinstance(item, (requests.exceptions.InvalidHeader, urllib3.exceptions.InvalidHeader)):
            return FetchError(FailureKind.BAD_RESPONSE, f"malformed response: {_short(str(item))}")
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


class _SingleHopSession(requests.Session):
    """A Session that never looks at redirects: ``fetch.py`` follows them.

    With ``allow_redirects=False`` requests still walks its redirect
    machinery once to prepare ``response.next``, reading the whole redirect
    body into memory first, of any size and at any speed. We read (or
    drain) bodies ourselves, within bounds.
    """

    def resolve_redirects(self, *args: object, **kwargs: object) -> Iterator[requests.Response]:
        return iter(())


class HttpClient:
    """One session, one set of rules: every request of a run goes out through here, one exchange at a time."""

    def __init__(
        self,
        options: WebOptions,
        *,
        resolver: Resolver | None = None,
        on_connect: ConnectHook | None = None,
    ) -> None:
        self.options = options
        self.guard = AddressGuard(
            allow_private=options.allow_private, resolver=resolver, allow_networks=options.allow_networks
        )
        self.session = _SingleHopSession()
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
            connect=0,
            read=1,
            status=0,
            redirect=0,
            other=0,
            allowed_methods=frozenset({"HEAD", "GET"}),
            backoff_factor=0,
            raise_on_redirect=False,
            raise_on_status=False,
            respect_retry_after_header=False,
        )
        adapter = _GuardedAdapter(
            self.guard,
            on_connect or _ignore_connect,
            pool_connections=POOL_HOSTS,
            pool_maxsize=max(biggest, 1) + 2,
            max_retries=retry,
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.watchdog = Watchdog()

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()
        self.watchdog.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, exchange: Exchange) -> Reply:
        """Send one request and read its answer as ``exchange`` asks; never raises, never follows a redirect.

        The exchange's deadline covers everything, trickling bytes included:
        the watchdog shuts the sockets down when it passes.
        """
        now = time.monotonic()
        deadline = (exchange.deadline or Budget(self.options.max_seconds_per_url)).start()
        timeout = min(self.options.timeout, deadline - now)
        if timeout <= 0:
            return Reply(exchange.url, error=FetchError(FailureKind.TIMEOUT, "no time left for the request"))
        with self.watchdog.watch(deadline) as watch:
            _current.watch = watch
            try:
                return self._send(exchange, timeout, watch)
            finally:
                _current.watch = None

    def _send(self, exchange: Exchange, timeout: float, watch: Watch) -> Reply:
        too_late = FetchError(
            FailureKind.TIMEOUT, f"timed out: no complete answer within {self.options.max_seconds_per_url:g} s"
        )
        try:
            response = self.session.request(
                exchange.method,
                exchange.url,
                headers=dict(exchange.headers),
                timeout=(timeout, timeout),
                allow_redirects=False,
                stream=True,
            )
        except Exception as exc:
            return Reply(exchange.url, error=too_late if watch.passed() else translate_error(exc))
        headers = {k.lower(): v for k, v in response.headers.items()}
        reply = Reply(exchange.url, status=response.status_code, reason=response.reason or "", headers=headers)
        location = headers.get("location")
        if response.is_redirect and location:
            _release(response, watch)
            return replace(reply, location=location)
        limit, sink = exchange.body_limit, None
        if limit > 0 and exchange.on_headers is not None:
            sink = exchange.on_headers(headers)
            if sink is None:
                limit = 0
        body, complete, cut = self._read_body(response, limit, sink, watch)
        if cut:
            return replace(reply, error=too_late)
        return replace(reply, body=body, complete=complete)

    @staticmethod
    def _read_body(
        response: requests.Response, limit: int, sink: ChunkSink | None, watch: Watch
    ) -> tuple[bytes, bool, bool]:
        """At most ``limit`` decoded bytes (decompressed with a bound), whether that is the whole body,
        and whether the deadline cut the read short."""
        if response.request is not None and response.request.method == "HEAD":
            _release(response, watch, fully_read=True)
            return b"", True, False
        if limit <= 0:
            _release(response, watch)
            return b"", False, False
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        decoder = zlib.decompressobj(47) if encoding in DECODABLE_ENCODINGS else None  # 47: gzip or zlib
        out = bytearray()
        raw_read = 0
        stopped = False
        eof = False
        try:
            while not stopped:
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
        # A shut-down socket reads as the end of a body without Content-Length: ask the watch, not the stream.
        cut = watch.expired
        _release(response, watch, fully_read=eof and not cut)
        return bytes(out), eof and not stopped and not cut, cut


def _ignore_connect(origin: str) -> None:
    pass


def _release(response: requests.Response, watch: Watch, *, fully_read: bool = False) -> None:
    """Hand the connection back to the pool if the body is done (or small enough to
    finish reading within DRAIN_SECONDS); otherwise close it.

    ``requests.Response.close()`` would close the socket whenever the body was
    read through ``raw``, losing keep-alive (and a TLS handshake per request).
    """
    raw = response.raw
    try:
        if not fully_read and not watch.expired:
            try:
                length = int(response.headers.get("Content-Length", "-1"))
            except ValueError:
                length = -1
            if response.status_code in (204, 304) or length == 0:
                fully_read = True
            elif 0 < length <= DRAIN_LIMIT:
                watch.shorten(time.monotonic() + DRAIN_SECONDS)
                raw.drain_conn()  # bounded by the small Content-Length, and in time by the watch
                fully_read = True
        # A shut-down connection must not go back to the pool.
        if fully_read and not watch.expired:
            raw.release_conn()
            return
    except Exception:
        pass
    response.close()
