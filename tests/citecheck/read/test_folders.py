"""Folders: read as chapters of one text (an ibid chain crosses files), or file by file when labels repeat."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.config import CheckerConfig
from citecheck.errors import InputError
from citecheck.pipeline import build_report
from citecheck.read import load

ROE = "Jane Roe, 'A Study of Things', *Journal of Stuff* 3, no. 1 (2020): 1-10, <https://example.org/articles/study>."


def test_a_folder_is_read_as_chapters(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "book")
    (document,) = analysis.model.documents
    assert [Path(f).name for f in document.files] == ["01-introduction.md", "02-argument.md", "03-conclusion.txt"]
    assert [n.label for n in document.notes] == ["1", "2", "3", "4", "5"]  # not the hidden draft's
    assert len({n.key for n in document.notes}) == 5
    assert document.numbered
    (ibid,) = analysis.citations("3")  # the first note of chapter 2 repeats the last of chapter 1
    assert ibid.antecedent == f"{document.name}#2"
    assert ibid.work == analysis.work_of("1")
    assert [(f.code, f.notes, f.related, Path(f.location.path).name) for f in analysis.findings] == [
        ("repeated-full-citation", ("4",), ("1",), "02-argument.md"),
    ]


def test_files_that_reuse_labels_stand_alone(analyse, fixtures: Path) -> None:
    analysis = analyse(fixtures / "separate")
    one, two = analysis.model.documents
    assert (Path(one.name).name, Path(two.name).name) == ("essay-one.md", "essay-two.md")
    assert [n.label for n in one.notes] == [n.label for n in two.notes] == ["1", "2"]
    assert not {n.key for n in one.notes} & {n.key for n in two.notes}
    findings = [(f.code, f.notes, Path(f.document).name) for f in analysis.findings]
    # Essay two's first ibid has no preceding note of its own; its full citation is no repeat of essay one's.
    assert findings == [("ibid-first", ("1",), "essay-two.md")]
    (ibid,) = analysis.citations("2", document=one.name)
    assert ibid.work == analysis.citations("1", document=one.name)[0].work


def test_no_path_means_the_configured_paths(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(fixtures)
    report = build_report([], CheckerConfig(paths=("book",)))
    assert [n.label for d in report.model.documents for n in d.notes] == ["1", "2", "3", "4", "5"]
    assert report.inputs == ("book",)


def test_no_path_and_none_configured_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="no PATH given"):
        build_report([], CheckerConfig())


def test_a_folder_with_an_mkdocs_yml_is_an_ordinary_folder_to_citecheck_alone(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nnav:\n  - [unclosed\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "b.md").write_text("Two.[^2]\n\n[^2]: Ibid.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("One.[^1]\n\n[^1]: A note.\n", encoding="utf-8")
    (document,) = load([tmp_path]).documents
    assert [Path(f).name for f in document.files] == ["a.md", "b.md"]
