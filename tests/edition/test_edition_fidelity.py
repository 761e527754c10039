"""Every word of the article reaches the built site, in order, and nothing in the notes changes."""

from __future__ import annotations

import pytest
from edition_site import (
    body_words,
    first_difference,
    first_missing,
    footnote_items,
    markdown_words,
    node_words,
    require_shared_source,
    site_pages,
    source_body_words,
    source_notes,
    source_path,
)


@pytest.fixture(scope="module")
def pages(built_site):
    return site_pages(built_site)


def test_project_copy_is_the_shared_source():
    shared = require_shared_source()
    assert source_path().read_bytes() == shared.read_bytes()


def test_body_words_of_the_original_are_in_the_site_in_order(pages):
    original, _ = source_body_words()
    site = body_words(pages)
    assert len(original) > 7000
    problem = first_missing(original, site)
    assert problem is None, problem


def test_markers_stand_where_the_superscripts_stood(pages):
    # The body comparison above includes the markers as [^N] tokens; check they are all there.
    original, _ = source_body_words()
    markers = [w for w in original if w.startswith("[^")]
    assert markers == [f"[^{n}]" for n in range(1, 96)]
    site_markers = [w for w in body_words(pages) if w.startswith("[^")]
    assert site_markers == markers


def test_author_note_is_rendered_whole_as_an_author_note(pages):
    _, author_note = source_body_words()
    front = pages[0]
    assert front.src == "article/front-matter.md"
    notes = [n for n in front.article.find_all("div", "author-note")]
    assert len(notes) == 1
    block = notes[0]
    assert block.attrs.get("id") == "author-note"
    title = [p for p in block.find_all("p", "admonition-title")]
    assert [t.text() for t in title] == ["Author note"]
    text = [p for p in block.find_all("p") if "admonition-title" not in p.classes]
    words = [w for p in text for w in node_words(p)]
    problem = first_difference(author_note, words)
    assert problem is None, problem
    # The title line's '*' links to it, and no numbered note is used for it.
    marks = [a for a in front.article.find_all("a") if a.attrs.get("href") == "#author-note"]
    assert len(marks) == 1 and marks[0].text() == "*"


def test_notes_words_equal_the_originals_in_order(pages):
    original = source_notes()
    assert [label for label, _ in original] == [str(n) for n in range(1, 96)]
    items = footnote_items(pages)
    assert len(items) == 95
    for (label, text), (page, li) in zip(original, items):
        assert li.attrs.get("id") == f"fn:{label}", (page.src, li.attrs)
        problem = first_difference(markdown_words(text), node_words(li))
        assert problem is None, f"note {label} on {page.src}: {problem}"
    all_original = [w for _, text in original for w in markdown_words(text)]
    all_site = [w for _, li in items for w in node_words(li)]
    assert all_site == all_original


def test_emphasis_is_kept(pages):
    # The body's *...* spans are the authors' line and three italicised names.
    expected = ["Usman Ali and Tauseef Javed", "druzhbha", "Sevmorsk", "Tulu"]
    found = []
    for page in pages:
        for em in page.article.find_all("em"):
            if any(a.tag == "div" and ("footnote" in a.classes or "admonition" in a.classes) for a in em.ancestors()):
                continue
            found.append(em.text())
    assert found == expected


def test_tables_are_real_tables(pages):
    tables = [(p.src, t) for p in pages for t in p.article.find_all("table")]
    assert [src for src, _ in tables] == [
        "article/discussion-on-compelling-opportunities.md",
        "article/discussion-on-impending-challenges.md",
    ]
    for _, table in tables:
        header = [th.text() for th in table.find_all("th")]
        assert header[1:] == ["Description", "Nature"]
    rows = [[td.text() for td in tr.find_all("td")] for tr in tables[0][1].find_all("tr")][1:]
    assert [r[0] for r in rows] == [
        "Economy",
        "Defence",
        "Social and Cultural ties",
        "Shanghai Cooperation Organization",
        "China-Russia Relations",
    ]
    assert len(tables[1][1].find_all("tr")) == 4


def test_headings_are_real_headings(pages):
    headings = [(h.tag, h.text().rstrip("¶")) for p in pages for h in p.article.iter() if h.tag in {"h1", "h2", "h3"}]
    assert headings[:3] == [
        ("h1", "PAKISTAN-RUSSIA EMERGING COOPERATION: OPPORTUNITIES AND CHALLENGES"),
        ("h2", "Abstract"),
        ("h1", "Introduction"),
    ]
    assert ("h2", "After 9/11") in headings
    assert headings[-1] == ("h1", "Conclusion")
    assert len([h for h in headings if h[0] == "h1"]) == len(pages)
