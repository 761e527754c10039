"""What one check of a run learns that another needs: the resolver's word on a DOI cited as its URL.

A DOI cited as ``https://doi.org/10.1234/x`` is checked twice: as a link
(GET at the resolver, then the landing page) and as a DOI. The link's first
hop already says whether the resolver knows the DOI (a redirect away: yes;
404: no), which is what the DOI check would otherwise ask the handle API
for. So the link check publishes that answer and the DOI check, when
Crossref does not know the DOI, waits for it instead of asking again.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from citecheck.web.http import Reply, origin_of
from citecheck.web.scheduler import Shared

#: The resolver's word on a DOI: True registered, False unknown to it, None no clear answer.
Registered = Shared[bool | None]


def resolver_doi(url: str, doi_api: str) -> str | None:
    """The DOI that ``url`` names at the resolver ``doi_api`` (lower-cased), or None."""
    if origin_of(url) != origin_of(doi_api):
        return None
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    base = unquote(urlsplit(doi_api).path).rstrip("/")
    doi = path[len(base) :].lstrip("/") if path.startswith(base) else ""
    return doi.lower() if doi.startswith("10.") else None


def registered(reply: Reply, doi_api: str) -> bool | None:
    """What the resolver's answer to a plain GET of a DOI says about its registration."""
    if reply.location is not None:
        # A redirect within the resolver itself (http → https, a trailing slash) says nothing yet.
        target = reply.location if "://" in reply.location else doi_api
        return True if origin_of(target) != origin_of(doi_api) else None
    return False if reply.status == 404 else None


class ResolverAnswers:
    """The shared answers of one run, for DOIs whose resolver URL is also being link-checked."""

    def __init__(self, urls: Iterable[str], dois: Iterable[str], doi_api: str) -> None:
        self.doi_api = doi_api
        wanted = set(dois)
        self._by_url: dict[str, Registered] = {}
        self._by_doi: dict[str, Registered] = {}
        for url in urls:
            doi = resolver_doi(url, doi_api)
            if doi in wanted and doi not in self._by_doi:
                self._by_url[url] = self._by_doi[doi] = Shared()

    def for_url(self, url: str) -> Registered | None:
        """Where the link check of ``url`` publishes its answer (None: nobody waits for it)."""
        return self._by_url.get(url)

    def for_doi(self, doi: str) -> Registered | None:
        """The answer the DOI check of ``doi`` may wait for (None: ask the resolver itself)."""
        return self._by_doi.get(doi)
