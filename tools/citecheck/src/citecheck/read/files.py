"""Read an input file as text, with a clear error for anything that is not a readable text file.

Only regular files are read (or standard input, named ``-``): a FIFO would block for ever, a device such as
``/dev/zero`` never ends. The size limit is enforced while reading, so it holds whatever the file claims.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from citecheck.errors import InputError

MAX_FILE_BYTES = 20_000_000
"""Larger inputs are refused: no real paper's notes come near it, and parsing must stay fast."""
STDIN = "-"
"""The path that names standard input."""
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class TextFile:
    """A text file's text and how it is stored, so that it can be written back as it was."""

    text: str
    codec: str
    """`utf-8`, or `utf-16-le` or `utf-16-be` (after their byte-order mark)."""
    bom: bytes = b""
    """The byte-order mark the file starts with (kept when the file is written again)."""

    def encode(self, text: str) -> bytes:
        """Another text stored as this file is stored."""
        return self.bom + text.encode(self.codec)


def read_text(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text; raises InputError naming the file (and line) when it cannot be used."""
    return read_text_file(path, display, max_bytes).text


def read_text_file(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> TextFile:
    """The file's text and encoding; raises InputError naming the file (and line) when it cannot be used."""
    if str(path) == STDIN:
        name = display or "<stdin>"
        return _decode(_read_at_most(sys.stdin.buffer, max_bytes, name), name)
    name = display or str(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise InputError(name, "is a directory where a file was expected") from None
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except PermissionError:
        raise InputError(name, "cannot be read (permission denied)") from None
    except OSError as error:
        with contextlib.suppress(OSError):  # a socket can't be opened at all: say what it is
            _refuse_irregular(os.stat(path).st_mode, name)
        raise InputError(name, f"cannot be read ({error.strerror or error})") from None
    try:
        _refuse_irregular(os.fstat(handle).st_mode, name)
    except InputError:
        os.close(handle)
        raise
    os.set_blocking(handle, True)
    with os.fdopen(handle, "rb") as stream:
        try:
            data = _read_at_most(stream, max_bytes, name)
        except OSError as error:
            raise InputError(name, f"cannot be read ({error.strerror or error})") from None
    return _decode(data, name)


def check_regular(path: Path, name: str, max_bytes: int) -> None:
    """Raise InputError unless ``path`` is a regular file of at most ``max_bytes`` (for files others read)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except OSError as error:
        raise InputError(name, f"cannot be read ({error.strerror or error})") from None
    _refuse_irregular(info.st_mode, name)
    if info.st_size > max_bytes:
        raise InputError(name, f"is too large (more than {max_bytes / 1e6:.0f} MB, the limit)")


def _refuse_irregular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError(name, "is a directory where a file was expected")
    kind = next((label for test, label in _KINDS if test(mode)), "not a regular file")
    raise InputError(name, f"is {kind}, not a text file; name a regular file")


def _read_at_most(stream: BinaryIO, max_bytes: int, name: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(name, f"is too large (more than {max_bytes / 1e6:.0f} MB, the limit)")
    return data


def _decode(data: bytes, name: str) -> TextFile:
    """UTF-8 (with or without a byte-order mark), or UTF-16 with its byte-order mark."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise InputError(name, "is not valid UTF-16 (it starts with a UTF-16 byte-order mark)") from None
            return _non_empty(TextFile(text, codec, bom), name)
    if not data.strip():
        raise InputError(name, "is empty")
    if b"\0" in data[:8192]:
        raise InputError(name, "is a binary file, not text (or UTF-16 without a byte-order mark; save it as UTF-8)")
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        return TextFile(data[len(bom) :].decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            name, f"is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8", line=line
        ) from None


def _non_empty(file: TextFile, name: str) -> TextFile:
    if not file.text.strip():
        raise InputError(name, "is empty")
    return file
