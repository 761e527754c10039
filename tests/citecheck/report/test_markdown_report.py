"""The Markdown report: a summary, then a heading per note with its findings."""

from __future__ import annotations

import re
from pathlib import Path


def test_markdown_report(cli, fixtures: Path) -> None:
    result = cli(fixtures / "codes" / "repeated-full-citation.md", "--offline", "--format", "markdown")
    text = result.out
    assert text.startswith("# Citation report\n")
    assert "4 notes, 2 distinct works; 0 errors, 2 warnings, 0 notices." in text
    assert "| `repeated-full-citation` | warning | 2 |" in text
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == ["Note 3", "Note 4"]
    section = text[text.index("## Note 3") : text.index("## Note 4")]
    assert "- **warning** `repeated-full-citation`: full citation of the work first cited in note 1" in section
    assert "repeated-full-citation.md:5)" in section
    assert "    - suggestion: Roe, 'A Study of Things'" in section


def test_markdown_report_escapes_table_cells_and_groups_file_findings(cli, fixtures: Path) -> None:
    text = cli(fixtures / "codes" / "source-irregular.txt", "--offline", "--format", "markdown").out
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert len(headings) == 1 and headings[0].endswith("source-irregular.txt")  # not about one note
    assert "`source-irregular`" in text
