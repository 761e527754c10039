"""Citation parsing: a note split into citations, each classified and read into its fields."""

from __future__ import annotations

import pytest

from citecheck.model import CitationKind, Style
from citecheck.notes import markup
from citecheck.notes.citations import parse_note, split_note
from work_count import calls

FULL, SHORT, IBID = CitationKind.FULL, CitationKind.SHORT, CitationKind.IBID

ROE = "Jane Roe, 'A Study of Things', *Journal of Stuff* 3, no. 1 (2020): 1-10, <https://example.org/a>"
DOE = "John Doe, 'Other Matters', *Review of Matters* 2 (2019): 5-9, <https://example.org/b>."

# Notes 13, 33 and 86 of the paper, verbatim.
NOTE_13 = (
    "Claudia Chia and Zheng Haiqi, 'Russia-Pakistan Economic Relations: Energy Partnership and the China "
    "Factor', *Journal of Eurasian Studies* 4, no. 4 (2021): 20-36, "
    "<https://www.isas.nus.edu.sg/wp-content/uploads/2021/10/WP-352.pdf>. Chia and Haiqi, "
    "'Russia-Pakistan Economic Relations'."
)
NOTE_33 = (
    "Burchill, Scott, et al. *Theories of International Relations*. Bloomsbury Publishing, 2022. "
    "Scott Burchill et al., *Theories of International Relations* (Bloomsbury Publishing, 2022)."
)
NOTE_86 = (
    '"India\'s Air Defence Gets a Big Boost, Russia Starts Delivery of S-400 Missiles." *The Indian Express*, '
    "November 15, 2021. <https://indianexpress.com/article/india/india-air-defence-russia-delivery-s-400-"
    "missiles-7622888/>'India's Air Defence Gets a Big Boost, Russia Starts Delivery of S-400 Missiles'."
)

SPLITS = [
    (f"{ROE}; {DOE}", [FULL, FULL]),
    (f"{ROE}; and {DOE}", [FULL, FULL]),
    (f"{ROE}. {DOE}", [FULL, FULL]),
    ("Roe, 'A Study of Things', 12; Doe, 'Other Matters', 4.", [SHORT, SHORT]),
    (f"This is disputed; see {ROE}.", [FULL]),  # the comment before `;` cites nothing
    (NOTE_13, [FULL, SHORT]),
    (NOTE_33, [FULL, FULL]),
    (NOTE_86, [FULL, SHORT]),
    ("Jane Roe, 'A Study', <https://example.org/a>'A Study'.", [FULL, SHORT]),
    ("Ibid;", [IBID]),  # a mispunctuated ibid, not an ibid and another citation
    ("Ibid., 5.", [IBID]),
]


@pytest.mark.parametrize(("text", "kinds"), SPLITS, ids=[s[0][:40] for s in SPLITS])
def test_notes_are_split_into_citations(text: str, kinds: list[CitationKind]) -> None:
    citations = parse_note(text, "doc#1")
    assert [c.kind for c in citations] == kinds
    assert [c.index for c in citations] == list(range(len(kinds)))
    assert all(c.note == "doc#1" for c in citations)


def test_split_pieces_are_the_citations_as_written() -> None:
    assert split_note(NOTE_13) == [
        NOTE_13[: NOTE_13.index(" Chia and Haiqi")],
        "Chia and Haiqi, 'Russia-Pakistan Economic Relations'.",
    ]
    first, second = split_note(NOTE_86)
    assert first.endswith("missiles-7622888/>")
    assert second == "'India's Air Defence Gets a Big Boost, Russia Starts Delivery of S-400 Missiles'."
    assert split_note(f"{ROE}; and {DOE}")[1] == DOE


def test_two_full_citations_of_one_work_in_two_styles() -> None:
    first, second = parse_note(NOTE_33, "doc#33")
    assert (first.style, second.style) == (Style.BIBLIOGRAPHY, Style.NOTE)
    assert first.authors == second.authors == ("Burchill",)
    assert first.title == second.title == "Theories of International Relations"
    assert first.year == second.year == "2022"
    assert not first.title_is_quoted


