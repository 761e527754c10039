"""Folders: read as chapters of one text (an ibid chain crosses files), or file by file when labels repeat;
mkdocs projects in navigation order."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.sources import load

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


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An mkdocs project whose navigation puts the pages in another order than their names."""
    root = tmp_path / "project"
    write(root / "mkdocs.yml", """site_name: Test
docs_dir: pages
nav:
  - Home: index.md
  - Part:
      - part/second.md
      - part/first.md
  - External: https://example.org/
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  analytics: !ENV [ANALYTICS, "none"]
""")
    write(root / "pages" / "index.md", "# Home\n\nNo notes here.\n")
    write(root / "pages" / "part" / "first.md", "Later.[^2]\n\n[^2]: Ibid., 9.\n")
    write(root / "pages" / "part" / "second.md", f"Earlier.[^1]\n\n[^1]: {ROE}\n")
    write(root / "pages" / "unlisted.md", "Not in the navigation.[^9]\n\n[^9]: Ibid.\n")
    write(root / "references" / "works.bib",
          "@article{roe2020,\n  author = {Roe, Jane},\n  title = {A Study of Things},\n  year = {2020},\n}\n")
    return root


def test_an_mkdocs_project_is_read_in_navigation_order(analyse, project: Path) -> None:
    analysis = analyse(project)
    (document,) = analysis.model.documents
    assert [Path(f).resolve().relative_to(project / "pages").as_posix() for f in document.files] == [
        "index.md", "part/second.md", "part/first.md",
    ]
    assert [n.label for n in document.notes] == ["1", "2"]
    (ibid,) = analysis.citations("2")
    assert ibid.work == analysis.work_of("1")
    assert [Path(b).name for b in analysis.model.bib_files] == ["works.bib"]
    assert analysis.findings == []  # note 1's work has its entry; the unlisted page is not read


def test_the_docs_folder_of_an_mkdocs_project_keeps_the_navigation_order(analyse, project: Path) -> None:
    (document,) = analyse(project / "pages").model.documents
    assert [Path(f).name for f in document.files] == ["index.md", "second.md", "first.md"]


def test_without_nav_pages_are_read_in_name_order(analyse, project: Path) -> None:
    write(project / "mkdocs.yml", "site_name: Test\ndocs_dir: pages\n")
    (document,) = analyse(project).model.documents
    assert [Path(f).resolve().relative_to(project / "pages").as_posix() for f in document.files] == [
        "index.md", "part/first.md", "part/second.md", "unlisted.md",
    ]


def test_no_path_means_the_project_here(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    inputs = load([])
    assert [n.label for d in inputs.documents for n in d.notes] == ["1", "2"]
    assert [e.key for e in inputs.bib_entries] == ["roe2020"]


def test_no_path_and_no_project_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="no mkdocs.yml here"):
        load([])


def test_a_broken_mkdocs_yml_names_file_and_line(project: Path) -> None:
    write(project / "mkdocs.yml", "site_name: Test\nnav:\n  - [unclosed\n")
    with pytest.raises(InputError, match=r"mkdocs\.yml:\d+: is not valid YAML"):
        load([project])


def test_a_missing_docs_dir_is_an_input_error(project: Path) -> None:
    write(project / "mkdocs.yml", "site_name: Test\ndocs_dir: nowhere\n")
    with pytest.raises(InputError, match="docs_dir 'nowhere' does not exist"):
        load([project])
