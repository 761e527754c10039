"""BibTeX cross-checks: a cited work with no entry, an entry no note cites, two entries for one work."""

from __future__ import annotations

from pathlib import Path

import pytest

BIB_CODES = ("bib-missing-entry", "bib-uncited-entry", "bib-duplicate-entry")


@pytest.fixture
def partial(analyse, fixtures: Path):
    return analyse(fixtures / "bib" / "notes.md", fixtures / "bib" / "partial.bib")


@pytest.fixture
def complete(analyse, fixtures: Path):
    return analyse(fixtures / "bib" / "notes.md", fixtures / "bib" / "complete.bib")


def test_bib_missing_entry(partial) -> None:
    (finding,) = partial.of("bib-missing-entry")
    assert finding.notes == ("2",)
    assert (Path(finding.location.path).name, finding.location.line) == ("notes.md", 4)
    assert "'Other Matters'" in finding.message and "partial.bib" in finding.message
    assert finding.suggestion and finding.suggestion.startswith("add an entry")


def test_bib_uncited_entry(partial) -> None:
    (finding,) = partial.of("bib-uncited-entry")
    assert (Path(finding.location.path).name, finding.location.line) == ("partial.bib", 24)
    assert "'smith1776'" in finding.message
    assert finding.notes == ()


def test_bib_duplicate_entry(partial) -> None:
    (finding,) = partial.of("bib-duplicate-entry")
    assert finding.notes == ("1",)
    assert finding.location.line == 3
    assert "roe2020, roe2020again" in finding.message


def test_entries_are_matched_by_doi_url_and_title(complete) -> None:
    """DOI (case-insensitive), URL (trailing slash), and title with authors: every work has its entry."""
    for code in BIB_CODES:
        assert complete.of(code) == []
    keys = {work.title: work.bib_key for work in complete.model.works}
    assert keys == {"A Study of Things": "roe2020", "Other Matters": "doe2019", "Third Thoughts on Things": "poe2018"}


def test_without_a_bibliography_nothing_is_cross_checked(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "bib" / "notes.md")
    assert not analysis.codes() & set(BIB_CODES)
    assert all(work.bib_key is None for work in analysis.model.works)


def test_entry_urls_and_dois_are_checked_too(partial) -> None:
    insecure = [f for f in partial.of("insecure-url") if f.location.path.endswith(".bib")]
    invalid = [f for f in partial.of("doi-invalid") if f.location.path.endswith(".bib")]
    assert [(f.location.line, f.suggestion) for f in insecure] == [(24, "https://example.org/wealth")]
    assert [f.location.line for f in invalid] == [24]
    assert "'10.123/wealth'" in invalid[0].message
