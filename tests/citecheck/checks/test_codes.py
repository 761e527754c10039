"""Every finding code: a fixture where it is reported (notes, line, related note) and a near miss where it is not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from citecheck.codes import CORE_CODES

# The notes model's families (the web and annotation checks have their own tests).
NOTE_FAMILIES = {"markers", "ibid", "repetition", "locators", "bibliography"}
OFFLINE_CODES = {name for name, code in CORE_CODES.items() if code.family in NOTE_FAMILIES}


@dataclass(frozen=True)
class Expected:
    notes: tuple[str, ...]
    line: int
    related: tuple[str, ...] = ()
    suggestion: str | None = None
    """When given, the suggestion must be exactly this."""
    message: str = ""
    """When given, a part of the message."""


# (fixture under fixtures/codes/, code, every finding of that code expected in it)
POSITIVE: list[tuple[str, str, list[Expected]]] = [
    ("undefined-note.md", "undefined-note", [Expected(("2",), 3, message="[2]")]),
    ("unreferenced-note.md", "unreferenced-note", [Expected(("2",), 4)]),
    ("duplicate-note.md", "duplicate-note", [Expected(("2",), 5, message="first on line 4")]),
    ("marker-out-of-order.md", "marker-out-of-order", [Expected(("2",), 2, message="after marker 3")]),
    ("marker-out-of-order.txt", "marker-out-of-order", [Expected(("2",), 3, message="after marker 3")]),
    ("marker-repeated.md", "marker-out-of-order", [Expected(("1",), 3, message="used again")]),
    ("source-irregular.txt", "source-irregular", [Expected((), 8, message="empty list item")]),
    ("marker-mistyped.md", "marker-mistyped", [Expected(("1",), 3, suggestion="[^1]", message="'^[1]'")]),
    (
        "short-form-ambiguous.md",
        "short-form-ambiguous",
        [Expected(("3",), 7, message="Roe has 2 works cited in full before")],
    ),
    ("ibid-first.md", "ibid-first", [Expected(("1",), 3)]),
    (
        "ibid-ambiguous.md",
        "ibid-ambiguous",
        [
            Expected(("2",), 4, ("1",), suggestion="replace 'Ibid.' with a short form", message="cites 2 works"),
        ],
    ),
    ("ibid-mismatch.md", "ibid-mismatch", [Expected(("3",), 5, ("2",), message="A Study of Things")]),
    ("ibid-mismatch-author.md", "ibid-mismatch", [Expected(("3",), 5, ("2",), message="Roe")]),
    (
        "ibid-malformed.md",
        "ibid-malformed",
        [
            Expected(("2",), 4, ("1",), suggestion="Ibid.", message="wrong punctuation"),
            Expected(("3",), 5, ("2",), suggestion="Ibid.", message="stray characters"),
            Expected(("4",), 6, ("3",), suggestion="Ibid.", message="a title is glued to it"),
            Expected(("5",), 7, ("4",), suggestion="Ibid., 5.", message="lacks its period"),
        ],
    ),
    ("ibid-unresolved.md", "ibid-unresolved", [Expected(("2",), 4, ("1",))]),
    (
        "repeated-full-citation.md",
        "repeated-full-citation",
        [
            Expected(("3",), 5, ("1",), suggestion="Roe, 'A Study of Things'.", message="first cited in note 1"),
            Expected(("4",), 6, ("1",), suggestion="Roe, 'A Study of Things'."),  # never an ibid written in
        ],
    ),
    (
        "inconsistent-citation-form.md",
        "inconsistent-citation-form",
        [
            Expected(
                ("3",),
                5,
                ("1",),
                suggestion="use the form of note 1",
                message="bibliography style where the first uses note style",
            ),
        ],
    ),
    (
        "inconsistent-scheme.md",
        "inconsistent-citation-form",
        [
            Expected(("3",), 5, ("1",), message="https:// where the first uses http://"),
        ],
    ),
    (
        "inconsistent-quotes.md",
        "inconsistent-citation-form",
        [
            Expected(("3",), 5, ("1",), message="different punctuation, dashes or quotes"),
        ],
    ),
    (
        "conflicting-ok.md",
        "inconsistent-citation-form",
        [  # the same, with curly quotes and an en dash
            Expected(("3",), 5, ("1",), message="the title is quoted with ‘ where the first uses '"),
        ],
    ),
    (
        "conflicting-metadata.md",
        "conflicting-metadata",
        [
            Expected(
                ("3",),
                5,
                ("1",),
                message="year 2021 (first given as 2020); volume 4 (first given as 3); "
                "issue 2 (first given as 1); pages 11-20 (first given as 1-10)",
            ),
        ],
    ),
    (
        "duplicate-within-note.md",
        "duplicate-within-note",
        [
            Expected(("2",), 4, suggestion="keep one citation", message="Roe, 'A Study of Things' twice"),
        ],
    ),
    ("ibid-same-work-twice.md", "duplicate-within-note", [Expected(("1",), 3)]),
    (
        "short-form-unresolved.md",
        "short-form-unresolved",
        [
            Expected(("1",), 3, suggestion="note 2 gives this work in full; give the full citation here instead"),
            Expected(("3",), 5, suggestion="give the full citation at the first mention"),
        ],
    ),
    (
        "missing-locator.md",
        "missing-locator",
        [
            Expected(("1",), 3, message="'A Study of Things'"),
            Expected(("2",), 4, message="'Annual Report on Trade (FY 2020)'"),
        ],
    ),
    (
        "doi-url-form.md",
        "doi-url-form",
        [
            Expected(("1",), 3, suggestion="https://doi.org/10.1000/abc", message="http://dx.doi.org/10.1000/abc"),
            Expected(("2",), 4, suggestion="https://doi.org/10.1000/def", message="https://dx.doi.org/10.1000/def"),
            Expected(("3",), 5, suggestion="https://doi.org/10.1000/ghi", message="http://doi.org/10.1000/ghi"),
        ],
    ),
    (
        "insecure-url.md",
        "insecure-url",
        [
            Expected(
                ("1",),
                3,
                suggestion="https://example.org/articles/study",
                message="http://example.org/articles/study uses http://",
            ),
        ],
    ),
    ("inconsistent-scheme.md", "insecure-url", [Expected(("1",), 3)]),
    (
        "generic-url.md",
        "generic-url",
        [
            Expected(("1",), 3, message="https://oec.example.org/en "),
            Expected(("2",), 4, message="https://fund.example.org/ "),
            Expected(("3",), 5, message="https://bureau.example.org/index.html "),
        ],
    ),
    (
        "url-malformed.md",
        "url-malformed",
        [
            Expected(("1",), 3, message="invalid host 'exa_mple..org'"),
            Expected(("2",), 4, message="cannot be parsed"),
        ],
    ),
    (
        "doi-invalid.md",
        "doi-invalid",
        [
            Expected(("1",), 3, message="'10.123/stuff.2020.1' is not a valid DOI"),
            Expected(("2",), 4, message="'10.12/matters.2' is not a valid DOI"),
        ],
    ),
]

# (fixture, code that must not be reported there)
NEGATIVE: list[tuple[str, str]] = [
    ("markers-ok.md", "undefined-note"),
    ("markers-ok.md", "unreferenced-note"),
    ("markers-ok.md", "duplicate-note"),
    ("markers-ok.md", "marker-out-of-order"),
    ("marker-labels.md", "marker-out-of-order"),  # named labels have no order to keep
    ("markers-ok.txt", "source-irregular"),  # a blank line between notes is not an empty item
    ("markers-ok.txt", "marker-out-of-order"),
    ("ibid-ok.md", "ibid-first"),
    ("ibid-ok.md", "ibid-unresolved"),
    ("ibid-same-work-twice.md", "ibid-ambiguous"),  # the note before cites one work, twice
    ("ibid-own-title.md", "ibid-mismatch"),  # the glued title is the antecedent's own
    ("ibid-own-title-pinpoint.md", "ibid-mismatch"),  # its own title, then a page
    ("ibid-regular.md", "ibid-malformed"),
    ("repeated-ok.md", "repeated-full-citation"),
    ("inconsistent-ok.md", "inconsistent-citation-form"),  # repeated, but written the same way
    ("conflicting-ok.md", "conflicting-metadata"),  # an en dash in the pages is no conflict
    ("duplicate-ok.md", "duplicate-within-note"),  # two different works in one note
    ("short-form-ok.md", "short-form-unresolved"),
    ("marker-mistyped-ok.md", "marker-mistyped"),  # inline notes with words, or a year and its period
    ("short-form-ambiguous-ok.md", "short-form-ambiguous"),  # op. cit. and supra of authors with one work each
    ("missing-locator-ok.md", "missing-locator"),  # a book; a `doi:`; a bare DOI
    ("doi-invalid.md", "missing-locator"),  # a DOI is given (and reported as invalid)
    ("insecure-url-ok.md", "insecure-url"),  # http:// inside an https:// archive URL
    ("generic-url-ok.md", "generic-url"),
    ("url-malformed-ok.md", "url-malformed"),  # an international host name and a port
    ("doi-ok.md", "doi-invalid"),  # 4 and 9 digit registrants; `10.123/4` in prose is no DOI
    ("doi-url-form-ok.md", "doi-url-form"),  # https://doi.org/ and doi: as they should be
    ("doi-url-form.md", "insecure-url"),  # an http:// resolver address is reported as doi-url-form only
]

BIB_CODES = {"bib-missing-entry", "bib-uncited-entry", "bib-duplicate-entry"}
LATEX_CODES = {"cite-key-undefined"}
"""Reported in LaTeX manuscripts, with their own cases in tests/citecheck/read/test_biblatex.py."""
GENERATED_CODES = {"note-too-long"}
"""Shown on generated notes of 100,000 characters and more, in tests/citecheck/notes/test_note_too_long.py."""


def test_every_offline_code_has_a_positive_and_a_negative_case() -> None:
    assert len(OFFLINE_CODES) == 28
    positive = {code for _, code, _ in POSITIVE} | BIB_CODES | LATEX_CODES | GENERATED_CODES
    negative = {code for _, code in NEGATIVE} | BIB_CODES | LATEX_CODES | GENERATED_CODES
    assert positive == OFFLINE_CODES
    assert negative == OFFLINE_CODES


@pytest.mark.parametrize(("name", "code", "expected"), POSITIVE, ids=[f"{c}:{n}" for n, c, _ in POSITIVE])
def test_code_is_reported(analyse, fixtures: Path, name: str, code: str, expected: list[Expected]) -> None:
    analysis = analyse(fixtures / "codes" / name)
    found = analysis.of(code)
    assert [(f.notes, f.location.line, f.related) for f in found] == [(e.notes, e.line, e.related) for e in expected]
    for finding, want in zip(found, expected):
        assert Path(finding.location.path).name == name
        assert finding.severity is CORE_CODES[code].severity
        assert want.message in finding.message
        if want.suggestion is not None:
            assert finding.suggestion == want.suggestion
        if finding.notes:
            assert finding.document == finding.location.path


@pytest.mark.parametrize(("name", "code"), NEGATIVE, ids=[f"{c}:{n}" for n, c in NEGATIVE])
def test_near_miss_is_not_reported(analyse, fixtures: Path, name: str, code: str) -> None:
    analysis = analyse(fixtures / "codes" / name)
    assert analysis.of(code) == []


@pytest.mark.parametrize(
    "name", sorted({n for n, _ in NEGATIVE if n.endswith("-ok.md")} - {"doi-ok.md", "conflicting-ok.md"})
)
def test_clean_fixtures_report_nothing_but_repeats(analyse, fixtures: Path, name: str) -> None:
    """The near misses are clean apart from the repetition they exist to show."""
    allowed = {"repeated-full-citation"}
    assert analyse(fixtures / "codes" / name).codes() <= allowed


def test_ibid_after_a_note_citing_one_work_twice_resolves_to_it(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "codes" / "ibid-same-work-twice.md")
    (ibid,) = analysis.citations("2")
    assert ibid.work == analysis.work_of("1")
    assert ibid.citation.locator == "5"


def test_ambiguous_ibid_has_no_work(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "codes" / "ibid-ambiguous.md")
    assert len(analysis.model.works_of(analysis.citations("1")[0].citation.note)) == 2
    (ibid,) = analysis.citations("2")
    assert ibid.work is None
    assert ibid.antecedent is not None and ibid.antecedent.endswith("#1")


def test_ibid_chain_through_malformed_ibids_keeps_the_work(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "codes" / "ibid-malformed.md")
    work = analysis.work_of("1")
    for label in ("2", "3", "4", "5"):
        (ibid,) = analysis.citations(label)
        assert ibid.work == work
        assert ibid.antecedent is not None and ibid.antecedent.endswith(f"#{int(label) - 1}")


def test_doi_invalid_from_a_resolver_url_keeps_the_url(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "codes" / "doi-invalid.md")
    (citation,) = analysis.citations("2")
    assert [u.raw for u in citation.citation.urls] == ["https://doi.org/10.12/matters.2"]
    assert citation.citation.dois == ()
