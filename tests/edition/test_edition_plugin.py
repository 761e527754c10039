"""Bad input stops the build with a one-line message naming the page, the line and the note."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from edition_site import ROOT

from pakistan_russia_edition import plugin

MKDOCS_YML = """\
site_name: Bad input
plugins:
  - edition
markdown_extensions:
  - footnotes
  - pakistan_russia_edition.footnotes
  - pakistan_russia_edition.paragraph_ids
"""

GOOD = """\
# A page

Text with a note.[^1] And another.[^2]

[^1]: The first note.
[^2]: The second note.
"""


def tiny_project(tmp_path: Path, page: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "docs" / "chapter").mkdir()
    (tmp_path / "docs" / "chapter" / "page.md").write_text(page, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    return config


@pytest.fixture
def build(tmp_path: Path, run_mkdocs_build):
    def build(page: str):
        return run_mkdocs_build(tiny_project(tmp_path, page), tmp_path / "site")

    return build


def assert_fails_with(result, *messages: str) -> None:
    assert result.returncode != 0, result.stderr
    for message in messages:
        assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_good_page_builds(build):
    result = build(GOOD)
    assert result.returncode == 0, result.stderr


def test_note_referenced_but_not_defined(build):
    page = GOOD.replace("[^2]: The second note.\n", "")
    result = build(page)
    assert_fails_with(result, "chapter/page.md:3: note [2] is referenced but not defined")


def test_note_defined_twice(build):
    page = GOOD + "[^1]: The first note again.\n"
    result = build(page)
    assert_fails_with(result, "chapter/page.md:7: note [1] is defined twice (first on line 5)")


def test_note_defined_but_never_referenced(build):
    page = GOOD + "[^3]: A note nothing cites.\n"
    result = build(page)
    assert_fails_with(result, "chapter/page.md:7: note [3] is defined but never referenced")


def test_malformed_front_matter(build):
    page = "---\ntitle: A page\nauthors: [unclosed\n---\n\n" + GOOD
    result = build(page)
    assert_fails_with(result, "chapter/page.md:", "front matter is not valid YAML")


def test_front_matter_that_is_not_a_mapping(build):
    result = build("---\n- just\n- a list\n---\n\n" + GOOD)
    assert_fails_with(result, "chapter/page.md:1: front matter is not a mapping")


def test_all_problems_of_a_page_are_reported_at_once(build):
    page = GOOD.replace("[^2]: The second note.\n", "[^1]: Again.\n[^9]: Unused.\n")
    result = build(page)
    assert_fails_with(
        result,
        "chapter/page.md:3: note [2] is referenced but not defined",
        "chapter/page.md:6: note [1] is defined twice (first on line 5)",
        "chapter/page.md:7: note [9] is defined but never referenced",
    )


def test_real_project_with_a_note_definition_removed(tmp_path, run_mkdocs_build):
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "references", tmp_path / "references")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    page = tmp_path / "docs" / "article" / "opportunities" / "economy.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    marker_line = next(i for i, line in enumerate(lines, 1) if "[^43]" in line and not line.startswith("[^43]:"))
    page.write_text("".join(line for line in lines if not line.startswith("[^43]:")), encoding="utf-8")
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert_fails_with(
        result, f"article/opportunities/economy.md:{marker_line}: note [43] is referenced but not defined"
    )


# The validation functions, without MkDocs around them.


def test_front_matter_problems_name_the_yaml_line():
    source = "---\ntitle: ok\nbad: [1, 2\nmore: x\n---\ntext\n"
    (problem,) = plugin.front_matter_problems(source, "p.md")
    assert problem.startswith("p.md:") and "front matter is not valid YAML" in problem
    assert plugin.front_matter_problems("---\ntitle: ok\n---\n", "p.md") == []
    assert plugin.front_matter_problems("# No front matter\n", "p.md") == []
    assert plugin.front_matter_problems("---\ntitle: never closed\n\ntext\n", "p.md") == [
        "p.md:1: front matter is not closed (no closing '---' line)"
    ]


def test_marker_lines_count_from_the_top_of_the_file():
    source = "---\ntitle: x\n---\n\n# H\n\nOne line\nand the next[^5].\n"
    assert plugin.footnote_problems(source, "p.md") == ["p.md:8: note [5] is referenced but not defined"]


def test_markers_in_code_are_not_markers():
    source = "Code: `[^1]` and\n\n```\n[^2]\n```\n"
    assert plugin.footnote_problems(source, "p.md") == []


def test_problems_found_by_citecheck_reader():
    # The plugin reads footnotes with citecheck's Markdown source reader: one parser for site and checker.
    page = GOOD.replace("[^2]: The second note.\n", "[^1]: Again.\n[^9]: Unused.\n")
    assert plugin.footnote_problems("---\ntitle: x\n---\n" + page, "p.md") == [
        "p.md:6: note [2] is referenced but not defined",
        "p.md:9: note [1] is defined twice (first on line 8)",
        "p.md:10: note [9] is defined but never referenced",
    ]
    for path in sorted((ROOT / "docs").rglob("*.md")):
        assert plugin.footnote_problems(path.read_text(encoding="utf-8"), path.name) == []
