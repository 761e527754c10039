"""Editorial annotations that do not fit the text: unanchored, ambiguous or invalid files.

The checking itself is the edition's (``edition.annotations.validate_project``),
the same code the site's build runs. citecheck's model does not carry the
annotations yet, so this check reads the project in the current folder: it runs
only when that folder has both ``mkdocs.yml`` and ``annotations/``, and yields
nothing otherwise (or when the edition package is not installed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Finding, Location, Model
from .common import finding


def project_root(model: Model) -> Path | None:
    """The edition project the model's inputs belong to (for now: the current folder, if it is one)."""
    root = Path.cwd()
    if (root / "mkdocs.yml").is_file() and (root / "annotations").is_dir():
        return root
    return None


def check(model: Model) -> Iterator[Finding]:
    """A finding for each problem of each annotation file."""
    root = project_root(model)
    if root is None:
        return
    try:
        from edition.annotations import validate_project
    except ImportError:  # pragma: no cover - citecheck installed without the edition
        return
    for problem in validate_project(root):
        yield finding(problem.code, problem.message, Location(problem.path.as_posix(), problem.line),
                      suggestion=problem.suggestion)
