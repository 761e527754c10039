"""Helpers of the annotation tests: a copy of the project to break, annotation files to add."""

from __future__ import annotations

from pathlib import Path

from site_builds import copy_project  # noqa: F401 (the annotation tests' helper, shared with the others)

ROOT = Path(__file__).resolve().parents[3]


def write_annotation(project: Path, name: str, front: str, body: str = "An editor's remark.") -> Path:
    """Write ``annotations/<name>.md`` with the given front-matter lines and body."""
    path = project / "annotations" / f"{name}.md"
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}\n", encoding="utf-8")
    return path


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file, failing if ``old`` is not in it exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
