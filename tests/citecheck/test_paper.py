"""The article itself: what a careful reader of its 95 notes finds, checked through the library and the CLI.

Every expectation here comes from reading the notes of references/original/paper.txt (a verbatim copy of the
source): which notes repeat a full citation and of which note, which cite one work in two styles, which ibids
are irregular, and which note each ibid refers to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citecheck.extensions import default_registry
from citecheck.model import CitationKind, Style
from citecheck.read.plaintext import superscript_number

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAPER = ROOT / "references" / "original" / "paper.txt"

# Repeated full citations: note → the note with the first full citation of its work.
REPEATED = {
    13: 10,
    14: 1,
    16: 5,
    19: 5,
    21: 20,
    36: 1,
    38: 10,
    42: 12,
    47: 5,
    48: 1,
    50: 5,
    53: 20,
    56: 5,
    61: 3,
    62: 55,
    65: 5,
    73: 8,
    80: 3,
    82: 79,
    83: 3,
    85: 3,
    86: 84,
    87: 10,
    95: 3,
}
# The list; every one of them must be among the repeats.
REQUIRED_REPEATS = {14, 16, 19, 36, 38, 42, 47, 48, 50, 56, 61, 62, 65, 73, 80, 82, 83, 85, 86, 87, 95}
# Repeats written in the other style (note style first, bibliography style later, or the reverse in note 33).
INCONSISTENT = {
    16: 5,
    19: 5,
    21: 20,
    33: 33,
    38: 10,
    47: 5,
    50: 5,
    53: 20,
    56: 5,
    61: 3,
    65: 5,
    73: 8,
    80: 3,
    83: 3,
    85: 3,
    86: 84,
    87: 10,
    95: 3,
}
# Every ibid → the note whose work it repeats (the immediately preceding note is its antecedent).
IBIDS = {
    2: 1,
    31: 30,
    32: 30,
    34: 33,
    39: 38,
    40: 38,
    41: 38,
    49: 48,
    51: 50,
    52: 50,
    54: 53,
    57: 56,
    58: 56,
    59: 56,
    60: 56,
    63: 62,
    64: 62,
    66: 65,
    67: 65,
    69: 68,
    70: 68,
    74: 73,
    75: 73,
    77: 76,
    88: 87,
    89: 87,
}
# Short forms → the note of the earliest full citation of their work.
SHORT_FORMS = {13: 10, 26: 24, 29: 24, 42: 12, 86: 84}
# The same source, cited in different ways, is one work.
SAME_WORK = [
    (1, 14, 36, 48),
    (3, 61, 80, 83, 85, 95),
    (5, 16, 19, 47, 50, 56, 65),
    (8, 73),
    (10, 13, 38, 87),
    (12, 42),
    (20, 21, 53),
    (24, 26, 29),
    (55, 62),
    (79, 82),
    (84, 86),
]
OTHER_FINDINGS = {
    "duplicate-within-note": {13, 33, 42, 86},
    "ibid-malformed": {63, 64, 69, 70},
    "missing-locator": {15, 45},  # an article and a report with neither URL nor DOI (33 is a book)
    "short-form-unresolved": {46},  # the FY 2023 report was never given in full (45 is FY 2020-21)
    "insecure-url": {5, 16, 19, 47, 50, 56, 65},  # Khan's IPRI article, always over http://
    "generic-url": {37},  # https://oec.world/en
}
NEVER = {
    "ibid-first",
    "ibid-ambiguous",
    "ibid-mismatch",
    "ibid-unresolved",
    "conflicting-metadata",
    "undefined-note",
    "unreferenced-note",
    "duplicate-note",
    "marker-out-of-order",
    "url-malformed",
    "doi-invalid",
}


def note_lines() -> dict[int, int]:
    """The line of each note in the paper, read independently of citecheck: `- 12 …` or `- ²⁵ …`."""
    lines = {}
    for number, line in enumerate(PAPER.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r"^- (\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+) ", line)
        if match and number > 150:
            lines[int(superscript_number(match.group(1)))] = number
    return lines


@pytest.fixture(scope="module")
def paper(analyse):
    if not PAPER.is_file():
        pytest.fail(f"{PAPER} is missing")
    return analyse(PAPER)


def labels(findings) -> dict[int, int | None]:
    """offending note → related note, for findings about single notes."""
    return {int(f.notes[0]): int(f.related[0]) if f.related else None for f in findings}


def test_all_95_notes_are_read_at_their_lines(paper) -> None:
    (document,) = paper.model.documents
    assert [n.label for n in document.notes] == [str(i) for i in range(1, 96)]
    assert [m.label for m in document.markers] == [str(i) for i in range(1, 96)]
    assert {int(n.label): n.location.line for n in document.notes} == note_lines()


def test_repeated_full_citations_point_to_the_first_full_citation(paper) -> None:
    found = labels(paper.of("repeated-full-citation"))
    assert set(found) >= REQUIRED_REPEATS
    assert found == REPEATED


def test_repeated_full_citations_suggest_a_short_form_or_ibid(paper) -> None:
    """Where the short form can be written in, the suggestion is that text, set as the first full citation sets its
    title; elsewhere the work's short form, or Ibid. after a note citing the same work alone."""
    suggestions = {int(f.notes[0]): f.suggestion for f in paper.of("repeated-full-citation")}
    assert suggestions[14] == 'Naqvi and Masood, "Rejuvenating Pakistan-Russia Relations."'  # as note 1 quotes it
    assert suggestions[16] == "Khan, 'Pakistan-Russia Relations Redux'."
    assert suggestions[38] == "Chia and Haiqi, 'Russia-Pakistan Economic Relations'."
    assert suggestions[21] == "Ramani, 'Balancing Ties'."  # note 20 cites the same work: no ibid is written in
    assert suggestions[73] == "Khan, 'Pakistan's Growing Relations'"  # Chicago 14.30: four words at most
    assert suggestions[13] == "Chia and Haiqi, 'Russia-Pakistan Economic Relations'"  # cited twice in note 13


