"""Caches of functions of one text, bounded by the size of what they hold rather than by a count.

A cache of 65,536 results costs little when its texts are titles, and hundreds of megabytes when they are long
notes or a hostile input's URLs: each cache here holds at most a known number of characters.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

R = TypeVar("R")


def short_text_cache(maxsize: int, longest: int) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """An LRU cache (C speed) of `maxsize` results for texts of at most `longest` characters; longer texts are
    computed each time. For small, hot functions of titles and URLs."""

    def decorate(function: Callable[[str], R]) -> Callable[[str], R]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def lookup(text: str) -> R:
            return cached(text) if len(text) <= longest else function(text)

        return lookup

    return decorate


def text_cache(max_chars: int) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """A cache that keeps results while their texts add up to at most `max_chars` characters, dropping the least
    recently used first; a text longer than a sixteenth of that is computed each time. For parses of whole notes
    and documents, whose results are several times the size of their text."""

    def decorate(function: Callable[[str], R]) -> Callable[[str], R]:
        results: dict[str, R] = {}  # least recently used first
        held = 0
        lock = threading.Lock()

        @wraps(function)
        def lookup(text: str) -> R:
            nonlocal held
            with lock:
                if text in results:
                    result = results[text] = results.pop(text)
                    return result
            result = function(text)
            if len(text) <= max_chars // 16:
                with lock:
                    if text not in results:
                        results[text] = result
                        held += len(text)
                        while held > max_chars:
                            oldest = next(iter(results))
                            held -= len(oldest)
                            del results[oldest]
            return result

        return lookup

    return decorate
