"""DOI checks against a local stand-in for doi.org, Crossref and their JSON formats.

The payloads follow the documented shapes: the handle API's
``{"responseCode": 1, "handle": …, "values": […]}``, CSL-JSON (``title``,
``author[].family``, ``issued.date-parts``, ``container-title`` …) and
Crossref's ``{"status": "ok", "message-type": "work", "message": {…}}``.
"""

from __future__ import annotations

from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from web_server import LocalServer, send, send_json

from citecheck.web import DoiQuery, DoiStatus, FieldMismatch, LinkStatus, WebOptions, check_dois, check_web
from citecheck.web.dois import containers_match, surnames_match, titles_match
from citecheck.web.http import Reply
from citecheck.web.sharing import registered, resolver_doi

CSL = "application/vnd.citationstyles.csl+json"

GOOD = {
    "type": "article-journal",
    "id": "https://doi.org/10.1234/good",
    "DOI": "10.1234/good",
    "URL": "https://doi.org/10.1234/good",
    "source": "Crossref",
    "publisher": "Example Press",
    "title": "Energy corridors and regional trade: evidence from <i>South Asia</i>",
    "author": [
        {"family": "Khan", "given": "Ayesha", "sequence": "first"},
        {"family": "Petrov", "given": "Ivan", "sequence": "additional"},
    ],
    "container-title": "Journal of Regional Studies",
    "container-title-short": "J. Reg. Stud.",
    "volume": "12",
    "issue": "3",
    "page": "145-167",
    "issued": {"date-parts": [[2019, 6, 1]]},
    "published-print": {"date-parts": [[2019, 6]]},
    "published-online": {"date-parts": [[2018, 12, 20]]},
}

RETRACTED_WORK = {
    "DOI": "10.1234/retracted",
    "type": "journal-article",
    "title": ["A study that was later retracted"],
    "author": [{"given": "Lee", "family": "Park", "sequence": "first", "affiliation": []}],
    "container-title": ["Journal of Examples"],
    "short-container-title": ["J. Ex."],
    "volume": "7",
    "issue": "1",
    "page": "1-10",
    "published": {"date-parts": [[2020, 2, 1]]},
    "issued": {"date-parts": [[2020, 2, 1]]},
    "updated-by": [
        {
            "updated": {"date-parts": [[2022, 5, 10]], "date-time": "2022-05-10T00:00:00Z", "timestamp": 1652140800000},
            "DOI": "10.1234/retraction-notice",
            "type": "retraction",
            "source": "retraction-watch",
            "label": "Retraction",
            "record-id": 41234,
        }
    ],
}

CORRECTED_WORK = {
    **RETRACTED_WORK,
    "DOI": "10.1234/corrected",
    "title": ["A study with a later correction"],
    "updated-by": [
        {
            "updated": {"date-parts": [[2021, 1, 15]]},
            "DOI": "10.1234/erratum",
            "type": "correction",
            "source": "publisher",
            "label": "Correction",
        }
    ],
}


def handle_record(doi: str) -> dict:
    return {
        "responseCode": 1,
        "handle": doi.upper(),
        "values": [
            {
                "index": 1,
                "type": "URL",
                "data": {"format": "string", "value": f"https://publisher.example/{doi}"},
                "ttl": 86400,
                "timestamp": "2019-05-01T10:00:00Z",
            },
            {
                "index": 100,
                "type": "HS_ADMIN",
                "data": {
                    "format": "admin",
                    "value": {"handle": "0.na/10.1234", "index": 200, "permissions": "111111110010"},
                },
                "ttl": 86400,
                "timestamp": "2019-05-01T10:00:00Z",
            },
        ],
    }


