"""A hostile link report (script in every string, javascript: in every address) builds a site where no
script of its own runs and no javascript: link exists: the report is validated when read, and escaped."""

from __future__ import annotations

import json

import pytest
from browser_support import BROWSER_MARKS

from site_builds import copy_project

pytestmark = BROWSER_MARKS

SCRIPT = '"><script>alert("{n}")</script><img src=x onerror=alert({n})>'
RAMANI = (
    "https://www.mei.edu/publications/balancing-ties-russia-expands-afghanistan-cooperation-both-india-and-pakistan"
)


def hostile_report() -> dict:
    return {
        "schema_version": 1,
        "checked_at": "2026-11-29T10:35:26+00:00",
        "web_checked": True,
        "links": [
            {"url": RAMANI, "status": "broken" + SCRIPT.format(n=1), "checked_at": SCRIPT.format(n=2),
             "archived_url": "javascript:alert(3)//", "notes": ["1"]},
            {"url": "javascript:alert(4)", "status": "ok"},
            {"url": "https://www.jstor.org/stable/48537570", "status": "blocked", "archived_url": "JaVaScRiPt:alert(5)"},
        ],
        "findings": [
            {"code": "url-broken", "severity": "error" + SCRIPT.format(n=6), "notes": ["1" + SCRIPT.format(n=7), "2"],
             "related": [SCRIPT.format(n=8)], "path": SCRIPT.format(n=9), "line": 3,
             "message": "javascript:alert(10) is broken " + SCRIPT.format(n=11),
             "suggestion": "javascript:alert(12)", "subject": "javascript:alert(13)", "baselined": False},
            {"code": "url-redirected" + SCRIPT.format(n=14), "message": "x", "notes": ["3"]},
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, run_mkdocs_build, serve_site):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / "references" / "linkcheck.json").write_text(json.dumps(hostile_report()), encoding="utf-8")
    build = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert build.returncode == 0, build.stderr
    # What was left out is said (at INFO level: it comes from web servers' answers, and must not stop a build).
    assert "left out a link entry without a valid http(s) URL" in build.stderr
    assert "left out a finding of an unknown code or shape" in build.stderr
    with serve_site(project / "site") as url:
        yield url, project / "site"


@pytest.mark.parametrize("page_path", ["bibliography/", "reference-health/", "article/historical-overview/"])
def test_no_script_of_the_report_runs_and_no_javascript_link_exists(browser, hostile_site, page_path: str) -> None:
    url, site = hostile_site
    html = (site / page_path / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "onerror=alert(" not in html
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + page_path)
    page.wait_for_load_state("load")
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    context.close()
    assert dialogs == []
    assert not [href for href in links if href.strip().lower().startswith("javascript:")]


def test_the_valid_part_of_the_report_still_shows(hostile_site) -> None:
    _url, site = hostile_site
    page = (site / "bibliography" / "index.html").read_text(encoding="utf-8")
    ramani = page[page.index('id="ramani-2021-balancing"') :]
    ramani = ramani[: ramani.index("</div>")]
    assert "edition-link-unchecked" in ramani  # its status was not one of citecheck's: read as unchecked
    assert "archived copy" not in ramani  # its archived copy was no http(s) address
