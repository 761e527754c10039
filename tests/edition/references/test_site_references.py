"""The site's references: bibliography page, note links to it, ibid pointers, link health and its age."""

from __future__ import annotations

import itertools
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citecheck.codes import CORE_CODES
from citecheck.extensions import default_registry
from citecheck.read import load
from citecheck.resolve.bibliography import match_entries
from citecheck.resolve.works import build_model
from pakistan_russia_edition.link_report import LinkReport, parse_link_report
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
    note = tree.by_id("fn:16")
    (mark,) = note.find_all("button", "edition-finding-mark")
    assert mark.attrs["type"] == "button" and "title" not in mark.attrs
    panel = tree.by_id(mark.attrs["aria-controls"])
    assert "edition-finding-panel" in panel.classes and panel in note.iter()
    assert mark.text() == "⚑What the citation checker found in note 16 (3 findings)"
    text = " ".join(panel.text().split())
    assert "This note repeats the full citation of note 5; a short form would do." in text
    # The whole main title, not citecheck's cut ('Pakistan-Russia Relations Redux: From' …).
    assert "Short form: Khan, 'Pakistan-Russia Relations Redux'." in text
    assert "(citecheck code repeated-full-citation, acknowledged)" in text
    assert {a.attrs["href"] for a in panel.find_all("a") if a.text() == "note 5"} == {"#fn:5"}
    # The ↩ comes before the aids, at the end of the note's own words.
    backref = note.find_all("a", "footnote-backref")[0]
    aid = note.find_all("span", "edition-note-aid")[0]
    order = list(note.iter())
    assert order.index(backref) < order.index(aid)
    assert tree.by_id("fn:4").find_all("button", "edition-finding-mark") == []


def test_every_url_in_every_note_is_a_link(model, built_site):
    url = re.compile(r"https?://\S+")
    checked: set[str] = set()
    for document in model.documents:
        for note in document.notes:
            page = Path(note.location.path).relative_to("docs").as_posix()
            tree = parse_html(html_path_for(built_site, page).read_text(encoding="utf-8"))
            item = tree.by_id(f"fn:{note.label}")
            aid = item.find_all("span", "edition-note-aid")
            linked = {a.text() for a in item.find_all("a")}
            out: list[str] = []

            def words(node, out=out, aid=aid):
                for child in node.children:
                    if isinstance(child, str):
                        out.append(child)
                    elif child.tag != "a" and child not in aid:
                        words(child)

            words(item)
            unlinked = url.findall("".join(out))
            assert unlinked == [], f"note {note.label}: {unlinked}"
            if any(url.match(t) for t in linked):
                checked.add(note.label)
    # The notes whose bare URLs were plain text before the edition linked them.
    assert {"5", "9", "11", "16", "17", "19", "44", "47", "50", "56", "65", "68"} <= checked
    assert len(checked) > 60


def test_downloads_are_built(built_site):
    for name in ("references.bib", "references.ris", "references.json", "edition.bib", "edition.ris", "edition.json"):
        assert (built_site / name).stat().st_size > 0, name
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="edition.bib"' in home and 'href="edition.ris"' in home and 'href="edition.json"' in home


WEB_CODES = [name for name, code in CORE_CODES.items() if code.family == "web"]


def report_of(data: dict) -> LinkReport:
    """A link report as the build reads it (validated)."""
    report, left_out = parse_link_report(data, WEB_CODES)
    assert report is not None and left_out == []
    return report


def test_missing_and_stale_reports_are_said_so():
    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert "have not been checked yet" in health_markdown([], None, lambda n: f"#fn:{n}", now)
    old = {
        "checked_at": (now - timedelta(days=40)).isoformat(),
        "web_checked": True,
        "links": [],
        "findings": [],
        "summary": {"findings": {}},
    }
    text = health_markdown([], report_of(old), lambda n: f"#fn:{n}", now)
    assert "40 days before this version of the edition; the report is stale" in text and "!!! warning" in text
    fresh = dict(old, checked_at=now.isoformat())
    assert "stale" not in health_markdown([], report_of(fresh), lambda n: f"#fn:{n}", now)
    offline = dict(fresh, web_checked=False)
    assert "was made offline" in health_markdown([], report_of(offline), lambda n: f"#fn:{n}", now)


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
    page = bibliography_markdown(model, list(model.bib_entries), report_of(report), lambda n: f"#fn:{n}", now)
    ramani = page[page.index('id="ramani-2021-balancing"') :]
    ramani = ramani[: ramani.index("</div>")]
    assert "edition-link-broken" in ramani and 'href="https://web.archive.org/web/2021/x">archived copy' in ramani
    assert "(2026-11-28)" in ramani
    naqvi = page[page.index('id="naqvi-2017-rejuvenating"') :]
    assert "refuses automated checks, verify by hand" in naqvi[: naqvi.index("</div>")]
    assert re.search(r"Links and DOIs were last checked on 29 November 2026\.", page)