@pytest.fixture
def registry(server: LocalServer) -> LocalServer:
    """doi.org (handles + content negotiation) and Crossref's /works on the local server."""
    known = {"10.1234/good", "10.1234/retracted", "10.1234/corrected", "10.1234/crossref-only", "10.5555/datacite"}

    def handles(h: BaseHTTPRequestHandler) -> None:
        doi = h.path.split("/api/handles/", 1)[1].split("?", 1)[0].lower()
        if doi in known:
            send_json(h, 200, handle_record(doi))
        else:
            send_json(h, 404, {"responseCode": 100, "handle": doi.upper()})

    def negotiate(doi: str, payload: dict | None):
        def handler(h: BaseHTTPRequestHandler) -> None:
            if h.headers.get("Accept") != CSL:
                send(h, 302, b"", headers={"Location": f"https://publisher.example/{doi}"})
            elif payload is None:
                send(h, 406, b"Not acceptable", content_type="text/plain")
            else:
                # Like doi.org: redirect to the registration agency's CSL service.
                send(h, 303, b"", headers={"Location": f"/agency/csl/{doi}"})

        return handler

    def csl_service(payload: dict):
        return lambda h: send_json(h, 200, payload, content_type=CSL)

    def works(message: dict):
        return lambda h: send_json(
            h, 200, {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}
        )

    csl_retracted = {
        **RETRACTED_WORK,
        "title": RETRACTED_WORK["title"][0],
        "source": "Crossref",
        "container-title": "Journal of Examples",
    }
    csl_retracted.pop("updated-by")  # content negotiation does not carry the Retraction Watch data
    csl_corrected = {**csl_retracted, "DOI": "10.1234/corrected", "title": "A study with a later correction"}
    datacite = {
        "type": "dataset",
        "DOI": "10.5555/datacite",
        "title": "Survey data",
        "publisher": "Zenodo",
        "author": [{"family": "Rahman", "given": "S."}],
        "issued": {"date-parts": [[2021]]},
    }

    server.routes["/api/handles/10.1234/good"] = handles
    server.routes["/api/handles/10.1234/retracted"] = handles
    server.routes["/api/handles/10.1234/corrected"] = handles
    server.routes["/api/handles/10.1234/crossref-only"] = handles
    server.routes["/api/handles/10.5555/datacite"] = handles
    server.routes["/api/handles/10.1234/missing"] = handles
    server.routes["/10.1234/good"] = negotiate("10.1234/good", GOOD)
    server.routes["/agency/csl/10.1234/good"] = csl_service(GOOD)
    server.routes["/10.1234/retracted"] = negotiate("10.1234/retracted", csl_retracted)
    server.routes["/agency/csl/10.1234/retracted"] = csl_service(csl_retracted)
    server.routes["/10.1234/corrected"] = negotiate("10.1234/corrected", csl_corrected)
    server.routes["/agency/csl/10.1234/corrected"] = csl_service(csl_corrected)
    server.routes["/10.1234/crossref-only"] = negotiate("10.1234/crossref-only", None)
    server.routes["/10.5555/datacite"] = negotiate("10.5555/datacite", datacite)
    server.routes["/agency/csl/10.5555/datacite"] = csl_service(datacite)
    server.routes["/crossref/works/10.1234/good"] = works({**GOOD, "title": [GOOD["title"]]})
    server.routes["/crossref/works/10.1234/retracted"] = works(RETRACTED_WORK)
    server.routes["/crossref/works/10.1234/corrected"] = works(CORRECTED_WORK)
    server.routes["/crossref/works/10.1234/crossref-only"] = works(
        {**RETRACTED_WORK, "DOI": "10.1234/crossref-only", "title": ["Only Crossref knows"], "updated-by": []}
    )
    return server


def test_matching_citation_is_ok(registry: LocalServer, options: WebOptions) -> None:
    query = DoiQuery(
        "10.1234/good",
        title="Energy corridors and regional trade: evidence from South Asia",
        first_author="Khan",
        year="2019",
        container="J. Reg. Stud.",
        volume="12",
        issue="3",
        first_page="145",
    )
    result = check_dois([query], options)["10.1234/good"]
    assert result.status is DoiStatus.OK, result.mismatches
    assert result.mismatches == ()
    assert result.metadata.title == "Energy corridors and regional trade: evidence from South Asia"
    assert result.metadata.first_author == "Khan"
    assert result.metadata.year == "2019"
    assert result.metadata.container == "Journal of Regional Studies"
    assert result.metadata.source == "crossref"
    assert result.checked_at and not result.from_cache
    # Crossref alone answers for its DOIs: existence, metadata and updates in one request.
    assert [p for m, p in registry.log] == ["/crossref/works/10.1234/good"]


def test_citation_that_disagrees_names_each_field(registry: LocalServer, options: WebOptions) -> None:
    query = DoiQuery(
        "10.1234/good",
        title="Pipelines and politics in Central Asia",
        first_author="Smith",
        year="2015",
        container="Energy Policy",
        volume="99",
        issue="3",
        first_page="201",
    )
    result = check_dois([query], options)["10.1234/good"]
    assert result.status is DoiStatus.MISMATCH
    fields = {m.field: m for m in result.mismatches}
    assert set(fields) == {"title", "first_author", "year", "container", "volume", "first_page"}
    assert fields["first_author"] == FieldMismatch("first_author", "Smith", "Khan")
    assert fields["year"].registered == "2019 or 2018"
    assert fields["volume"].registered == "12"
    assert fields["first_page"].registered == "145"
    assert "registry differs in: title, first_author, year" in result.reason


