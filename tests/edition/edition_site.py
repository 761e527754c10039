"""Helpers for the edition tests: the built site's pages and words, the source's words.

HTML is read with the standard library's ``html.parser`` into a small tree;
the original is read as Markdown text (emphasis markers dropped, ``\\$`` read as
``$``, table pipes and separator rows ignored).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "references" / "original" / "paper.txt"
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "paper.txt"

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_ASCII = str.maketrans(SUPERSCRIPTS, "0123456789")
_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")
_NOTE_LINE = re.compile(f"^- ([0-9]+|[{SUPERSCRIPTS}]+) (.*)$")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_BLOCK = {
    "p",
    "div",
    "li",
    "ol",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "blockquote",
    "br",
    "hr",
    "article",
    "section",
}


# --------------------------------------------------------------------------- HTML tree


@dataclass(eq=False)
class Node:
    """An element of a parsed HTML page."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = field(default=None, repr=False)
    children: list[Node | str] = field(default_factory=list, repr=False)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        """This element and all elements below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)]

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Node:
    """The document tree of an HTML page."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# --------------------------------------------------------------------------- the built site


@dataclass(frozen=True)
class SitePage:
    """One page of the built site."""

    src: str
    """Its Markdown file, relative to ``docs/``."""
    html_path: Path
    article: Node = field(repr=False)
    """The page's content: Material's ``<article class="md-content__inner">``."""


def nav_sources() -> list[str]:
    """The Markdown files of ``mkdocs.yml``'s nav, in reading order."""
    config = load_config(str(ROOT / "mkdocs.yml"))

    def walk(items: object) -> Iterator[str]:
        if isinstance(items, str):
            yield items
        elif isinstance(items, list):
            for item in items:
                yield from walk(item)
        elif isinstance(items, dict):
            for value in items.values():
                yield from walk(value)

    return [src for src in walk(config["nav"]) if src.endswith(".md")]


def html_path_for(site: Path, src: str) -> Path:
    """Where MkDocs (with directory URLs) writes the page built from ``src``."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / f"{stem}.html"
    return site / stem / "index.html"


def site_pages(site: Path, prefix: str = "article/") -> list[SitePage]:
    """The built pages whose source is under ``prefix``, in nav order."""
    pages = []
    for src in nav_sources():
        if not src.startswith(prefix):
            continue
        path = html_path_for(site, src)
        tree = parse_html(path.read_text(encoding="utf-8"))
        article = next(n for n in tree.find_all("article") if "md-content__inner" in n.classes)
        pages.append(SitePage(src, path, article))
    return pages


def _is_marker(node: Node) -> bool:
    return node.tag == "sup" and node.attrs.get("id", "").startswith("fnref")


def _skipped(node: Node) -> bool:
    """Permalinks and the edition's note aids: added by the toolchain, not text of the article."""
    return (node.tag == "a" and bool(node.classes & {"headerlink", "edition-pilcrow"})) or (
        "edition-note-aid" in node.classes
    )


def _words(node: Node, out: list[str], *, skip_notes: bool, skip: set[str] = frozenset()) -> None:
    """Append the text of ``node`` to ``out`` as whitespace-separated pieces."""
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
            continue
        if _skipped(child) or child.classes & skip:
            continue
        if skip_notes and "footnote" in child.classes and child.tag == "div":
            continue
        if "footnote-backref" in child.classes:
            continue
        if _is_marker(child):
            # The number the reader sees, as a token of its own.
            out.append(f" [^{child.text().strip()}] ")
            continue
        if child.tag in _BLOCK or child.tag == "sup":
            out.append(" ")
            _words(child, out, skip_notes=skip_notes, skip=skip)
            out.append(" ")
        else:
            _words(child, out, skip_notes=skip_notes, skip=skip)


def normalize(text: str) -> list[str]:
    """Words of a text: whitespace-separated, emphasis asterisks dropped."""
    return [w for w in text.replace("*", "").split() if w]


def body_words(pages: list[SitePage]) -> list[str]:
    """The words of the pages' content, notes left out, markers as ``[^N]`` tokens."""
    out: list[str] = []
    for page in pages:
        _words(page.article, out, skip_notes=True)
        out.append(" ")
    return normalize("".join(out))


def footnote_items(pages: list[SitePage]) -> list[tuple[SitePage, Node]]:
    """Every note list item of the pages, in page order then list order."""
    items = []
    for page in pages:
        for div in page.article.find_all("div", "footnote"):
            for ol in (c for c in div.children if isinstance(c, Node) and c.tag == "ol"):
                items += [(page, li) for li in ol.children if isinstance(li, Node) and li.tag == "li"]
    return items


