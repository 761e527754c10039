"""The edition's article is never rewritten by `citecheck --fix`: its baseline names the original text, and
citecheck finds the project's baseline from wherever in the project it runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from citecheck.baseline import load_baseline

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "references" / "citecheck-baseline.json"
ARTICLE = ROOT / "references" / "original" / "paper.txt"


def citecheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citecheck", *args], cwd=cwd, capture_output=True, text=True)


def test_the_baseline_names_the_article_and_its_pages() -> None:
    baseline = load_baseline(BASELINE)
    assert baseline.is_original_text(ARTICLE)
    pages = sorted((ROOT / "docs" / "article").rglob("*.md"))
    assert pages and all(baseline.is_original_text(page) for page in pages)
    assert not baseline.is_original_text(ROOT / "README.md")


def test_the_edition_has_nothing_to_fix_its_findings_being_acknowledged() -> None:
    result = citecheck("--offline", "--diff", cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "nothing to fix" in result.stderr


def project_copy(folder: Path) -> Path:
    """The article and the edition's baseline, its findings' acknowledgements gone, in a project of their own."""
    article = folder / "references" / "original" / "paper.txt"
    article.parent.mkdir(parents=True)
    shutil.copyfile(ARTICLE, article)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) | {"findings": []}
    (folder / "references" / "citecheck-baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        '[tool.citecheck]\npaths = ["references/original/paper.txt"]\nbaseline = "references/citecheck-baseline.json"\n',
        encoding="utf-8",
    )
    return article


def test_a_finding_not_yet_acknowledged_in_the_article_is_not_fixed(tmp_path: Path) -> None:
    article = project_copy(tmp_path)
    before = article.read_bytes()
    shown = citecheck("--offline", "--diff", cwd=tmp_path)
    assert shown.returncode == 1 and shown.stdout.startswith("--- a/references/original/paper.txt\n")
    refused = citecheck("--offline", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert refused.returncode == 2
    assert (
        "citecheck: error: references/original/paper.txt: the baseline marks it as the original text, which is "
        "kept verbatim; citecheck does not rewrite it (nothing was fixed)"
    ) in refused.stderr
    assert article.read_bytes() == before


def test_the_article_is_protected_from_inside_the_project_too(tmp_path: Path) -> None:
    """Run from the article's own folder, citecheck finds the project's pyproject.toml above it, and its baseline."""
    article = project_copy(tmp_path)
    before = article.read_bytes()
    refused = citecheck("paper.txt", "--offline", "--fix", cwd=article.parent)
    assert refused.returncode == 2, refused.stderr
    assert "paper.txt: the baseline marks it as the original text" in refused.stderr
    assert article.read_bytes() == before
