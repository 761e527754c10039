"""Check one URL and give it one :class:`LinkStatus`.

The request plan, in order of cost to the checked site:

* URLs whose page we want to read (a #fragment to find, or an HTML page
  whose title may say "not found") are fetched with one streamed GET that
  stops as soon as it has seen the title and first heading (or the anchor).
  A HEAD first would only add a request: the GET is needed anyway.
* Everything else (PDFs, images, archives, or all URLs with the soft-404
  check off) goes HEAD first; a HEAD answered with an error, or sent to a
  host known to answer HEAD wrongly, is confirmed with a GET, because many
  servers refuse or mishandle HEAD (405, 403, 501, even 404) for pages that
  exist, and a false "broken" is the worst outcome for an editor.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from citecheck.notes.text import month_number
from citecheck.web import answers
from citecheck.web.deadline import Budget
from citecheck.web.fetch import Fetched, fetch
from citecheck.web.http import ChunkSink, FailureKind, Reply, host_of
from citecheck.web.records import LinkResult, LinkStatus, WebOptions
from citecheck.web.safety import ResolveError, Resolver, address_kind, is_local_host, scheme_problem
from citecheck.web.scheduler import Task

#: Bytes of an HTML page read at most to find its <title> and first <h1>.
SOFT_404_SNIFF_BYTES = 64 * 1024
#: Bytes of a Wayback availability answer read at most.
ARCHIVE_ANSWER_BYTES = 64 * 1024
#: Permanent redirects: the citation should be updated to the target.
PERMANENT_REDIRECTS = frozenset({301, 308})
#: Statuses meaning the resource is gone.
GONE_STATUSES = frozenset({404, 410})
#: Statuses meaning "exists, but won't talk to a robot" (999: LinkedIn's bot wall).
BLOCKED_STATUSES = frozenset({401, 403, 407, 429, 451, 999})
#: Hosts that answer HEAD differently from GET (errors, or a bot wall only on HEAD).
KNOWN_HEAD_LIARS = frozenset(
    {
        "www.researchgate.net",
        "www.jstor.org",
        "www.sciencedirect.com",
        "onlinelibrary.wiley.com",
        "www.tandfonline.com",
        "dl.acm.org",
        "ieeexplore.ieee.org",
        "www.linkedin.com",
        "www.amazon.com",
    }
)
#: Path endings of resources that are not HTML pages: HEAD is enough for them.
NON_HTML_SUFFIXES = (
    ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".tar", ".rar",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".tif", ".tiff",
    ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".webm", ".mov", ".avi",
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".epub",
    ".csv", ".json", ".xml", ".txt", ".bib", ".ris", ".iso", ".exe", ".dmg",
)  # fmt: skip
#: Titles and headings that mean "this page does not exist". Only short texts
#: are judged, so an article *about* something "not found" is not flagged.
SOFT_404_PATTERN = re.compile(
    r"""\b404\b
    | \bnot\s+found\b
    | \b(?:page|file|article|document|resource|content)\s+(?:does\s+not|doesn't|no\s+longer)\s+exists?\b
    | \bno\s+longer\s+available\b
    | \b(?:can\s*not|can't|could\s+not|couldn't)\s+be\s+found\b
    | \bpage\s+(?:is\s+)?missing\b
    | \bseite\s+nicht\s+gefunden\b
    | \bp[aá]gina\s+no\s+encontrada\b
    | \bpage\s+introuvable\b
    | \bpagina\s+non\s+trovata\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
#: Longest title/heading judged by SOFT_404_PATTERN.
SOFT_404_MAX_TEXT = 200
#: Words besides the "not found" phrase that a title part may have ("Oops!", "Sorry, this").
SOFT_404_EXTRA_WORDS = 3
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»]\s+|:\s+")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Failures of the host itself, after which probing its https form is pointless.
_NO_PROBE_AFTER = frozenset({FailureKind.DNS, FailureKind.DNS_TEMPORARY, FailureKind.NETWORK, FailureKind.PRIVATE})


