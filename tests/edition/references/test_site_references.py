"""The site's references: bibliography page, note links to it, ibid pointers, link health and its age."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citecheck.extensions import default_registry
from citecheck.read import load
from citecheck.resolve.bibliography import match_entries
from citecheck.resolve.works import build_model
from pakistan_russia_edition.reference_pages import bibliography_markdown, health_markdown

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "edition"))
from edition_site import html_path_for, parse_html  # noqa: E402


@pytest.fixture(scope="module")
def model():
    inputs = load([ROOT], default_registry().readers)
    return build_model(inputs.documents, inputs.bib_entries, inputs.bib_files)


@pytest.fixture(scope="module")
def bibliography(built_site):
    return parse_html(html_path_for(built_site, "bibliography.md").read_text(encoding="utf-8"))


def _label(key: str) -> str:
    return key.rsplit("#", 1)[-1]


def test_bibliography_lists_each_work_once_with_back_links(model, bibliography):
    entries = bibliography.find_all("div", "edition-bib-entry")
    ids = [entry.attrs["id"] for entry in entries]
    assert len(ids) == len(set(ids)) == len(model.works) == 45
    matches = match_entries(model.works, model.bib_entries)
    for work in model.works:
        (entry,) = matches[work.id]
        node = bibliography.by_id(entry.key)
        links = [a for a in node.find_all("a") if "#fn:" in a.attrs.get("href", "")]
        assert [a.text() for a in links] == [_label(key) for key in work.notes], work.id
        for a in links:
            assert a.attrs["href"].endswith(f"#fn:{a.text()}")


def test_chicago_text_and_links(bibliography):
    khan = bibliography.by_id("khan-2019-pakistan").text()
    assert "Khan, Muhammad Nawaz. “Pakistan-Russia Relations Redux" in khan
    assert "Cited in notes 5, 16, 19, 47, 50, 51, 52, 56, 57, 58, 59, 60, 65, 66, 67." in " ".join(khan.split())
    biswas = bibliography.by_id("biswas-2021-russia")
    assert any(a.attrs.get("href") == "https://doi.org/10.1177/0973598421998899" for a in biswas.find_all("a"))


def test_every_note_links_to_its_work_in_the_bibliography(model, built_site):
    seen = 0
    for document in model.documents:
        for note in document.notes:
            page = Path(note.location.path).relative_to("docs").as_posix()
            tree = parse_html(html_path_for(built_site, page).read_text(encoding="utf-8"))
            item = tree.by_id(f"fn:{note.label}")
            targets = {a.attrs["href"].split("#")[1] for a in item.find_all("a", "edition-note-work")}
            expected = {model.works_by_id[w].bib_key for w in model.works_of(note.key)}
            assert targets == expected, note.label
            seen += 1
    assert seen == 95


def test_ibid_notes_say_which_note_and_work_they_refer_to(built_site):
    tree = parse_html(html_path_for(built_site, "article/opportunities/economy.md").read_text(encoding="utf-8"))
    for label in ("39", "40", "41"):
        pointer = tree.by_id(f"fn:{label}").find_all("span", "edition-note-pointer")[0]
        assert (
            " ".join(pointer.text().split()) == "Ibid. → note 38: Chia and Haiqi, 'Russia-Pakistan Economic Relations'"
        )
        assert pointer.find_all("a")[0].attrs["href"] == "#fn:38"
    short = parse_html(html_path_for(built_site, "article/historical-overview.md").read_text(encoding="utf-8"))
    # Note 29's short form ("Siddiqui, 'Has Pakistan Succeeded…'") points to note 24's full citation.
    pointer = short.by_id("fn:29").find_all("span", "edition-note-pointer")[0]
    assert "Short form → note 24" in " ".join(pointer.text().split())


def test_notes_with_findings_carry_a_mark_that_explains_them(built_site):
    tree = parse_html(html_path_for(built_site, "article/historical-overview.md").read_text(encoding="utf-8"))
    mark = tree.by_id("fn:16").find_all("span", "edition-note-finding")
    assert any("first cited in note 5" in m.attrs.get("title", "") for m in mark)
    clean = tree.by_id("fn:4").find_all("span", "edition-note-finding")
    assert clean == []


def test_downloads_are_built(built_site):
    for name in ("references.bib", "references.ris", "references.json", "edition.bib", "edition.ris", "edition.json"):
        assert (built_site / name).stat().st_size > 0, name
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="edition.bib"' in home and 'href="edition.ris"' in home and 'href="edition.json"' in home


def test_missing_and_stale_reports_are_said_so(model):
    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert "have not been checked yet" in health_markdown(None, lambda n: f"#fn:{n}", now)
    old = {
        "checked_at": (now - timedelta(days=40)).isoformat(),
        "web_checked": True,
        "links": [],
        "findings": [],
        "summary": {"findings": {}},
    }
    text = health_markdown(old, lambda n: f"#fn:{n}", now)
    assert "40 days ago; the report is stale" in text and "!!! warning" in text
    fresh = dict(old, checked_at=now.isoformat())
    assert "stale" not in health_markdown(fresh, lambda n: f"#fn:{n}", now)


def test_link_health_and_archived_copy_reach_the_bibliography(model):
    now = datetime(2026, 11, 29, tzinfo=UTC)
    report = {
        "checked_at": now.isoformat(),
        "web_checked": True,
        "findings": [],
        "links": [
            {
                "url": "https://www.mei.edu/publications/balancing-ties-russia-expands-afghanistan-cooperation-both-india-and-pakistan",
                "status": "broken",
                "checked_at": "2026-11-28T10:00:00Z",
                "archived_url": "https://web.archive.org/web/2021/x",
            },
            {"url": "https://www.jstor.org/stable/48537570", "status": "blocked", "checked_at": "2026-11-28T10:00:00Z"},
        ],
    }
    page = bibliography_markdown(model, list(model.bib_entries), report, lambda n: f"#fn:{n}", now)
    ramani = page[page.index('id="ramani-2021-balancing"') :]
    ramani = ramani[: ramani.index("</div>")]
    assert "edition-link-broken" in ramani and 'href="https://web.archive.org/web/2021/x">archived copy' in ramani
    assert "(2026-11-28)" in ramani
    naqvi = page[page.index('id="naqvi-2017-rejuvenating"') :]
    assert "blocked, verify by hand" in naqvi[: naqvi.index("</div>")]
    assert re.search(r"Links checked on 29 November 2026\.", page)


def test_health_page_groups_findings_by_note(built_site):
    text = " ".join(
        parse_html(html_path_for(built_site, "reference-health.md").read_text(encoding="utf-8")).text().split()
    )
    assert "Reference health" in text
    report = ROOT / "references" / "linkcheck.json"
    if report.is_file():
        assert "Note 16" in text and "repeated-full-citation" in text and "(acknowledged)" in text