CLASSIFY = [
    ("Ibid.", IBID, ""),
    ("Ibid., 5.", IBID, "5"),
    ("ibid., p. 18.", IBID, "p. 18"),
    ("Ibidem, 45.", IBID, "45"),
    ("Ibid., pp. 3–5.", IBID, "pp. 3–5"),
    ("IBID.", IBID, ""),
    ("Siddiqui, 'Has Pakistan Succeeded in Balancing Russia and Ukraine?'", SHORT, ""),
    ("Roe, *A Book of Matters*, 12.", SHORT, "12"),
    ("'Annual Analytical Report on External Trade Statistics of Pakistan (FY 2023)'", SHORT, ""),
    (ROE, FULL, ""),
    ("John Doe, *A Book of Matters* (London: Matter Press, 2019).", FULL, ""),
    ("'Member Data', *Fund*, 13 May 2024, <https://fund.example.org/data>.", FULL, ""),
]


@pytest.mark.parametrize(("text", "kind", "locator"), CLASSIFY, ids=[c[0][:30] for c in CLASSIFY])
def test_citations_are_classified(text: str, kind: CitationKind, locator: str) -> None:
    (citation,) = parse_note(text, "doc#1")
    assert citation.kind is kind
    assert citation.locator == locator


def test_a_note_that_cites_nothing_has_no_citation() -> None:
    assert parse_note("This view is widely shared among historians of the period.", "doc#1") == []


@pytest.mark.parametrize(
    ("text", "malformed"),
    [
        ("Ibid.", ""),
        ("Ibid., 5.", ""),
        ("Ibid;", "wrong punctuation"),
        ("Ibid;'", "stray characters"),
        ("Ibid:", "wrong punctuation"),
        ("Ibid", "lacks its period"),
        ("Ibid, 5.", "lacks its period"),
        ("Ibid.'World Economic Outlook: Navigating Global Divergences'.", "a title is glued to it"),
        ("Ibid. 'World Economic Outlook'.", "followed by a title"),
    ],
)
def test_irregular_ibids_say_why(text: str, malformed: str) -> None:
    (citation,) = parse_note(text, "doc#1")
    assert citation.kind is IBID
    if malformed:
        assert malformed in citation.malformed
    else:
        assert citation.malformed == ""


def test_glued_title_is_kept_as_trailing_text() -> None:
    (citation,) = parse_note("Ibid.'World Economic Outlook: Navigating Global Divergences'.", "doc#69")
    assert "World Economic Outlook" in citation.trailing


AUTHORS = [
    ("Jane Roe, 'A Study', *J* 3 (2020): 1-10.", ("Roe",), Style.NOTE),
    ("Jane Roe and John Doe, 'A Study', *J* 3 (2020): 1-10.", ("Roe", "Doe"), Style.NOTE),
    ("Jane Roe, John Doe and Ann Poe, 'A Study', *J* 3 (2020): 1-10.", ("Roe", "Doe", "Poe"), Style.NOTE),
    (
        "Aatir Rizvi, Ahmad Raza Khan, and Muhammad Manzoor Elahi, 'Pak-China-Russo Relations', *Review* 6 (2022).",
        ("Rizvi", "Khan", "Elahi"),
        Style.NOTE,
    ),
    ("Jane Roe et al., 'A Study', *J* 3 (2020): 1-10.", ("Roe",), Style.NOTE),
    ("See Jane Roe, 'A Study', *J* 3 (2020): 1-10.", ("Roe",), Style.NOTE),
    ('Roe, Jane. "A Study." *J* 3 (2020): 1-10.', ("Roe",), Style.BIBLIOGRAPHY),
    ('Roe, Jane, and John Doe. "A Study." *J* 3 (2020): 1-10.', ("Roe", "Doe"), Style.BIBLIOGRAPHY),
    ('Roe, Jane, John Doe, and Ann Poe. "A Study." *J* 3 (2020): 1-10.', ("Roe", "Doe", "Poe"), Style.BIBLIOGRAPHY),
    (
        'Naqvi, Almas Haider, and Yasir Masood. "Rejuvenating Pakistan-Russia Relations." *ISSI* 37 (2017).',
        ("Naqvi", "Masood"),
        Style.BIBLIOGRAPHY,
    ),
    (
        "Burchill, Scott, et al. *Theories of International Relations*. Bloomsbury Publishing, 2022.",
        ("Burchill",),
        Style.BIBLIOGRAPHY,
    ),
    ("'Trade Report', *Bureau*, 2021, <https://example.org/report>.", (), Style.NOTE),
]


@pytest.mark.parametrize(("text", "surnames", "style"), AUTHORS, ids=[a[0][:40] for a in AUTHORS])
def test_author_surnames_in_both_name_orders(text: str, surnames: tuple[str, ...], style: Style) -> None:
    (citation,) = parse_note(text, "doc#1")
    assert citation.authors == surnames
    assert citation.style is style


