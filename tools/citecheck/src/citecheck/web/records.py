"""Values shared by the web layer: options, statuses and results.

Everything here is plain data (frozen dataclasses and string enums) so the
rest of citecheck, tests and the JSON reporter can use it without touching
the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from citecheck import __version__
from citecheck.web import answers

#: Seconds allowed for one request (connect and each read).
DEFAULT_TIMEOUT = 10.0
#: Requests in flight at once, across all hosts, at most: the worker pool grows to what the hosts' slots allow, up to this.
DEFAULT_MAX_CONCURRENCY = 128
#: Requests in flight at once to one host, unless ``per_host_limits`` says otherwise.
DEFAULT_PER_HOST = 2
#: Where DOIs are resolved (handle API and content negotiation).
DEFAULT_DOI_API = "https://doi.org"
#: Crossref's REST API, the fallback for metadata and the source of retraction data.
DEFAULT_CROSSREF_API = "https://api.crossref.org"
#: Where the Wayback Machine availability API lives.
DEFAULT_ARCHIVE_API = "https://archive.org"
#: Identifies us to the sites we check; a contact URL lets an admin find us.
DEFAULT_USER_AGENT = f"citecheck/{__version__} (citation link and DOI checker)"
#: How long a cached result stays valid: 7 days.
DEFAULT_CACHE_TTL = 7 * 24 * 3600.0
#: Folder of the on-disk cache, relative to the project.
DEFAULT_CACHE_DIRNAME = ".citecheck-cache"
#: Redirect hops followed before giving up.
DEFAULT_MAX_REDIRECTS = 10
#: Bytes of (decoded) body read at most from one response.
DEFAULT_MAX_BODY_BYTES = 2_000_000
#: Wall-clock seconds one URL may take, retries and redirects included.
DEFAULT_MAX_SECONDS_PER_URL = 30.0
#: Retries after a 429/5xx answer (a failed connection is not retried: it decides the host for the run).
DEFAULT_RETRIES = 2
#: Longest Retry-After we are willing to honour, in seconds.
DEFAULT_RETRY_AFTER_CAP = 60.0
#: First back-off delay in seconds; doubled on each retry, with jitter.
DEFAULT_BACKOFF = 0.5


class LinkStatus(StrEnum):
    """The one verdict each URL gets."""

    OK = "ok"
    """The page answered 2xx (or an accepted status)."""
    REDIRECTED = "redirected"
    """A permanent redirect (301/308) leads to a working page: update the link."""
    BROKEN = "broken"
    """404, 410, DNS failure, connection refused, redirect loop, invalid URL."""
    SERVER_ERROR = "server-error"
    """5xx after retries, or the server dropped the connection."""
    BLOCKED = "blocked"
    """The page exists but refuses automated checks (403, 429, bot walls): verify by hand."""
    TIMEOUT = "timeout"
    """No answer within the timeout."""
    TLS_ERROR = "tls-error"
    """The TLS handshake or certificate check failed."""
    SOFT_404 = "soft-404"
    """A 2xx page whose title or heading says it was not found."""
    UNCHECKED = "unchecked"
    """Not checked: excluded, unsupported scheme, private address, or no network."""


class DoiStatus(StrEnum):
    """The one verdict each DOI gets."""

    OK = "ok"
    """Registered, and the registry agrees with the citation."""
    NOT_FOUND = "not-found"
    """The handle system does not know this DOI."""
    MISMATCH = "mismatch"
    """Registered, but some cited fields differ from the registry's."""
    RETRACTED = "retracted"
    """The work has been retracted (or withdrawn/removed)."""
    UNCHECKED = "unchecked"
    """The registry could not be asked (no network, error, excluded)."""


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What checking one URL found."""

    url: str
    """The URL as cited."""
    status: LinkStatus
    """The verdict."""
    http_status: int | None = None
    """Status code of the last response, if any."""
    final_url: str | None = None
    """Where the redirects ended, if any response came."""
    redirects: tuple[tuple[str, int], ...] = ()
    """Every hop as (URL requested, status it answered), in order."""
    reason: str = ""
    """A short human explanation, e.g. ``404 Not Found``."""
    suggestion: str | None = None
    """A better URL: permanent redirect target, https form, or archived copy."""
    archived_url: str | None = None
    """Closest Wayback Machine snapshot, looked up for broken URLs."""
    checked_at: str = ""
    """When the check ran, ISO-8601 UTC."""
    from_cache: bool = False
    """True when this result was read from the on-disk cache."""
    https_works: bool | None = None
    """For http:// URLs: whether the https:// form answers; None if not probed."""
    fragment_ok: bool | None = None
    """For URLs with #fragment: whether the anchor exists; None if not checked."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (also the cache format)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["status"] = str(self.status)
        data["redirects"] = [list(hop) for hop in self.redirects]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinkResult:
        """Inverse of :meth:`to_dict`; raises ValueError (BadAnswer) on data of another shape.

        A cache file is distrusted like any answer: every field is typed, and
        only http(s) addresses may become links or suggestions.
        """
        data = answers.mapping(data, "link result")
        http_status = data.get("http_status")
        if http_status is not None and not 100 <= answers.number(http_status, "http_status") <= 999:
            raise answers.BadAnswer("'http_status' is out of range")
        redirects = []
        for hop in answers.items(data.get("redirects"), "redirects"):
            hop = answers.items(hop, "redirect")
            if len(hop) != 2 or answers.web_url(hop[0]) is None:
                raise answers.BadAnswer("a redirect is not [http(s) URL, status]")
            redirects.append((hop[0], int(answers.number(hop[1], "redirect status"))))
        addresses = {}
        for name in ("final_url", "suggestion", "archived_url"):
            value = data.get(name)
            if value is not None and answers.web_url(value) is None:
                raise answers.BadAnswer(f"{name!r} is not an http(s) URL")
            addresses[name] = value
        flags: dict[str, bool | None] = {}
        for name in ("from_cache", "https_works", "fragment_ok"):
            value = data.get(name, False if name == "from_cache" else None)
            if not isinstance(value, bool) and not (value is None and name != "from_cache"):
                raise answers.BadAnswer(f"{name!r} is not true or false")
            flags[name] = value
        return cls(
            url=answers.strict_text(data.get("url"), "url"),
            status=LinkStatus(answers.strict_text(data.get("status"), "status")),
            http_status=None if http_status is None else int(http_status),
            redirects=tuple(redirects),
            reason=answers.strict_text(data.get("reason", ""), "reason"),
            checked_at=answers.strict_text(data.get("checked_at", ""), "checked_at"),
            final_url=addresses["final_url"],
            suggestion=addresses["suggestion"],
            archived_url=addresses["archived_url"],
            from_cache=bool(flags["from_cache"]),
            https_works=flags["https_works"],
            fragment_ok=flags["fragment_ok"],
        )


@dataclass(frozen=True, slots=True)
class DoiQuery:
    """What a citation says about the work a DOI names (None = not given)."""

    doi: str
    """Normalised DOI: lower-case, no resolver prefix."""
    title: str | None = None
    """Cited title."""
    first_author: str | None = None
    """Family name of the first cited author."""
    year: str | None = None
    """Cited year."""
    container: str | None = None
    """Journal, book or proceedings title."""
    volume: str | None = None
    """Cited volume."""
    issue: str | None = None
    """Cited issue."""
    first_page: str | None = None
    """First page (or article number)."""


@dataclass(frozen=True, slots=True)
class FieldMismatch:
    """One field where the citation and the registry disagree."""

    field: str
    """Field name: title, first_author, year, container, volume, issue, first_page."""
    cited: str
    """What the citation says."""
    registered: str
    """What the registry says."""


@dataclass(frozen=True, slots=True)
class DoiAuthor:
    """One author as the registry has it."""

    family: str
    given: str = ""


@dataclass(frozen=True, slots=True)
class DoiMetadata:
    """The registry's metadata for a DOI, from CSL-JSON or Crossref, reduced to what citations are compared with."""

    source: str
    """Where it came from: ``csl-json`` (content negotiation at the resolver) or ``crossref``."""
    title: str = ""
    subtitle: str = ""
    authors: tuple[DoiAuthor, ...] = ()
    first_author: str = ""
    """Family name of the first author."""
    year: str = ""
    years: tuple[str, ...] = ()
    """Every year the record gives (issued, published in print, online, created), first the issued one."""
    container: str = ""
    container_short: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    first_page: str = ""
    article_number: str = ""
    type: str = ""
    publisher: str = ""
    url: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (also the cache format)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["authors"] = [{"family": a.family, "given": a.given} for a in self.authors]
        data["years"] = list(self.years)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DoiMetadata:
        """Inverse of :meth:`to_dict`; raises ValueError on data of another shape."""
        data = answers.mapping(data, "metadata")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in ("authors", "years") or f.name not in data:
                continue
            values[f.name] = answers.strict_text(data[f.name], f"metadata {f.name}")
        if values.get("url") and answers.web_url(values["url"]) is None:
            raise answers.BadAnswer("metadata url is not an http(s) URL")
        authors = []
        for author in answers.items(data.get("authors"), "metadata authors"):
            author = answers.mapping(author, "metadata author")
            family = answers.strict_text(author.get("family", ""), "author family")
            authors.append(DoiAuthor(family, answers.strict_text(author.get("given", ""), "author given")))
        values["authors"] = tuple(authors)
        values["years"] = tuple(answers.strict_text(y, "year") for y in answers.items(data.get("years"), "years"))
        if "source" not in values:
            raise answers.BadAnswer("metadata has no source")
        return cls(**values)


