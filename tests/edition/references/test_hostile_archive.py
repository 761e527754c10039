"""Issue 14, groups 3 and 8 together: a hostile archive server does not reach the site.

citecheck checks the project as ``make check`` does, against pytest-httpserver on 127.0.0.1 (every other URL
and DOI excluded, so nothing leaves the machine): a note's link is gone, and the Wayback answer for it names a
``javascript:`` address. The link report citecheck writes, and the site built from it, keep the link broken
with no archived copy, and no ``javascript:`` link exists anywhere in the site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from citecheck.cli import main
from site_builds import copy_project

HOSTILE_SNAPSHOT = "javascript:alert(document.domain)//"


def test_a_hostile_archive_answer_reaches_neither_the_report_nor_the_site(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, run_mkdocs_build
) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404, content_type="text/html")
    closest = {"available": True, "status": "200", "timestamp": "20210101000000", "url": HOSTILE_SNAPSHOT}
    httpserver.expect_request("/wayback/available").respond_with_json({"archived_snapshots": {"closest": closest}})
    api = httpserver.url_for("").rstrip("/")
    gone = httpserver.url_for("/gone")
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "article" / "conclusion.md"
    text = page.read_text(encoding="utf-8")
    note = next(line for line in text.splitlines() if line.startswith("[^95]:"))
    page.write_text(text.replace(note, f"{note} <{gone}>"), encoding="utf-8")
    (project / "local-only.toml").write_text(f"exclude-urls = ['^(?!{re.escape(api)}/)']\n", encoding="utf-8")

    monkeypatch.chdir(project)
    status = main(
        [
            *(".", "--config", "local-only.toml", "--baseline", "references/citecheck-baseline.json"),
            *("--report", "json:references/linkcheck.json", "--quiet", "--no-cache", "--allow-private"),
            *("--doi-api", api, "--crossref-api", api, "--archive-api", api, "--output", "report.txt"),
        ]
    )
    assert status == 1  # the broken link is a finding

    report = (project / "references" / "linkcheck.json").read_text(encoding="utf-8")
    (link,) = [entry for entry in json.loads(report)["links"] if entry["url"] == gone]
    assert link["status"] == "broken" and link.get("archived_url") is None
    assert "javascript:" not in report
    assert len([r for r, _ in httpserver.log if r.path == "/wayback/available"]) == 1  # it was asked

    build = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert build.returncode == 0, build.stderr
    health = (project / "site" / "reference-health" / "index.html").read_text(encoding="utf-8")
    assert gone in health
    for html in (project / "site").rglob("*.html"):
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html.read_text(encoding="utf-8"), re.I), html
