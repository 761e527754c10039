"""Turn the paths a user names into documents and bibliography entries."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import InputError
from ..model import BibEntry, Document
from .bibtex import parse_bibtex
from .files import read_text
from .markdown import parse_markdown
from .plaintext import parse_plaintext

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_SUFFIXES = {".txt", ".text"}
BIB_SUFFIXES = {".bib", ".bibtex"}


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read from the user's paths."""

    documents: tuple[Document, ...]
    bib_entries: tuple[BibEntry, ...]
    bib_files: tuple[str, ...]
    projects: tuple[Path, ...] = ()
    """Folders read as MkDocs projects (they have an mkdocs.yml): their annotations are checked too."""


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class _IgnoreTags(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml where available
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; their values do not matter here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def _mkdocs_pages(config_path: Path) -> tuple[Path, list[Path]]:
    """The docs_dir of an mkdocs.yml and its Markdown pages in navigation order."""
    display = _display(config_path)
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(display, f"cannot be read ({error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(display, f"is not valid YAML ({getattr(error, 'problem', error)})",
                         line=mark.line + 1 if mark else None) from None
    docs_dir = config_path.parent / str(config.get("docs_dir", "docs"))
    if not docs_dir.is_dir():
        raise InputError(display, f"docs_dir {docs_dir.name!r} does not exist")
    return docs_dir, nav_pages(docs_dir, config.get("nav"))


def nav_pages(docs_dir: Path, nav: object) -> list[Path]:
    """The Markdown pages of an MkDocs ``nav`` (as written in mkdocs.yml) in its order; all pages without one."""
    ordered: list[Path] = []

    def walk(entry: object) -> None:
        if isinstance(entry, str):
            page = docs_dir / entry
            if page.suffix in MARKDOWN_SUFFIXES and page.is_file() and page not in ordered:
                ordered.append(page)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for item in entry:
                walk(item)

    walk(nav or [])
    if not ordered:
        ordered = sorted(p for p in docs_dir.rglob("*") if p.suffix in MARKDOWN_SUFFIXES)
    return ordered


def _read_document(path: Path, document: str | None = None) -> Document:
    display = _display(path)
    text = read_text(path, display)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return parse_plaintext(text, display, document)
    return parse_markdown(text, display, document)


def _chapters(name: str, files: list[Path]) -> list[Document]:
    """Files read as chapters of one text, unless their note labels collide (then each stands alone)."""
    parts = [_read_document(path, name) for path in files]
    labels = [note.label for part in parts for note in part.notes]
    if len(labels) != len(set(labels)):
        return [_read_document(path) for path in files]
    if not parts:
        return []
    return [
        Document(
            name=name,
            markers=tuple(m for part in parts for m in part.markers),
            notes=tuple(n for part in parts for n in part.notes),
            files=tuple(f for part in parts for f in part.files),
            numbered=all(part.numbered or not part.notes for part in parts),
            problems=tuple(p for part in parts for p in part.problems),
        )
    ]


def _project(folder: Path, docs_dir: Path, pages: list[Path]) -> tuple[list[Document], list[Path]]:
    """An MkDocs project's pages, read as chapters, and the BibTeX files in its references/ folder."""
    references = folder / "references"
    bibs = sorted(p for p in references.glob("*") if p.suffix.lower() in BIB_SUFFIXES) if references.is_dir() else []
    return _chapters(_display(docs_dir), pages), bibs


def _folder(folder: Path) -> tuple[list[Document], list[Path]]:
    config = folder / "mkdocs.yml"
    parent_config = folder.parent / "mkdocs.yml"
    if config.is_file():
        return _project(folder, *_mkdocs_pages(config))
    bibs = sorted(p for p in folder.rglob("*") if p.suffix.lower() in BIB_SUFFIXES)
    if parent_config.is_file() and _mkdocs_pages(parent_config)[0].resolve() == folder.resolve():
        return _chapters(_display(folder), _mkdocs_pages(parent_config)[1]), bibs
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in MARKDOWN_SUFFIXES | TEXT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    return _chapters(_display(folder), files), bibs


def load(paths: list[Path]) -> Inputs:
    """Read the named files and folders; with no paths, the project in the current folder."""
    if not paths:
        if not Path("mkdocs.yml").is_file():
            raise InputError(".", "no PATH given and no mkdocs.yml here; name the files or folders to check")
        paths = [Path(".")]
    documents: list[Document] = []
    bib_paths: list[Path] = []
    projects: list[Path] = []
    for path in paths:
        if path.is_dir() and (path / "mkdocs.yml").is_file():
            projects.append(path)
        if path.is_dir():
            found, bibs = _folder(path)
            documents.extend(found)
            bib_paths.extend(bibs)
        elif path.suffix.lower() in BIB_SUFFIXES:
            bib_paths.append(path)
        elif path.exists() or path.suffix:
            documents.append(_read_document(path))
        else:
            raise InputError(_display(path), "no such file or directory")
    return _inputs(documents, bib_paths, projects)


def load_project(folder: Path, docs_dir: Path, pages: list[Path]) -> Inputs:
    """An MkDocs project as ``load([folder])`` reads it, given its docs_dir and nav-ordered pages.

    For a caller that has the project's MkDocs config already (the edition's plugin): mkdocs.yml is not
    read again. ``nav_pages`` turns a ``nav`` into the pages.
    """
    documents, bibs = _project(folder, docs_dir, pages)
    return _inputs(documents, bibs, [folder])


def _inputs(documents: list[Document], bib_paths: list[Path], projects: list[Path]) -> Inputs:
    """The inputs, with the bibliography entries of each BibTeX file (once each)."""
    entries: list[BibEntry] = []
    for bib in dict.fromkeys(bib_paths):
        entries.extend(parse_bibtex(read_text(bib, _display(bib)), _display(bib)))
    return Inputs(tuple(documents), tuple(entries), tuple(_display(b) for b in dict.fromkeys(bib_paths)),
                  tuple(projects))
