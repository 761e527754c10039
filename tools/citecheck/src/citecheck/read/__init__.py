"""Reading the inputs: the paths a user names become documents and bibliography entries.

One reader per format (``markdown``, ``plaintext``, ``bibtex``); ``files`` reads bytes safely. A folder is
read as the chapters of one text. Other formats and project layouts (an MkDocs project, say) come from
extensions: a :data:`PathReader` may claim a path before the built-in readers see it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from citecheck.errors import InputError
from citecheck.model import BibEntry, Document
from citecheck.read.bibtex import parse_bibtex
from citecheck.read.files import STDIN, read_text
from citecheck.read.manuscript import FORMATS as MANUSCRIPT_FORMATS
from citecheck.read.manuscript import parse_manuscript
from citecheck.read.markdown import parse_markdown
from citecheck.read.plaintext import parse_plaintext

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
BIB_SUFFIXES = frozenset({".bib", ".bibtex"})


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything read from the user's paths."""

    documents: tuple[Document, ...]
    bib_entries: tuple[BibEntry, ...]
    bib_files: tuple[str, ...]
    """The BibTeX files read, as displayed."""
    sources: tuple[Path, ...] = ()
    """The files and folders named, as the user named them (extensions look for their own files there)."""


@dataclass(frozen=True, slots=True)
class Claimed:
    """What a :data:`PathReader` read from a path it claims: documents and the BibTeX files that go with them."""

    documents: tuple[Document, ...]
    bib_paths: tuple[Path, ...] = ()


PathReader = Callable[[Path], Claimed | None]
"""An extension's reader: ``Claimed`` for a path it knows how to read, ``None`` to leave it to others."""


def display(path: Path) -> str:
    """A path as messages show it: relative to the current folder when it is inside it, else as named."""
    if str(path) == STDIN:
        return "<stdin>"
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return str(path) if relative.startswith(os.pardir) else relative


def is_bibtex(path: Path) -> bool:
    """True for a ``.bib`` or ``.bibtex`` file name."""
    return path.suffix.lower() in BIB_SUFFIXES


def read_document(path: Path, document: str | None = None) -> Document:
    """One Markdown or plain-text file as a document (``document``: the name of the text it is a chapter of).

    Standard input (``-``) is read as Markdown; Word, OpenDocument, LaTeX, HTML and JATS files through pandoc.
    """
    name = display(path)
    if path.suffix.lower() in MANUSCRIPT_FORMATS:
        return parse_manuscript(path, name, document)
    text = read_text(path, name)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return parse_plaintext(text, name, document)
    return parse_markdown(text, name, document)


def read_chapters(name: str, files: Sequence[Path]) -> list[Document]:
    """Files read as chapters of one text, unless their note labels collide (then each stands alone)."""
    parts = [read_document(path, name) for path in files]
    labels = [note.label for part in parts for note in part.notes]
    if len(labels) != len(set(labels)):
        return [read_document(path) for path in files]
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
            mistyped=tuple(m for part in parts for m in part.mistyped),
        )
    ]


def _folder(folder: Path) -> Claimed:
    """A folder's Markdown and text files (hidden ones left out) as chapters, and its BibTeX files."""
    files, bibs = [], []
    for path in sorted(folder.rglob("*")):
        # Not is_file(): a FIFO or device with a text file's name is named in an error, not skipped or read.
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or path.is_dir():
            continue
        suffix = path.suffix.lower()
        if suffix in MARKDOWN_SUFFIXES | TEXT_SUFFIXES:
            files.append(path)
        elif suffix in BIB_SUFFIXES:
            bibs.append(path)
    return Claimed(tuple(read_chapters(display(folder), files)), tuple(bibs))


def load(paths: Sequence[Path], readers: Sequence[PathReader] = ()) -> Inputs:
    """Read the named files and folders; each extension reader may claim a path first."""
    if not paths:
        raise InputError(".", "no PATH given; name the files or folders to check (or set `paths` in [tool.citecheck])")
    documents: list[Document] = []
    bib_paths: list[Path] = []
    for path in paths:
        claimed = next((found for reader in readers if (found := reader(path)) is not None), None)
        if claimed is None:
            if path.is_dir():
                claimed = _folder(path)
            elif is_bibtex(path):
                claimed = Claimed((), (path,))
            elif str(path) == STDIN or path.exists() or path.suffix:
                claimed = Claimed((read_document(path),))
            else:
                raise InputError(display(path), "no such file or directory")
        documents.extend(claimed.documents)
        bib_paths.extend(claimed.bib_paths)
    return inputs(documents, bib_paths, paths)


def inputs(documents: Sequence[Document], bib_paths: Sequence[Path], sources: Sequence[Path]) -> Inputs:
    """The inputs, with the bibliography entries of each BibTeX file (once each)."""
    entries: list[BibEntry] = []
    unique = list(dict.fromkeys(bib_paths))
    for bib in unique:
        entries.extend(parse_bibtex(read_text(bib, display(bib)), display(bib)))
    return Inputs(tuple(documents), tuple(entries), tuple(display(b) for b in unique), tuple(sources))
