"""One scheduler for every HTTP request of a run: link hops, DOI lookups, Crossref, Wayback.

A check is a *task*: a generator that yields one step at a time and is resumed
with the step's answer. Steps:

* an :class:`~citecheck.web.http.Exchange` (via :func:`request`): one request;
  resumed with its :class:`~citecheck.web.http.Reply`;
* a :class:`Pause` (via :func:`pause_host`): nothing more goes to a host for a
  while (``Retry-After``); resumed at once;
* an :class:`Await` (via :func:`wait_for`): a value another task publishes in
  a :class:`Shared`; resumed when it is there.

The rules, each kept here and nowhere else:

* A host's slot is held for one exchange, never across a redirect chain, a
  back-off or another host's answer: a task whose next request goes elsewhere
  (or later) gives the slot back first.
* A retry waits on a timer (the exchange's ``not_before``) in the queue, not in
  a thread; ``Retry-After`` pauses the whole host.
* Every host's first request goes out first, hosts taking turns
  (round-robin), so a slow host is not found last; after that, the host
  with the most rounds of work left goes first, since it bounds the run.
  Within a host, the next hop of a task already under way goes before a new
  task's first request.
* An origin (scheme, host, port) is tried by one request until a connection
  to it succeeds. If it cannot be resolved, refuses, is unreachable or never
  accepts the connection, that verdict is final for the run: every other
  request to it gets it at once, with no further attempt.
* Worker threads are started as requests become sendable, up to
  ``max_concurrency``: the pool is as large as the work can use.

Results are handed to the calling thread (:meth:`Scheduler.run`), in the
order tasks finish. Each exchange carries its own deadline, so a per-request
time limit needs nothing more from the scheduler.
"""

from __future__ import annotations

import heapq
import itertools
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from citecheck.web.http import Exchange, FailureKind, FetchError, HttpClient, Reply, host_of, origin_of
from citecheck.web.records import WebOptions
from citecheck.web.safety import Resolver

T = TypeVar("T")
R = TypeVar("R")

#: Failures that say something about the origin, not the one request: decided once per run.
ORIGIN_FAILURES = frozenset(
    {
        FailureKind.DNS,
        FailureKind.DNS_TEMPORARY,
        FailureKind.REFUSED,
        FailureKind.NETWORK,
        FailureKind.PRIVATE,
        FailureKind.CONNECT_TIMEOUT,
        FailureKind.TLS,
    }
)
#: Requests in a row to one origin that end at their deadline, with no answer in between, after which the
#: origin is decided for the run: a host that stops answering costs a few deadlines, not one per URL, so a
#: run's time is bounded by its hosts and the deadline.
SILENT_LIMIT = 2
#: How often the calling thread wakes while waiting for results (seconds); keeps Ctrl-C responsive.
_POLL = 0.2


@dataclass(frozen=True, slots=True)
class Pause:
    """Step: send nothing to ``host`` for ``seconds`` (requests in flight go on)."""

    host: str
    seconds: float


class Shared(Generic[T]):
    """A value one task publishes once and other tasks may wait for (:func:`wait_for`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._set = False
        self._value: T | None = None
        self._callbacks: list[Callable[[T], None]] = []

    def set(self, value: T) -> None:
        """Publish ``value``; the first value set wins, later ones are ignored."""
        with self._lock:
            if self._set:
                return
            self._set, self._value = True, value
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(value)

    def when_set(self, callback: Callable[[T], None]) -> None:
        """Call ``callback`` with the value once it is set (at once if it is)."""
        with self._lock:
            if not self._set:
                self._callbacks.append(callback)
                return
            value = self._value
        callback(value)  # type: ignore[arg-type]  # set, so a T


@dataclass(frozen=True, slots=True)
class Await(Generic[T]):
    """Step: wait until ``shared`` has a value."""

    shared: Shared[T]


#: What a task may yield.
Step = Exchange | Pause | Await[Any]
#: A check run by the scheduler: yields steps, is resumed with their answers, returns its result.
Task = Generator[Step, Any, R]


def request(exchange: Exchange) -> Task[Reply]:
    """Step: send ``exchange`` when its host has a free slot; the reply."""
    reply = yield exchange
    assert isinstance(reply, Reply)
    return reply


def pause_host(host: str, seconds: float) -> Task[None]:
    """Step: hold every request to ``host`` for ``seconds``."""
    yield Pause(host, seconds)


def wait_for(shared: Shared[T]) -> Task[T]:
    """Step: the value of ``shared``, once another task has set it."""
    value: T = yield Await(shared)
    return value


@dataclass(eq=False)
class _Running:
    """A task under way."""

    steps: Task[Any]
    deliver: Callable[[Any], None]
    started: bool = False
    """True once it has sent a request (its next ones are follow-ups)."""


@dataclass(frozen=True, slots=True)
class _Queued:
    """An exchange waiting for its host."""

    task: _Running
    exchange: Exchange
    host: str
    origin: str


@dataclass
class _Host:
    """One host's slots, pause and waiting exchanges."""

    limit: int
    in_flight: int = 0
    sent: int = 0
    paused_until: float = 0.0
    follow_ups: deque[_Queued] = field(default_factory=deque)
    fresh: deque[_Queued] = field(default_factory=deque)

    def waiting(self) -> int:
        return len(self.follow_ups) + len(self.fresh)


