"""A socket-level server on 127.0.0.1 for answers no HTTP library would send.

Each path gets a *script*: a list of ``(bytes, pause)`` steps written in
order, each followed by its pause in seconds, so a test can trickle a status
line, headers or a body a byte at a time. The server stops writing when the
client goes away, and closes every connection when the test ends.

A server given :class:`Handshake` scripts never gets as far as HTTP: each
connection, in order of arrival, gets the next one as soon as the client's
first bytes (a TLS ClientHello) arrive, so a test can trickle a handshake.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

Script = Iterable[tuple[bytes, float]]


#: A TLS record header announcing a 16 KB handshake record (whose bytes a hostile server never all sends).
HANDSHAKE_RECORD = b"\x16\x03\x03\x40\x00"


def trickle(data: bytes, pause: float = 1.0) -> Script:
    """``data`` one byte at a time, ``pause`` seconds apart."""
    return [(data[i : i + 1], pause) for i in range(len(data))]


def at_once(data: bytes) -> Script:
    """``data`` in one write."""
    return [(data, 0.0)]


@dataclass(frozen=True)
class Handshake:
    """What one connection gets instead of HTTP: ``script`` once the client has spoken, then a TCP reset
    (``reset``) or silence until the test ends."""

    script: Script
    reset: bool = False


@dataclass
class RawServer:
    """Listening socket, scripts by path (or handshakes by connection), and what was seen."""

    sock: socket.socket
    scripts: dict[str, Script] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    handshakes: list[Handshake] = field(default_factory=list)
    """Connection i gets handshakes[i] (the last one again once they run out); empty: HTTP by path."""
    hellos: list[bytes] = field(default_factory=list)
    """The first bytes the client sent on each handshake connection."""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def https_url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.sock.getsockname()[1]}{path}"

    def serve(self) -> None:
        accepted = 0
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.handshakes:
                handshake = self.handshakes[min(accepted, len(self.handshakes) - 1)]
                threading.Thread(target=self._handshake, args=(conn, handshake), daemon=True).start()
            else:
                threading.Thread(target=self._answer, args=(conn,), daemon=True).start()
            accepted += 1

    def _handshake(self, conn: socket.socket, handshake: Handshake) -> None:
        with conn, contextlib.suppress(OSError):
            self.hellos.append(conn.recv(65536))
            for data, pause in handshake.script:
                conn.sendall(data)
                if pause and self.stop.wait(pause):
                    return
            if handshake.reset:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST
            else:
                self.stop.wait()

    def _answer(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            while not self.stop.is_set():
                head = b""
                while b"\r\n\r\n" not in head:
                    data = conn.recv(65536)
                    if not data:
                        return
                    head += data
                path = head.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
                self.seen.append(path)
                for data, pause in self.scripts.get(
                    path, at_once(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                ):
                    conn.sendall(data)
                    if pause and self.stop.wait(pause):
                        return


@contextlib.contextmanager
def raw_server() -> Iterator[RawServer]:
    """A RawServer running in daemon threads until the block ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = RawServer(sock)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() (close alone does not)
        sock.close()
