"""Writing annotations into pages: sanitised bodies, highlights, the page's list, the index.

* ``body_html``: an annotation's Markdown rendered and cleaned with nh3 (no
  script, event handler, ``javascript:`` link, iframe or image survives).
* ``highlight``: the page's HTML with each quotation wrapped in
  ``<mark class="annotation-mark">`` (one per text node it spans, so the
  markup stays well nested) and followed by an empty marker ``<button>``
  whose number is drawn by CSS. Nothing else in the HTML changes, and no
  character is added to the text, so the article stays word for word.
* ``page_list``: the page's annotations, numbered as their markers, in an
  admonition at the end of the page (admonitions are not article paragraphs,
  so no ``p-N`` anchor moves).
* ``index_html``: every annotation, by type and by page, for the index page.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

import markdown
import nh3
from mkdocs.utils import get_relative_url

from pakistan_russia_edition.annotations.model import Anchored, Settings
from pakistan_russia_edition.annotations.pagetext import PageText
from pakistan_russia_edition.annotations.validate import source_href

#: What an annotation body may contain: text formatting, lists, quotations, links.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "cite",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "i",
        "ins",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
#: Elements dropped with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "template",
        "noscript",
        "textarea",
        "title",
        "xmp",
        "noembed",
        "noframes",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class Entry:
    """An anchored annotation as one page shows it: its number there and its clean body."""

    number: int
    anchored: Anchored
    body: str
    """Sanitised HTML."""

    @property
    def id(self) -> str:
        return self.anchored.annotation.id

    @property
    def type(self) -> str:
        return self.anchored.annotation.type


def body_html(text: str) -> str:
    """An annotation body (Markdown) as HTML that cannot run code or load anything."""
    rendered = _converter().reset().convert(text)
    return nh3.clean(
        rendered,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


@cache
def _converter() -> markdown.Markdown:
    """One Markdown converter for every body: setting one up takes longer than converting a body."""
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


def entries_for_page(anchored: Sequence[Anchored], bodies: dict[str, str]) -> list[Entry]:
    """A page's annotations in reading order, numbered from 1."""
    ordered = sorted(anchored, key=lambda a: (a.passage.start, -a.passage.end))
    return [Entry(n, a, bodies[a.annotation.id]) for n, a in enumerate(ordered, 1)]


def type_label(name: str) -> str:
    """``source-check`` → ``Source check``."""
    return name.replace("-", " ").replace("_", " ").capitalize()


