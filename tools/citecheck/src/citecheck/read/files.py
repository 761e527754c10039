"""Read an input file as text, with a clear error for anything that is not readable UTF-8 text."""

from __future__ import annotations

from pathlib import Path

from citecheck.errors import InputError

MAX_FILE_BYTES = 20_000_000
"""Larger inputs are refused: no real paper's notes come near it, and parsing must stay fast."""


def read_text(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text; raises InputError naming the file (and line) when it cannot be used."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"is too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(name, "is a directory where a file was expected") from None
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except PermissionError:
        raise InputError(name, "cannot be read (permission denied)") from None
    except OSError as error:
        raise InputError(name, f"cannot be read ({error.strerror or error})") from None
    if not data.strip():
        raise InputError(name, "is empty")
    if b"\0" in data[:8192]:
        raise InputError(name, "is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            name, f"is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8", line=line
        ) from None