def utc_now() -> str:
    """Current time as ISO-8601 UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PageSniffer(HTMLParser):
    """Collects <title>, the first <h1> and (optionally) looks for an anchor, incrementally."""

    def __init__(self, charset: str | None, fragment: str | None) -> None:
        super().__init__(convert_charrefs=True)
        try:
            self._decoder = codecs.getincrementaldecoder(charset or "utf-8")(errors="replace")
        except LookupError:
            self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.fragment = fragment
        self.title: str | None = None
        self.h1: str | None = None
        self.anchor_found = False
        self._in: str | None = None
        self._text: list[str] = []

    def feed_bytes(self, data: bytes) -> bool:
        """Feed a piece of the body; True when nothing more is needed."""
        try:
            self.feed(self._decoder.decode(data))
        except Exception:
            return True
        if self.fragment is not None:
            return self.anchor_found
        return self.title is not None and self.h1 is not None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.fragment is not None and not self.anchor_found:
            for name, value in attrs:
                if (name == "id" or (name == "name" and tag == "a")) and value is not None and value == self.fragment:
                    self.anchor_found = True
        if tag == "title" and self.title is None:
            self._in, self._text = "title", []
        elif tag == "h1" and self.h1 is None:
            self._in, self._text = "h1", []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            if tag == "title":
                self.title = text
            else:
                self.h1 = text
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)

    def says_not_found(self) -> str | None:
        """The title or heading that says "not found", if any."""
        for text in (self.title, self.h1):
            if text and len(text) <= SOFT_404_MAX_TEXT and says_not_found(text):
                return text
        return None


def says_not_found(text: str) -> bool:
    """True when a title/heading is an error message, not a title that mentions one.

    Titles are split at the usual separators ("Page not found | Journal");
    a part matches if, besides the phrase, it has at most a few words
    ("Sorry, this page no longer exists" yes; "Why the boson was not found
    at LEP" no).
    """
    for part in _TITLE_SEPARATORS.split(text):
        match = SOFT_404_PATTERN.search(part)
        if match and len(re.findall(r"\w+", part[: match.start()] + part[match.end() :])) <= SOFT_404_EXTRA_WORDS:
            return True
    return False


def _charset(content_type_header: str) -> str | None:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type_header, re.IGNORECASE)
    return match.group(1) if match else None


def checkable_fragment(fragment: str) -> str | None:
    """The anchor id to look for, or None for fragments that are not anchors.

    ``#/route`` and ``#!route`` are client-side routes; ``#:~:text=`` is a text
    fragment; none of them names an element.
    """
    if not fragment or fragment.startswith(("/", "!", ":~:")):
        return None
    return unquote(fragment)


def https_candidate(url: str) -> str | None:
    """The https:// form of an http:// URL on the default port, else None.

    With an explicit port the https service would be on another port we
    can't guess, so we don't probe.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "http" or not parts.hostname:
        return None
    if parts.port not in (None, 80):
        return None
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    if parts.username or parts.password:
        return None
    return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment))


def wayback_timestamp(text: str | None) -> str | None:
    """A Wayback ``YYYYMMDD`` (or shorter) timestamp from an ISO or free-text date."""
    if not text:
        return None
    text = text.strip()
    if m := re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return f"{m[1]}{int(m[2]):02d}{int(m[3]):02d}"
    if m := re.search(r"\b(\d{4})(\d{2})(\d{2})\b", text):
        return f"{m[1]}{m[2]}{m[3]}"
    if m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", text):
        month = month_number(m[2])
        if month:
            return f"{m[3]}{month:02d}{int(m[1]):02d}"
    if m := re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", text):
        month = month_number(m[1])
        if month:
            return f"{m[3]}{month:02d}{int(m[2]):02d}"
    if m := re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b", text):
        month = month_number(m[1])
        if month:
            return f"{m[2]}{month:02d}"
    if m := re.search(r"\b(\d{4})-(\d{1,2})\b", text):
        return f"{m[1]}{int(m[2]):02d}"
    if m := re.search(r"\b(1[89]\d\d|2\d\d\d)\b", text):
        return m[1]
    return None


