"""Ibids and short forms resolved; citations clustered into works by DOI, URL, and authors and title."""

from __future__ import annotations

import pytest

from citecheck.model import CitationKind, Document, Location, Note
from citecheck.notes import markup
from citecheck.resolve.works import build_model
from work_count import calls


def document(*notes: str, name: str = "doc.md") -> Document:
    """A document whose notes 1, 2, 3 … have these texts."""
    return Document(
        name=name,
        markers=(),
        notes=tuple(Note(str(i), text, Location(name, i), name) for i, text in enumerate(notes, start=1)),
        files=(name,),
        numbered=True,
    )


def works_of(model, *labels: str, name: str = "doc.md") -> list[str | None]:
    """The work of each labelled note's only citation."""
    result = []
    for label in labels:
        (citation,) = model.citations_of(f"{name}#{label}")
        result.append(citation.work)
    return result


ROE_NOTE = "Jane Roe, 'A Study of Things: Its Subtitle', *Journal of Stuff* 3 (2020): 1-10, <https://example.org/a>."
ROE_BIB = 'Roe, Jane. "A Study of Things: Its Subtitle." *Journal of Stuff* 3 (2020): 1-10. <https://example.org/a>.'


def test_same_source_in_note_and_bibliography_style_is_one_work() -> None:
    model = build_model(
        (document(ROE_NOTE, ROE_BIB.replace("https://example.org/a", "https://example.org/elsewhere")),)
    )
    first, second = works_of(model, "1", "2")
    assert first == second
    assert model.works_by_id[first].notes == ("doc.md#1", "doc.md#2")
    assert model.works_by_id[first].first_full == "doc.md#1"


def test_same_doi_is_one_work_whatever_the_case_and_title() -> None:
    model = build_model(
        (
            document(
                "Jane Roe, 'A Study of Things', *Journal* 3 (2020), <https://doi.org/10.1234/ABC>.",
                "J. Roe, 'Study of Things (Preprint)', *Archive* (2019), doi:10.1234/abc.",
            ),
        )
    )
    first, second = works_of(model, "1", "2")
    assert first == second
    assert model.works_by_id[first].dois == ("10.1234/abc",)


def test_same_page_over_http_and_https_is_one_work() -> None:
    model = build_model(
        (
            document(
                "'Trade Figures', *Bureau*, 2021, http://www.bureau.example.org/figures/2021.",
                "'Trade Figures for 2021', *Bureau*, 2021, <https://bureau.example.org/figures/2021/>.",
            ),
        )
    )
    first, second = works_of(model, "1", "2")
    assert first == second
    assert model.works_by_id[first].urls == ("http://www.bureau.example.org/figures/2021",)


def test_the_same_generic_url_does_not_join_works() -> None:
    model = build_model(
        (
            document(
                "'Russia Trade', *Observatory*, 2024, <https://oec.world/en>.",
                "'India Trade', *Observatory*, 2024, <https://oec.world/en>.",
            ),
        )
    )
    first, second = works_of(model, "1", "2")
    assert first != second


def test_different_authors_with_a_similar_title_are_different_works() -> None:
    # Notes 5 and 12 of the paper: "Pakistan-Russia Relations Redux" and "Pakistan-Russia Relations: Progress".
    model = build_model(
        (
            document(
                "Muhammad Nawaz Khan, 'Pakistan-Russia Relations Redux: From Estrangement to Pragmatism', *IPRI Journal* 19 "
                "(2019): 56-85, http://www.ipripak.org/a.pdf.",
                "Muhammad Hanif, 'Pakistan-Russia Relations: Progress, Prospects and Constraints', *IPRI Journal* 13 (2013): "
                "63-86, <https://ipripak.org/b.pdf>.",
                "Hanif, 'Pakistan-Russia Relations'.",
            ),
        )
    )
    khan, hanif, short = works_of(model, "1", "2", "3")
    assert khan != hanif
    assert short == hanif