def test_online_year_is_accepted_too(registry: LocalServer, options: WebOptions) -> None:
    result = check_dois([DoiQuery("10.1234/good", year="2018")], options)["10.1234/good"]
    assert result.status is DoiStatus.OK


def test_unknown_doi_is_not_found(registry: LocalServer, options: WebOptions) -> None:
    result = check_dois([DoiQuery("10.1234/missing", title="Anything")], options)["10.1234/missing"]
    assert result.status is DoiStatus.NOT_FOUND
    assert "responseCode 100" in result.reason
    # Crossref does not know it, nor does the resolver: no metadata requests for a DOI that does not exist.
    assert [p for m, p in registry.log] == ["/crossref/works/10.1234/missing", "/api/handles/10.1234/missing"]


def test_retracted_work(registry: LocalServer, options: WebOptions) -> None:
    query = DoiQuery("10.1234/retracted", title="A study that was later retracted", first_author="Park", year="2020")
    result = check_dois([query], replace(options, mailto="editor@example.org"))["10.1234/retracted"]
    assert result.status is DoiStatus.RETRACTED
    assert result.notices == ("Retraction: 10.1234/retraction-notice (2022-05-10, source: retraction-watch)",)
    assert "10.1234/retraction-notice" in result.reason
    crossref = [p for m, p in registry.log if p.startswith("/crossref/")]
    assert crossref == ["/crossref/works/10.1234/retracted?mailto=editor%40example.org"]


def test_correction_is_a_notice_not_a_failure(registry: LocalServer, options: WebOptions) -> None:
    result = check_dois([DoiQuery("10.1234/corrected", first_author="Park")], options)["10.1234/corrected"]
    assert result.status is DoiStatus.OK
    assert result.notices == ("Correction: 10.1234/erratum (2021-01-15, source: publisher)",)


def test_crossref_fallback_when_content_negotiation_fails(registry: LocalServer, options: WebOptions) -> None:
    result = check_dois([DoiQuery("10.1234/crossref-only", title="Only Crossref knows", year="2020")], options)[
        "10.1234/crossref-only"
    ]
    assert result.status is DoiStatus.OK
    assert result.metadata.source == "crossref"
    assert result.metadata.title == "Only Crossref knows"


def test_doi_of_another_agency_survives_crossref_404(registry: LocalServer, options: WebOptions) -> None:
    # The CSL record does not say which agency registered it, so Crossref is
    # asked for update notices; its 404 just means "not ours".
    result = check_dois([DoiQuery("10.5555/datacite", first_author="Rahman", year="2021")], options)
    assert result["10.5555/datacite"].status is DoiStatus.OK
    assert result["10.5555/datacite"].metadata.source == "csl-json"
    assert [p for m, p in registry.log if p.startswith("/crossref/")] == ["/crossref/works/10.5555/datacite"]


def test_doi_results_are_cached_but_judged_afresh(registry: LocalServer, options: WebOptions, tmp_path: Path) -> None:
    cached = replace(options, cache_dir=tmp_path / "cache")
    check_dois([DoiQuery("10.1234/good", year="2019")], cached)
    before = registry.count()
    again = check_dois([DoiQuery("https://doi.org/10.1234/GOOD", year="2001")], cached)["10.1234/good"]
    assert registry.count() == before
    assert again.from_cache
    assert again.status is DoiStatus.MISMATCH
    assert again.mismatches[0].field == "year"


def test_unreachable_registry_leaves_doi_unchecked(options: WebOptions) -> None:
    dead = replace(options, doi_api="http://127.0.0.1:9", crossref_api="http://127.0.0.1:9", retries=0)
    result = check_dois([DoiQuery("10.1234/good")], dead)["10.1234/good"]
    assert result.status is DoiStatus.UNCHECKED
    assert "connection refused" in result.reason


@pytest.mark.parametrize(
    ("cited", "title", "subtitle", "same"),
    [
        (
            "Energy corridors and regional trade",
            "Energy corridors and regional trade",
            "evidence from South Asia",
            True,
        ),
        (
            "Energy Corridors and Regional Trade: Evidence from South Asia",
            "Energy corridors and regional trade",
            "Evidence from South Asia",
            True,
        ),
        ("Energy corridors & regional trade", "Energy corridors and regional trade", "", True),
        ("Pipelines and politics", "Energy corridors and regional trade", "", False),
    ],
)
def test_title_matching(cited: str, title: str, subtitle: str, same: bool) -> None:
    assert titles_match(cited, title, subtitle) is same


