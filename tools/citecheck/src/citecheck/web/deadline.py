"""Wall-clock deadlines that hold while bytes trickle.

A socket timeout bounds one receive, and restarts with every byte: a server
sending one byte a second keeps a status line, headers or a body going for
as long as it likes. A :class:`Watchdog` bounds the whole exchange instead:
one thread keeps the deadline of every exchange in flight and, when one
passes, shuts down that exchange's connections, which wakes the blocked
receive at once (it sees the end of the stream). The exchange then knows
from its :class:`Watch` that the time ran out, not the server.

A watch holds a descriptor of its own for each connection (a duplicate),
never the caller's socket object: TLS wrapping detaches the plain socket
before its handshake (``ssl.SSLContext.wrap_socket``), so a handle on that
object would lose the connection exactly while a server trickles its
handshake; and a descriptor the exchange closes could be reused for another
connection before the watchdog shuts it down. Shutting down any descriptor
of a connection shuts the connection down; closing one does not, so a
connection the exchange closes is released when its watch ends, a moment
later, and a pooled one stays open.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator


class Budget:
    """The wall-clock time one URL or DOI may take, every request of it included.

    It starts when its first request is sent, not when the check is queued: a host with many URLs and
    few slots must not use up the time of the URLs still waiting for a slot.
    """

    __slots__ = ("_end", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end: float | None = None

    def start(self) -> float:
        """The deadline (``time.monotonic()`` seconds), fixed by the first call."""
        if self._end is None:
            self._end = time.monotonic() + self.seconds
        return self._end

    def passed(self, at: float | None = None) -> bool:
        """True once started and ``at`` (default: now) is at or past the deadline."""
        return self._end is not None and (time.monotonic() if at is None else at) >= self._end


class Watch:
    """The deadline of one exchange and the connections it is using."""

    __slots__ = ("_handles", "_lock", "deadline", "expired")

    def __init__(self, deadline: float, lock: threading.Condition) -> None:
        self.deadline = deadline
        """``time.monotonic()`` at which the connections are shut down."""
        self.expired = False
        """True once the deadline passed while the exchange was still running."""
        self._lock = lock
        self._handles: list[socket.socket] = []

    def attach(self, sock: socket.socket | None) -> None:
        """Put the connection of ``sock`` under this deadline (at once shut down if it has passed).

        The watch keeps a duplicate of its descriptor (see the module's docstring), closed when the watch ends:
        the connection stays watched when ``sock`` is wrapped in TLS, through the handshake.
        """
        if sock is None:
            return
        try:
            handle = socket.fromfd(sock.fileno(), sock.family, sock.type, sock.proto)
        except OSError:  # already closed: nothing left to watch
            return
        with self._lock:
            if self.expired:
                _shut(handle)
                handle.close()
            else:
                self._handles.append(handle)

    def passed(self) -> bool:
        """True once the deadline has passed, whether or not the watchdog has acted on it yet."""
        return self.expired or time.monotonic() >= self.deadline

    def shorten(self, deadline: float) -> None:
        """Bring the deadline forward (never back), e.g. for draining a body nobody needs."""
        with self._lock:
            if deadline < self.deadline:
                self.deadline = deadline
                self._lock.notify()

    def _expire(self) -> None:
        # Called with the lock held.
        self.expired = True
        for handle in self._handles:
            _shut(handle)
        self._release()

    def _release(self) -> None:
        # Called with the lock held.
        for handle in self._handles:
            handle.close()
        self._handles.clear()


def _shut(handle: socket.socket) -> None:
    # Our own plain descriptor: the TLS object of the exchange's socket stays in place, and the
    # reading thread wakes, fails and closes the connection itself.
    with contextlib.suppress(OSError):
        handle.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """One daemon thread that enforces the deadlines of every watched exchange."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._watches: set[Watch] = set()
        self._thread: threading.Thread | None = None
        self._closed = False

    @contextlib.contextmanager
    def watch(self, deadline: float) -> Iterator[Watch]:
        """Watch one exchange until the block ends."""
        entry = Watch(deadline, self._lock)
        with self._lock:
            self._watches.add(entry)
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="citecheck-deadlines", daemon=True)
                self._thread.start()
            self._lock.notify()
        try:
            yield entry
        finally:
            with self._lock:
                self._watches.discard(entry)
                entry._release()

    def close(self) -> None:
        """Stop the thread (watches still open are no longer enforced)."""
        with self._lock:
            self._closed = True
            self._lock.notify()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        with self._lock:
            while not self._closed:
                now = time.monotonic()
                for entry in [w for w in self._watches if w.deadline <= now]:
                    entry._expire()
                    self._watches.discard(entry)
                soonest = min((w.deadline for w in self._watches), default=None)
                self._lock.wait(None if soonest is None else max(0.0, soonest - now))