@dataclass
class NetworkState:
    """Notices when the network itself is gone, so the rest of a run can stop trying.

    Several different public hosts failing in a row with "network
    unreachable" or a DNS failure without an answer means no network, not
    many dead sites.
    """

    threshold: int = 3
    """Distinct hosts failing in a row that make us give up."""
    offline_reason: str | None = None
    """Set once the network is judged unavailable."""
    dns_answers: Callable[[], bool] | None = None
    """Whether DNS knows well-known public names; asked once, at the first "host not found"."""
    _failed_hosts: set[str] = field(default_factory=set)
    _dns_verdict: bool | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reason_for(self, host: str) -> str | None:
        """Why nothing is sent to ``host`` (no network; local hosts are always tried), or None."""
        return None if is_local_host(host) else self.offline_reason

    def record(self, host: str, fetched: Fetched) -> None:
        """Learn from one fetch of a public host."""
        if fetched.status is not None:
            self._failed_hosts.clear()
            return
        if fetched.error and fetched.error.kind is FailureKind.DNS and self.dns_answers is not None:
            # A closed network's DNS may answer "not found" for every name: that is no proof the host is gone.
            with self._lock:
                if self._dns_verdict is None:
                    self._dns_verdict = self.dns_answers()
                if not self._dns_verdict and self.offline_reason is None:
                    self.offline_reason = "no network (DNS does not know even well-known names such as doi.org)"
            return
        if fetched.error and fetched.error.kind in (FailureKind.NETWORK, FailureKind.DNS_TEMPORARY):
            self._failed_hosts.add(host)
            if len(self._failed_hosts) >= self.threshold and self.offline_reason is None:
                self.offline_reason = f"no network ({fetched.error.message})"


