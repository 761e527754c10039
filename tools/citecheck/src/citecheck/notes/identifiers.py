"""Find URLs and DOIs in citation text exactly: no sentence punctuation, no split archive URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from citecheck.model import Url

_ANGLE_URL = re.compile(r"<((?:https?|ftp|file|mailto|javascript|data):[^<>\s]*)>", re.IGNORECASE)
# A bare URL runs to the next white space or angle bracket; trailing punctuation is trimmed after.
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*’”»"
_PAIRS = {")": "(", "]": "[", "}": "{"}

_DOI_VALID = re.compile(r"^10\.\d{4,9}/[^\s]+$")
_DOI_RESOLVER = re.compile(r"^https?://(?:dx\.)?doi\.org/(.*)$", re.IGNORECASE)
_DOI_PREFIXED = re.compile(r"\bdoi:\s*(\S+)", re.IGNORECASE)
_DOI_IN_PATH = re.compile(r"/(10\.\d{4,9}/[^?#\s]+)")
_BARE_DOI = re.compile(r"(?<![\w/.])(10\.\d{4,9}/[^\s\"<>]+)")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True, slots=True)
class Identifiers:
    """What one piece of text links to."""

    urls: tuple[Url, ...]
    dois: tuple[str, ...]
    """Valid DOIs, normalised (lower-case, no resolver prefix)."""
    invalid_dois: tuple[str, ...]
    """Strings given as DOIs (a `doi:` prefix or a doi.org URL) that break the DOI syntax."""


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


@lru_cache(maxsize=65536)
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


@lru_cache(maxsize=65536)
def url_identity(url: str) -> str:
    """A key under which http/https and www./bare forms of one page compare equal."""
    normalized = normalize_url(url)
    without_scheme = normalized.split("://", 1)[-1]
    return without_scheme.removeprefix("www.")


@lru_cache(maxsize=65536)
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
    """Lower-case a DOI and remove any resolver prefix or trailing punctuation."""
    doi = doi.strip()
    match = _DOI_RESOLVER.match(doi)
    if match:
        doi = match.group(1)
    doi = re.sub(r"^doi:\s*", "", doi, flags=re.IGNORECASE)
    return trim_url(doi).lower()


def is_valid_doi(doi: str) -> bool:
    """True when the string has the DOI syntax: `10.` + 4-9 digit registrant + `/` + suffix."""
    return bool(_DOI_VALID.match(doi))


def find_urls(text: str) -> list[str]:
    """Every URL in the text, in order, exactly as it should be fetched."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _ANGLE_URL.finditer(text):
        found.append((match.start(), match.group(1)))
        taken.append(match.span())
    for match in _BARE_URL.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        url = trim_url(match.group(0))
        if url:
            found.append((match.start(), url))
    return [url for _, url in sorted(found)]


def extract(text: str) -> Identifiers:
    """The URLs and DOIs of a piece of citation text."""
    urls: list[Url] = []
    dois: list[str] = []
    invalid: list[str] = []

    def add_doi(candidate: str) -> None:
        doi = normalize_doi(candidate)
        if not is_valid_doi(doi):
            invalid.append(trim_url(candidate))
        elif doi not in dois:
            dois.append(doi)

    raw_urls = find_urls(text)
    for raw in raw_urls:
        urls.append(Url(raw=raw, normalized=normalize_url(raw)))
        resolver = _DOI_RESOLVER.match(raw)
        if resolver:
            add_doi(resolver.group(1))
            continue
        in_path = _DOI_IN_PATH.search(urlsplit(raw).path if url_problem(raw) is None else raw)
        if in_path:
            add_doi(in_path.group(1))
    if "10." not in text:
        return Identifiers(urls=tuple(urls), dois=tuple(dois), invalid_dois=tuple(invalid))
    outside = text
    for raw in raw_urls:
        outside = outside.replace(raw, " ")
    for match in _DOI_PREFIXED.finditer(outside):
        add_doi(match.group(1))
    outside = _DOI_PREFIXED.sub(" ", outside)
    for match in _BARE_DOI.finditer(outside):
        add_doi(match.group(1))
    return Identifiers(urls=tuple(urls), dois=tuple(dois), invalid_dois=tuple(invalid))


_GENERIC_PATH = re.compile(r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?|index\.\w+|home|default\.\w+)?/?$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def is_generic_url(url: str) -> bool:
    """True when the URL is a site's home page (`/`, `/en`, `/index.html`) rather than a cited item."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(parts.hostname) and not parts.query and bool(_GENERIC_PATH.match(parts.path))