def css_token(name: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "other"


# --------------------------------------------------------------------------- in the text


def highlight(page: PageText, entries: Sequence[Entry]) -> str:
    """The page's HTML with every entry's words marked and followed by its marker button."""
    # (raw offset, rank, order, text): at one offset, closing tags, then buttons, then opening tags.
    inserts: list[tuple[int, int, int, str]] = []
    pieces: dict[int, list[tuple[int, int, int]]] = {}  # text node -> (raw start, raw end, entry)
    for k, entry in enumerate(entries):
        start, end = entry.anchored.passage.start, entry.anchored.passage.end
        for node, raw_start, raw_end in _runs(page, start, end):
            pieces.setdefault(node, []).append((raw_start, raw_end, k))
        inserts.append((page.ends[end - 1], 1, k, _button(entry)))
    named: set[int] = set()
    order = 0
    for node in sorted(pieces):  # document order, so an annotation's first mark gets its id
        node_pieces = pieces[node]
        bounds = sorted({b for s, e, _ in node_pieces for b in (s, e)})
        for a, b in itertools.pairwise(bounds):
            covering = sorted(
                (k for s, e, k in node_pieces if s <= a and b <= e),
                key=lambda k: (entries[k].anchored.passage.start, -entries[k].anchored.passage.end),
            )
            for k in covering:
                order += 1
                inserts.append((a, 2, order, _mark_open(entries[k], first=k not in named)))
                named.add(k)
            for _ in covering:
                order += 1
                inserts.append((b, 0, order, "</mark>"))
    out, last = [], 0
    for offset, _, _, text in sorted(inserts):
        out.append(page.html[last:offset])
        out.append(text)
        last = offset
    out.append(page.html[last:])
    return "".join(out)


def _runs(page: PageText, start: int, end: int) -> list[tuple[int, int, int]]:
    """(text node, raw start, raw end) of the stretches of [start, end) within one text node."""
    runs: list[tuple[int, int, int]] = []
    for i in range(start, end):
        node = page.nodes[i]
        if node < 0 or page.ends[i] <= page.starts[i]:
            continue
        if runs and runs[-1][0] == node:
            runs[-1] = (node, runs[-1][1], page.ends[i])
        else:
            runs.append((node, page.starts[i], page.ends[i]))
    return runs


def _mark_open(entry: Entry, *, first: bool) -> str:
    ident = f' id="annotated-{entry.id}"' if first else ""
    return f'<mark class="annotation-mark annotation--{css_token(entry.type)}" data-annotation="{entry.id}"{ident}>'


def _button(entry: Entry) -> str:
    label = html.escape(f"Annotation {entry.number} ({type_label(entry.type).lower()})")
    return (
        f'<button type="button" class="annotation-marker annotation--{css_token(entry.type)}"'
        f' data-annotation="{entry.id}" data-number="{entry.number}" aria-haspopup="dialog"'
        f' aria-expanded="false" aria-label="{label}" title="{label}"></button>'
    )


# --------------------------------------------------------------------------- at the end of a page


def page_list(entries: Sequence[Entry], index_url: str | None = None) -> str:
    """The admonition listing a page's annotations, numbered as their markers."""
    if not entries:
        return ""
    link = f' <a href="{html.escape(index_url)}">All annotations</a>.' if index_url else ""
    items = "\n".join(_item(e, href=f"#annotated-{e.id}", number=True) for e in entries)
    return (
        '\n<div class="admonition annotation-list" id="annotations">\n'
        '<p class="admonition-title">Editorial annotations</p>\n'
        '<p class="annotation-list__intro">Notes by the edition\'s editors on the highlighted words '
        f"of this page; they are not part of the article.{link}</p>\n"
        f'<ol class="annotation-items">\n{items}\n</ol>\n</div>\n'
    )


def _item(entry: Entry, *, href: str, number: bool, where: str = "") -> str:
    a = entry.anchored.annotation
    quote = html.escape(_short(entry.anchored.passage.exact))
    data = f' data-number="{entry.number}"' if number else ""
    sources = ""
    if a.sources:
        links = ", ".join(
            f'<a href="{html.escape(source_href(s))}" rel="noopener noreferrer">{_source_html(s)}</a>'
            for s in a.sources
        )
        sources = f'\n<p class="annotation-sources">Sources: {links}</p>'
    return (
        f'<li id="annotation-{a.id}" class="annotation-item annotation--{css_token(a.type)}"'
        f' data-annotation="{a.id}"{data}>\n'
        f'<p class="annotation-item__head"><span class="annotation-type">{html.escape(type_label(a.type))}</span> '
        f'<a class="annotation-quote" href="{html.escape(href)}">\u201c{quote}\u201d</a>{where}</p>\n'
        f'<div class="annotation-body">\n{entry.body}\n</div>{sources}\n'
        f'<p class="annotation-byline">{html.escape(a.author)}, '
        f'<time datetime="{a.created.isoformat()}">{a.created.isoformat()}</time></p>\n'
        "</li>"
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _source_html(source: str) -> str:
    """A source as its link's text: a DOI as ``doi:…``, a URL whole (scheme included), with a line-break
    opportunity after each slash of its path so that a narrow popover breaks it there, not in its host."""
    href = source_href(source)
    if href != source:
        return html.escape(f"doi:{href.removeprefix('https://doi.org/')}")
    text = unquote(source)
    scheme, _, rest = text.partition("://")
    host, slash, path = rest.partition("/")
    pieces = [html.escape(p) for p in path.split("/")]
    return html.escape(f"{scheme}://{host}{slash}") + "/<wbr>".join(pieces)


# --------------------------------------------------------------------------- the index page


def describe_anchor(anchor: str | None) -> str:
    """``p-3`` → ``paragraph 3``, ``fn:10`` → ``note 10``."""
    if anchor and anchor.startswith("p-"):
        return f"paragraph {anchor[2:]}"
    if anchor and anchor.startswith("fn:"):
        return f"note {anchor[3:]}"
    return ""


def index_html(
    pages: Sequence[tuple[PageText, list[Entry]]], settings: Settings, index_url: str
) -> tuple[str, list[dict]]:
    """The index of all annotations (by type, then by page) and its table-of-contents tokens."""
    entries = [(page, e) for page, page_entries in pages for e in page_entries]
    parts = ['<div class="annotation-index">']
    if not entries:
        parts.append("<p>There are no annotations yet.</p></div>")
        return "\n".join(parts), []
    by_type: list[dict] = []
    parts.append('<h2 id="by-type">By type</h2>')
    for name in settings.type_names:
        of_type = [(p, e) for p, e in entries if e.type == name]
        if not of_type:
            continue
        ident = f"type-{css_token(name)}"
        parts.append(
            f'<h3 id="{ident}">{html.escape(type_label(name))} '
            f'<span class="annotation-count">({len(of_type)})</span></h3>'
        )
        parts.append('<ol class="annotation-items annotation-index__list">')
        for page, entry in of_type:
            target = get_relative_url(page.url, index_url) + f"#annotated-{entry.id}"
            page_link = get_relative_url(page.url, index_url)
            where = describe_anchor(entry.anchored.passage.anchor)
            where_html = (
                f' <span class="annotation-where">in <a href="{html.escape(page_link)}">'
                f"{html.escape(page.title)}</a>{', ' + where if where else ''}</span>"
            )
            parts.append(_item(entry, href=target, number=False, where=where_html))
        parts.append("</ol>")
        by_type.append({"level": 3, "id": ident, "name": f"{type_label(name)} ({len(of_type)})", "children": []})
    by_page: list[dict] = []
    parts.append('<h2 id="by-page">By page</h2>')
    for page, page_entries in pages:
        if not page_entries:
            continue
        ident = "page-" + css_token(page.page.removesuffix(".md").replace("/", "-"))
        page_link = get_relative_url(page.url, index_url)
        parts.append(f'<h3 id="{ident}"><a href="{html.escape(page_link)}">{html.escape(page.title)}</a></h3>')
        parts.append('<ol class="annotation-index__by-page">')
        for entry in page_entries:
            target = f"{page_link}#annotated-{entry.id}"
            where = describe_anchor(entry.anchored.passage.anchor)
            parts.append(
                f'<li><span class="annotation-type annotation--{css_token(entry.type)}">'
                f"{html.escape(type_label(entry.type))}</span> "
                f'<a href="{html.escape(target)}">\u201c{html.escape(_short(entry.anchored.passage.exact, 70))}'
                f"\u201d</a>{' (' + where + ')' if where else ''}</li>"
            )
        parts.append("</ol>")
        by_page.append({"level": 3, "id": ident, "name": html.escape(page.title), "children": []})
    parts.append("</div>")
    toc = [
        {"level": 2, "id": "by-type", "name": "By type", "children": by_type},
        {"level": 2, "id": "by-page", "name": "By page", "children": by_page},
    ]
    return "\n".join(parts), toc
