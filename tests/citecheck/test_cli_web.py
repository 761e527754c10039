"""The whole command with the network: a paper whose notes cite pages, a DOI and an archive, all on 127.0.0.1.

pytest-httpserver stands in for the cited sites, the DOI resolver, Crossref and the Wayback Machine;
citecheck runs as editors run it (`--allow-private` lets it reach the loopback server).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from citecheck.cli import main

DOI = "10.5555/edition.1"


@pytest.fixture
def sites(httpserver: HTTPServer) -> HTTPServer:
    page = "<html><head><title>{}</title></head><body><h1>{}</h1></body></html>"
    httpserver.expect_request("/article").respond_with_data(
        page.format("An article", "An article"), content_type="text/html"
    )
    httpserver.expect_request("/gone").respond_with_data("no", status=404, content_type="text/html")
    httpserver.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "/article"})
    httpserver.expect_request("/soft").respond_with_data(
        page.format("Page not found", "Sorry"), content_type="text/html"
    )
    # Crossref answers for its DOIs in one request (the resolver is asked only about DOIs Crossref does not know).
    httpserver.expect_request(f"/works/{DOI}").respond_with_json(
        {
            "status": "ok",
            "message-type": "work",
            "message": {
                "type": "journal-article",
                "DOI": DOI,
                "title": ["The Neglected Dimension of Commercial Liberalism"],
                "author": [{"family": "Press-Barnathan", "given": "Galia", "sequence": "first"}],
                "container-title": ["Journal of Peace Research"],
                "volume": "43",
                "issue": "3",
                "page": "261-278",
                "issued": {"date-parts": [[2006, 5]]},
            },
        }
    )
    httpserver.expect_request("/wayback/available").respond_with_json(
        {
            "archived_snapshots": {
                "closest": {
                    "available": True,
                    "status": "200",
                    "timestamp": "20210101000000",
                    "url": "http://web.archive.org/web/20210101000000/gone",
                }
            }
        }
    )
    return httpserver


def write_paper(folder: Path, server: HTTPServer) -> Path:
    base = server.url_for("")
    paper = folder / "paper.md"
    paper.write_text(
        "A claim.[^1] Another.[^2] A third.[^3] A fourth.[^4] A fifth.[^5]\n\n"
        f"[^1]: Ann Author, 'An Article', *Journal* 1 (2020): 1-2, <{base}article>.\n"
        f"[^2]: Bo Writer, 'Gone Page', *Site*, 3 March 2021, <{base}gone>.\n"
        f"[^3]: Cy Scribe, 'Moved Page', *Site*, 2022, <{base}moved>.\n"
        f"[^4]: Di Hand, 'Soft Page', *Site*, 2022, <{base}soft>.\n"
        "[^5]: Galia Press-Barnathan, 'The Neglected Dimension of Commercial Liberalism', "
        f"*Journal of Peace Research* 43, no. 3 (2005): 261-78, https://doi.org/{DOI}.\n",
        encoding="utf-8",
    )
    return paper


def run(paper: Path, server: HTTPServer, out: Path, *extra: str) -> dict:
    api = server.url_for("").rstrip("/")
    status = main(
        [
            str(paper),
            "--allow-private",
            "--quiet",
            "--format",
            "json",
            "--output",
            str(out),
            "--doi-api",
            api,
            "--crossref-api",
            api,
            "--archive-api",
            api,
            "--timeout",
            "5",
            "--fail-on",
            "never",
            *extra,
        ]
    )
    assert status == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_link_and_doi_gets_its_status_and_finding(sites, tmp_path):
    report = run(write_paper(tmp_path, sites), sites, tmp_path / "r.json", "--no-cache")
    status = {link["url"].rsplit("/", 1)[-1]: link for link in report["links"]}
    assert status["article"]["status"] == "ok"
    assert status["gone"]["status"] == "broken" and status["gone"]["notes"] == ["2"]
    assert status["gone"]["archived_url"] == "http://web.archive.org/web/20210101000000/gone"
    assert status["moved"]["status"] == "redirected" and status["moved"]["final_url"].endswith("/article")
    assert status["soft"]["status"] == "soft-404"
    findings = {(f["code"], tuple(f["notes"])): f for f in report["findings"]}
    assert "archived copy: http://web.archive.org" in findings[("url-broken", ("2",))]["suggestion"]
    assert findings[("url-redirected", ("3",))]["suggestion"].endswith("/article")
    assert ("url-soft-404", ("4",)) in findings
    mismatch = findings[("doi-metadata-mismatch", ("5",))]
    assert "year" in mismatch["message"] and "2006" in mismatch["message"]
    (doi,) = report["dois"]
    assert doi["doi"] == DOI and doi["status"] == "mismatch" and doi["notes"] == ["5"]


def test_second_run_is_answered_from_the_cache(sites, tmp_path):
    paper = write_paper(tmp_path, sites)
    cache = tmp_path / "cache"
    run(paper, sites, tmp_path / "first.json", "--cache-dir", str(cache))
    asked = len(sites.log)
    second = run(paper, sites, tmp_path / "second.json", "--cache-dir", str(cache))
    assert len(sites.log) == asked, "the second run sent no request"
    cached = [link for link in second["links"] if link["status"] != "unchecked"]
    assert cached and all(link["from_cache"] for link in cached)


def test_loopback_is_refused_without_allow_private(sites, tmp_path, capsys):
    paper = write_paper(tmp_path, sites)
    out = tmp_path / "r.json"
    assert main([str(paper), "--quiet", "--no-cache", "--format", "json", "-o", str(out), "--fail-on", "never"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {link["status"] for link in report["links"]} == {"unchecked"}
    assert all("--allow-private" in link["reason"] for link in report["links"] if "127.0.0.1" in link["url"])
    assert len(sites.log) == 0


def test_one_run_writes_every_report(sites, tmp_path):
    paper = write_paper(tmp_path, sites)
    api = sites.url_for("").rstrip("/")
    out = {fmt: tmp_path / f"report.{fmt}" for fmt in ("json", "sarif", "markdown", "text")}
    status = main(
        [str(paper), "--allow-private", "--quiet", "--no-cache", "--fail-on", "never"]
        + ["--doi-api", api, "--crossref-api", api, "--archive-api", api]
        + [arg for fmt, path in out.items() for arg in ("--report", f"{fmt}:{path}")]
        + ["--output", str(tmp_path / "stdout.txt")]
    )
    assert status == 0
    paths = [request.path for request, _ in sites.log]
    assert paths.count("/gone") == 1 and paths.count(f"/works/{DOI}") == 1, "the checks ran once"
    report = json.loads(out["json"].read_text(encoding="utf-8"))
    assert {link["status"] for link in report["links"]} >= {"broken", "redirected", "soft-404"}
    sarif = json.loads(out["sarif"].read_text(encoding="utf-8"))
    assert any(r["ruleId"] == "url-broken" for r in sarif["runs"][0]["results"])
    assert "url-broken" in out["markdown"].read_text(encoding="utf-8")
    assert out["text"].read_text(encoding="utf-8") == (tmp_path / "stdout.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("json", "expected FORMAT:PATH"),
        ("yaml:out.yaml", "unknown format 'yaml'"),
        ("json:no/such/folder/r.json", "the folder no/such/folder does not exist"),
    ],
)
def test_a_bad_report_option_is_a_usage_error_before_any_request(sites, tmp_path, capsys, value, message):
    paper = write_paper(tmp_path, sites)
    assert main([str(paper), "--allow-private", "--no-cache", "--report", value]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert len(sites.log) == 0
