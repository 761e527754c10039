"""citecheck inside `mkdocs build --strict`: the original's acknowledged findings pass, a new error fails."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def copy_project(target: Path) -> Path:
    for folder in ("docs", "annotations", "references", "overrides"):
        shutil.copytree(ROOT / folder, target / folder)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def test_a_new_error_finding_fails_the_strict_build_with_its_message(tmp_path, run_mkdocs_build):
    project = copy_project(tmp_path)
    page = project / "docs" / "article" / "conclusion.md"
    text = page.read_text(encoding="utf-8")
    note = next(line for line in text.splitlines() if line.startswith("[^95]:"))
    page.write_text(text.replace(note, note + " doi:10.12/not-a-doi."), encoding="utf-8")
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert "citecheck: docs/article/conclusion.md:" in result.stderr
    assert "doi-invalid '10.12/not-a-doi' is not a valid DOI" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_baseline_the_originals_own_error_fails_the_build(tmp_path, run_mkdocs_build):
    project = copy_project(tmp_path)
    (project / "references" / "citecheck-baseline.json").unlink()
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert "short-form-unresolved" in result.stderr  # note 46, acknowledged in the baseline


def test_a_missing_link_report_builds_and_says_so(tmp_path, run_mkdocs_build):
    project = copy_project(tmp_path)
    (project / "references" / "linkcheck.json").unlink(missing_ok=True)
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    health = (project / "site" / "reference-health" / "index.html").read_text(encoding="utf-8")
    assert "have not been checked yet" in health
