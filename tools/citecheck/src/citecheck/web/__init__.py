"""Live checks of URLs and DOIs over HTTP: fast, polite, cached and safe.

The rest of citecheck calls :func:`check_web` (or :func:`check_links` and
:func:`check_dois` for one kind) with a :class:`WebOptions`, and gets one
result per URL and DOI back. Nothing here prints, exits or raises for a bad
link: every URL gets a status.

The checks themselves (and requests, some 12 MB) are imported when first used: an offline run, which reads
the options and records, never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from citecheck.web.records import (
    DEFAULT_CACHE_DIRNAME,
    DEFAULT_CACHE_TTL,
    DEFAULT_USER_AGENT,
    DoiQuery,
    DoiResult,
    DoiStatus,
    FieldMismatch,
    LinkResult,
    LinkStatus,
    WebOptions,
)

if TYPE_CHECKING:
    from citecheck.web.runner import WebOutcome, check_dois, check_links, check_web
    from citecheck.web.safety import ResolveError

__all__ = [
    "DEFAULT_CACHE_DIRNAME",
    "DEFAULT_CACHE_TTL",
    "DEFAULT_USER_AGENT",
    "DoiQuery",
    "DoiResult",
    "DoiStatus",
    "FieldMismatch",
    "LinkResult",
    "LinkStatus",
    "ResolveError",
    "WebOptions",
    "WebOutcome",
    "check_dois",
    "check_links",
    "check_web",
]


def __getattr__(name: str) -> Any:
    """The checks and what they raise, imported when first asked for."""
    if name in ("WebOutcome", "check_dois", "check_links", "check_web"):
        from citecheck.web import runner

        return getattr(runner, name)
    if name == "ResolveError":
        from citecheck.web import safety

        return safety.ResolveError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
