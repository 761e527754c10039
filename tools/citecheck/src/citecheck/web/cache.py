"""On-disk cache of check results, one small JSON file per URL or DOI.

One file per result, written to a temporary file and moved into place with
``os.replace`` (atomic on POSIX and Windows), means:

* a run killed half-way keeps every result it had finished;
* two runs at once never see a half-written entry (the last writer wins);
* a damaged entry costs one re-check: it is reported and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from citecheck.web import answers

#: Bumped when the entry format changes; older entries are simply ignored.
CACHE_FORMAT = 1
#: Written into the cache folder so git and backup tools skip it.
_GITIGNORE = "# Created by citecheck; results of link and DOI checks.\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by citecheck.\n"
)

Warn = Callable[[str], None]


def _ignore(_: str) -> None:
    pass


class ResultCache:
    """A folder of cached results of one kind ("links" or "dois")."""

    def __init__(
        self,
        root: Path,
        kind: str,
        *,
        ttl: float,
        refresh: bool = False,
        fingerprint: str = "",
        on_warning: Warn | None = None,
    ) -> None:
        self.root = Path(root)
        self.folder = self.root / f"v{CACHE_FORMAT}" / kind
        self.ttl = ttl
        self.refresh = refresh
        self.fingerprint = fingerprint
        self.warn = on_warning or _ignore
        self.usable = self._prepare()

    def _prepare(self) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
                marker = self.root / name
                if not marker.exists():
                    _atomic_write(marker, text)
        except OSError as exc:
            self.warn(f"cache folder {self.root} is unusable ({exc}); continuing without the cache")
            return False
        return True

    def path_for(self, key: str) -> Path:
        """Where the entry for ``key`` lives."""
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored value for ``key`` if present, fresh and intact; else None."""
        if not self.usable or self.refresh:
            return None
        path = self.path_for(key)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.warn(f"cache entry {path} is unreadable ({exc}); checking again")
            return None
        try:
            entry = answers.mapping(answers.load_json(text), "entry")
            if entry.get("key") != key:
                raise ValueError("entry does not belong to this key")
            # The writer's TTL, or ours if shorter (--cache-ttl lowered since); NaN and huge numbers are refused.
            expires = min(
                answers.number(entry.get("expires"), "expires"),
                answers.number(entry.get("stored"), "stored") + self.ttl,
            )
            value = entry.get("value")
            if not isinstance(value, dict):
                raise ValueError("value is not an object")
        except ValueError as exc:  # BadAnswer included
            self.warn(f"cache entry {path} is corrupt ({exc}); it will be rebuilt")
            self._remove(path)
            return None
        if entry.get("fingerprint", "") != self.fingerprint or expires <= time.time():
            return None
        return value

    def put(self, key: str, value: Mapping[str, Any], *, ttl: float | None = None) -> None:
        """Store ``value`` for ``key`` (atomically); failures only warn."""
        if not self.usable:
            return
        now = time.time()
        entry = {
            "key": key,
            "stored": now,
            "expires": now + (self.ttl if ttl is None else min(ttl, self.ttl)),
            "fingerprint": self.fingerprint,
            "value": dict(value),
        }
        path = self.path_for(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, json.dumps(entry, ensure_ascii=False, sort_keys=True))
        except (OSError, TypeError, ValueError) as exc:
            self.warn(f"could not write cache entry {path} ({exc})")

    def discard(self, key: str) -> None:
        """Delete the entry for ``key`` (its value turned out unusable): the next run checks again."""
        self._remove(self.path_for(key))

    def _remove(self, path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so readers see the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