@dataclass
class _Origin:
    """What is known about connecting to one origin."""

    host: str
    """The host whose slots its requests take."""
    trying: bool = False
    """A request to it is in flight and no connection has succeeded yet."""
    open: bool = False
    """A connection to it has succeeded."""
    verdict: FetchError | None = None
    """Why nothing more is sent to it this run."""
    silent: int = 0
    """Requests in a row that ended at their deadline without an answer."""


@dataclass(frozen=True, slots=True)
class _Failed:
    """A task raised: the exception reaches the caller of :meth:`Scheduler.run`."""

    error: BaseException


class Scheduler:
    """Runs tasks over one :class:`HttpClient`, with per-host slots, timers and origin verdicts.

    Worker threads send; one clock thread owns time (retries whose back-off
    is over, pauses that end); the thread that calls :meth:`run` delivers
    results. Each change wakes only the workers it can use, never them all.
    """

    def __init__(
        self,
        options: WebOptions,
        *,
        resolver: Resolver | None = None,
        held: Callable[[str], str | None] | None = None,
    ) -> None:
        self.options = options
        self.client = HttpClient(options, resolver=resolver, on_connect=self._connected)
        self._held = held or _never_held
        """Why nothing may go to a host at the moment of sending (no network), or None."""
        self._lock = threading.Lock()
        self._sendable = threading.Condition(self._lock)
        """Workers wait here for an exchange that may go out."""
        self._tick = threading.Condition(self._lock)
        """The clock waits here for the next timer or pause end."""
        self._hosts: dict[str, _Host] = {}
        self._turns: deque[str] = deque()
        """Hosts with waiting exchanges, in the order they get their next turn."""
        self._origins: dict[str, _Origin] = {}
        self._timers: list[tuple[float, int, _Queued]] = []
        self._sequence = itertools.count()
        self._paused: set[str] = set()
        self._workers: list[threading.Thread] = []
        self._idle = 0
        self._running = False
        """Set by :meth:`run`: threads start only then, when every task's first request is queued."""
        self._stopped = False
        self._done: queue.Queue[tuple[Callable[[Any], None], Any]] = queue.Queue()
        self._outstanding = 0

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.client.close()

    # -- the caller's side --------------------------------------------------
    def submit(self, task: Task[R], deliver: Callable[[R], None]) -> None:
        """Start ``task``; ``deliver`` gets its result in the thread that calls :meth:`run`."""
        running = _Running(task, deliver)
        self._outstanding += 1
        self._advance(running, None)

    def run(self) -> None:
        """Deliver every result as tasks finish; returns when all are delivered.

        If a ``deliver`` callback raises (or Ctrl-C arrives), no new request is
        sent and the exception propagates; results already delivered stay so.
        """
        with self._lock:
            self._running = True
            # The first round goes to the hosts with most work first: they bound the run.
            self._turns = deque(sorted(self._turns, key=lambda name: -self._hosts[name].waiting()))
            threading.Thread(target=self._keep_time, name="citecheck-web-clock", daemon=True).start()
            self._add_workers()
        try:
            while self._outstanding:
                try:
                    deliver, value = self._done.get(timeout=_POLL)
                except queue.Empty:
                    continue
                self._outstanding -= 1
                if isinstance(value, _Failed):
                    raise value.error
                deliver(value)
        finally:
            self.stop()

    def stop(self) -> None:
        """Send nothing more; idle threads leave (daemon threads: a request in flight is abandoned)."""
        with self._lock:
            self._stopped = True
            self._sendable.notify_all()
            self._tick.notify_all()

    # -- driving tasks ------------------------------------------------------
    def _advance(self, running: _Running, answer: object) -> None:
        """Resume a task with ``answer`` and run it to its next wait (a queued exchange or an Await).

        After :meth:`stop` a task still finishes with the answers it has (so
        its result is cached), but it is abandoned at its next wait.
        """
        while True:
            try:
                step = running.steps.send(answer)
            except StopIteration as finished:
                self._done.put((running.deliver, finished.value))
                return
            except BaseException as exc:
                self._done.put((running.deliver, _Failed(exc)))
                return
            if self._stopped and not isinstance(step, Pause):
                return
            if isinstance(step, Exchange):
                verdict = self._enqueue(running, step)
                if verdict is None:
                    return
                answer = verdict
            elif isinstance(step, Pause):
                self._pause(step)
                answer = None
            else:
                step.shared.when_set(lambda value: self._advance(running, value))
                return

    def _enqueue(self, running: _Running, exchange: Exchange) -> Reply | None:
        """Queue an exchange; or, when its origin is decided, its reply at once."""
        origin = origin_of(exchange.url)
        with self._lock:
            known = self._origins.get(origin)
            if known is not None and known.verdict is not None:
                return Reply(exchange.url, error=known.verdict)
            item = _Queued(running, exchange, host_of(exchange.url), origin)
            follow_up, running.started = running.started, True
            if exchange.not_before > time.monotonic():
                heapq.heappush(self._timers, (exchange.not_before, next(self._sequence), item))
                self._tick.notify()
            else:
                self._place(item, follow_up=follow_up)
                self._add_workers()
        return None

    def _host(self, name: str) -> _Host:
        """The state of host ``name`` (lock held)."""
        host = self._hosts.get(name)
        if host is None:
            host = self._hosts[name] = _Host(self.options.limit_for(name))
        return host

    def _place(self, item: _Queued, *, follow_up: bool) -> None:
        """Put an exchange in its host's line, and wake a worker for it (lock held)."""
        host = self._host(item.host)
        if not host.waiting():
            self._turns.append(item.host)
        (host.follow_ups if follow_up else host.fresh).append(item)
        self._sendable.notify()

    def _pause(self, pause: Pause) -> None:
        with self._lock:
            host = self._host(pause.host)
            host.paused_until = max(host.paused_until, time.monotonic() + pause.seconds)
            self._paused.add(pause.host)
            self._tick.notify()

    def _keep_time(self) -> None:
        """The clock: queue retries whose back-off is over, and wake workers when a pause ends."""
        with self._lock:
            while not self._stopped:
                now = time.monotonic()
                while self._timers and self._timers[0][0] <= now:
                    self._place(heapq.heappop(self._timers)[2], follow_up=True)
                for name in [name for name in self._paused if self._hosts[name].paused_until <= now]:
                    self._paused.discard(name)
                    self._sendable.notify(self._hosts[name].waiting())
                self._add_workers()
                wakes = [self._timers[0][0]] if self._timers else []
                wakes += [self._hosts[name].paused_until for name in self._paused]
                self._tick.wait(timeout=max(0.0, min(wakes) - now) if wakes else None)

    # -- the workers' side --------------------------------------------------
    def _add_workers(self) -> None:
        """Start workers for exchanges that could go out now and that no idle worker will take (lock held)."""
        if not self._running or self._stopped:
            return
        now = time.monotonic()
        sendable = sum(
            min(host.waiting(), host.limit - host.in_flight)
            for host in (self._hosts[name] for name in self._turns)
            if host.in_flight < host.limit and host.paused_until <= now
        )
        wanted = min(sendable - self._idle, self.options.max_concurrency - len(self._workers))
        for _ in range(max(0, wanted)):
            worker = threading.Thread(target=self._work, name=f"citecheck-web-{len(self._workers)}", daemon=True)
            self._workers.append(worker)
            self._idle += 1  # counted from the start, so the next call does not start another for the same work
            worker.start()

    def _work(self) -> None:
        while True:
            taken = self._take()
            if taken is None:
                return
            item, verdict = taken
            if verdict is not None:  # the origin is decided: no slot was taken
                self._advance(item.task, verdict)
            else:
                why = self._held(item.host)
                reply = Reply(item.exchange.url, error=FetchError(FailureKind.NETWORK, why)) if why else None
                reply = reply or self.client.send(item.exchange)
                decided = self._finish(item, reply)
                self._advance(item.task, reply)
                for other in decided:
                    self._advance(other.task, Reply(other.exchange.url, error=reply.error))
            with self._lock:
                self._idle += 1

    def _take(self) -> tuple[_Queued, Reply | None] | None:
        """The next exchange to send (with its reply when its origin is decided); None once stopped.

        The calling worker is counted idle until it has one.
        """
        with self._lock:
            while not self._stopped:
                taken = self._pick(time.monotonic())
                if taken is not None:
                    self._idle -= 1
                    return taken
                self._sendable.wait()
            self._idle -= 1
        return None

    def _pick(self, now: float) -> tuple[_Queued, Reply | None] | None:
        """The exchange to send next, of the hosts that may take one (lock held).

        Every host's first request goes first, in turn, so a slow host is
        found early; then the host with the most rounds of work left, since it
        bounds the run; ties go in turn (round-robin).
        """
        best: tuple[bool, float] | None = None
        chosen: tuple[str, deque[_Queued]] | None = None
        for name in self._turns:
            host = self._hosts[name]
            if host.paused_until > now or host.in_flight >= host.limit:
                continue
            line = self._sendable_line(host)
            if line is None:
                continue
            rank = (host.sent > 0, -host.waiting() / host.limit)
            if best is None or rank < best:
                best, chosen = rank, (name, line)
        if chosen is None:
            return None
        name, line = chosen
        host = self._hosts[name]
        item = line.popleft()
        self._turns.remove(name)
        if host.waiting():
            self._turns.append(name)
        known = self._origins[item.origin]
        if known.verdict is not None:
            return item, Reply(item.exchange.url, error=known.verdict)
        host.in_flight += 1
        host.sent += 1
        known.trying = not known.open
        return item, None

    def _sendable_line(self, host: _Host) -> deque[_Queued] | None:
        """The line (follow-ups first) whose next exchange may go now, or None (lock held)."""
        for line in (host.follow_ups, host.fresh):
            if line:
                known = self._origins.get(line[0].origin)
                if known is None:
                    known = self._origins[line[0].origin] = _Origin(line[0].host)
                # One attempt at a time until the origin has accepted a connection.
                if known.verdict is not None or not known.trying:
                    return line
        return None

    def _finish(self, item: _Queued, reply: Reply) -> list[_Queued]:
        """Free the slot and learn from the reply; the exchanges an origin verdict now answers."""
        with self._lock:
            self._hosts[item.host].in_flight -= 1
            known = self._origins[item.origin]
            known.trying = False
            decided: list[_Queued] = []
            timed_out = reply.error is not None and reply.error.kind is FailureKind.TIMEOUT
            known.silent = known.silent + 1 if timed_out else 0
            if (
                reply.error is not None
                and known.verdict is None
                and (reply.error.kind in ORIGIN_FAILURES or known.silent >= SILENT_LIMIT)
            ):
                known.verdict = reply.error
                if timed_out:
                    known.verdict = replace(reply.error, message=f"{reply.error.message} (the host stopped answering)")
                decided = self._withdraw(item.host, item.origin)
            self._sendable.notify()  # the freed slot (or the origin's next attempt)
            return decided

    def _withdraw(self, name: str, origin: str) -> list[_Queued]:
        """Take every waiting exchange for ``origin`` out of its host's lines (lock held)."""
        host = self._hosts[name]
        taken: list[_Queued] = []
        for line in (host.follow_ups, host.fresh):
            keep = [item for item in line if item.origin != origin]
            taken += [item for item in line if item.origin == origin]
            line.clear()
            line.extend(keep)
        if not host.waiting() and name in self._turns:
            self._turns.remove(name)
        return taken

    def _connected(self, origin: str) -> None:
        """The HTTP client opened a connection to ``origin``: the rest of its requests may go."""
        with self._lock:
            known = self._origins.get(origin)
            if known is not None and not known.open:
                known.open = True
                known.trying = False
                host = self._hosts[known.host]
                self._sendable.notify(max(0, host.limit - host.in_flight))
                self._add_workers()


def _never_held(host: str) -> None:
    return None
