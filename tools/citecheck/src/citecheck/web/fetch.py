"""One logical fetch (redirects followed, 429/5xx retried) as a sequence of single exchanges.

:func:`fetch` is a task step: it yields one :class:`~citecheck.web.http.Exchange`
per hop or attempt and gets each :class:`~citecheck.web.http.Reply` back from
the scheduler. Between two attempts it asks for a delay (the exchange's
``not_before``) or a pause of the whole host (``Retry-After`` on 429/503),
never sleeps: no thread and no host slot is held while it waits.
"""

from __future__ import annotations

import email.utils
import http.client
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from citecheck.web.deadline import Budget
from citecheck.web.http import Exchange, FailureKind, FetchError, HeadersHook, Reply, host_of
from citecheck.web.records import WebOptions
from citecheck.web.scheduler import Task, pause_host, request

#: Statuses worth retrying: rate limits and transient server trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Statuses whose Retry-After pauses the whole host, not just the one request.
HOST_PAUSE_STATUSES = frozenset({429, 503})
#: A back-off is stretched by a random part of itself up to this: enough to spread retries out.
BACKOFF_JITTER = 0.25


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


def backoff_delay(first: float, attempt: int) -> float:
    """Seconds before retry number ``attempt + 1``: ``first`` doubled each time, plus jitter."""
    base = first * (2**attempt)
    return base * (1 + random.uniform(0, BACKOFF_JITTER))


def fetch(
    url: str,
    options: WebOptions,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    body_limit: int = 0,
    on_headers: HeadersHook | None = None,
    deadline: Budget | None = None,
    on_first_hop: Callable[[Reply], None] | None = None,
) -> Task[Fetched]:
    """Request ``url``, following redirects and retrying 429/5xx; the result never raises.

    ``body_limit`` bytes of decoded body are read at most from the final
    response (0: none); ``on_headers`` sees its headers and returns a sink
    for the body pieces, or None to skip the body. ``on_first_hop`` sees
    the first hop's conclusive reply (after its retries).
    """
    if deadline is None:
        deadline = Budget(options.max_seconds_per_url)
    result = Fetched(url=url, method=method)
    visited: dict[str, int] = {}
    current = url
    while True:
        visited[current] = visited.get(current, 0) + 1
        exchange = Exchange(current, method, dict(headers or {}), body_limit, on_headers, deadline)
        reply = yield from _with_retries(exchange, options)
        if on_first_hop is not None and not result.hops:
            on_first_hop(reply)
        result.final_url = current
        if reply.error is not None:
            result.error = reply.error
            return result
        result.status = reply.status
        result.reason = reply.reason
        result.headers = dict(reply.headers)
        if reply.location is None:
            result.body, result.complete = reply.body, reply.complete
            return result
        assert reply.status is not None
        result.hops.append((current, reply.status))
        try:
            target = urljoin(current, reply.location.strip())
            parts = urlsplit(target)
        except ValueError:
            result.error = FetchError(FailureKind.INVALID_URL, f"bad redirect target {reply.location!r}")
            return result
        if parts.scheme.lower() not in ("http", "https"):
            result.error = FetchError(FailureKind.SCHEME, f"redirect to unsupported scheme '{parts.scheme}': {target}")
            return result
        # A URL may come back once after setting a cookie (a common consent/bot check); a third visit is a loop.
        if visited.get(target, 0) >= (2 if "set-cookie" in reply.headers else 1):
            chain = " → ".join([u for u, _ in result.hops] + [target])
            result.error = FetchError(FailureKind.REDIRECT_LOOP, f"redirect loop: {chain}")
            return result
        if len(result.hops) >= options.max_redirects:
            result.error = FetchError(FailureKind.TOO_MANY_REDIRECTS, f"more than {options.max_redirects} redirects")
            return result
        current = target


def _with_retries(exchange: Exchange, options: WebOptions) -> Task[Reply]:
    """One hop: send, and send again after 429/5xx, waiting as Retry-After or the back-off says."""
    assert exchange.deadline is not None
    attempt = 0
    while True:
        if exchange.deadline.passed():
            error = FetchError(FailureKind.TIMEOUT, f"gave up after {options.max_seconds_per_url:g} s")
            return Reply(exchange.url, error=error)
        reply = yield from request(exchange)
        status = reply.status
        if status not in RETRY_STATUSES or attempt >= options.retries:
            return reply
        wait = parse_retry_after(reply.headers.get("retry-after"))
        if wait is not None and wait > options.retry_after_cap:
            # Asked to come back much later: report now rather than stall the run.
            return reply
        if wait is None:
            wait = backoff_delay(options.backoff, attempt)
        elif status in HOST_PAUSE_STATUSES:
            # Rate limited: hold every request to this host, not just this one.
            yield from pause_host(host_of(exchange.url), wait)
        not_before = time.monotonic() + wait
        if exchange.deadline.passed(not_before):
            return reply
        exchange = replace(exchange, not_before=not_before)
        attempt += 1
