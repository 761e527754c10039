"""Live checks of URLs and DOIs over HTTP: fast, polite, cached and safe.

The rest of citecheck calls :func:`check_web` (or :func:`check_links` and
:func:`check_dois` for one kind) with a :class:`WebOptions`, and gets one
result per URL and DOI back. Nothing here prints, exits or raises for a bad
link: every URL gets a status.
"""

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