TITLES = [
    # Note 3 and note 61 of the paper: a quoted word inside the quoted title, in both styles.
    (
        "Samprity Biswas, 'Russia-China-Pakistan Engagement in the Changing Global Context: Scrutinizing the Realist "
        'Logic of a Trilateral "Axis"\', *Jadavpur Journal of International Relations* 25, no. 1 (1 June 2021): 7-25, '
        "<https://doi.org/10.1177/0973598421998899>.",
        "Russia-China-Pakistan Engagement in the Changing Global Context: Scrutinizing the Realist Logic of a "
        'Trilateral "Axis"',
    ),
    (
        'Biswas, Samprity. "Russia–China–Pakistan Engagement in the Changing Global Context: Scrutinizing the Realist '
        'Logic of a Trilateral "Axis"." *Jadavpur Journal of International Relations* 25, no. 1 (1 June 2021): 7-25. '
        "<https://doi.org/10.1177/0973598421998899>.",
        "Russia–China–Pakistan Engagement in the Changing Global Context: Scrutinizing the Realist Logic of a "
        'Trilateral "Axis"',
    ),
    ("Jane Roe, ‘A Study of “Quoted” Words’, *J* 3 (2020).", "A Study of “Quoted” Words"),
    ("Roe, Jane. “A Study of ‘Quoted’ Words.” *J* 3 (2020).", "A Study of ‘Quoted’ Words"),
    (
        "Atiqa Tariq, 'Soviet-Afghan War: Implications for Pakistan' (International Islamic University, 2023), "
        "https://www.researchgate.net/publication/366866680.",
        "Soviet-Afghan War: Implications for Pakistan",
    ),
    (
        'Tahir Amin, *Pakistan-Russia Relations and the Unfolding "New Great Game" in South Asia* (SSOAR, 2016).',
        'Pakistan-Russia Relations and the Unfolding "New Great Game" in South Asia',
    ),
]


@pytest.mark.parametrize(("text", "title"), TITLES, ids=[t[1][:30] for t in TITLES])
def test_titles_with_nested_quotes(text: str, title: str) -> None:
    (citation,) = parse_note(text, "doc#1")
    assert citation.title == title


def test_fields_of_a_journal_article() -> None:
    (citation,) = parse_note(
        "Galia Press-Barnathan, 'The Neglected Dimension of Commercial Liberalism: Economic Cooperation and "
        "Transition to Peace', *Journal of Peace Research* 43, no. 3 (May 2006): 261-78, "
        "<https://doi.org/10.1177/0022343306063931>.",
        "doc#35",
    )
    assert citation.kind is FULL and citation.style is Style.NOTE
    assert citation.authors == ("Press-Barnathan",)
    assert citation.container == "Journal of Peace Research"
    assert (citation.year, citation.volume, citation.issue, citation.pages) == ("2006", "43", "3", "261-78")
    assert citation.date == "May 2006"
    assert citation.dois == ("10.1177/0022343306063931",)
    assert citation.title_is_quoted


def test_fields_of_a_web_page_with_a_date() -> None:
    (citation,) = parse_note(
        '"India\'s Air Defence Gets a Big Boost." *The Indian Express*, November 15, 2021. '
        "<https://indianexpress.com/article/india/x-7622888/>.",
        "doc#86",
    )
    assert citation.style is Style.BIBLIOGRAPHY
    assert citation.container == "The Indian Express"
    assert (citation.date, citation.year) == ("November 15, 2021", "2021")
    assert citation.authors == ()


def test_a_long_note_is_split_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """8,000 sentences in one note (290 KB): each boundary must not rescan the text before it.

    Past the 100,000 characters a Markdown note is read up to; a manuscript's note is read whole."""
    monkeypatch.setattr(markup, "READ_LIMIT", 10_000_000)

    def sentences(n: int) -> str:
        return " ".join(f"Sentence {i} says 'a thing' in 1999." for i in range(n))

    def semicolons(n: int) -> str:
        return "; ".join(f"Roe, 'Title {i}', {i}" for i in range(n))

    assert len(parse_note(sentences(8000), "doc#1")) == 8000
    assert len(parse_note(semicolons(8000), "doc#2")) == 8000
    for make in (sentences, semicolons):  # twice the note, about twice the work
        assert calls(parse_note, make(8000), "doc#3") <= 2.2 * calls(parse_note, make(4000), "doc#3")
