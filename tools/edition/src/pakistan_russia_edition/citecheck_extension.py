"""What the edition adds to citecheck, registered through citecheck's extension point.

* a reader: an MkDocs project (a folder with an ``mkdocs.yml``) is read as one text, its pages in the
  order of the ``nav``, with the BibTeX files of its ``references/`` folder;
* the ``annotations`` check family: annotation files that are invalid, or whose quotation is not in the
  text or is in it more than once (the same validation the site's build runs);
* the URLs and DOIs the annotations give as sources, for the web checks.

The entry point ``citecheck.extensions: edition`` names :func:`register`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from citecheck.codes import Code
from citecheck.extensions import Registry
from citecheck.model import Finding, Location, Model, Severity
from pakistan_russia_edition.annotations.model import AMBIGUOUS, INVALID, UNANCHORED
from pakistan_russia_edition.mkdocs_project import is_project, read_project

FAMILY = "annotations"
CODES = (
    Code(
        UNANCHORED,
        Severity.ERROR,
        "an annotation whose quotation is not in the text (the closest passage is shown)",
        FAMILY,
    ),
    Code(
        AMBIGUOUS,
        Severity.ERROR,
        "an annotation whose quotation occurs more than once (add a prefix or suffix)",
        FAMILY,
    ),
    Code(
        INVALID,
        Severity.ERROR,
        "an annotation file with a missing or invalid field, an unknown type or a duplicate id",
        FAMILY,
    ),
)
_SEVERITY = {code.name: code.severity for code in CODES}


def _projects(model: Model) -> list[Path]:
    return [path for path in model.sources if is_project(path)]


def _located(root: Path, path: Path) -> str:
    """A project file's path as citecheck shows it: under the project folder as the user named it."""
    return path.as_posix() if str(root) == "." else (root / path).as_posix()


def check_annotations(model: Model) -> Iterator[Finding]:
    """A finding for each problem of each annotation file of the MkDocs projects read."""
    projects = _projects(model)
    if not projects:
        return
    from pakistan_russia_edition.annotations.project import validate_project  # MkDocs: only for a project

    for root in projects:
        for problem in validate_project(root):
            yield Finding(
                code=problem.code,
                severity=_SEVERITY[problem.code],
                message=problem.message,
                location=Location(_located(root, problem.path), problem.line),
                suggestion=problem.suggestion,
            )


def annotation_sources(model: Model) -> Iterator[tuple[str, Location]]:
    """The sources (URLs, DOIs) the annotations of the projects read give, checked like any reference."""
    projects = _projects(model)
    if not projects:
        return
    from pakistan_russia_edition.annotations.project import cited_sources  # MkDocs: only for a project

    for root in projects:
        for source, path, line in cited_sources(root):
            yield source, Location(_located(root, path), line)


def register(registry: Registry) -> None:
    """citecheck's entry point: the edition's reader, codes, check and identifier source."""
    registry.add_reader(read_project)
    for code in CODES:
        registry.add_code(code)
    registry.add_check(FAMILY, check_annotations)
    registry.add_identifier_source(annotation_sources)
