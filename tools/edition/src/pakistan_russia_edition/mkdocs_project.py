"""An MkDocs project read as one text for citecheck: its pages in navigation order and its BibTeX files.

Registered with citecheck as a reader (``citecheck_extension``): a folder with an ``mkdocs.yml``, or the
``docs_dir`` of one, is read as chapters in the order of the ``nav``, and the BibTeX files of the project's
``references/`` folder go with it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from citecheck.errors import InputError
from citecheck.read import MARKDOWN_SUFFIXES, Claimed, display, is_bibtex, read_chapters

CONFIG_FILE = "mkdocs.yml"
REFERENCES_DIR = "references"
"""The folder, beside mkdocs.yml, that holds the project's BibTeX files."""


class _IgnoreTags(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml where available
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; their values do not matter here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_and_pages(config_path: Path) -> tuple[Path, list[Path]]:
    """The docs_dir of an mkdocs.yml and its Markdown pages in navigation order."""
    name = display(config_path)
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(name, f"cannot be read ({error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            name, f"is not valid YAML ({getattr(error, 'problem', error)})", line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(config, dict):
        raise InputError(name, "is not a mapping of settings")
    docs_dir = config_path.parent / str(config.get("docs_dir", "docs"))
    if not docs_dir.is_dir():
        raise InputError(name, f"docs_dir {docs_dir.name!r} does not exist")
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


def project(folder: Path, docs_dir: Path, pages: list[Path]) -> Claimed:
    """An MkDocs project's pages, read as chapters, and the BibTeX files of its references folder.

    For a caller that has the project's MkDocs config already (the edition's plugin): mkdocs.yml is not read
    again. ``nav_pages`` turns a ``nav`` into the pages.
    """
    references = folder / REFERENCES_DIR
    bibs = sorted(p for p in references.glob("*") if is_bibtex(p)) if references.is_dir() else []
    return Claimed(tuple(read_chapters(display(docs_dir), pages)), tuple(bibs))


def read_project(path: Path) -> Claimed | None:
    """citecheck's reader hook: a folder with an mkdocs.yml, or a project's docs_dir; None for anything else."""
    if not path.is_dir():
        return None
    config = path / CONFIG_FILE
    if config.is_file():
        return project(path, *docs_and_pages(config))
    parent_config = path.parent / CONFIG_FILE
    if parent_config.is_file():
        docs_dir, pages = docs_and_pages(parent_config)
        if docs_dir.resolve() == path.resolve():
            bibs = tuple(sorted(p for p in path.rglob("*") if is_bibtex(p)))
            return Claimed(tuple(read_chapters(display(path), pages)), bibs)
    return None


def is_project(path: Path) -> bool:
    """True for a folder with an mkdocs.yml."""
    return path.is_dir() and (path / CONFIG_FILE).is_file()