def test_findings_are_located_at_the_note(paper) -> None:
    lines = note_lines()
    for finding in paper.findings:
        if finding.notes:
            assert finding.location.line == lines[int(finding.notes[0])], finding
            assert Path(finding.location.path).name == "paper.txt"


def test_same_source_in_two_styles(paper) -> None:
    found = labels(paper.of("inconsistent-citation-form"))
    assert found[16] == 5
    assert found == INCONSISTENT
    messages = {int(f.notes[0]): f.message for f in paper.of("inconsistent-citation-form")}
    assert "bibliography style where the first uses note style" in messages[16]
    assert "note style where the first uses bibliography style" in messages[33]
    assert "dashes or quotes" in messages[61]  # Russia–China–Pakistan with en dashes
    assert "'November 15, 2021'" in messages[86]
    assert paper.work_of("5") == paper.work_of("16")
    (first,) = paper.citations("5")
    (later,) = paper.citations("16")
    assert (first.citation.style, later.citation.style) == (Style.NOTE, Style.BIBLIOGRAPHY)


@pytest.mark.parametrize("code", sorted(OTHER_FINDINGS))
def test_other_findings(paper, code: str) -> None:
    assert set(labels(paper.of(code))) == OTHER_FINDINGS[code]


def test_irregular_ibids_name_their_antecedent(paper) -> None:
    found = labels(paper.of("ibid-malformed"))
    assert found == {63: 62, 64: 63, 69: 68, 70: 69}


def test_nothing_else_is_wrong(paper) -> None:
    assert not paper.codes() & NEVER
    (irregular,) = paper.of("source-irregular")  # the lone `-` between notes 89 and 90
    assert irregular.location.line == note_lines()[89] + 2


