"""The edition's article is never rewritten by `citecheck --fix`: its baseline names the original text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "references" / "citecheck-baseline.json"


def citecheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "citecheck", *args], cwd=cwd, capture_output=True, text=True)


def test_the_baseline_names_the_article_and_its_pages() -> None:
    patterns = json.loads(BASELINE.read_text(encoding="utf-8"))["original_text"]
    matched = {path.resolve() for pattern in patterns for path in ROOT.glob(pattern)}
    assert ROOT / "references" / "original" / "paper.txt" in matched
    assert set((ROOT / "docs" / "article").rglob("*.md")) <= matched


def test_the_edition_has_nothing_to_fix_its_findings_being_acknowledged() -> None:
    result = citecheck("--offline", "--diff", cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "nothing to fix" in result.stderr


def test_a_finding_not_yet_acknowledged_in_the_article_is_not_fixed(tmp_path: Path) -> None:
    """With the findings' acknowledgements gone, the article has fixes to offer, and --fix refuses them all."""
    article = tmp_path / "references" / "original" / "paper.txt"
    article.parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "references" / "original" / "paper.txt", article)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) | {"findings": []}
    (tmp_path / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    before = article.read_bytes()
    shown = citecheck(
        "references/original/paper.txt", "--offline", "--diff", "--baseline", "baseline.json", cwd=tmp_path
    )
    assert shown.returncode == 1 and shown.stdout.startswith("--- a/references/original/paper.txt\n")
    refused = citecheck(
        "references/original/paper.txt", "--offline", "--fix", "--unsafe-fixes", "--baseline", "baseline.json",
        cwd=tmp_path,
    )  # fmt: skip
    assert refused.returncode == 2
    assert (
        "citecheck: error: references/original/paper.txt: the baseline marks it as the original text, which is "
        "kept verbatim; citecheck does not rewrite it (nothing was fixed)"
    ) in refused.stderr
    assert article.read_bytes() == before
