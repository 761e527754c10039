"""The edition's citecheck reader: an MkDocs project is one text, its pages in navigation order, with its
references/ BibTeX files."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.codes import CORE_CODES
from citecheck.config import CheckerConfig
from citecheck.errors import InputError
from citecheck.extensions import default_registry
from citecheck.pipeline import build_report
from citecheck.read import load
from citecheck.report import Report
from pakistan_russia_edition.mkdocs_project import read_project

OFFLINE = CheckerConfig(select=tuple(name for name, code in CORE_CODES.items() if code.family != "web"))


def analyse(path: Path) -> Report:
    """citecheck's offline checks of the notes, with the edition's reader installed."""
    return build_report([path], OFFLINE, registry=default_registry())


def work_of(report: Report, label: str) -> str | None:
    (note,) = [n for d in report.model.documents for n in d.notes if n.label == label]
    (citation,) = report.model.citations_of(note.key)
    return citation.work


ROE = "Jane Roe, 'A Study of Things', *Journal of Stuff* 3, no. 1 (2020): 1-10, <https://example.org/articles/study>."


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An mkdocs project whose navigation puts the pages in another order than their names."""
    root = tmp_path / "project"
    write(
        root / "mkdocs.yml",
        """site_name: Test
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
""",
    )
    write(root / "pages" / "index.md", "# Home\n\nNo notes here.\n")
    write(root / "pages" / "part" / "first.md", "Later.[^2]\n\n[^2]: Ibid., 9.\n")
    write(root / "pages" / "part" / "second.md", f"Earlier.[^1]\n\n[^1]: {ROE}\n")
    write(root / "pages" / "unlisted.md", "Not in the navigation.[^9]\n\n[^9]: Ibid.\n")
    write(
        root / "references" / "works.bib",
        "@article{roe2020,\n  author = {Roe, Jane},\n  title = {A Study of Things},\n  year = {2020},\n}\n",
    )
    return root


def test_an_mkdocs_project_is_read_in_navigation_order(project: Path) -> None:
    analysis = analyse(project)
    (document,) = analysis.model.documents
    assert [Path(f).resolve().relative_to(project / "pages").as_posix() for f in document.files] == [
        "index.md",
        "part/second.md",
        "part/first.md",
    ]
    assert [n.label for n in document.notes] == ["1", "2"]
    assert work_of(analysis, "2") == work_of(analysis, "1") is not None
    assert [Path(b).name for b in analysis.model.bib_files] == ["works.bib"]
    assert analysis.findings == ()  # note 1's work has its entry; the unlisted page is not read


def test_the_docs_folder_of_an_mkdocs_project_keeps_the_navigation_order(project: Path) -> None:
    (document,) = analyse(project / "pages").model.documents
    assert [Path(f).name for f in document.files] == ["index.md", "second.md", "first.md"]


def test_without_nav_pages_are_read_in_name_order(project: Path) -> None:
    write(project / "mkdocs.yml", "site_name: Test\ndocs_dir: pages\n")
    (document,) = analyse(project).model.documents
    assert [Path(f).resolve().relative_to(project / "pages").as_posix() for f in document.files] == [
        "index.md",
        "part/first.md",
        "part/second.md",
        "unlisted.md",
    ]


def test_the_project_here_is_read_through_the_extension(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    inputs = load([Path(".")], default_registry().readers)
    assert [n.label for d in inputs.documents for n in d.notes] == ["1", "2"]
    assert [e.key for e in inputs.bib_entries] == ["roe2020"]


def test_other_folders_are_left_to_citecheck(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("One.[^1]\n\n[^1]: A note.\n", encoding="utf-8")
    assert read_project(tmp_path) is None
    assert read_project(tmp_path / "a.md") is None


def test_a_broken_mkdocs_yml_names_file_and_line(project: Path) -> None:
    write(project / "mkdocs.yml", "site_name: Test\nnav:\n  - [unclosed\n")
    with pytest.raises(InputError, match=r"mkdocs\.yml:\d+: is not valid YAML"):
        load([project], [read_project])


def test_a_missing_docs_dir_is_an_input_error(project: Path) -> None:
    write(project / "mkdocs.yml", "site_name: Test\ndocs_dir: nowhere\n")
    with pytest.raises(InputError, match="docs_dir 'nowhere' does not exist"):
        load([project], [read_project])
