"""The bibliography's Chicago formatting and its RIS and CSL-JSON exports, read back with real parsers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from citecheck.read.bibtex import parse_bibtex
from pakistan_russia_edition.bibformat import authors, format_entry, sort_key
from pakistan_russia_edition.exports import csl_json, ris

ROOT = Path(__file__).resolve().parents[3]
BIB = ROOT / "references" / "works.bib"


@pytest.fixture(scope="module")
def entries():
    return parse_bibtex(BIB.read_text(encoding="utf-8"), str(BIB))


def test_ris_export_parses_with_one_record_per_entry(entries):
    records = rispy.loads(ris(entries))
    assert len(records) == len(entries) == 45
    by_id = {record["id"]: record for record in records}
    khan = by_id["khan-2019-pakistan"]
    assert khan["type_of_reference"] == "JOUR"
    assert khan["authors"] == ["Khan, Muhammad Nawaz"]
    assert (khan["volume"], khan["number"], khan["start_page"], khan["end_page"]) == ("19", "1", "56", "85")
    assert khan["secondary_title"] == "Islamabad Policy Research Institute Journal"
    biswas = by_id["biswas-2021-russia"]
    assert biswas["doi"] == "10.1177/0973598421998899"


def test_csl_json_export_is_read_and_formatted_by_citeproc(entries):
    items = json.loads(csl_json(entries))
    assert len(items) == 45 and len({item["id"] for item in items}) == 45
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem("bakare-2021-contextualizing")]))
    rendered = str(bibliography.bibliography()[0])
    assert "Bakare" in rendered and "Contextualizing Russia and South Asia" in rendered and "2021" in rendered
    bakare = next(item for item in items if item["id"] == "bakare-2021-contextualizing")
    assert bakare["issued"] == {"date-parts": [[2021, 5]]}
    assert bakare["page"] == "676-692" and bakare["type"] == "article-journal"


def test_chicago_entries(entries):
    by_key = {entry.key: entry for entry in entries}
    text = format_entry(by_key["naqvi-2017-rejuvenating"])
    assert text.startswith("Naqvi, Almas Haider, and Yasir Masood. “Rejuvenating Pakistan-Russia Relations")
    assert "<em>Institute of Strategic Studies Islamabad</em> 37, no. 4 (2017): 18–38." in text
    online = format_entry(by_key["ramani-2021-balancing"])
    assert "<em>Middle East Institute</em>, September 13, 2021." in online
    book = format_entry(by_key["burchill-2022-theories"])
    assert "<em>Theories of International Relations.</em>" in book and "Bloomsbury Publishing, 2022." in book


def test_three_authors_and_sort_order(entries):
    by_key = {entry.key: entry for entry in entries}
    assert authors(by_key["rizvi-2022-pak"]) == "Rizvi, Aatir, Ahmad Raza Khan, and Muhammad Manzoor Elahi"
    ordered = [entry.key for entry in sorted(entries, key=sort_key)]
    assert (
        ordered.index("bakare-2021-contextualizing")
        < ordered.index("biswas-2021-russia")
        < ordered.index("chia-2021-russia")
    )


def test_titles_and_urls_are_escaped():
    from citecheck.model import BibEntry, Location

    hostile = BibEntry(
        "x",
        "online",
        (("title", "<script>alert(1)</script>"), ("url", 'https://e.org/"onmouseover=x')),
        Location("x.bib", 1),
    )
    html = format_entry(hostile)
    assert "<script>" not in html and '"onmouseover' not in html
