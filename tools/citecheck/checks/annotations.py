"""Editorial annotations that do not fit the text: unanchored, ambiguous or invalid files.

The checking itself is the edition's (``edition.annotations.validate_project``),
the same code the site's build runs. It runs for each MkDocs project among the
inputs (``citecheck`` with no PATH, or a folder with an ``mkdocs.yml``) that has
an ``annotations/`` folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from ..model import Finding, Location, Model
from .common import finding


def check(model: Model) -> Iterator[Finding]:
    """A finding for each problem of each annotation file of the projects read."""
    roots = [root for root in model.projects if (root / "annotations").is_dir()]
    if not roots:
        return
    from edition.annotations import validate_project

    for root in roots:
        for problem in validate_project(root):
            yield finding(problem.code, problem.message, Location(problem.path.as_posix(), problem.line),
                          suggestion=problem.suggestion)
