"""Files written whole or not at all: a temporary file beside the target, then a rename.

A target that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written to directly: renaming
over it would replace the device itself with a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from citecheck.errors import CitecheckError


def write_atomically(path: Path, data: str | bytes, *, keep_mode: bool = False) -> None:
    """Write a whole file or nothing (text as UTF-8). ``keep_mode``: the new file keeps the old one's permissions."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path(".")
    try:
        info = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise CitecheckError(f"{path}: cannot be written ({error.strerror or error})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise CitecheckError(f"{path}: is a folder; name a file")
    if info is not None and not stat.S_ISREG(info.st_mode):
        with path.open("wb") as stream:  # a device or a FIFO: there is nothing to keep whole
            stream.write(payload)
        return
    if not directory.is_dir():
        raise CitecheckError(f"{path}: the folder {directory} does not exist")
    temporary = prepare(path, payload, mode=stat.S_IMODE(info.st_mode) if info is not None and keep_mode else None)
    os.replace(temporary, path)


def prepare(path: Path, payload: bytes, *, mode: int | None = None) -> Path:
    """The payload in a temporary file beside ``path``, ready to be renamed over it (``commit``-less two-phase
    writes: every file of a change is prepared before any is replaced)."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise CitecheckError(f"{path}: cannot be written in {directory} ({error.strerror or error})") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        if mode is not None:
            os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary
