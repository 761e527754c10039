"""The built edition: every annotation highlighted at its words, listed, indexed and published as JSON-LD."""

from __future__ import annotations

import json

import pytest
from annotation_project import ROOT
from edition_site import Node, html_path_for, parse_html, site_pages

from pakistan_russia_edition.annotations.locate import quotation
from pakistan_russia_edition.annotations.model import Annotation, Settings
from pakistan_russia_edition.annotations.pagetext import normalize
from pakistan_russia_edition.annotations.project import load, validate_project
from site_builds import PUBLISHED

SITE_URL = PUBLISHED["EDITION_SITE_URL"]


@pytest.fixture(scope="module")
def annotations() -> list[Annotation]:
    found, problems = load(ROOT / "annotations", Settings(), ROOT)
    assert problems == []
    return found


@pytest.fixture(scope="module")
def pages(built_site):
    return {page.src: page for page in site_pages(built_site)}


def marks_of(article: Node, ident: str) -> list[Node]:
    return [m for m in article.find_all("mark", "annotation-mark") if m.attrs.get("data-annotation") == ident]


def test_the_project_has_the_issues_first_annotations_and_all_are_valid(annotations):
    assert validate_project(ROOT) == []
    exacts = {a.exact for a in annotations}
    for words in [
        "Rostam",
        "David Mitran",
        "Alexey Devoc",
        "Sevmorsk",
        "druzhbha",
        "Malloy Krishna Dhar",
        "Islamic Trade Finance Corporation",
        "US$1.9 trillion cumulative circular debt",
        "because the former has a direct border with Afghanistan",
        "combat terrorism, extremism, and terrorism",
        "in April 2001",
        "JVGs",
        "JWG's",
        "Journal of Eurasian Studies",
    ]:
        assert words in exacts, words
    # A source wherever one can be cited: the others point at the article's own text.
    unsourced = {a.id for a in annotations if not a.sources}
    assert unsourced == {"april-2001", "jvgs", "jwgs-conclusion", "pulwama-claim"}


def test_every_annotation_is_highlighted_at_its_words_once(annotations, pages):
    for a in annotations:
        hits = [(src, marks) for src, page in pages.items() if (marks := marks_of(page.article, a.id))]
        assert len(hits) == 1, (a.id, [src for src, _ in hits])
        src, marks = hits[0]
        words = normalize("".join(m.text() for m in marks))
        assert words == quotation(a.exact), (a.id, words)
        assert sum(1 for m in marks if m.attrs.get("id") == f"annotated-{a.id}") == 1
        # One marker button, right after the last piece of the highlight, and an item in the list.
        buttons = [
            b
            for b in pages[src].article.find_all("button", "annotation-marker")
            if b.attrs.get("data-annotation") == a.id
        ]
        assert len(buttons) == 1 and buttons[0].text() == ""
        assert buttons[0].attrs["aria-label"].startswith("Annotation ")
        item = pages[src].article.by_id(f"annotation-{a.id}")
        assert item is not None and item.attrs["data-number"] == buttons[0].attrs["data-number"]


def test_marks_stand_where_the_issue_says(pages):
    economy = pages["article/opportunities/economy.md"].article
    (rosatom,) = marks_of(economy, "rosatom")
    assert rosatom.text() == "Rostam" and rosatom.parent.attrs.get("id") == "p-2"
    defence = pages["article/opportunities/defence.md"].article
    (druzhba,) = marks_of(defence, "druzhba")
    assert druzhba.parent.tag == "em"  # the italics of the original are kept around the mark
    overview = pages["article/historical-overview.md"].article
    (journal,) = marks_of(overview, "note-10-journal")
    assert any(node.attrs.get("id") == "fn:10" for node in journal.ancestors())


def test_each_annotated_page_lists_its_annotations_at_the_end(annotations, pages):
    annotated = {src for src, page in pages.items() if page.article.find_all("mark", "annotation-mark")}
    assert len(annotated) == 8
    for src in annotated:
        article = pages[src].article
        boxes = article.find_all("div", "annotation-list")
        assert len(boxes) == 1, src
        box = boxes[0]
        assert "admonition" in box.classes and box.parent is article
        last_block = [c for c in article.children if isinstance(c, Node)][-1]
        assert last_block is box, src
        numbers = [li.attrs["data-number"] for li in box.find_all("li", "annotation-item")]
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
        # Editorial paragraphs inside it take no paragraph anchor.
        assert not any(p.attrs.get("id", "").startswith("p-") for p in box.find_all("p"))


def test_the_index_page_lists_all_by_type_and_by_page(annotations, built_site):
    tree = parse_html(html_path_for(built_site, "annotations.md").read_text(encoding="utf-8"))
    headings = [h.attrs.get("id") for h in tree.find_all("h2")] + [h.attrs.get("id") for h in tree.find_all("h3")]
    assert {"by-type", "by-page", "type-correction", "type-source-check", "type-context"} <= set(headings)
    items = {li.attrs["id"] for li in tree.find_all("li", "annotation-item")}
    assert items == {f"annotation-{a.id}" for a in annotations}
    links = [a.attrs["href"] for a in tree.find_all("a") if "#annotated-" in a.attrs.get("href", "")]
    assert "../article/opportunities/economy/#annotated-rosatom" in links
    assert len(links) == 2 * len(annotations)  # once by type, once by page
    toc = [a.text().strip() for a in tree.find_all("a", "md-nav__link")]
    assert "By type" in toc and "By page" in toc


def test_json_ld_of_a_local_build_has_relative_ids(built_site):
    # No site_url: the ids are relative to the file (JSON-LD resolves them against its own address).
    document = json.loads((built_site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert document["id"] == "annotations.jsonld"
    item = document["first"]["items"][0]
    assert item["id"].startswith("annotations/#annotation-")
    assert item["target"]["source"].startswith("article/")


def test_json_ld_is_a_web_annotation_collection(annotations, published_site):
    document = json.loads((published_site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    assert document["id"] == SITE_URL + "annotations.jsonld"
    items = document["first"]["items"]
    assert document["total"] == len(items) == len(annotations)
    by_id = {item["id"].rsplit("#annotation-", 1)[1]: item for item in items}
    assert set(by_id) == {a.id for a in annotations}
    for a in annotations:
        item = by_id[a.id]
        assert item["id"] == f"{SITE_URL}annotations/#annotation-{a.id}"
        assert item["type"] == "Annotation"
        assert item["motivation"] in {"editing", "commenting", "assessing"}
        assert item["creator"] == {"type": "Person", "name": a.author}
        assert item["created"] == f"{a.created.isoformat()}T00:00:00Z"
        target = item["target"]
        assert target["type"] == "SpecificResource"
        assert target["source"].startswith(SITE_URL + "article/") and target["source"].endswith("/")
        quote = target["selector"][0]
        assert quote["type"] == "TextQuoteSelector" and set(quote) >= {"exact", "prefix", "suffix"}
        assert quotation(quote["exact"]) == quotation(a.exact)
        html_body = [b for b in item["body"] if b.get("format") == "text/html"]
        assert len(html_body) == 1 and html_body[0]["type"] == "TextualBody" and html_body[0]["value"]
        tags = [b["value"] for b in item["body"] if b.get("purpose") == "tagging"]
        assert tags == [a.type]
        links = [b["source"] for b in item["body"] if b.get("purpose") == "linking"]
        assert len(links) == len(a.sources)
    rosatom = by_id["rosatom"]
    assert rosatom["motivation"] == "editing"
    assert rosatom["target"]["source"] == SITE_URL + "article/opportunities/economy/"
    assert rosatom["target"]["selector"][0]["exact"] == "Rostam"
    assert rosatom["target"]["selector"][0]["prefix"].endswith("of Russia noted that ")
    assert rosatom["target"]["selector"][1]["value"] == "p-2"


def test_the_reader_layer_assets_are_in_every_page(built_site):
    page = html_path_for(built_site, "article/conclusion.md").read_text(encoding="utf-8")
    assert "assets/annotations.js" in page and "assets/annotations.css" in page
    assert (built_site / "assets" / "annotations.js").exists()