@dataclass(frozen=True, slots=True)
class RegistryAnswer:
    """What the DOI registries say about one DOI: cached as it is, compared with each citation afresh."""

    found: bool | None
    """True: registered; False: the resolver does not know it; None: it could not be asked."""
    metadata: DoiMetadata | None = None
    notices: tuple[str, ...] = ()
    """Retraction, correction and other update notices, each naming the notice DOI."""
    retracted: bool = False
    reason: str = ""
    """A short human explanation."""
    checked_at: str = ""
    """When the registry was asked, ISO-8601 UTC."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (the cache format)."""
        return {
            "found": self.found,
            "metadata": self.metadata.to_dict() if self.metadata else {},
            "notices": list(self.notices),
            "retracted": self.retracted,
            "reason": self.reason,
            "checked_at": self.checked_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RegistryAnswer:
        """Inverse of :meth:`to_dict`; raises ValueError on data of another shape."""
        data = answers.mapping(data, "registry answer")
        found, metadata = data.get("found"), data.get("metadata")
        if not (found is None or isinstance(found, bool)):
            raise answers.BadAnswer("'found' is not true, false or null")
        if not isinstance(data.get("retracted", False), bool):
            raise answers.BadAnswer("'retracted' is not true or false")
        notices = tuple(answers.strict_text(n, "notice") for n in answers.items(data.get("notices"), "notices"))
        return cls(
            found=found,
            # {} is how to_dict writes "no metadata"; any other non-object is refused by from_dict.
            metadata=None if metadata in (None, {}) else DoiMetadata.from_dict(metadata),
            notices=notices,
            retracted=data.get("retracted", False),
            reason=answers.strict_text(data.get("reason", ""), "reason"),
            checked_at=answers.strict_text(data.get("checked_at", ""), "checked_at"),
        )


@dataclass(frozen=True, slots=True)
class DoiResult:
    """What checking one DOI found."""

    doi: str
    """The normalised DOI."""
    status: DoiStatus
    """The verdict."""
    metadata: DoiMetadata | None = None
    """The registry's metadata, if it has any."""
    mismatches: tuple[FieldMismatch, ...] = ()
    """Fields that differ from the citation."""
    notices: tuple[str, ...] = ()
    """Retraction, correction and other update notices, each naming the notice DOI."""
    reason: str = ""
    """A short human explanation."""
    checked_at: str = ""
    """When the registry was asked, ISO-8601 UTC."""
    from_cache: bool = False
    """True when the registry answer came from the on-disk cache."""


@dataclass(frozen=True)
class WebOptions:
    """Every knob of the web layer, with its default; the CLI and config fill it."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds per request (connect, and each read)."""
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    """Requests in flight at once, overall, at most (the worker threads are started as the work needs them)."""
    per_host: int = DEFAULT_PER_HOST
    """Requests in flight at once to one host."""
    per_host_limits: Mapping[str, int] = field(default_factory=dict)
    """Host name → its own concurrency limit (overrides ``per_host``)."""
    allow_private: bool = False
    """Fetch hosts that resolve to loopback/private/link-local/multicast addresses."""
    allow_networks: tuple[str, ...] = ()
    """Address ranges (CIDR) fetched even without ``allow_private``, e.g. a trusted intranet."""
    doi_api: str = DEFAULT_DOI_API
    """DOI resolver base URL."""
    crossref_api: str = DEFAULT_CROSSREF_API
    """Crossref REST API base URL."""
    archive_api: str = DEFAULT_ARCHIVE_API
    """Internet Archive base URL (for the Wayback availability API)."""
    mailto: str | None = None
    """Contact address sent to Crossref for its polite pool."""
    user_agent: str = DEFAULT_USER_AGENT
    """User-Agent header."""
    cache_dir: Path | None = None
    """On-disk cache folder; None disables the cache."""
    cache_ttl: float = DEFAULT_CACHE_TTL
    """Seconds a cached result stays valid."""
    refresh: bool = False
    """Ignore cached results (but store the new ones)."""
    exclude: tuple[str, ...] = ()
    """Regular expressions; matching URLs are not fetched (status unchecked)."""
    accept_status: tuple[int, ...] = ()
    """Extra HTTP status codes counted as ok."""
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    """Redirect hops followed at most."""
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    """Decoded body bytes read at most from one response."""
    max_seconds_per_url: float = DEFAULT_MAX_SECONDS_PER_URL
    """Wall-clock cap for one URL, retries included."""
    retries: int = DEFAULT_RETRIES
    """Retries after 429/5xx answers, each waiting in the queue (Retry-After, or the back-off), never in a thread."""
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP
    """Longest Retry-After honoured; a longer wait gives up (blocked/server-error)."""
    backoff: float = DEFAULT_BACKOFF
    """First back-off delay in seconds, doubled on each retry, with jitter."""
    soft_404: bool = True
    """Read the <title>/<h1> of HTML pages to catch "not found" pages served as 200.

    Because this needs the page, such URLs are fetched with a streamed GET
    straight away (a HEAD would only add a request); other URLs go HEAD first."""
    check_fragments: bool = True
    """Check that #fragment anchors exist in HTML pages."""
    https_probe: bool = True
    """For http:// URLs on the default port, check whether https:// works."""
    archive_lookup: bool = True
    """Ask the Wayback Machine for a snapshot of broken URLs."""

    def __post_init__(self) -> None:
        # A frozen mapping so a shared WebOptions can't be changed under a running check.
        object.__setattr__(self, "per_host_limits", MappingProxyType(dict(self.per_host_limits)))

    def limit_for(self, host: str) -> int:
        """Concurrency limit for ``host`` (exact name, then without ``www.``)."""
        host = host.lower()
        for name in (host, host.removeprefix("www.")):
            if name in self.per_host_limits:
                return max(1, int(self.per_host_limits[name]))
        return max(1, self.per_host)