def test_surname_and_container_matching() -> None:
    assert surnames_match("Muller", "Müller")
    assert surnames_match("Berg", "van den Berg")
    assert not surnames_match("Smith", "Khan")
    assert containers_match("J. Reg. Stud.", "Journal of Regional Studies")
    assert containers_match("Journal of regional studies", "Journal of Regional Studies")
    assert not containers_match("Energy Policy", "Journal of Regional Studies")


def test_crossref_first_then_the_resolver_for_a_datacite_doi(registry: LocalServer, options: WebOptions) -> None:
    result = check_dois([DoiQuery("10.5555/datacite", title="Survey data")], options)["10.5555/datacite"]
    assert result.status is DoiStatus.OK and result.metadata.source == "csl-json"
    assert [p for m, p in registry.log] == [
        "/crossref/works/10.5555/datacite",  # Crossref: not ours (404)
        "/api/handles/10.5555/datacite",  # the resolver knows it
        "/10.5555/datacite",  # content negotiation for CSL-JSON …
        "/agency/csl/10.5555/datacite",  # … answered by the registration agency
    ]


def test_a_doi_cited_as_a_resolver_url_is_asked_of_the_resolver_once(
    registry: LocalServer, options: WebOptions
) -> None:
    landing = f"http://publisher.localhost:{registry.port}/landing/10.5555/datacite"  # another origin
    registry.routes["/landing/10.5555/datacite"] = lambda h: send(h, 200, "<title>Survey data</title>")
    datacite = registry.routes["/10.5555/datacite"]

    def resolve(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("Accept") == CSL:
            datacite(h)
        else:
            send(h, 302, b"", headers={"Location": landing})

    registry.routes["/10.5555/datacite"] = resolve
    urls = [registry.url("/10.5555/datacite"), registry.url("/10.5555/nobody")]
    queries = [DoiQuery("10.5555/datacite", first_author="Rahman"), DoiQuery("10.5555/nobody")]
    outcome = check_web(
        urls, queries, replace(options, archive_lookup=False), resolver=lambda host, port: ["127.0.0.1"]
    )
    assert outcome.links[urls[0]].status is LinkStatus.OK
    assert outcome.links[urls[1]].status is LinkStatus.BROKEN
    assert outcome.dois["10.5555/datacite"].status is DoiStatus.OK
    assert outcome.dois["10.5555/nobody"].status is DoiStatus.NOT_FOUND
    assert outcome.dois["10.5555/nobody"].reason == "DOI not found at the resolver (404 for its URL)"
    log = [p for m, p in registry.log]
    # The link checks' first hops answered "registered?"; the handle API was not asked.
    assert not [p for p in log if p.startswith("/api/handles/")]
    assert log.count("/10.5555/datacite") == 2  # the link's GET, and the CSL-JSON request
    assert log.count("/10.5555/nobody") == 1


@pytest.mark.parametrize(
    ("url", "api", "doi"),
    [
        ("https://doi.org/10.1234/ABC", "https://doi.org", "10.1234/abc"),
        ("https://doi.org/10.1234/a%2Fb", "https://doi.org", "10.1234/a/b"),
        ("http://127.0.0.1:8080/doi/10.1234/x", "http://127.0.0.1:8080/doi/", "10.1234/x"),
        ("https://dx.doi.org/10.1234/x", "https://doi.org", None),  # another origin: another resolver
        ("http://doi.org/10.1234/x", "https://doi.org", None),
        ("https://doi.org/about", "https://doi.org", None),
    ],
)
def test_which_urls_name_a_doi_at_the_resolver(url: str, api: str, doi: str | None) -> None:
    assert resolver_doi(url, api) == doi


@pytest.mark.parametrize(
    ("reply", "known"),
    [
        (Reply("https://doi.org/10.1/x", status=302, location="https://publisher.example/x"), True),
        (Reply("https://doi.org/10.1/x", status=404), False),
        (Reply("https://doi.org/10.1/x", status=301, location="/10.1/x/"), None),  # still at the resolver
        (Reply("https://doi.org/10.1/x", status=500), None),
    ],
)
def test_what_the_resolvers_answer_to_a_plain_get_says(reply: Reply, known: bool | None) -> None:
    assert registered(reply, "https://doi.org") is known
