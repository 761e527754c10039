"""Reading the inputs: the paths a user names become documents and bibliography entries.

One reader per format (``markdown``, ``plaintext``, ``bibtex``, and ``manuscript`` through pandoc); ``files``
reads bytes safely. A folder is read as the chapters of one text. BibTeX files are read first, as a LaTeX
manuscript's citations name their entries. Other formats and project layouts (an MkDocs project, say) come from
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


def read_document(path: Path, document: str | None = None, bib_entries: Sequence[BibEntry] = ()) -> Document:
    """One Markdown or plain-text file as a document (``document``: the name of the text it is a chapter of).

    Standard input (``-``) is read as Markdown; Word, OpenDocument, LaTeX, HTML and JATS files through pandoc,
    a LaTeX file's citations from ``bib_entries`` (the BibTeX entries of the inputs).
    """
    name = display(path)
    if path.suffix.lower() in MANUSCRIPT_FORMATS:
        return parse_manuscript(path, name, document, bib_entries)
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
            undefined_keys=tuple(k for part in parts for k in part.undefined_keys),
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
    """Read the named files and folders; each extension reader may claim a path first.

    The BibTeX files are read before the documents they go with: a LaTeX manuscript's citations name entries.
    """
    if not paths:
        raise InputError(".", "no PATH given; name the files or folders to check (or set `paths` in [tool.citecheck])")
    claims = [_claim(path, readers) for path in paths]
    entries, bib_files = read_bibliography(
        [bib for claim in claims if isinstance(claim, Claimed) for bib in claim.bib_paths]
    )
    documents = [
        document
        for claim in claims
        for document in (claim.documents if isinstance(claim, Claimed) else (read_document(claim, None, entries),))
    ]
    return Inputs(tuple(_once(documents)), entries, bib_files, tuple(paths))


def _once(documents: Sequence[Document]) -> list[Document]:
    """Each file read once: a document whose files an earlier one holds already (a file named twice, or named
    after its folder) is left out, so that its notes are neither reported nor fixed twice."""
    seen: set[Path] = set()
    kept = []
    for document in documents:
        files = {Path(name).resolve() for name in document.files if name != display(Path(STDIN))}
        if files and files <= seen:
            continue
        seen |= files
        kept.append(document)
    return kept


def _claim(path: Path, readers: Sequence[PathReader]) -> Claimed | Path:
    """What a path gives: read at once (an extension's claim, a folder, a BibTeX file), or a document to read
    once the BibTeX files are."""
    claimed = next((found for reader in readers if (found := reader(path)) is not None), None)
    if claimed is not None:
        return claimed
    if path.is_dir():
        return _folder(path)
    if is_bibtex(path):
        return Claimed((), (path,))
    if str(path) == STDIN or path.exists() or path.suffix:
        return path
    raise InputError(display(path), "no such file or directory")


def inputs(documents: Sequence[Document], bib_paths: Sequence[Path], sources: Sequence[Path]) -> Inputs:
    """The inputs, with the bibliography entries of each BibTeX file (once each)."""
    entries, bib_files = read_bibliography(bib_paths)
    return Inputs(tuple(documents), entries, bib_files, tuple(sources))


def read_bibliography(bib_paths: Sequence[Path]) -> tuple[tuple[BibEntry, ...], tuple[str, ...]]:
    """The entries of the BibTeX files (each file read once), and the files as displayed."""
    unique = list(dict.fromkeys(bib_paths))
    entries = tuple(entry for bib in unique for entry in parse_bibtex(read_text(bib, display(bib)), display(bib)))
    return entries, tuple(display(bib) for bib in unique)
