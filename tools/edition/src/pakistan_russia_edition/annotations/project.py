"""A project's annotations checked against its article, without building the site.

``validate_project`` is what citecheck and ``citecheck-annotate`` use: it reads
``mkdocs.yml`` (the plugin's ``annotations`` options and the Markdown
extensions), renders the article's pages with Python-Markdown as MkDocs would,
and checks every annotation file against their text. The build
(``build.AnnotationLayer``) checks the same files against the pages MkDocs
rendered, with the same functions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import markdown

from pakistan_russia_edition.annotations.locate import anchor_all
from pakistan_russia_edition.annotations.model import INVALID, Anchored, Annotation, AnnotationProblem, Settings
from pakistan_russia_edition.annotations.options import settings_from
from pakistan_russia_edition.annotations.pagetext import PageText, page_text
from pakistan_russia_edition.annotations.parse import read_draft
from pakistan_russia_edition.annotations.validate import check_draft, duplicate_ids

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def annotation_files(directory: Path) -> list[Path]:
    """The annotation files of a folder: ``*.md``, not starting with ``_`` (the template) or ``.``."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.md") if not p.name.startswith(("_", ".")))


def cited_sources(project_root: Path) -> list[tuple[str, Path, int]]:
    """Every URL or DOI the annotations give as sources, with file and line, for citecheck's web checks."""
    found = []
    for path in annotation_files(project_root / project_settings(project_root).directory):
        draft = read_draft(path, _relative(path, project_root))
        sources = draft.fields.get("sources")
        if sources is None or not isinstance(sources.value, tuple):
            continue
        found += [(item.value.strip(), draft.path, item.line) for item in sources.value if isinstance(item.value, str)]
    return found


def load(
    directory: Path, settings: Settings, root: Path | None = None
) -> tuple[list[Annotation], list[AnnotationProblem]]:
    """Every valid annotation of a folder, and the problems of the others.

    Paths in the results are relative to ``root`` when the files are under it.
    """
    annotations, problems = [], []
    for path in annotation_files(directory):
        shown = _relative(path, root)
        result = check_draft(read_draft(path, shown), settings)
        if isinstance(result, Annotation):
            annotations.append(result)
        else:
            problems.extend(result)
    return annotations, problems


def check(
    annotations: Iterable[Annotation], pages: Sequence[PageText]
) -> tuple[list[Anchored], list[AnnotationProblem]]:
    """The annotations placed in the pages; problems for duplicate ids and bad quotations."""
    annotations = list(annotations)
    anchored, problems = anchor_all(annotations, pages)
    return anchored, duplicate_ids(annotations) + problems


def sort_problems(problems: Iterable[AnnotationProblem]) -> list[AnnotationProblem]:
    return sorted(problems, key=lambda p: (p.path.as_posix(), p.line, p.code, p.message))


def _mkdocs_config(project_root: Path) -> MkDocsConfig:
    """The project's validated MkDocs configuration (its reports on itself silenced)."""
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)  # load_config reports on the config at INFO/WARNING
    try:
        return load_config(str(project_root / "mkdocs.yml"))
    finally:
        logger.setLevel(level)


def _settings(config: MkDocsConfig) -> Settings:
    plugin = config.plugins.get("edition")
    return settings_from(getattr(getattr(plugin, "config", None), "annotations", None) or {})


def project_settings(project_root: Path) -> Settings:
    """The annotation settings of a project: the ``annotations`` options of its ``edition`` plugin."""
    return _settings(_mkdocs_config(project_root))


def project_text(project_root: Path) -> tuple[Settings, list[PageText]]:
    """The annotation settings of a project and the text of its article's pages."""
    config = _mkdocs_config(project_root)
    settings = _settings(config)
    return settings, _article_pages(config, settings)


def _article_pages(config: MkDocsConfig, settings: Settings) -> list[PageText]:
    """The annotatable pages rendered by Python-Markdown as MkDocs would, as text."""
    from mkdocs.structure.files import get_files
    from mkdocs.utils.meta import get_data

    pages = []
    for file in get_files(config).documentation_pages():
        if not file.src_uri.startswith(settings.article):
            continue
        source, meta = get_data(file.content_string)
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
        html = md.convert(source)
        heading = _H1.search(html)
        title = meta.get("title") or (
            unescape(_TAG.sub("", heading.group(1))).rstrip("¶").strip() if heading else file.src_uri
        )
        pages.append(page_text(file.src_uri, file.url, str(title), html))
    return pages


def validate_project(project_root: Path) -> list[AnnotationProblem]:
    """Every problem of a project's annotation files: invalid fields, unanchored or ambiguous quotations.

    Paths are relative to ``project_root``; an empty list means every annotation fits the text.
    """
    project_root = Path(project_root)
    try:
        config = _mkdocs_config(project_root)
        settings = _settings(config)
        if not annotation_files(project_root / settings.directory):
            return []
        pages = _article_pages(config, settings)
    except Exception as error:  # a broken mkdocs.yml: say so instead of failing
        return [
            AnnotationProblem(INVALID, Path("mkdocs.yml"), 1, f"cannot read the project to check annotations: {error}")
        ]
    annotations, problems = load(project_root / settings.directory, settings, project_root)
    _, more = check(annotations, pages)
    return sort_problems(problems + more)


def _relative(path: Path, root: Path | None) -> Path:
    if root is None:
        return path
    try:
        return path.resolve().relative_to(Path(root).resolve())
    except ValueError:
        return path
