"""Fixes that need the web checks' answers, against a real server on 127.0.0.1: a permanent redirect's final URL,
the https:// form that works, and (needing a person's yes) a broken link's archived copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from citecheck.cli import main


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    page = "<html><head><title>{0}</title></head><body><h1>{0}</h1><p id='part'>Text</p></body></html>"
    httpserver.expect_request("/article").respond_with_data(page.format("An article"), content_type="text/html")
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/article"})
    httpserver.expect_request("/to-home").respond_with_data("", status=301, headers={"Location": "/"})
    httpserver.expect_request("/chain").respond_with_data("", status=301, headers={"Location": "/step"})
    httpserver.expect_request("/step").respond_with_data(
        "", status=302, headers={"Location": "/article?session=abc123"}
    )
    httpserver.expect_request("/").respond_with_data(page.format("Home"), content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404, content_type="text/html")
    httpserver.expect_request("/wayback/available").respond_with_json(
        {"archived_snapshots": {"closest": {"available": True, "status": "200", "timestamp": "20210101000000",
                                            "url": "https://web.archive.org/web/20210101000000/gone"}}}
    )  # fmt: skip
    return httpserver


def citecheck(paper: Path, server: HTTPServer, *extra: str) -> int:
    api = server.url_for("").rstrip("/")
    return main([str(paper), "--allow-private", "--quiet", "--archive-api", api, "--doi-api", api,
                 "--crossref-api", api, "--timeout", "5", "--fail-on", "never",
                 "--cache-dir", str(paper.parent / "cache"), *extra])  # fmt: skip


def write(folder: Path, *definitions: str) -> Path:
    paper = folder / "paper.md"
    markers = " ".join(f"Claim.[^{n}]" for n in range(1, len(definitions) + 1))
    paper.write_text(markers + "\n\n" + "".join(f"[^{n}]: {d}\n" for n, d in enumerate(definitions, 1)), "utf-8")
    return paper


def test_a_moved_url_is_replaced_by_where_it_moved_in_every_note(site: HTTPServer, tmp_path: Path, capsys) -> None:
    old, new = site.url_for("/old"), site.url_for("/article")
    paper = write(
        tmp_path,
        f"Ann Author, 'An Article', *Site*, 2020, <{old}#part>.",
        f"Bo Writer, 'Another', *Site*, 2021, [the page]({old}) and {old}.",
    )
    assert citecheck(paper, site, "--fix") == 0
    text = paper.read_text(encoding="utf-8")
    assert f"<{new}#part>" in text  # the fragment is kept
    assert f"[the page]({new}) and {new}." in text
    assert old not in text
    assert "url-redirected: write" in capsys.readouterr().err
    assert citecheck(paper, site, "--fix") == 0
    assert paper.read_text(encoding="utf-8") == text
    assert "nothing to fix" in capsys.readouterr().err


def test_a_move_is_followed_only_as_far_as_it_is_permanent(site: HTTPServer, tmp_path: Path, capsys) -> None:
    """301 to /step, which sends on with a temporary 302 (a session's address): the URL lives at /step now."""
    paper = write(tmp_path, f"Ann Author, 'A Page', *Site*, 2020, <{site.url_for('/chain')}>.")
    citecheck(paper, site, "--fix")
    assert f"<{site.url_for('/step')}>" in paper.read_text(encoding="utf-8")
    assert "session" not in paper.read_text(encoding="utf-8")
    assert f"moved permanently to {site.url_for('/step')}" not in capsys.readouterr().out  # fixed: not reported


def test_a_redirect_to_the_home_page_is_not_a_fix(site: HTTPServer, tmp_path: Path) -> None:
    paper = write(tmp_path, f"Ann Author, 'A Page', *Site*, 2020, <{site.url_for('/to-home')}>.")
    out = tmp_path / "r.json"
    citecheck(paper, site, "--format", "json", "-o", str(out))
    (finding,) = [f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if f["code"] == "url-redirected"]
    assert finding["fix"] is None


def test_a_broken_link_gets_its_archived_copy_only_with_unsafe_fixes(site: HTTPServer, tmp_path: Path) -> None:
    gone = site.url_for("/gone")
    paper = write(tmp_path, f"Bo Writer, 'Gone Page', *Site*, 3 March 2021, <{gone}>.")
    before = paper.read_text(encoding="utf-8")
    citecheck(paper, site, "--fix")
    assert paper.read_text(encoding="utf-8") == before
    citecheck(paper, site, "--fix", "--unsafe-fixes")
    archived = "https://web.archive.org/web/20210101000000/gone"
    assert paper.read_text(encoding="utf-8") == before.replace(f"<{gone}>", f"<{gone}> (archived at <{archived}>)")
    fixed = paper.read_text(encoding="utf-8")
    citecheck(paper, site, "--fix", "--unsafe-fixes")
    assert paper.read_text(encoding="utf-8") == fixed


def test_the_https_form_that_works_is_written(site: HTTPServer, tmp_path: Path, capsys) -> None:
    """The https probe asks port 443 with a trusted certificate, which a loopback test server on its own port cannot
    offer: a first run checks the http:// URL for real, and its cached result is then given the probe's answer,
    as a run on the web would have recorded it."""
    url = site.url_for("/article")
    paper = write(tmp_path, f"Ann Author, 'An Article', *Site*, 2020, {url}.")
    citecheck(paper, site)
    (entry,) = (tmp_path / "cache").rglob("*.json")
    record = json.loads(entry.read_text(encoding="utf-8"))
    assert record["value"]["url"] == url and record["value"]["https_works"] is None  # not probed on its port
    record["value"]["https_works"] = True
    entry.write_text(json.dumps(record), encoding="utf-8")
    capsys.readouterr()
    citecheck(paper, site, "--diff")
    assert (
        f"+[^1]: Ann Author, 'An Article', *Site*, 2020, {url.replace('http://', 'https://')}."
        in capsys.readouterr().out
    )
