"""pakistan_russia_edition.split_article: the generator of the article pages runs and is deterministic."""

from __future__ import annotations

import subprocess
import sys

from edition_site import ROOT, nav_sources


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pakistan_russia_edition.split_article", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_generator_writes_the_pages_of_the_nav(tmp_path):
    result = run("--out", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
    in_nav = sorted(src[len("article/") :] for src in nav_sources() if src.startswith("article/"))
    assert written == in_nav
    # Run again: nothing differs, and --check agrees.
    again = run("--out", str(tmp_path))
    assert again.returncode == 0 and again.stdout == ""
    assert run("--out", str(tmp_path), "--check").returncode == 0


def test_generator_does_not_overwrite_edited_pages(tmp_path):
    assert run("--out", str(tmp_path)).returncode == 0
    page = tmp_path / "conclusion.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn editor's addition.\n", encoding="utf-8")
    result = run("--out", str(tmp_path))
    assert result.returncode == 1
    assert "not overwritten" in result.stdout
    assert "An editor's addition." in page.read_text(encoding="utf-8")
