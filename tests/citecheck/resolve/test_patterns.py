"""The patterns of real footnoted Markdown, table-driven in the style of eyecite's resolution tests.

Each case is a sequence of notes in; each citation's kind, work and antecedent out. A work is named by
the citation that introduced it (`"2.0"`: the first citation of note 2). Each pattern has a near miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from citecheck.checks import run_checks
from citecheck.extensions import core_registry
from citecheck.model import CitationKind, Model
from citecheck.read.markdown import parse_markdown
from citecheck.resolve.works import build_model

FULL, SHORT, IBID = CitationKind.FULL, CitationKind.SHORT, CitationKind.IBID
ROE = "Jane Roe, *First Book* (London: Matter Press, 2001), 3."
ROE_AGAIN = "Jane Roe, *Second Thoughts* (London: Matter Press, 2004), 8."
DOE = "John Doe, *Second Book* (London: Matter Press, 2003), 9."


@dataclass(frozen=True)
class Case:
    name: str
    notes: list[str]
    expected: list[tuple[str, CitationKind, str | None, str | None]]
    """(note label, kind, the citation that introduced its work as `label.index`, antecedent label)."""
    absent: set[str] = field(default_factory=set)
    """Codes that must not be reported."""
    present: set[str] = field(default_factory=set)
    """Codes that must be reported."""


def _model(notes: list[str]) -> Model:
    body = " ".join(f"Claim {number}.[^{number}]" for number in range(1, len(notes) + 1))
    definitions = "\n".join(f"[^{number}]: {text}" for number, text in enumerate(notes, start=1))
    return build_model((parse_markdown(f"{body}\n\n{definitions}\n", "patterns.md"),))


def _codes(model: Model) -> set[str]:
    registry = core_registry()
    return {f.code for f in run_checks(model, set(registry.codes), registry.codes, registry.checks)}


IBID_QUIET = {"ibid-malformed", "ibid-mismatch", "ibid-unresolved", "ibid-ambiguous", "short-form-unresolved"}

CASES = [
    # 3. Titles in underscores are titles, as in asterisks.
    Case(
        "underscore-title",
        ["A. Author, _The Book Title_ (City: Press, 2014), 12.", "Ibid., 14.", "Author, _The Book Title_, 15."],
        [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1"), ("3", SHORT, "1.0", "1")],
        absent=IBID_QUIET,
    ),
    Case(
        "author-date-with-an-underscored-journal",
        [
            "Broscheid, A. (2011), Comparing Circuits: Are Some Courts More Liberal?. _Law Review_, 45: 171-194.",
            "Ibid., 172.",
        ],
        [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1")],
        absent=IBID_QUIET,
    ),
    Case(
        "a-remark-with-a-year-and-an-underscored-name",  # near miss: prose, not a citation
        [ROE + " Note that, as of January 2021, the _New York Times_ has redesigned its APIs.", "Ibid., 9."],
        [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1")],
        absent=IBID_QUIET,
    ),
    Case(
        "underscore-title-near-miss",  # a short form of a title never given in full
        ["A. Author, _The Book Title_ (City: Press, 2014), 12.", "Author, _Another Title_, 15."],
        [("1", FULL, "1.0", None), ("2", SHORT, "2.0", None)],
        present={"short-form-unresolved"},
    ),
    # 6. A quotation before `; ibid.` is the ibid's text, not a short form.
    Case(
        "quotation-then-ibid",
        [ROE, '"Quoted words"; ibid., 29.'],
        [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1")],
        absent=IBID_QUIET,
    ),
    Case(
        "quotation-without-ibid",  # near miss: with no ibid after it, a quoted title alone is a short form
        [ROE, '"Other Matters"; Roe, *First Book*, 5.'],
        [("1", FULL, "1.0", None), ("2", SHORT, "2.0", None), ("2", SHORT, "1.0", "1")],
        present={"short-form-unresolved"},
    ),
    # 6. An ibid after another citation in its note repeats that citation, after `;` or a full stop.
    Case(
        "ibid-after-semicolon-in-note",
        [ROE, DOE.removesuffix(".") + "; ibid., 12."],
        [("1", FULL, "1.0", None), ("2", FULL, "2.0", None), ("2", IBID, "2.0", "2")],
        absent=IBID_QUIET,
    ),
    Case(
        "ibid-after-full-stop-in-note",
        [ROE, DOE + " Ibid., 12."],
        [("1", FULL, "1.0", None), ("2", FULL, "2.0", None), ("2", IBID, "2.0", "2")],
        absent=IBID_QUIET,
    ),
    Case(
        "ibid-after-a-note-of-two-works",  # near miss: at the start of a note, the note before must cite one work
        [ROE, DOE.removesuffix(".") + "; Roe, *First Book*, 4.", "Ibid., 12."],
        [("1", FULL, "1.0", None), ("2", FULL, "2.0", None), ("2", SHORT, "1.0", "1"), ("3", IBID, None, "2")],
        present={"ibid-ambiguous"},
    ),
    # 7. Locators: ranges, f./ff., notes, chapters, pages, `S.`; and a remark after the locator.
    *(
        Case(
            f"ibid-locator-{text}", [ROE, text], [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1")], absent=IBID_QUIET
        )
        for text in (
            "Ibid., 2--3.",
            "Ibid., 2–3.",
            "Ibid., 2-3.",
            "Ibid., 44, where the author revises the figure.",
            "Ibid., 5 f.",
            "Ibid., 12ff.",
            "Ibid., n. 4.",
            "Ibid., 12 n. 4.",
            "Ibid., chap. 2.",
            "Ibid., p. 7.",
            "Ibid., pp. 7–9.",
            "Ibid., S. 12–14.",
        )
    ),
    Case(
        "ibid-then-a-sentence-citing-another-work",
        [ROE, "Ibid., 106. See also John Doe, *Second Book* (London: Matter Press, 2003), 9."],
        [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1"), ("2", FULL, "2.1", None)],
        absent=IBID_QUIET,
    ),
    Case(
        "ibid-with-a-title",  # near miss: what follows is another work's title, not a locator or a remark
        [ROE, "Ibid., 'Another Title', 4."],
        [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1")],
        present={"ibid-malformed", "ibid-mismatch"},
    ),
    # 8. The same work in other languages and traditions.
    *(
        Case(f"same-work-{text}", [ROE, text], [("1", FULL, "1.0", None), ("2", IBID, "1.0", "1")], absent=IBID_QUIET)
        for text in (
            "*Ibid.*",
            "_Ibid._, 4.",
            "Ibidem, 4.",
            "Ibíd., 4.",
            "Ib., 7.",
            "Ebd., S. 4.",
            "Ebenda.",
            "Id., 9.",
            "Idem.",
        )
    ),
    *(
        Case(f"not-an-ibid-{text}", [ROE, text], [("1", FULL, "1.0", None), ("2", FULL, "2.0", None)])
        for text in ("Ibsen, *Ghosts* (London: Press, 1881).", "Idaho Society, *Annual Report* (Boise: Press, 1999).")
    ),
    # 8. Idem before a title: the previous citation's author, another work.
    Case(
        "idem-another-work",
        [ROE, "Idem, *Second Thoughts* (London: Matter Press, 2004), 8.", "Roe, *Second Thoughts*, 9."],
        [("1", FULL, "1.0", None), ("2", FULL, "2.0", None), ("3", SHORT, "2.0", "2")],
        absent=IBID_QUIET,
    ),
    # 8. op. cit. and its kin: the author's one earlier work.
    *(
        Case(
            f"earlier-work-{text}",
            [ROE, DOE, text],
            [("1", FULL, "1.0", None), ("2", FULL, "2.0", None), ("3", SHORT, "1.0", "1")],
            absent=IBID_QUIET | {"short-form-ambiguous"},
        )
        for text in (
            "Roe, op. cit., 4.",
            "Roe, loc. cit.",
            "Roe, a.a.O., S. 5.",
            "Roe, supra note 1, at 4.",
            "Roe, cit., 4.",
        )
    ),
    Case(
        "op-cit-of-an-author-with-two-works",  # near miss: which of Roe's works?
        [ROE, ROE_AGAIN, "Roe, op. cit., 4."],
        [("1", FULL, "1.0", None), ("2", FULL, "2.0", None), ("3", SHORT, None, None)],
        present={"short-form-ambiguous"},
    ),
    Case(
        "op-cit-of-an-author-never-cited",
        [ROE, "Doe, op. cit., 4."],
        [("1", FULL, "1.0", None), ("2", SHORT, None, None)],
        present={"short-form-unresolved"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_citation_resolves_to_its_work_and_antecedent(case: Case) -> None:
    model = _model(case.notes)
    introduced: dict[str, str] = {}  # work id → `label.index` of the citation that introduced it
    found = []
    for resolved in model.citations:
        citation = resolved.citation
        label = citation.note.rsplit("#", 1)[1]
        if resolved.work is not None:
            introduced.setdefault(resolved.work, f"{label}.{citation.index}")
        work = introduced.get(resolved.work) if resolved.work else None
        antecedent = resolved.antecedent.rsplit("#", 1)[1] if resolved.antecedent else None
        found.append((label, citation.kind, work, antecedent))
    assert found == case.expected
    codes = _codes(model)
    assert not codes & case.absent
    assert case.present <= codes


def test_an_ibid_form_keeps_its_word_and_locator() -> None:
    model = _model([ROE, "Ebd., S. 12–14.", "Ibid., 44, where the author revises the figure."])
    forms = [(c.citation.form, c.citation.locator) for c in model.citations[1:]]
    assert forms == [("Ebd", "S. 12–14"), ("Ibid", "44")]


def test_idem_gives_the_previous_author() -> None:
    model = _model([ROE, "Ibid., 4.", "Idem, *Second Thoughts* (London: Matter Press, 2004), 8."])
    assert model.citations[2].citation.authors == ("Roe",)
    assert model.works_by_id[model.citations[2].work or ""].authors == ("Roe",)
