"""Distrust for every JSON answer: registries, the archive, and our own cache files.

A registry, an archive or a damaged cache file may send any JSON value. The
answer is parsed with bounds (nesting depth, number size, no NaN or
Infinity) and each field is read through a typed accessor that raises
:class:`BadAnswer` on the wrong type or an absurd size. Callers turn a
BadAnswer into the item's ``unchecked`` status (or a rebuilt cache entry),
never into a traceback.
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urlsplit

#: Deepest nesting of arrays and objects accepted (real answers stay under 10).
MAX_DEPTH = 64
#: Longest text field accepted, in characters (titles, names, reasons).
MAX_TEXT = 10_000
#: Most entries accepted in one list (authors, notices, redirects).
MAX_ITEMS = 10_000
#: Longest integer literal accepted, in digits: larger numbers only serve to overflow.
MAX_DIGITS = 18


class BadAnswer(ValueError):
    """A JSON answer (or cache entry) that does not have the expected shape."""


def _reject_constant(name: str) -> float:
    raise BadAnswer(f"{name} is not a number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise BadAnswer(f"number with {len(text)} digits")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BadAnswer(f"number {text[:20]} is out of range")
    return value


def load_json(data: bytes | str) -> Any:
    """The JSON value of ``data``; raises BadAnswer for bad JSON, deep nesting, NaN or huge numbers."""
    try:
        value = json.loads(data, parse_constant=_reject_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except BadAnswer:
        raise
    except RecursionError as exc:  # nesting deeper than the interpreter allows: deeper than MAX_DEPTH too
        raise BadAnswer(f"nested deeper than {MAX_DEPTH} levels") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadAnswer(f"not JSON ({str(exc)[:80]})") from exc
    _check_depth(value)
    return value


def _check_depth(value: Any) -> None:
    # Iterative, so the check itself cannot overflow the stack.
    todo: list[tuple[Any, int]] = [(value, 1)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise BadAnswer(f"nested deeper than {MAX_DEPTH} levels")
            children = item.values() if isinstance(item, dict) else item
            todo.extend((child, depth + 1) for child in children)


def mapping(value: Any, name: str) -> dict[str, Any]:
    """An object field (absent or null: empty)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadAnswer(f"{name!r} is not an object")
    return value


def items(value: Any, name: str) -> list[Any]:
    """A list field (absent or null: empty), at most MAX_ITEMS long."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadAnswer(f"{name!r} is not a list")
    if len(value) > MAX_ITEMS:
        raise BadAnswer(f"{name!r} has {len(value)} entries")
    return value


def text(value: Any, name: str) -> str:
    """A text field: a string, or a number written out (absent or null: ""); at most MAX_TEXT long."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadAnswer(f"{name!r} is not text")
    value = str(value)
    if len(value) > MAX_TEXT:
        raise BadAnswer(f"{name!r} is {len(value)} characters long")
    return value


def strict_text(value: Any, name: str) -> str:
    """A field that must be a string (no number), at most MAX_TEXT long."""
    if not isinstance(value, str):
        raise BadAnswer(f"{name!r} is not a string")
    return text(value, name)


def number(value: Any, name: str) -> float:
    """A finite number field (not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadAnswer(f"{name!r} is not a number")
    if isinstance(value, int) and len(str(abs(value))) > MAX_DIGITS:
        raise BadAnswer(f"{name!r} is out of range")
    if not math.isfinite(value):
        raise BadAnswer(f"{name!r} is not finite")
    return float(value)


def web_url(value: Any) -> str | None:
    """``value`` if it is an http(s) URL with a host, else None: only such addresses become links or suggestions."""
    if not isinstance(value, str) or len(value) > MAX_TEXT or any(c.isspace() or ord(c) < 32 for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None
