"""The watchdog against real sockets on 127.0.0.1: it ends what a socket timeout would let run on.

A socket timeout here is long (it would end the test, and fail it, only if the watchdog did not):
each test asserts how the exchange ended, not how long it took.
"""

from __future__ import annotations

import socket
import ssl
import time
from contextlib import closing

from raw_server import HANDSHAKE_RECORD, Handshake, raw_server, trickle

from citecheck.web.deadline import Watchdog

#: Socket timeout of these tests: far longer than any deadline they set.
SOCKET_TIMEOUT = 10.0


def test_a_watched_connection_is_shut_down_in_the_middle_of_its_tls_handshake() -> None:
    # ssl's wrap_socket detaches the plain socket object before its handshake; the watch keeps a descriptor
    # of its own, so the connection is still reached while the server trickles the handshake.
    with raw_server() as tls, closing(Watchdog()) as dog:
        tls.handshakes.append(Handshake(trickle(HANDSHAKE_RECORD * 40, 0.1)))
        sock = socket.create_connection(("127.0.0.1", tls.sock.getsockname()[1]), timeout=SOCKET_TIMEOUT)
        error: OSError | None = None
        with sock, dog.watch(time.monotonic() + 0.5) as watch:
            watch.attach(sock)
            try:
                ssl.create_default_context().wrap_socket(sock, server_hostname="localhost")
            except OSError as exc:
                error = exc
    assert watch.expired
    # The handshake saw its connection end, not its socket time out.
    assert error is not None and not isinstance(error, TimeoutError), repr(error)
    assert len(tls.hellos) == 1


def test_a_connection_attached_after_the_deadline_is_shut_down_at_once() -> None:
    left, right = socket.socketpair()
    with left, right, closing(Watchdog()) as dog, dog.watch(time.monotonic()) as watch:
        while not watch.expired:  # the watchdog acts on its own thread
            time.sleep(0.01)
        watch.attach(left)
        right.settimeout(SOCKET_TIMEOUT)
        assert right.recv(1) == b""  # the end of the stream, not a timeout


def test_a_connection_outlives_its_watch() -> None:
    # The watch's own descriptor is closed when the watch ends; the connection goes on (back to the pool).
    left, right = socket.socketpair()
    with left, right, closing(Watchdog()) as dog:
        with dog.watch(time.monotonic() + 60) as watch:
            watch.attach(left)
        left.sendall(b"still open")
        right.settimeout(SOCKET_TIMEOUT)
        assert right.recv(64) == b"still open"
