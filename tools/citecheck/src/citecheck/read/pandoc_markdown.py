"""pandoc's inlines and blocks written out as the Markdown an author would have written.

A manuscript's notes reach the checks as Markdown: links with their targets (autolinks where the text is
the target), italics, code and quotes. A ``Cite`` element is written by the caller's ``CiteWriter`` (a
LaTeX manuscript's biblatex citations, ``read.biblatex``), or as the text it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citecheck.notes.markup import escape_markdown

BLOCKS_WITH_INLINES = frozenset({"Para", "Plain", "Header"})
CiteWriter = Callable[[list[Any]], str]
"""Writes a pandoc ``Cite`` element (its content: the citations and the text as written) as Markdown."""


def note_markdown(blocks: list[Any], cite: CiteWriter | None = None) -> str:
    """A note's blocks as Markdown: paragraphs joined by blank lines."""
    paragraphs = []
    for block in blocks:
        if block.get("t") in BLOCKS_WITH_INLINES:
            inlines = block["c"][2] if block["t"] == "Header" else block["c"]
            paragraphs.append(inline_markdown(inlines, cite).strip())
        elif block.get("t") in ("BlockQuote", "Div"):
            paragraphs.append(note_markdown(block["c"] if block["t"] == "BlockQuote" else block["c"][1], cite))
    return "\n\n".join(p for p in paragraphs if p)


def inline_markdown(inlines: list[Any], cite: CiteWriter | None = None) -> str:
    """pandoc inlines as Markdown: emphasis, links (autolinks where the text is the target), code, quotes."""
    out: list[str] = []
    for inline in inlines:
        kind, content = inline.get("t"), inline.get("c")
        if kind == "Str":
            out.append(escape_markdown(str(content)))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind == "Emph":
            out.append(f"*{inline_markdown(content, cite)}*")
        elif kind == "Strong":
            out.append(f"**{inline_markdown(content, cite)}**")
        elif kind == "Code":
            out.append(f"`{content[1]}`")
        elif kind == "Link":
            text, (target, _title) = inline_markdown(content[1], cite), content[2]
            plain = "".join(i.get("c", "") for i in content[1] if i.get("t") == "Str")
            out.append(f"<{target}>" if plain == target else f"[{text}]({target})")
        elif kind == "Quoted":
            left, right = ("“", "”") if content[0].get("t") == "DoubleQuote" else ("‘", "’")
            out.append(f"{left}{inline_markdown(content[1], cite)}{right}")
        elif kind == "Cite":
            out.append(cite(content) if cite else inline_markdown(content[1]))
        elif kind == "Note":
            # A note inside a note (biblatex's \footcite in a \footnote), which biblatex prints in place, in
            # parentheses: its text in place (without them, which the citation parser would read as part of
            # the names) and without the period that ends a note.
            space = "" if not out or out[-1].endswith(" ") else " "
            out.append(space + note_markdown(content, cite).removesuffix("."))
        elif kind in ("Span", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            out.append(inline_markdown(content[1] if kind == "Span" else content, cite))
        elif kind == "Math":
            out.append(content[1])
    return "".join(out)
