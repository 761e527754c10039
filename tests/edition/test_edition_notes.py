"""The built site has 95 markers, 1 to 95 in reading order, each linked both ways to its note."""

from __future__ import annotations

import pytest
from edition_site import Node, footnote_items, site_pages


@pytest.fixture(scope="module")
def pages(built_site):
    return site_pages(built_site, prefix="")


def markers(page) -> list[Node]:
    return [sup for sup in page.article.find_all("sup") if sup.attrs.get("id", "").startswith("fnref")]


def test_95_markers_numbered_1_to_95_in_reading_order(pages):
    numbers = [sup.text().strip() for page in pages for sup in markers(page)]
    assert numbers == [str(n) for n in range(1, 96)]


def test_each_marker_links_to_its_note_and_back(pages):
    checked = 0
    for page in pages:
        for sup in markers(page):
            n = sup.text().strip()
            links = [a for a in sup.find_all("a", "footnote-ref")]
            assert len(links) == 1, (page.src, n)
            assert links[0].attrs["href"] == f"#fn:{n}", (page.src, n)
            assert sup.attrs["id"] == f"fnref:{n}", (page.src, n)
            note = page.article.by_id(f"fn:{n}")
            assert note is not None and note.tag == "li", f"{page.src}: no note {n} on the page"
            assert note.attrs.get("value") == n, f"{page.src}: note {n} is displayed as {note.attrs.get('value')}"
            back = [a.attrs["href"] for a in note.find_all("a", "footnote-backref")]
            assert back == [f"#fnref:{n}"], (page.src, n, back)
            checked += 1
    assert checked == 95


def test_note_lists_start_at_their_first_original_number(pages):
    items = footnote_items(pages)
    assert len(items) == 95
    seen_pages = set()
    for page, li in items:
        ol = li.parent
        assert ol is not None and ol.tag == "ol"
        if page.src in seen_pages:
            continue
        seen_pages.add(page.src)
        assert ol.attrs.get("start") == li.attrs["value"], page.src
    # Every page lists exactly the notes its text cites.
    for page in pages:
        cited = [sup.text().strip() for sup in markers(page)]
        listed = [li.attrs["value"] for p, li in items if p is page]
        assert listed == cited, page.src


def test_a_page_whose_notes_start_above_1(pages):
    economy = next(p for p in pages if p.src == "article/opportunities/economy.md")
    first = markers(economy)[0]
    assert first.text().strip() == "36"
    li = economy.article.by_id("fn:36")
    assert li.attrs["value"] == "36"
    back = li.find_all("a", "footnote-backref")[0]
    assert back.attrs["title"] == "Jump back to footnote 36 in the text"
