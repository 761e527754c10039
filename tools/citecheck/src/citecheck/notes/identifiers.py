"""Find URLs and DOIs in citation text exactly: no sentence punctuation, no split archive URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from citecheck.model import NoteText, SpanKind, TextSpan, Url
from citecheck.notes.text import blanked

URL_CACHE_SIZE = 1 << 20
"""Distinct URLs whose judgements are kept: a note may cite hundreds of thousands, and a cache that overflows
splits each URL several times over (past 65,536 the scaling benchmark's URL case grew 2.96× per doubling)."""
_URL_SCHEME = re.compile(r"(?:https?|ftp|file|mailto|javascript|data):", re.IGNORECASE)
"""The schemes of the addresses taken for URLs in angle brackets (the unfetchable ones are reported)."""
_ANGLE_URL = re.compile(rf"<({_URL_SCHEME.pattern}[^<>\s]*)>", re.IGNORECASE)
# A bare URL runs to the next white space or angle bracket; trailing punctuation is trimmed after.
# A balanced `<…>` inside stays (SICI DOIs: `…49:8<693::AID-ASI4>3.0.CO;2-0`); any other angle bracket ends it.
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"]+(?:<[^\s<>\"]*>[^\s<>\"]*)*", re.IGNORECASE)
_WHOLE_URL = re.compile(r"(?:https?|ftp)://\S+", re.IGNORECASE)
_WEB_SCHEME = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*’”»"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}

_DOI_VALID = re.compile(r"^10\.\d{4,9}/[^\s]+$")
DOI_URL_PREFIX = "https://doi.org/"
"""How a DOI is written as a link (Crossref's DOI display guidelines)."""
_DOI_RESOLVER = re.compile(r"^https?://(?:dx\.|www\.)?doi\.org/(.*)$", re.IGNORECASE)
# `doi:` takes whatever follows (a broken DOI is reported); `DOI 10.…` only a DOI's beginning.
_DOI_PREFIXED = re.compile(r"\bdoi(?::\s*(\S+)|\s+(10\.\S+))", re.IGNORECASE)
_DOI_IN_PATH = re.compile(r"/(10\.\d{4,9}/[^?#\s]+)")
_BARE_DOI = re.compile(r"(?<![\w/.])(10\.\d{4,9}/[^\s\"]+)")
_ARCHIVE_HOSTS = frozenset(
    {"perma.cc", "web.archive.org", "wayback.archive.org", "archive.today", "archive.ph", "archive.is",
     "archive.li", "archive.md", "archive.vn", "webcitation.org", "www.webcitation.org"}
)  # fmt: skip
"""Web archives whose addresses stand for an archived copy of another page."""
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True, slots=True)
class Identifiers:
    """What one piece of text links to."""

    urls: tuple[Url, ...]
    dois: tuple[str, ...]
    """Valid DOIs, normalised (lower-case, no resolver prefix)."""
    invalid_dois: tuple[str, ...]
    """Strings given as DOIs (a `doi:` prefix or a doi.org URL) that break the DOI syntax."""


def is_url(text: str) -> bool:
    """True when the text is one web address and nothing else (a link whose visible text is its address)."""
    return bool(_WHOLE_URL.fullmatch(text))


def is_archive_url(url: str) -> bool:
    """True for the address of a web archive's copy (perma.cc, the Wayback Machine, archive.today)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return host in _ARCHIVE_HOSTS


def bare_urls(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where each URL written out in text[start:end] stands, sentence punctuation and unbalanced closing
    brackets left out."""
    found = []
    for match in _BARE_URL.finditer(text, start, len(text) if end is None else end):
        url = trim_url(match.group(0))
        if url:
            found.append((match.start(), match.start() + len(url)))
    return found


def trim_url(candidate: str) -> str:
    """Strip sentence punctuation and unbalanced closing brackets from the end of a URL."""
    url = candidate
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _PAIRS and url.count(last) > url.count(_PAIRS[last])):
            url = url[:-1]
        else:
            break
    return url


@lru_cache(maxsize=URL_CACHE_SIZE)
def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and a trailing slash."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = host if port in (None, default) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


@lru_cache(maxsize=URL_CACHE_SIZE)
def url_identity(url: str) -> str:
    """A key under which http/https and www./bare forms of one page compare equal."""
    normalized = normalize_url(url)
    without_scheme = normalized.split("://", 1)[-1]
    return without_scheme.removeprefix("www.")


@lru_cache(maxsize=URL_CACHE_SIZE)
def url_problem(url: str) -> str | None:
    """Why a URL cannot be used, or None when it parses with a valid host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as error:
        return f"cannot be parsed ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"unsupported scheme {parts.scheme!r}" if parts.scheme else "no scheme"
    host = parts.hostname
    if not host:
        return "has no host"
    if host.startswith("[") or ":" in host or re.fullmatch(r"[\d.]+", host):
        return None  # IP literals are judged by the network layer's safety rules
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"has an invalid host {host!r}"
    labels = ascii_host.rstrip(".").split(".")
    if ascii_host == "localhost":
        return None
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return f"has an invalid host {host!r}"
    return None


def normalize_doi(doi: str) -> str:
    """Lower-case a DOI and remove any resolver prefix, URL encoding (`%2F`) or trailing punctuation."""
    doi = doi.strip()
    match = _DOI_RESOLVER.match(doi)
    if match:
        doi = match.group(1)
    doi = re.sub(r"^doi:\s*", "", doi, flags=re.IGNORECASE)
    return trim_url(unquote(doi) if "%" in doi else doi).lower()


def current_doi_url(url: str) -> str | None:
    """The `https://doi.org/` form of a DOI resolver URL written otherwise (`http://dx.doi.org/10.1000/x`), the
    DOI as written; None when the URL is not a resolver's, is in that form already, or its DOI is invalid."""
    match = _DOI_RESOLVER.match(url)
    if match is None or url.startswith(DOI_URL_PREFIX) or not is_valid_doi(normalize_doi(match.group(1))):
        return None
    return DOI_URL_PREFIX + match.group(1)