def test_short_form_resolves_to_the_first_full_citation() -> None:
    model = build_model(
        (
            document(
                ROE_NOTE,
                "John Doe, 'Other Matters', *Review* 2 (2019): 5-9, <https://example.org/b>.",
                ROE_BIB,  # a repeated full citation: the short form still points to note 1
                "Roe, ‘A Study of Things’, 4.",  # curly quotes, subtitle left out
            ),
        )
    )
    (short,) = model.citations_of("doc.md#4")
    assert short.citation.kind is CitationKind.SHORT
    assert short.work == works_of(model, "1")[0]
    assert short.antecedent == "doc.md#1"
    (repeat,) = model.citations_of("doc.md#3")
    assert repeat.antecedent == "doc.md#1"


def test_ibid_chains_follow_the_preceding_note() -> None:
    model = build_model(
        (
            document(
                ROE_NOTE,
                "Ibid., 4.",
                "Ibid;",
                "John Doe, 'Other Matters', *Review* 2 (2019): 5-9, <https://example.org/b>.",
                "Ibid.",
            ),
        )
    )
    roe, doe = works_of(model, "1", "4")
    assert works_of(model, "2", "3", "5") == [roe, roe, doe]
    assert [model.citations_of(f"doc.md#{n}")[0].antecedent for n in (2, 3, 5)] == [
        "doc.md#1",
        "doc.md#2",
        "doc.md#4",
    ]
    assert model.works_by_id[roe].notes == ("doc.md#1", "doc.md#2", "doc.md#3")


def test_documents_keep_their_works_apart() -> None:
    model = build_model((document(ROE_NOTE, name="a.md"), document("Ibid.", ROE_NOTE, name="b.md")))
    (first_a,) = model.citations_of("a.md#1")
    (ibid_b,) = model.citations_of("b.md#1")
    (full_b,) = model.citations_of("b.md#2")
    assert ibid_b.work is None and ibid_b.antecedent is None  # an ibid does not reach into another document
    assert first_a.work != full_b.work
    assert full_b.antecedent is None  # not a repeat: the other document's citation does not count
    assert {w.id for w in model.works} == {first_a.work, full_b.work}


def test_work_ids_are_readable_and_unique() -> None:
    model = build_model(
        (
            document(
                ROE_NOTE,
                "Jane Roe, 'A Second Study', *Journal of Stuff* 4 (2020): 1-5, <https://example.org/c>.",
                "'Trade Report', *Bureau*, 2021, <https://example.org/report>.",
            ),
        )
    )
    ids = works_of(model, "1", "2", "3")
    assert ids[0] == "roe-2020-study"
    assert ids[1].startswith("roe-2020-") and ids[1] != ids[0]
    assert ids[2] == "trade-report-2021"


def test_one_note_with_ten_thousand_works_is_resolved_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids that share a base (`roe-2020-title-N`) and a note's many works must not make resolution quadratic.

    Past the 100,000 characters a Markdown note is read up to; a manuscript's note is read whole."""
    monkeypatch.setattr(markup, "READ_LIMIT", 10_000_000)

    def note(n: int) -> str:
        return "; ".join(f"Jane Roe, 'Title {i}', *Journal* {i} (2020), <https://example.org/{i}>" for i in range(n))

    model = build_model((document(note(10_000)),))
    assert calls(build_model, (document(note(10_000)),)) <= 2.2 * calls(build_model, (document(note(5_000)),))
    assert len({w.id for w in model.works}) == 10_000
    assert len(model.works_of("doc.md#1")) == 10_000


def test_short_forms_tolerate_dash_and_quote_styles_and_name_order() -> None:
    model = build_model(
        (
            document(
                'Biswas, Samprity. "Russia-China-Pakistan Engagement in the Changing Global Context: Scrutinizing the '
                "Realist Logic of a Trilateral 'Axis'.\" *Jadavpur Journal* 25 (2021): 7-25. <https://example.org/axis>.",
                "Biswas, “Russia–China–Pakistan Engagement”, 9.",
                "Samprity Biswas, ‘Russia—China—Pakistan Engagement in the Changing Global Context’, 10.",
            ),
        )
    )
    full, dashed, long_dashed = works_of(model, "1", "2", "3")
    assert full == dashed == long_dashed
    assert [model.citations_of(f"doc.md#{n}")[0].citation.kind for n in (2, 3)] == [CitationKind.SHORT] * 2
