"""The annotation layer's data: settings, annotations, the places they anchor to, problems.

Everything here is a frozen dataclass; the modules next to this one read
(``parse``, ``validate``), place (``pagetext``, ``locate``) and write
(``render``, ``jsonld``) these values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

#: W3C Web Annotation motivations (https://www.w3.org/TR/annotation-vocab/#motivation).
MOTIVATIONS = frozenset(
    {
        "assessing",
        "bookmarking",
        "classifying",
        "commenting",
        "describing",
        "editing",
        "highlighting",
        "identifying",
        "linking",
        "moderating",
        "questioning",
        "replying",
        "tagging",
    }
)

#: The edition's annotation types and the W3C motivation each one is published with.
DEFAULT_TYPES: tuple[tuple[str, str], ...] = (
    ("correction", "editing"),
    ("context", "commenting"),
    ("source-check", "assessing"),
    ("translation", "commenting"),
)

#: Finding codes, shared with citecheck (family "annotations").
UNANCHORED = "annotation-unanchored"
AMBIGUOUS = "annotation-ambiguous"
INVALID = "annotation-invalid"


@dataclass(frozen=True)
class Settings:
    """Where annotations live, what they may annotate, and which types exist."""

    directory: Path = Path("annotations")
    """The folder of annotation files (relative paths are taken from the project root)."""
    article: str = "article/"
    """Pages whose path (relative to ``docs/``) starts with this are the annotatable text."""
    types: tuple[tuple[str, str], ...] = DEFAULT_TYPES
    """(type, W3C motivation) pairs, in the order the index lists them."""
    index_page: str = "annotations.md"
    """The page (relative to ``docs/``) that receives the index of all annotations."""
    jsonld: str = "annotations.jsonld"
    """The JSON-LD file written into the built site."""

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.types)

    def motivation(self, type_name: str) -> str:
        return dict(self.types).get(type_name, "commenting")


@dataclass(frozen=True)
class Annotation:
    """One valid annotation file."""

    id: str
    path: Path
    """The file, relative to the project root where possible."""
    exact: str
    type: str
    author: str
    created: datetime.date
    body: str
    """The annotation's text, in Markdown."""
    prefix: str = ""
    suffix: str = ""
    page: str | None = None
    """The page the quotation is on (relative to ``docs/``), if the file names one."""
    note: str | None = None
    """The note (its label) the quotation is in, if the file names one."""
    sources: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    """(field, line) of each front-matter key, for messages."""

    def line_of(self, key: str) -> int:
        """The line of a front-matter key (1 if the file does not have it)."""
        return dict(self.lines).get(key, 1)


@dataclass(frozen=True)
class AnnotationProblem:
    """Why an annotation file cannot be used, where, and what to do."""

    code: str
    """``annotation-unanchored``, ``annotation-ambiguous`` or ``annotation-invalid``."""
    path: Path
    line: int
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        text = f"{self.path.as_posix()}:{self.line}: {self.code}: {self.message}"
        return f"{text}\n    {self.suggestion}" if self.suggestion else text


@dataclass(frozen=True)
class Passage:
    """Where a quotation stands in the text of one page."""

    page: str
    """The page's source path, relative to ``docs/``."""
    url: str
    """The page's URL, relative to the site root (``article/conclusion/``)."""
    start: int
    end: int
    """Offsets in the page's normalised text (see ``pagetext``)."""
    anchor: str | None
    """The id of the block it is in: a paragraph (``p-3``), a note (``fn:10``), a heading."""
    exact: str
    prefix: str
    suffix: str
    """The words as the page has them, with up to 32 characters on each side."""

    @property
    def where(self) -> str:
        """``article/conclusion.md#p-2``: page and block, for messages."""
        return f"{self.page}#{self.anchor}" if self.anchor else self.page


@dataclass(frozen=True)
class Anchored:
    """An annotation and the one passage it annotates."""

    annotation: Annotation
    passage: Passage
