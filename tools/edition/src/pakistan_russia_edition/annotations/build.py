"""The annotation layer of one MkDocs build, called by the ``edition`` plugin.

* ``apply`` (from ``on_env``, when every page has been rendered): reads the
  annotation files, places each in the rendered text of the article's pages,
  and either raises ``AnnotationError`` listing every problem, or writes the
  highlights and the list of annotations into each page and the index into
  the index page;
* ``write`` (from ``on_post_build``): writes the JSON-LD file into the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from pakistan_russia_edition.annotations import jsonld, render
from pakistan_russia_edition.annotations.model import Anchored, AnnotationProblem, Settings
from pakistan_russia_edition.annotations.options import settings_from
from pakistan_russia_edition.annotations.pagetext import PageText, page_text
from pakistan_russia_edition.annotations.project import check, load, sort_problems


class AnnotationError(Exception):
    """Annotations that do not fit: the message lists them, one per line."""

    def __init__(self, problems: list[AnnotationProblem]) -> None:
        self.problems = problems
        count = f"{len(problems)} invalid annotation{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count}:\n" + "\n".join(str(p) for p in problems))


class AnnotationLayer:
    """Annotations of one build: checked and written into the pages, then published as JSON-LD."""

    def __init__(self, settings: Settings, project_root: Path, site_url: str | None) -> None:
        self.settings = settings
        self.root = project_root
        self.site_url = site_url
        self.anchored: list[Anchored] = []
        self.bodies: dict[str, str] = {}
        self.index_url: str | None = None

    @classmethod
    def for_build(cls, options: Any, config: Any) -> AnnotationLayer | None:
        """The layer for a build, or None when disabled or the project has no annotation folder."""
        if not options.get("enabled", True):
            return None
        settings = settings_from(options)
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        layer = cls(settings, root, config.site_url or None)
        return layer if layer.directory.is_dir() else None

    @property
    def directory(self) -> Path:
        return self.root / self.settings.directory

    def apply(self, pages: Iterable[Any]) -> None:
        """Check all annotations against the rendered pages and write them in (MkDocs ``Page``s)."""
        pages = sorted((p for p in pages if getattr(p, "content", None) is not None), key=_nav_position)
        article = [p for p in pages if p.file.src_uri.startswith(self.settings.article)]
        texts = [page_text(p.file.src_uri, p.url, p.title or p.file.src_uri, p.content) for p in article]
        annotations, problems = load(self.directory, self.settings, self.root)
        anchored, more = check(annotations, texts)
        if problems or more:
            raise AnnotationError(sort_problems(problems + more))
        self.anchored = anchored
        self.bodies = {a.annotation.id: render.body_html(a.annotation.body) for a in anchored}
        index = next((p for p in pages if p.file.src_uri == self.settings.index_page), None)
        self.index_url = index.url if index is not None else None
        per_page: list[tuple[PageText, list[render.Entry]]] = []
        for page, text in zip(article, texts):
            entries = render.entries_for_page([a for a in anchored if a.passage.page == text.page], self.bodies)
            per_page.append((text, entries))
            if entries:
                link = get_relative_url(self.index_url, page.url) if self.index_url is not None else None
                page.content = render.highlight(text, entries) + render.page_list(entries, link)
        if index is not None:
            html, toc = render.index_html(per_page, self.settings, index.url)
            index.content = (index.content or "") + html
            _extend_toc(index, toc)

    def write(self, site_dir: Path) -> Path:
        """Write the JSON-LD file into the built site; return its path."""
        ordered = sorted(self.anchored, key=lambda a: a.annotation.id)
        id_base = jsonld.absolute(self.site_url, self.index_url if self.index_url is not None else self.settings.jsonld)
        document = jsonld.collection(
            ordered,
            self.bodies,
            self.settings,
            site_url=self.site_url,
            collection_url=self.settings.jsonld,
            id_base=id_base,
            label="Editorial annotations of the edition",
        )
        target = Path(site_dir) / self.settings.jsonld
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(jsonld.dumps(document), encoding="utf-8")
        return target


def _nav_position(page: Any) -> tuple[int, str]:
    """A page's place in the navigation (how many pages come before it), then its path."""
    steps, previous = 0, getattr(page, "previous_page", None)
    while previous is not None:
        steps, previous = steps + 1, getattr(previous, "previous_page", None)
    return steps, page.file.src_uri


def _extend_toc(page: Any, tokens: list[dict]) -> None:
    """Add the index's headings to the page's table of contents (under its title, if it has one)."""
    if not tokens or page.toc is None:
        return
    extra = get_toc(tokens).items  # type: ignore[arg-type]  # the tokens are the toc extension's
    for item in extra:
        item.active = False  # type: ignore[attr-defined]  # Material's templates read it
    items = page.toc.items
    if len(items) == 1 and items[0].level == 1:
        items[0].children.extend(extra)
    else:
        items.extend(extra)