def test_an_offline_report_is_said_so_beside_each_link(model):
    report = {"checked_at": "2026-11-29T10:35:26+00:00", "web_checked": False, "findings": []}
    page = bibliography_markdown(model, list(model.bib_entries), report_of(report), lambda n: f"#fn:{n}")
    assert "The last check, on 29 November 2026, was made offline" in page
    entries = page.count('class="edition-bib-entry"')
    unchecked = page.count(
        'Link: <span class="edition-link-unchecked">not checked</span> (the last check was offline).'
    )
    without = page.count("No link or DOI.")
    assert unchecked + without == entries and unchecked > 30


@pytest.fixture(scope="module")
def health(built_site):
    return parse_html(html_path_for(built_site, "reference-health.md").read_text(encoding="utf-8"))


def test_health_page_groups_findings_by_note_in_plain_words(health, model):
    article = next(n for n in health.find_all("article") if "md-content__inner" in n.classes)
    text = " ".join(article.text().split())
    note16 = health.by_id("note-16")
    assert note16.tag == "h3" and note16.find_all("a")[0].attrs["href"] == "../article/historical-overview/#fn:16"
    assert "This note repeats the full citation of note 5; a short form would do." in text
    assert "(citecheck code repeated-full-citation, acknowledged)" in text
    # Written for readers: no file names, no BibTeX keys, no cut titles; URLs are links.
    assert "works.bib" not in text and ".md" not in text
    for entry in model.bib_entries:
        assert entry.key not in text, entry.key
    assert "in the Changing'" not in text
    insecure = health.by_id("note-5").parent  # the h3's list follows it
    assert any(a.attrs.get("href", "").startswith("http://www.ipripak.org/") for a in insecure.find_all("a"))
    # Headings in order: one h1, then h2s, then h3s under them, no level skipped.
    levels = [int(n.tag[1]) for n in article.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_health_summary_counts_what_the_page_lists(health):
    article = next(n for n in health.find_all("article") if "md-content__inner" in n.classes)
    listed = [
        li for ul in article.find_all("ul", "edition-findings") for li in ul.children if getattr(li, "tag", "") == "li"
    ]
    acknowledged = [li for li in listed if "acknowledged)" in li.text()]
    text = " ".join(article.text().split())
    notes = len([h for h in article.find_all("h3") if h.attrs.get("id", "").startswith("note-")])
    assert re.search(rf"{len(listed)} findings, about {notes} notes and 1 bibliography entry: ", text), text[:600]
    assert f"{len(acknowledged)} acknowledged" in text
    rows = {
        tuple(" ".join(c.text().split()) for c in tr.find_all("td"))
        for tr in article.find_all("tr")
        if tr.find_all("td")
    }
    assert ("All", str(len(listed)), str(len(acknowledged))) in rows
    assert ("A full citation repeated where a short form would do", "24", "24") in rows
    assert "was made offline" in text  # the committed report is an offline one


def test_the_offline_findings_of_a_report_are_left_to_the_build_without_a_word():
    """`make check` writes every finding; the site takes the web checks' from the report and the rest from the
    pages as they are now. A code neither knows is still said to be left out."""
    offline = [name for name in CORE_CODES if name not in WEB_CODES]
    finding = {"code": "url-broken", "severity": "error", "message": "404", "notes": ["3"], "line": 5}
    data = {
        "checked_at": "2026-11-29T00:00:00+00:00",
        "findings": [finding, dict(finding, code="ibid-first"), dict(finding, code="no-such-code")],
    }
    report, left_out = parse_link_report(data, WEB_CODES, offline)
    assert report is not None
    assert [item.code for item in report.findings] == ["url-broken"]
    assert left_out == ["a finding of an unknown code or shape"]