def node_words(node: Node) -> list[str]:
    """The words of one element (note list items: without their back-links)."""
    out: list[str] = []
    _words(node, out, skip_notes=False)
    return normalize("".join(out))


# --------------------------------------------------------------------------- the original


def source_path() -> Path:
    """The project's verbatim copy of the article."""
    return SOURCE


def source_lines(path: Path = SOURCE) -> tuple[list[str], list[str]]:
    """(body lines, note lines): everything before and after the ``References`` line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    refs = lines.index("References")
    return lines[:refs], lines[refs + 1 :]


def _markers_as_tokens(text: str) -> str:
    return _SUPERSCRIPT_RUN.sub(lambda m: f" [^{m.group(0).translate(_TO_ASCII)}] ", text)


def is_author_note(paragraph: str) -> bool:
    """The author note: a paragraph opened by a lone ``*`` (a page footer in the source)."""
    return paragraph.startswith("*") and paragraph.count("*") == 1


def source_paragraphs(body: list[str]) -> list[str]:
    paragraphs, current = [], []
    for line in body:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def markdown_words(text: str) -> list[str]:
    """Words of Markdown text as a reader sees them: no ``*``, ``$`` for ``\\$``, no pipes."""
    lines = []
    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            if set(line.strip()) <= set("|-: "):
                continue  # a table's separator row
            line = line.replace("|", " ")
        lines.append(line)
    text = "\n".join(lines).replace("\\$", "$")
    text = _AUTOLINK.sub(r"\1", text)
    return normalize(_markers_as_tokens(text))


def source_body_words(path: Path = SOURCE) -> tuple[list[str], list[str]]:
    """(words of the body without the author note, words of the author note)."""
    body, _ = source_lines(path)
    paragraphs = source_paragraphs(body)
    author = [p for p in paragraphs if is_author_note(p)]
    assert len(author) == 1, "expected one author note in the source"
    rest = [p for p in paragraphs if not is_author_note(p)]
    return markdown_words("\n\n".join(rest)), markdown_words(author[0])


def source_notes(path: Path = SOURCE) -> list[tuple[str, str]]:
    """(label, text) of every note after ``References``, in order."""
    _, note_lines = source_lines(path)
    notes = []
    for line in note_lines:
        if not line.strip() or line.strip() == "-":
            continue
        m = _NOTE_LINE.match(line)
        assert m, f"not a note line: {line[:60]!r}"
        notes.append((m.group(1).translate(_TO_ASCII), m.group(2)))
    return notes


# --------------------------------------------------------------------------- comparing


def first_missing(needle: list[str], haystack: list[str]) -> str | None:
    """None if ``needle`` is a subsequence of ``haystack``; else a report of the first
    word of ``needle`` that is missing or altered, with its context on both sides."""
    pos = 0
    for word in needle:
        try:
            pos = haystack.index(word, pos) + 1
        except ValueError:
            break
    else:
        return None
    # Not contained: align the two to say where, and what the site has instead.
    matcher = difflib.SequenceMatcher(None, needle, haystack, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            return (
                f"word {i1 + 1} of the original, {needle[i1]!r}, is missing or altered\n"
                f"  original: … {' '.join(needle[max(0, i1 - 8) : i1])} "
                f"[[{' '.join(needle[i1:i2])}]] {' '.join(needle[i2 : i2 + 8])} …\n"
                f"  site:     … {' '.join(haystack[max(0, j1 - 8) : j1])} "
                f"[[{' '.join(haystack[j1:j2])}]] {' '.join(haystack[j2 : j2 + 8])} …"
            )
    return "the original's words are not all in the site, in order"


def first_difference(expected: list[str], actual: list[str]) -> str | None:
    """None if equal, else where the two word lists first differ."""
    for i, (a, b) in enumerate(zip(expected, actual)):
        if a != b:
            return (
                f"word {i + 1}: expected {a!r}, found {b!r}\n"
                f"  expected: … {' '.join(expected[max(0, i - 8) : i + 8])} …\n"
                f"  found:    … {' '.join(actual[max(0, i - 8) : i + 8])} …"
            )
    if len(expected) != len(actual):
        i = min(len(expected), len(actual))
        return (
            f"lengths differ ({len(expected)} expected, {len(actual)} found); "
            f"first extra or missing word: "
            f"{(expected[i:] or actual[i:])[:8]}"
        )
    return None


def require_shared_source() -> Path:
    """The shared copy of the article, or skip."""
    if not SHARED_SOURCE.exists():
        pytest.skip(f"{SHARED_SOURCE} is absent (the shared source is only on the authors' machines)")
    return SHARED_SOURCE
