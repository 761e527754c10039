"""The edition's MkDocs plugin: build-time validation of each page's notes.

Rendering lives in the Python-Markdown extensions (``pakistan_russia_edition.footnotes``,
``pakistan_russia_edition.paragraph_ids``), which work without MkDocs. This plugin stays thin: it
stops the build, with one line per problem and no traceback, when a page

* has YAML front matter that does not parse, is not a mapping, or is not
  closed (MkDocs would silently render it as text);
* references a note that is not defined, defines a note twice, or defines a
  note that nothing references (Python-Markdown would silently drop the
  marker, keep only one of the definitions, or print an orphan note).

Messages read ``<page>:<line>: note [<label>] ...`` (citecheck's marker check), the page given relative
to ``docs/``, so an editor can jump to the place.

It also hooks in the annotation layer (``pakistan_russia_edition.annotations``): annotation
files are checked against the rendered pages and written into them
(``on_env``), and published as JSON-LD (``on_post_build``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from citecheck.checks.markers import document_findings
from citecheck.read.markdown import parse_markdown
from pakistan_russia_edition.annotations.build import AnnotationError, AnnotationLayer
from pakistan_russia_edition.annotations.options import AnnotationOptions
from pakistan_russia_edition.build_info import pin_source_date
from pakistan_russia_edition.exports import cite_markdown
from pakistan_russia_edition.mkdocs_project import nav_pages
from pakistan_russia_edition.reference_layer import ReferenceLayer

log = logging.getLogger("mkdocs.plugins.edition")

CITE_SLOT = "<!-- edition: cite this edition -->"
"""Where a page asks for the edition's recommended citation (the home page's *Cite this edition*)."""

FOOTNOTE_CODES = frozenset({"undefined-note", "unreferenced-note", "duplicate-note"})
"""citecheck's marker findings that stop the build (Python-Markdown would drop or misplace the note)."""


class EditionConfig(Config):
    """Options of the ``edition`` plugin in ``mkdocs.yml``."""

    validate_footnotes = config_options.Type(bool, default=True)
    """Fail the build on undefined, duplicated or unreferenced notes."""
    validate_front_matter = config_options.Type(bool, default=True)
    """Fail the build on front matter that MkDocs would silently ignore."""
    annotations = config_options.SubConfig(AnnotationOptions)
    """The annotation layer: folder, annotatable pages, types, index page, JSON-LD file."""
    references = config_options.Type(bool, default=True)
    """Run citecheck's offline checks, explain notes, generate the bibliography and reference-health pages."""
    link_report = config_options.Type(str, default="references/linkcheck.json")
    """The latest `make check` JSON report (link health), relative to mkdocs.yml."""
    baseline = config_options.Type(str, default="references/citecheck-baseline.json")
    """Acknowledged citecheck findings; any other error-severity finding fails a strict build."""


class EditionPlugin(BasePlugin[EditionConfig]):
    """Validates front matter and footnotes of every page; runs the annotation layer."""

    annotation_layer: AnnotationLayer | None = None
    reference_layer: ReferenceLayer | None = None

    def on_config(self, config: Any) -> None:
        root = Path(config.config_file_path).parent
        # Before MkDocs dates its pages and sitemap: the commit's date, never the clock's.
        date = pin_source_date(root)
        self.annotation_layer = AnnotationLayer.for_build(self.config.annotations, config)
        self.reference_layer = None
        if self.config.references:
            self.reference_layer = ReferenceLayer(
                root, root / self.config.link_report, root / self.config.baseline, date=date
            )
            docs_dir = Path(config.docs_dir)
            self.reference_layer.load(docs_dir, nav_pages(docs_dir, config.nav))  # mkdocs.yml is read already
            # A warning fails `mkdocs build --strict`: new errors are not published silently.
            for message in self.reference_layer.new_errors():
                log.warning(message)

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        if self.reference_layer is not None:
            self.reference_layer.add_files(files, config)
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: Any, files: Any) -> str:
        if self.reference_layer is not None:
            return self.reference_layer.decorate_notes(html, page.url)
        return html

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        if self.annotation_layer is not None:
            try:
                self.annotation_layer.apply(file.page for file in files.documentation_pages())
            except AnnotationError as error:
                raise PluginError(str(error)) from None
        return env

    def on_post_build(self, *, config: Any) -> None:
        if self.annotation_layer is not None:
            self.annotation_layer.write(Path(config.site_dir))

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        if self.annotation_layer is not None:
            server.watch(str(self.annotation_layer.directory))
        return server

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: Any, files: Any) -> str:
        source = page.file.content_string
        path = page.file.src_uri
        problems: list[str] = []
        if self.config.validate_front_matter:
            problems += front_matter_problems(source, path)
        if self.config.validate_footnotes:
            problems += footnote_problems(source, path)
        if problems:
            raise PluginError("\n".join(problems))
        if CITE_SLOT in markdown:
            markdown = markdown.replace(CITE_SLOT, cite_markdown(config["site_url"] or None))
        return markdown


def front_matter_problems(source: str, path: str) -> list[str]:
    """Messages for YAML front matter that MkDocs would ignore without a word."""
    if not source.startswith("---"):
        return []
    match = YAML_RE.match(source)
    if match is None:
        first = source.split("\n", 1)[0]
        if first.rstrip() == "---":
            return [f"{path}:1: front matter is not closed (no closing '---' line)"]
        return []
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = 2 + mark.line if mark is not None else 1  # +1: the opening '---'
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return [f"{path}:{line}: front matter is not valid YAML: {problem}"]
    if not isinstance(data, dict):
        return [f"{path}:1: front matter is not a mapping of keys to values"]
    return []


def footnote_problems(source: str, path: str) -> list[str]:
    """Messages for notes referenced but not defined, defined twice, or never referenced (citecheck's rules)."""
    if "[^" not in source:
        return []
    findings = document_findings(parse_markdown(source, path))
    return [
        f"{f.location}: {f.message}"
        for f in sorted(findings, key=lambda f: f.location.line)
        if f.code in FOOTNOTE_CODES
    ]
