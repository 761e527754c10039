"""The shared corpus of published Markdown documents: citecheck reads every one without crashing, and what
it reports about markers and notes is what the files really contain."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_truth import truth
from markdown_it.common.normalize_url import normalizeLink

HERE = Path(__file__).resolve().parent
CORPUS = (HERE.parents[1] / ".." / "shared" / "corpus").resolve()
FILES = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"the shared corpus is not at {CORPUS}")

MARKER_CODES = {"undefined-note", "unreferenced-note", "duplicate-note", "marker-out-of-order"}
# What the published files really have (checked by reading them): a note no marker refers to, and a note
# referred to from three places.
KNOWN = {
    "crdh-v07-republican-partys-other-right.md": [("unreferenced-note", "22")],
    "ph-en-logistic-regression.md": [("unreferenced-note", "19")],
    "ph-en-introduction-to-stylometry-with-python.md": [("marker-out-of-order", "2"), ("marker-out-of-order", "2")],
}


@pytest.fixture(scope="module")
def analyses(analyse) -> dict[str, object]:
    return {path.name: analyse(path) for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_file_is_read(analyses, path: Path) -> None:
    analysis = analyses[path.name]
    lines = path.read_text(encoding="utf-8").splitlines()
    (document,) = analysis.model.documents
    labels = [note.label for note in document.notes]
    assert len(labels) == len(set(labels)), "a note label is defined twice"
    for note in document.notes:
        assert lines[note.location.line - 1].lstrip().startswith(f"[^{note.label}]:"), note
    for marker in document.markers:
        assert f"[^{marker.label}]" in lines[marker.location.line - 1], marker
    for finding in analysis.findings:
        assert 1 <= finding.location.line <= len(lines), finding
        assert Path(finding.location.path).name == path.name
    cited = {c.work for c in analysis.model.citations if c.work}
    assert cited == {w.id for w in analysis.model.works}


@pytest.mark.parametrize("path", [p for p in FILES if p.name != "README.md"], ids=lambda p: p.name)
def test_markers_and_notes_match(analyses, path: Path) -> None:
    analysis = analyses[path.name]
    (document,) = analysis.model.documents
    assert document.notes, "a corpus document has footnotes"
    found = [(f.code, f.notes[0]) for f in analysis.findings if f.code in MARKER_CODES]
    expected = KNOWN.get(path.name, [])
    assert found == expected
    unreferenced = {label for code, label in expected if code == "unreferenced-note"}
    assert {m.label for m in document.markers} == {n.label for n in document.notes} - unreferenced


def test_the_known_irregularities_are_real() -> None:
    """Read the files directly: the unreferenced notes have no marker, and note 2 of the stylometry lesson
    is referred to three times."""
    for name, label in (("crdh-v07-republican-partys-other-right.md", "22"), ("ph-en-logistic-regression.md", "19")):
        text = (CORPUS / name).read_text(encoding="utf-8")
        assert text.count(f"[^{label}]") == 1 and f"\n[^{label}]:" in text
    stylometry = (CORPUS / "ph-en-introduction-to-stylometry-with-python.md").read_text(encoding="utf-8")
    assert stylometry.count("[^2]") == 4  # three markers and the definition


def test_a_marker_after_an_html_table_is_found() -> None:
    """crdh-v07 refers to note 11 on the line right after `</table>` and a Liquid tag, with no blank line."""
    from citecheck.read.markdown import parse_markdown

    path = CORPUS / "crdh-v07-republican-partys-other-right.md"
    document = parse_markdown(path.read_text(encoding="utf-8"), path.name)
    (marker,) = [m for m in document.markers if m.label == "11"]
    assert "noninterventionist.[^11]" in path.read_text(encoding="utf-8").splitlines()[marker.location.line - 1]


def _model_identifiers(analysis, label: str) -> tuple[set[str], set[str]]:
    """The URLs (as a browser requests them) and DOIs citecheck checks for one note."""
    citations = [c.citation for c in analysis.citations(label)]
    return {normalizeLink(u.raw) for c in citations for u in c.urls}, {d for c in citations for d in c.dois}


@pytest.mark.parametrize("path", [p for p in FILES if p.name != "README.md"], ids=lambda p: p.name)
def test_urls_and_dois_match_the_mechanical_truth(analyses, path: Path) -> None:
    """Every URL and DOI a reader can see or click in a note, and nothing else (recall and precision 1.0)."""
    expected = truth(path.read_text(encoding="utf-8"))
    analysis = analyses[path.name]
    (document,) = analysis.model.documents
    assert {note.label for note in document.notes} == set(expected)
    for note in document.notes:
        urls, dois = expected[note.label]
        assert _model_identifiers(analysis, note.label) == ({normalizeLink(u) for u in urls}, dois), note.label


def test_the_truth_sees_what_the_corpus_holds() -> None:
    """The truth itself: links whose text is their URL, archived copies, DOI links, URLs in running text."""
    lesson = truth((CORPUS / "ph-en-linear-regression.md").read_text(encoding="utf-8"))
    assert lesson["2"] == ({"https://muse.jhu.edu/article/687538", "https://perma.cc/P3FU-PW5Q"}, set())
    assert lesson["3"] == ({"https://doi.org/10.22148/16.005"}, {"10.22148/16.005"})
    totals = [sum(len(u) for u, _ in truth(p.read_text(encoding="utf-8")).values()) for p in FILES]
    assert sum(totals) > 150  # the corpus's notes are full of links