class LinkChecker:
    """Checks URLs as scheduler tasks; holds no per-URL state, so one checker serves a whole run."""

    def __init__(
        self, options: WebOptions, network: NetworkState | None = None, resolver: Resolver | None = None
    ) -> None:
        self.options = options
        self.network = network or NetworkState()
        self.resolver = resolver
        """Answers which addresses a host has (the run's cache): private ones are not named to the archive."""

    # ------------------------------------------------------------------
    def check(
        self, url: str, *, date: str | None = None, on_first_hop: Callable[[Reply], None] | None = None
    ) -> Task[LinkResult]:
        """Check one URL (a task); never raises. ``on_first_hop`` sees the first hop's conclusive reply."""
        opts = self.options
        checked_at = utc_now()
        problem = scheme_problem(url)
        if problem:
            return LinkResult(url, LinkStatus.UNCHECKED, reason=problem, checked_at=checked_at)
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError as exc:
            return LinkResult(url, LinkStatus.BROKEN, reason=f"invalid URL: {exc}", checked_at=checked_at)
        if not host:
            return LinkResult(url, LinkStatus.BROKEN, reason="invalid URL: no host", checked_at=checked_at)
        local = is_local_host(host)
        offline = self.network.reason_for(host)
        if offline:
            return LinkResult(url, LinkStatus.UNCHECKED, reason=offline, checked_at=checked_at)

        deadline = Budget(opts.max_seconds_per_url)
        fragment = checkable_fragment(parts.fragment) if opts.check_fragments else None
        want_page = fragment is not None or (opts.soft_404 and not parts.path.lower().endswith(NON_HTML_SUFFIXES))
        target = urlunsplit(parts._replace(fragment=""))
        sniffer: PageSniffer | None = None
        if want_page or host in KNOWN_HEAD_LIARS:
            fetched, sniffer = yield from self._get(target, fragment, deadline, on_first_hop)
        else:
            fetched = yield from fetch(target, opts, method="HEAD", deadline=deadline, on_first_hop=on_first_hop)
            if self._head_unreliable(fetched):
                fetched, sniffer = yield from self._get(target, fragment, deadline)
        if not local:
            self.network.record(host, fetched)
            if self.network.offline_reason and fetched.error and fetched.error.kind is FailureKind.DNS:
                return LinkResult(url, LinkStatus.UNCHECKED, reason=self.network.offline_reason, checked_at=checked_at)

        status, reason = classify(fetched, opts)
        suggestion: str | None = None
        fragment_ok: bool | None = None
        html = fetched.content_type in _HTML_TYPES
        if status in (LinkStatus.OK, LinkStatus.REDIRECTED) and sniffer is not None and html:
            not_found = sniffer.says_not_found() if opts.soft_404 else None
            if not_found:
                status, reason = LinkStatus.SOFT_404, f"page says it was not found: “{not_found}”"
            elif fragment is not None:
                if sniffer.anchor_found:
                    fragment_ok = True
                elif fetched.complete:
                    fragment_ok = False
                    reason = f"{reason}; anchor #{fragment} not found on the page"
        if status is LinkStatus.REDIRECTED:
            suggestion = moved_to(fetched.hops, fetched.final_url)
            if parts.fragment and suggestion and "#" not in suggestion:
                suggestion = f"{suggestion}#{parts.fragment}"

        https_works = (yield from self._probe_https(url, fetched, deadline)) if opts.https_probe else None
        archived: str | None = None
        if status in (LinkStatus.BROKEN, LinkStatus.SOFT_404) and opts.archive_lookup and self._may_ask_archive(host):
            archived = yield from self.lookup_archive(url, date, deadline)
            suggestion = archived or suggestion
        if suggestion is None and https_works:
            suggestion = https_candidate(url)
        return LinkResult(
            url=url,
            status=status,
            http_status=fetched.status,
            final_url=fetched.final_url,
            redirects=tuple(fetched.hops),
            reason=reason,
            suggestion=suggestion,
            archived_url=archived,
            checked_at=checked_at,
            https_works=https_works,
            fragment_ok=fragment_ok,
        )

    # ------------------------------------------------------------------
    def _get(
        self, url: str, fragment: str | None, deadline: Budget, on_first_hop: Callable[[Reply], None] | None = None
    ) -> Task[tuple[Fetched, PageSniffer | None]]:
        """GET, reading only as much of an HTML page as the checks need."""
        opts = self.options
        read_page = opts.soft_404 or fragment is not None
        limit = opts.max_body_bytes if fragment is not None else SOFT_404_SNIFF_BYTES
        made: list[PageSniffer] = []

        def on_headers(headers: Mapping[str, str]) -> ChunkSink | None:
            content_type = headers.get("content-type", "")
            if content_type.split(";", 1)[0].strip().lower() not in _HTML_TYPES:
                return None  # not a page: the status is all we need
            sniffer = PageSniffer(_charset(content_type), fragment)
            made.append(sniffer)
            return sniffer.feed_bytes

        fetched = yield from fetch(
            url,
            opts,
            method="GET",
            body_limit=limit if read_page else 0,
            on_headers=on_headers if read_page else None,
            deadline=deadline,
            on_first_hop=on_first_hop,
        )
        return fetched, (made[-1] if made else None)

    @staticmethod
    def _head_unreliable(fetched: Fetched) -> bool:
        """True when a HEAD answer must be confirmed with GET."""
        if fetched.status is not None:
            return fetched.status >= 400
        # A dropped connection or odd failure on HEAD: GET may still work.
        return fetched.error is not None and fetched.error.kind in (
            FailureKind.DROPPED,
            FailureKind.BAD_RESPONSE,
            FailureKind.OTHER,
        )

    def _probe_https(self, url: str, fetched: Fetched, deadline: Budget) -> Task[bool | None]:
        """Whether the https:// form of an http:// URL works (None if not applicable)."""
        candidate = https_candidate(urlunsplit(urlsplit(url)._replace(fragment="")))
        if candidate is None:
            return None
        if fetched.final_url and fetched.final_url.startswith("https://") and fetched.status and fetched.status < 400:
            return True  # the site already sent us there
        if fetched.error and fetched.error.kind in _NO_PROBE_AFTER:
            return None  # the host itself failed: a second try on 443 would tell nothing new
        probe = yield from fetch(candidate, self.options, method="HEAD", deadline=deadline)
        if self._head_unreliable(probe):
            probe = yield from fetch(candidate, self.options, method="GET", deadline=deadline)
        return probe.status is not None and probe.status < 400 and (probe.final_url or "").startswith("https://")

    def lookup_archive(self, url: str, date: str | None, deadline: Budget) -> Task[str | None]:
        """Closest Wayback Machine snapshot of ``url`` (near ``date``): an http(s) URL, or None."""
        query = {"url": url}
        stamp = wayback_timestamp(date)
        if stamp:
            query["timestamp"] = stamp
        api = f"{self.options.archive_api.rstrip('/')}/wayback/available?{urlencode(query)}"
        answer = yield from fetch(
            api,
            self.options,
            headers={"Accept": "application/json"},
            body_limit=ARCHIVE_ANSWER_BYTES,
            deadline=deadline,
        )
        if answer.status != 200 or not answer.complete:
            return None
        try:
            snapshots = answers.mapping(answers.load_json(answer.body), "answer").get("archived_snapshots")
            closest = answers.mapping(answers.mapping(snapshots, "archived_snapshots").get("closest"), "closest")
        except answers.BadAnswer:
            return None
        if closest.get("available") is not True:
            return None
        # A snapshot of an error page is no replacement.
        if not str(closest.get("status", "200")).startswith("2"):
            return None
        # Only an http(s) address may become a link in the report (never javascript: or data:).
        return answers.web_url(closest.get("url"))

    def _may_ask_archive(self, host: str) -> bool:
        """Whether a URL on ``host`` may be named to the archive: never a private one to a public archive."""
        if is_local_host(host_of(self.options.archive_api)):
            return True  # a local archive: the URL stays on this network
        if is_local_host(host):
            return False
        if self.resolver is None:
            return True
        try:
            addresses = self.resolver(host, 443)
        except (ResolveError, OSError):
            return True  # not resolvable: no private address to give away
        return all(address_kind(a) is None for a in addresses)


