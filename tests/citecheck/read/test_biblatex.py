"""biblatex citations in a LaTeX manuscript, resolved against the BibTeX files named with it.

Each test writes a small .tex and .bib file and reads them as the command line does: a key's first citation
in the notes is written in full from its entry, later ones in short form, as biblatex's verbose styles print
them, and every check reads the result as it reads any note.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pypandoc", reason="the manuscripts extra (pypandoc-binary) is not installed")

from citecheck.codes import CORE_CODES
from citecheck.model import CitationKind, Document

BIB = r"""
@article{roe2020,
  author = {Roe, Jane and Doe, John},
  title = {A Study of Things},
  subtitle = {Evidence from Somewhere},
  journaltitle = {Journal of Stuff},
  volume = {3}, number = {1}, date = {2020-03}, pages = {1--10},
  doi = {10.1234/stuff.2020.1},
}
@book{poe2019,
  author = {Poe, Ann},
  title = {A Book of Things},
  location = {London}, publisher = {Press}, year = {2019},
  url = {https://example.org/book},
}
@incollection{moe2018,
  author = {M{\"o}e, Bj{\o}rn},
  title = {A Chapter on \emph{Things}},
  booktitle = {A Collection}, editor = {Roe, Jane},
  address = {Paris}, publisher = {Press}, year = {2018}, pages = {5--20},
  url = {https://example.org/chapter},
}
"""
ROE_FULL = (
    "Jane Roe and John Doe, “A Study of Things: Evidence from Somewhere”, *Journal of Stuff* 3, no. 1 (2020): 1–10"
)
ROE_DOI = "<https://doi.org/10.1234/stuff.2020.1>"
POE_FULL = "Ann Poe, *A Book of Things* (London: Press, 2019)"
MOE_FULL = "Bjørn Möe, “A Chapter on Things”, in *A Collection*, ed. Jane Roe (Paris: Press, 2018), 5–20"


def latex(body: str) -> str:
    return (
        "\\documentclass{article}\n\\usepackage[style=verbose]{biblatex}\n\\begin{document}\n"
        + body
        + "\n\\end{document}\n"
    )


@pytest.fixture
def read(analyse: Callable[..., Any], tmp_path: Path) -> Callable[..., Any]:
    """Write the manuscript and (unless `bib` is None) its BibTeX file; read and check them as the command
    line does."""

    def run(body: str, bib: str | None = BIB) -> Any:
        (tmp_path / "paper.tex").write_text(latex(body), encoding="utf-8")
        if bib is None:
            return analyse(tmp_path / "paper.tex")
        (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
        return analyse(tmp_path / "paper.tex", tmp_path / "refs.bib")

    return run


def document_of(analysis: Any) -> Document:
    (document,) = analysis.model.documents
    return document


def texts(analysis: Any) -> list[str]:
    return [note.text for note in document_of(analysis).notes]


def test_the_first_citation_is_full_and_later_ones_short(read: Callable[..., Any]) -> None:
    analysis = read(
        r"""One.\footnote{\cite{roe2020}.} Two.\footnote{\cite[12]{roe2020}.}
Three.\footnote{\cite{poe2019}.} Four.\footnote{\cite[7]{poe2019}.} Five.\footnote{\cite{moe2018}.}
Six.\footnote{\cite{moe2018}.}""",
    )
    assert texts(analysis) == [
        f"{ROE_FULL}, {ROE_DOI}.",
        "Roe and Doe, “A Study of Things”, 12.",
        f"{POE_FULL}, <https://example.org/book>.",
        "Poe, *A Book of Things*, 7.",
        f"{MOE_FULL}, <https://example.org/chapter>.",
        "Möe, “A Chapter on Things”.",
    ]
    kinds = [(c.citation.kind, c.citation.locator) for c in analysis.model.citations]
    assert kinds == [
        (CitationKind.FULL, ""),
        (CitationKind.SHORT, "12"),
        (CitationKind.FULL, ""),
        (CitationKind.SHORT, "7"),
        (CitationKind.FULL, ""),
        (CitationKind.SHORT, ""),
    ]
    works = {work.bib_key: work.notes for work in analysis.model.works}
    assert {key: [n.rsplit("#", 1)[1] for n in notes] for key, notes in works.items()} == {
        "roe2020": ["1", "2"],
        "poe2019": ["3", "4"],
        "moe2018": ["5", "6"],
    }
    assert [c.antecedent for c in analysis.model.citations if c.citation.kind is CitationKind.SHORT] == [
        note.key for note in document_of(analysis).notes if note.label in ("1", "3", "5")
    ]
    assert analysis.codes() == set()


def test_footcite_autocite_smartcite_and_textcite_make_notes_in_running_text(read: Callable[..., Any]) -> None:
    analysis = read(
        r"""A claim.\footcite{roe2020} Another.\autocite[4]{poe2019} \textcite{moe2018} argues it.
In the text \cite{roe2020} and \parencite[3]{poe2019} print no note. Again.\smartcite[5]{roe2020}
And\Footcite{poe2019} again.""",
    )
    document = document_of(analysis)
    assert [m.label for m in document.markers] == [n.label for n in document.notes] == ["1", "2", "3", "4", "5"]
    assert texts(analysis) == [
        f"{ROE_FULL}, {ROE_DOI}.",
        f"{POE_FULL}, 4, <https://example.org/book>.",
        f"{MOE_FULL}, <https://example.org/chapter>.",
        "Roe and Doe, “A Study of Things”, 5.",
        "Poe, *A Book of Things*.",
    ]
    assert analysis.codes() == set()


def test_prenotes_postnotes_and_several_keys(read: Callable[..., Any]) -> None:
    analysis = read(
        r"""First.\autocite[see][12]{roe2020,poe2019} Then.\footnote{As \cite[cf.][20--22]{moe2018} shows;
compare \cites[see][5]{roe2020}[p.~9]{poe2019}.}""",
    )
    assert texts(analysis) == [
        f"see {ROE_FULL}, {ROE_DOI}; {POE_FULL}, 12, <https://example.org/book>.",
        f"As cf. {MOE_FULL}, 20–22, <https://example.org/chapter> shows; "
        "compare see Roe and Doe, “A Study of Things”, 5; Poe, *A Book of Things*, p.\u00a09.",
    ]
    cited = [(c.citation.note.rsplit("#", 1)[1], c.work) for c in analysis.model.citations]
    bib_key = {work.id: work.bib_key for work in analysis.model.works}
    assert [(note, bib_key[work]) for note, work in cited if work] == [
        ("1", "roe2020"),
        ("1", "poe2019"),
        ("2", "moe2018"),
        ("2", "roe2020"),
        ("2", "poe2019"),
    ]


def test_a_footcite_inside_a_footnote_is_printed_in_place(read: Callable[..., Any]) -> None:
    analysis = read(r"""Text.\footnote{As argued before\footcite[3]{poe2019}. See also later work.}""")
    assert texts(analysis) == [f"As argued before {POE_FULL}, 3, <https://example.org/book>. See also later work."]
    assert len(document_of(analysis).markers) == 1


def test_running_text_is_tracked_apart_from_the_notes(read: Callable[..., Any]) -> None:
    """biblatex's verbose styles track citations in notes and in the text separately (citetracker=context)."""
    analysis = read(r"""\textcite{roe2020} and \cite{poe2019} in the text.\footnote{\cite{poe2019}.}""")
    assert texts(analysis) == [f"{ROE_FULL}, {ROE_DOI}.", f"{POE_FULL}, <https://example.org/book>."]


def test_an_undefined_key_is_reported_with_its_note(read: Callable[..., Any], tmp_path: Path) -> None:
    analysis = read(
        r"""One.\footcite{roe2020} Two.\footcite[4]{roe2002} In the text \parencite{nobody}.
Three.\footnote{\cite{roe2020}; \cite{zzz}.}""",
    )
    assert texts(analysis)[1:] == ["roe2002, 4.", "Roe and Doe, “A Study of Things”; zzz."]
    found = analysis.of("cite-key-undefined")
    bib = tmp_path / "refs.bib"
    assert [(f.notes, f.message, f.suggestion) for f in found] == [  # in reading order
        (("2",), f"citation key 'roe2002': no entry in {bib}", "did you mean 'roe2020'?"),
        ((), f"citation key 'nobody': no entry in {bib}", "add an entry for it, or correct the key"),
        (("3",), f"citation key 'zzz': no entry in {bib}", "add an entry for it, or correct the key"),
    ]
    notes = {note.label: note for note in document_of(analysis).notes}
    assert found[0].location == notes["2"].location and found[0].location.paragraph == 1
    assert all(f.severity is CORE_CODES["cite-key-undefined"].severity for f in found)
    # The key printed in its place cites nothing: no other finding than the entries this text leaves uncited.
    assert analysis.codes() == {"cite-key-undefined", "bib-uncited-entry"}
    assert [f.message for f in analysis.of("bib-uncited-entry")] == [
        "entry 'poe2019' is cited by no note",
        "entry 'moe2018' is cited by no note",
    ]


def test_without_a_bibtex_file_every_key_is_undefined(read: Callable[..., Any]) -> None:
    analysis = read(r"""One.\footcite{roe2020}""", bib=None)
    assert texts(analysis) == ["roe2020."]
    ((finding),) = analysis.of("cite-key-undefined")
    assert (finding.notes, finding.message) == (("1",), "citation key 'roe2020': no BibTeX file was given")


def test_a_full_citation_written_out_after_a_cite_is_a_repeated_full_citation(read: Callable[..., Any]) -> None:
    analysis = read(
        r"""One.\footcite[5]{roe2020} Two.\footnote{Jane Roe and John Doe, ``A Study of Things,''
\emph{Journal of Stuff} 3, no. 1 (2020): 1--10, \url{https://doi.org/10.1234/stuff.2020.1}.}""",
    )
    (finding,) = analysis.of("repeated-full-citation")
    assert (finding.notes, finding.related) == (("2",), ("1",))
    assert finding.suggestion == "Roe and Doe, “A Study of Things.”"  # the short form a fix writes in
    (work,) = analysis.model.works
    assert work.bib_key == "roe2020" and [n.rsplit("#", 1)[1] for n in work.notes] == ["1", "2"]


def test_the_bibtex_file_may_come_first_or_last_on_the_command_line(cli, tmp_path: Path) -> None:
    (tmp_path / "paper.tex").write_text(latex(r"One.\footcite{roe2020} Two.\footcite{roe2020}"), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    for order in ((tmp_path / "paper.tex", tmp_path / "refs.bib"), (tmp_path / "refs.bib", tmp_path / "paper.tex")):
        report = cli(*order, "--offline", "--format", "json").json()
        assert [n["text"] for n in report["notes"]] == [f"{ROE_FULL}, {ROE_DOI}.", "Roe and Doe, “A Study of Things”."]
        assert [f["code"] for f in report["findings"]] == ["bib-uncited-entry", "bib-uncited-entry"]