def test_every_ibid_resolves_to_the_right_note_and_work(paper) -> None:
    ibids = {}
    for resolved in paper.model.citations:
        if resolved.citation.kind is CitationKind.IBID:
            label = int(resolved.citation.note.rsplit("#", 1)[1])
            ibids[label] = resolved
    assert set(ibids) == set(IBIDS)
    for label, source in IBIDS.items():
        resolved = ibids[label]
        assert resolved.antecedent is not None and resolved.antecedent.endswith(f"#{label - 1}"), label
        assert resolved.work == paper.work_of(str(source)), label
    assert paper.model.works_by_id[ibids[39].work].authors == ("Chia", "Haiqi")


def test_short_forms_resolve_to_the_first_full_citation(paper) -> None:
    for label, source in SHORT_FORMS.items():
        short = [c for c in paper.citations(str(label)) if c.citation.kind is CitationKind.SHORT]
        assert len(short) == 1, label
        assert short[0].antecedent is not None and short[0].antecedent.endswith(f"#{source}"), label
        assert short[0].work == paper.citations(str(source))[0].work


def test_works(paper) -> None:
    assert len(paper.model.works) == 45
    for group in SAME_WORK:
        assert len({paper.citations(str(n))[0].work for n in group}) == 1, group
    firsts = [group[0] for group in SAME_WORK]
    assert len({paper.work_of(str(n)) for n in firsts}) == len(firsts)
    assert len({paper.work_of(str(n)) for n in (4, 5, 12)}) == 3  # three different "Pakistan-Russia" articles
    (dedov, rizvi) = paper.citations("17")
    assert dedov.work != rizvi.work
    (shahid,) = paper.citations("30")
    work = paper.model.works_by_id[shahid.work]
    assert work.notes == tuple(f"{shahid.citation.note.rsplit('#', 1)[0]}#{n}" for n in (30, 31, 32))
    russell = paper.model.works_by_id[paper.work_of("22")]
    assert russell.dois == ("10.2861/249342",)


def test_through_the_cli_json(cli) -> None:
    result = cli(PAPER.resolve(), "--offline", "--format", "json")
    assert result.status == 1  # the unresolved short form in note 46 is an error
    data = result.json()
    notes = {int(n["label"]): n for n in data["notes"]}
    assert len(notes) == 95
    for label, source in IBIDS.items():
        (citation,) = notes[label]["citations"]
        assert citation["kind"] == "ibid"
        assert citation["antecedent"] == str(label - 1)
        assert citation["work"] == notes[source]["citations"][0]["work"]
    assert notes[16]["works"] == notes[5]["works"]
    assert [c["kind"] for c in notes[13]["citations"]] == ["full", "short"]
    assert [c["kind"] for c in notes[46]["citations"]] == ["short", "full"]
    assert len(data["works"]) == 45
    repeated = {
        int(f["notes"][0]): int(f["related"][0]) for f in data["findings"] if f["code"] == "repeated-full-citation"
    }
    assert repeated == REPEATED
    by_code: dict[str, set[int]] = {}
    for finding in data["findings"]:
        if finding["notes"]:
            by_code.setdefault(finding["code"], set()).add(int(finding["notes"][0]))
    for code, expected in OTHER_FINDINGS.items():
        assert by_code[code] == expected
    assert by_code["inconsistent-citation-form"] == set(INCONSISTENT)


def test_the_edition_docs_give_the_same_findings(analyse, paper) -> None:
    """The edition's pages hold the same notes, so citecheck must find the same things there."""
    if not (ROOT / "mkdocs.yml").is_file():
        pytest.skip("the edition (mkdocs.yml) is not in this tree")
    # The pages in navigation order (the edition's reader, installed as a citecheck extension).
    edition = analyse(ROOT / "docs", registry=default_registry())

    def summary(analysis):
        return sorted((f.code, f.notes, f.related) for f in analysis.findings if f.code != "source-irregular")

    assert summary(edition) == summary(paper)
    assert len(edition.model.works) == len(paper.model.works)