def is_valid_doi(doi: str) -> bool:
    """True when the string has the DOI syntax: `10.` + 4-9 digit registrant + `/` + suffix."""
    return bool(_DOI_VALID.match(doi))


def read_plain(text: str) -> NoteText:
    """A text without markup (a BibTeX field, a plain string) as a `NoteText`: its URLs, in angle brackets
    or written out, are its only spans."""
    spans: list[TextSpan] = []
    taken: list[tuple[int, int]] = []
    for match in _ANGLE_URL.finditer(text):
        url = match.group(1)
        spans.append(TextSpan(SpanKind.AUTOLINK, match.start(1), match.end(1), *match.span(), url, *match.span(1)))
        taken.append(match.span())
    for start, end in bare_urls(text):
        if not any(a <= start < b for a, b in taken):
            spans.append(TextSpan(SpanKind.BARE_URL, start, end, start, end, text[start:end], start, end))
    spans.sort(key=lambda span: span.start)
    return NoteText(text, text, tuple(spans), (0, len(text), 0, len(text)))


def find_urls(text: str) -> list[str]:
    """Every URL in a text without markup, in order, exactly as it should be fetched."""
    return [url.raw for url in identifiers_in(read_plain(text)).urls]


def _urls_in(note: NoteText, start: int, end: int) -> list[Url]:
    """The URLs a reader sees or clicks in plain[start:end], each once, in the order they are written.

    A link whose text is a URL and whose target is a web archive's copy gives both, the first with its archive.
    """
    found: list[tuple[int, Url]] = []
    archive_link: TextSpan | None = None  # the link around the spans that follow, when it targets an archive
    for span in note.spans_within(start, end):
        if span.kind is SpanKind.LINK and _WEB_SCHEME.match(span.target):
            at = span.target_start if span.target_start >= 0 else span.source_end
            found.append((at, _url(span.target, (span.target_start, span.target_end))))
            archive_link = span if is_archive_url(span.target) else None
        elif _is_url_span(note, span):
            written = span.target if span.kind is SpanKind.BARE_URL else note.plain[span.start : span.end]
            inside = archive_link is not None and archive_link.start <= span.start and span.end <= archive_link.end
            archived = archive_link.target if archive_link is not None and inside else ""
            archive = archived if archived != written else ""
            found.append((span.source_start, _url(written, (span.target_start, span.target_end), archive)))
    found.sort(key=lambda item: item[0])
    unique: dict[str, Url] = {}
    for _, url in found:
        unique.setdefault(url.raw, url)
    return list(unique.values())


def _is_url_span(note: NoteText, span: TextSpan) -> bool:
    """A URL written out, or in angle brackets with a URL's scheme (`<doi:…>` is a DOI, `<a@b.org>` an address)."""
    if span.kind is SpanKind.BARE_URL:
        return True
    return span.kind is SpanKind.AUTOLINK and bool(_URL_SCHEME.match(note.plain, span.start))


def _url(raw: str, span: tuple[int, int], archive: str = "") -> Url:
    return Url(raw=raw, normalized=normalize_url(raw), span=span, archive=archive)


def identifiers_in(note: NoteText, start: int = 0, end: int | None = None) -> Identifiers:
    """The URLs and DOIs of plain[start:end] of a note (the whole note by default)."""
    end = len(note.plain) if end is None else end
    urls = _urls_in(note, start, end)
    dois: dict[str, None] = {}  # ordered, with constant-time membership
    invalid: list[str] = []

    def add_doi(candidate: str) -> None:
        doi = normalize_doi(candidate)
        if not is_valid_doi(doi):
            invalid.append(trim_url(candidate))
        else:
            dois.setdefault(doi)

    for url in urls:
        resolver = _DOI_RESOLVER.match(url.raw)
        if resolver:
            add_doi(resolver.group(1))
            continue
        in_path = _DOI_IN_PATH.search(urlsplit(url.raw).path if url_problem(url.raw) is None else url.raw)
        if in_path:
            add_doi(in_path.group(1))
    text = note.plain[start:end]
    if "10." in text:
        outside = _without_urls(note, start, end)
        for match in _DOI_PREFIXED.finditer(outside):
            add_doi(match.group(1) or match.group(2))
        outside = _DOI_PREFIXED.sub(lambda match: " " * len(match.group(0)), outside)
        for match in _BARE_DOI.finditer(outside):
            add_doi(match.group(1))
    return Identifiers(urls=tuple(urls), dois=tuple(dois), invalid_dois=tuple(invalid))


def _without_urls(note: NoteText, start: int, end: int) -> str:
    """plain[start:end] with every URL blanked (the same length), so a DOI inside one is not found again."""
    urls = (span for span in note.spans_within(start, end) if _is_url_span(note, span))
    return blanked(note.plain[start:end], ((span.start - start, span.end - start) for span in urls))


def extract(text: str) -> Identifiers:
    """The URLs and DOIs of a text without markup (a BibTeX field, an extension's text)."""
    return identifiers_in(read_plain(text))


_GENERIC_PATH = re.compile(r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?|index\.\w+|home|default\.\w+)?/?$", re.IGNORECASE)


@lru_cache(maxsize=URL_CACHE_SIZE)
def is_generic_url(url: str) -> bool:
    """True when the URL is a site's home page (`/`, `/en`, `/index.html`) rather than a cited item."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(parts.hostname) and not parts.query and bool(_GENERIC_PATH.match(parts.path))
