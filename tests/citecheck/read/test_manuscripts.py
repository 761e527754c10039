"""Manuscripts (Word, OpenDocument, LaTeX, HTML, JATS) read through pandoc give the same notes and findings
as the Markdown text they were made from; findings name the paragraph, as a manuscript has no lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pypandoc = pytest.importorskip("pypandoc", reason="the manuscripts extra (pypandoc-binary) is not installed")

from citecheck.config import CheckerConfig  # noqa: E402
from citecheck.errors import InputError  # noqa: E402
from citecheck.extensions import core_registry, default_registry  # noqa: E402
from citecheck.pipeline import build_report  # noqa: E402
from citecheck.report import Report  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
MARKDOWN = """# An essay

A claim with a note.[^1] Another claim.[^2] And *emphasis* with a third.[^3]

A second paragraph.[^4] A fifth.[^5]

[^1]: Jane Roe, "A Study of Things," *Journal of Stuff* 3, no. 1 (2020): 1--10, <https://example.org/study>.
[^2]: Ibid, 4.
[^3]: See [the report](https://example.org/report) and *Another Book* (London: Press, 2019), 12.
[^4]: Roe, "Study of Things," 5.
[^5]: Jane Roe, "A Study of Things," *Journal of Stuff* 3, no. 1 (2020): 1--10, <https://example.org/study>.
"""
LATEX = r"""\documentclass{article}
\begin{document}
\section{An essay}
A claim with a note.\footnote{Jane Roe, ``A Study of Things,'' \emph{Journal of Stuff} 3, no. 1 (2020): 1--10, \url{https://example.org/study}.}
Another claim.\footnote{Ibid, 4.} And \emph{emphasis} with a third.\footnote{See \href{https://example.org/report}{the report} and \emph{Another Book} (London: Press, 2019), 12.}

A second paragraph.\footnote{Roe, ``Study of Things,'' 5.} A fifth.\footnote{Jane Roe, ``A Study of Things,'' \emph{Journal of Stuff} 3, no. 1 (2020): 1--10, \url{https://example.org/study}.}
\end{document}
"""
HTML = """<!doctype html><html><head><title>An essay</title></head><body>
<h1>An essay</h1>
<p>A claim with a note.<a href="#fn1" role="doc-noteref"><sup>1</sup></a> Another claim.<a href="#fn2" role="doc-noteref"><sup>2</sup></a>
And <em>emphasis</em> with a third.<a href="#fn3" role="doc-noteref"><sup>3</sup></a></p>
<p>A second paragraph.<a href="#fn4" role="doc-noteref"><sup>4</sup></a> A fifth.<a href="#fn5" role="doc-noteref"><sup>5</sup></a></p>
<section role="doc-endnotes"><ol>
<li id="fn1"><p>Jane Roe, “A Study of Things,” <em>Journal of Stuff</em> 3, no. 1 (2020): 1–10, <a href="https://example.org/study">https://example.org/study</a>.</p></li>
<li id="fn2"><p>Ibid, 4.</p></li>
<li id="fn3"><p>See <a href="https://example.org/report">the report</a> and <em>Another Book</em> (London: Press, 2019), 12.</p></li>
<li id="fn4"><p>Roe, “Study of Things,” 5.</p></li>
<li id="fn5"><p>Jane Roe, “A Study of Things,” <em>Journal of Stuff</em> 3, no. 1 (2020): 1–10, <a href="https://example.org/study">https://example.org/study</a>.</p></li>
</ol></section></body></html>
"""
JATS = """<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article"><front><article-meta>
<title-group><article-title>An essay</article-title></title-group></article-meta></front><body><sec><title>An essay</title>
<p>A claim with a note.<xref ref-type="fn" rid="fn1">1</xref> Another claim.<xref ref-type="fn" rid="fn2">2</xref>
And <italic>emphasis</italic> with a third.<xref ref-type="fn" rid="fn3">3</xref></p>
<p>A second paragraph.<xref ref-type="fn" rid="fn4">4</xref> A fifth.<xref ref-type="fn" rid="fn5">5</xref></p>
</sec></body><back><fn-group>
<fn id="fn1"><p>Jane Roe, “A Study of Things,” <italic>Journal of Stuff</italic> 3, no. 1 (2020): 1–10, <ext-link ext-link-type="uri" xlink:href="https://example.org/study">https://example.org/study</ext-link>.</p></fn>
<fn id="fn2"><p>Ibid, 4.</p></fn>
<fn id="fn3"><p>See <ext-link ext-link-type="uri" xlink:href="https://example.org/report">the report</ext-link> and <italic>Another Book</italic> (London: Press, 2019), 12.</p></fn>
<fn id="fn4"><p>Roe, “Study of Things,” 5.</p></fn>
<fn id="fn5"><p>Jane Roe, “A Study of Things,” <italic>Journal of Stuff</italic> 3, no. 1 (2020): 1–10, <ext-link ext-link-type="uri" xlink:href="https://example.org/study">https://example.org/study</ext-link>.</p></fn>
</fn-group></back></article>
"""
OFFLINE = CheckerConfig()
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def analyse(path: Path) -> Report:
    return build_report([path], OFFLINE, registry=core_registry())


def summary(report: Report) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return sorted((f.code, f.notes, f.related) for f in report.findings if f.code != "source-irregular")


def resolution(report: Report) -> list[tuple[str, str, str | None]]:
    """Each citation's note, kind and antecedent note (works differ in id only by their first words)."""
    label = {n.key: n.label for d in report.model.documents for n in d.notes}
    return [
        (label[c.citation.note], c.citation.kind.value, label.get(c.antecedent or "")) for c in report.model.citations
    ]


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("md") / "essay.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return analyse(path)


def made_by_pandoc(folder: Path, suffix: str) -> Path:
    path = folder / f"essay{suffix}"
    pypandoc.convert_text(MARKDOWN, suffix.lstrip("."), format="markdown", outputfile=str(path))
    return path


def written(folder: Path, suffix: str, text: str) -> Path:
    path = folder / f"essay{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".tex", ".html", ".xml"])
def test_a_manuscript_gives_the_markdown_findings(markdown: Report, tmp_path: Path, suffix: str) -> None:
    path = {
        ".docx": lambda: made_by_pandoc(tmp_path, ".docx"),
        ".odt": lambda: made_by_pandoc(tmp_path, ".odt"),
        ".tex": lambda: written(tmp_path, ".tex", LATEX),
        ".html": lambda: written(tmp_path, ".html", HTML),
        ".xml": lambda: written(tmp_path, ".xml", JATS),
    }[suffix]()
    report = analyse(path)
    (document,) = report.model.documents
    assert [n.label for n in document.notes] == ["1", "2", "3", "4", "5"]
    assert summary(report) == summary(markdown)
    assert resolution(report) == resolution(markdown)
    assert {u.raw for c in report.model.citations for u in c.citation.urls} == {
        "https://example.org/study",
        "https://example.org/report",
    }


def test_findings_name_the_paragraph(tmp_path: Path) -> None:
    report = analyse(made_by_pandoc(tmp_path, ".docx"))
    where = {f.code: str(f.location) for f in report.findings}
    assert where["ibid-malformed"] == f"{tmp_path / 'essay.docx'}, paragraph 2"
    assert where["repeated-full-citation"] == f"{tmp_path / 'essay.docx'}, paragraph 3"
    paragraphs = [f.location.paragraph for f in report.findings]
    assert paragraphs == sorted(paragraphs)  # in reading order, as a Markdown file's are by line


def test_a_file_pandoc_cannot_read_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip archive")
    with pytest.raises(InputError, match=r"broken\.docx: cannot be read as docx"):
        analyse(broken)


@pytest.mark.skipif(not (ROOT / "mkdocs.yml").is_file(), reason="the edition's pages are not in this tree")
def test_the_article_as_one_word_document_gives_the_findings_of_its_pages(tmp_path: Path) -> None:
    from pakistan_russia_edition.mkdocs_project import docs_and_pages  # the edition's pages, in reading order

    _docs, pages = docs_and_pages(ROOT / "mkdocs.yml")
    article = [p for p in pages if "/article/" in p.as_posix()]
    joined = "\n\n".join(FRONT_MATTER.sub("", p.read_text(encoding="utf-8")) for p in article)
    (tmp_path / "article.md").write_text(joined, encoding="utf-8")
    docx = tmp_path / "article.docx"
    pypandoc.convert_file(str(tmp_path / "article.md"), "docx", format="markdown", outputfile=str(docx))
    word = analyse(docx)
    pages_report = build_report([ROOT / "docs"], OFFLINE, registry=default_registry())  # the edition's reader
    assert len(word.model.documents[0].notes) == len(pages_report.model.documents[0].notes) == 95
    assert summary(word) == summary(pages_report)
    assert resolution(word) == resolution(pages_report)


def test_html_with_notes_not_marked_up_says_so(tmp_path: Path) -> None:
    """A Google Docs export marks its notes with ids only: 0 notes would look like a clean text."""
    page = written(
        tmp_path,
        ".html",
        '<html><body><p>Text<a href="#ftnt1" id="ftnt_ref1">[1]</a></p>'
        '<div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a> Jane Roe, Book, 2001.</p></div></body></html>',
    )
    (finding,) = analyse(page).findings
    assert finding.code == "source-irregular"
    assert "no footnotes or endnotes were found: HTML notes are read where they are marked up" in finding.message


def test_text_nested_too_deeply_is_an_input_error_not_a_traceback(tmp_path: Path) -> None:
    note = '<a href="#fn1" role="doc-noteref"><sup>1</sup></a>'
    page = written(
        tmp_path,
        ".html",
        f'<html><body><p>{"<em>" * 1000}x{note}{"</em>" * 1000}</p><section role="doc-endnotes"><ol>'
        '<li id="fn1"><p>Note.</p></li></ol></section></body></html>',
    )
    with pytest.raises(InputError, match="nests its text too deeply to be read"):
        analyse(page)