def moved_to(hops: Sequence[tuple[str, int]], final_url: str | None) -> str | None:
    """Where a URL has moved for good: the end of the permanent redirects it starts with. A temporary redirect
    after them (to a login page, a session's address, a publisher's current page for a DOI) is not where it
    lives. None unless its first redirect is permanent."""
    if not hops or hops[0][1] not in PERMANENT_REDIRECTS:
        return None
    temporary = next((url for url, code in hops if code not in PERMANENT_REDIRECTS), None)
    return temporary or final_url


def classify(fetched: Fetched, options: WebOptions) -> tuple[LinkStatus, str]:
    """Status and reason from the last response or failure."""
    error = fetched.error
    if error is not None:
        kind = error.kind
        if kind in (FailureKind.PRIVATE, FailureKind.SCHEME, FailureKind.NETWORK, FailureKind.DNS_TEMPORARY):
            return LinkStatus.UNCHECKED, error.message
        if kind in (FailureKind.TIMEOUT, FailureKind.CONNECT_TIMEOUT):
            return LinkStatus.TIMEOUT, error.message
        if kind is FailureKind.TLS:
            return LinkStatus.TLS_ERROR, error.message
        if kind in (FailureKind.DROPPED, FailureKind.BAD_RESPONSE):
            return LinkStatus.SERVER_ERROR, error.message
        if kind is FailureKind.OTHER:
            return LinkStatus.UNCHECKED, f"check failed: {error.message}"
        # DNS, REFUSED, INVALID_URL, REDIRECT_LOOP, TOO_MANY_REDIRECTS
        return LinkStatus.BROKEN, error.message
    status = fetched.status
    text = fetched.describe()
    if status is None:
        return LinkStatus.UNCHECKED, text
    moved = moved_to(fetched.hops, fetched.final_url)
    if 200 <= status < 300 or status in options.accept_status or status in (300, 304):
        if moved:
            return LinkStatus.REDIRECTED, f"permanently redirected to {moved}"
        return LinkStatus.OK, text
    if status in GONE_STATUSES:
        return LinkStatus.BROKEN, text
    if status in BLOCKED_STATUSES or _is_bot_wall(fetched):
        return LinkStatus.BLOCKED, f"{text}: the site refuses automated checks; verify by hand"
    if 400 <= status < 500:
        return LinkStatus.BROKEN, text
    if 500 <= status < 600:
        return LinkStatus.SERVER_ERROR, text
    return LinkStatus.SERVER_ERROR, f"unexpected status {text}"


def _is_bot_wall(fetched: Fetched) -> bool:
    """A challenge page from a bot-protection service (the page itself may be fine)."""
    headers = fetched.headers
    return headers.get("cf-mitigated", "").lower() == "challenge" or (
        fetched.status == 503 and "cloudflare" in headers.get("server", "").lower() and "cf-ray" in headers
    )
