"""Markdown footnotes (`[^label]` and `[^label]: …`) read from markdown-it-py's token stream."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_ref
from mdit_py_plugins.front_matter import front_matter_plugin

from citecheck.model import Document, Location, Marker, Note
from citecheck.notes.markup import read_markdown_note
from citecheck.read.lines import joined_lines, split_lines

# A `[^label]` left as text by the parser is a marker whose note does not exist. Its label runs to the first `]`
# with no white space before it, so it lies in one run of such characters: each run is matched once, from its
# start (matching `\[\^[^\]\s]+\]` from every `[^` rescans the rest of the run: quadratic along `[^[^[^…`).
_CLOSED_RUN = re.compile(r"(?<![^\]\s])[^\]\s]*+\]")
# Where the plugin's scan of a marker's label stops (`footnote_ref`): its end, or a space or newline.
_LABEL_END = re.compile(r"[\] \n]")
_LONGEST_LABEL = "citecheck_longest_label"
"""The env key under which the longest defined label's length is kept for one parse."""
_DEFINITION_START = re.compile(r"^\s*\[\^[^\]]+\]:\s?")
# Python-Markdown, which renders the edition, ends an HTML block at its closing tag and reads the lines after it
# as text; CommonMark keeps them in the block, so markers there are searched for (comments left out).
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# `^[4]`: a Pandoc inline note whose whole text is a number, where the reference `[^4]` was meant.
_NUMBER_ONLY = re.compile(r"\d{1,4}")


def _skip_definition_inlines(state) -> None:
    """Leave footnote definitions' inline text unparsed: their raw Markdown is read from the source lines."""
    depth = 0
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            depth += 1
        elif token.type == "footnote_reference_close":
            depth -= 1
        elif depth and token.type == "inline":
            token.type = "definition_inline"


def _bounded_footnote_ref(state: StateInline, silent: bool) -> bool:
    """mdit-py-plugins' `footnote_ref`, called only where a defined label and its `]` follow the `[^`.

    The plugin looks from each `[^` to the next space, newline or `]`: along a long run of `[^` with none of
    them that is quadratic (10,000 `[^` took 36 s). A marker's label is a defined label, so looking no further
    than the longest of them (a C-speed search) answers the same, and nothing of the input is cut.
    """
    refs = state.env.get("footnotes", {}).get("refs", {})
    src, start = state.src, state.pos
    if not refs or not src.startswith("[^", start):
        return False
    longest = state.env.get(_LONGEST_LABEL)
    if longest is None:  # the definitions are all known once the block rules are done
        longest = state.env[_LONGEST_LABEL] = max(len(key) - 1 for key in refs)
    end = _LABEL_END.search(src, start + 2, min(state.posMax, start + 3 + longest))
    if end is None or end.group() != "]" or ":" + src[start + 2 : end.start()] not in refs:
        return False
    return footnote_ref(state, silent)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin).enable("table")
    # Keep definitions where they stand, with their line numbers, unused and duplicated ones too.
    md.disable("footnote_tail")
    md.inline.ruler.at("footnote_ref", _bounded_footnote_ref)
    # Markers are all we read from inline text; emphasis, links and entities need no parsing.
    md.disable(["emphasis", "link", "image", "entity", "balance_pairs", "fragments_join", "text_join"])
    md.disable("lheading")  # it cannot hold a marker that the paragraph rule would miss
    md.core.ruler.before("inline", "skip_definition_inlines", _skip_definition_inlines)
    return md


_MD = _parser()


def _note_text(lines: list[str], start: int, end: int) -> tuple[str, tuple[int, ...]]:
    """A definition's raw Markdown with its `[^label]:` prefix and each line's indentation removed (blank lines
    at its ends dropped, a run of them kept as one), and where each of its lines is written (`Note.origin`)."""
    written: list[tuple[str, int, int]] = []  # (the line's text, its line number, its column)
    for index in range(start, min(end, len(lines))):
        line = lines[index]
        prefix = _DEFINITION_START.match(line) if index == start else None
        column = prefix.end() if prefix else 0
        rest = line[column:]
        written.append((rest.strip(), index + 1, column + len(rest) - len(rest.lstrip())))
    return joined_lines(written, "\n", "\n\n")


def _written_refs(text: str) -> Iterator[tuple[str, str, int]]:
    """Each `[^label]` written in a text, as (label, what is written, where it ends)."""
    for run in _CLOSED_RUN.finditer(text):
        at = run.group().find("[^")
        if 0 <= at < len(run.group()) - 3:  # a label of one character or more
            yield run.group()[at + 2 : -1], run.group()[at:], run.end()


def _inline_markers(
    token: Token, lines: list[str], path: str, defined: set[str], inline: dict[int, str]
) -> tuple[list[Marker], list[Note], list[Marker]]:
    """Markers in one inline token, including `[^label]` texts left unparsed because no note exists,
    the notes written in place as `^[text]` (each is its own marker and note, labelled `inline-N`), and
    the mistyped markers (`^[4]`: a marker of note 4, not a note).

    Inline tokens carry no positions and code spans drop their line breaks, so each marker's line is where its
    `[^label]` (or `^[`) stands in the block's source, after the previous marker's.
    """
    found: list[tuple[str, str]] = []  # (label, what it looks like in the source)
    for child in token.children or []:
        if child.type == "footnote_ref" and "label" in child.meta:
            found.append((child.meta["label"], f"[^{child.meta['label']}]"))
        elif child.type == "footnote_ref" and _NUMBER_ONLY.fullmatch(inline.get(child.meta["id"], "").strip()):
            found.append((f"mistyped-{inline[child.meta['id']].strip()}", "^["))
        elif child.type == "footnote_ref":
            found.append((f"inline-{child.meta['id'] + 1}", "^["))
        elif child.type == "text":
            found += [(label, written) for label, written, _ in _written_refs(child.content) if label not in defined]
    first, last = token.map or (0, 0)
    source = "\n".join(lines[first:last])
    markers: list[Marker] = []
    notes: list[Note] = []
    mistyped: list[Marker] = []
    offset, line = 0, first + 1
    for label, needle in found:
        at = source.find(needle, offset)
        if at >= 0:
            line += source.count("\n", offset, at)
            offset = at + 1
        if label.startswith("mistyped-"):
            mistyped.append(Marker(label.removeprefix("mistyped-"), Location(path, line)))
            markers.append(mistyped[-1])
            continue
        markers.append(Marker(label, Location(path, line)))
        if label.startswith("inline-"):
            text = inline.get(int(label[7:]) - 1, "")
            notes.append(Note(label, text, Location(path, line), "", read_markdown_note(text)))
    return markers, notes, mistyped


def _html_markers(token: Token, path: str) -> list[Marker]:
    """Markers written in an HTML block, such as on a line that follows `</table>` without a blank line."""
    first = (token.map[0] if token.map else 0) + 1
    content = _HTML_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), token.content)
    return [
        Marker(label, Location(path, first + number))
        for number, line in enumerate(content.splitlines())
        for label, _, end in _written_refs(line)
        if not line.startswith(":", end)  # `[^label]:` is a definition
    ]


def parse_markdown(text: str, path: str, document: str | None = None) -> Document:
    """Every footnote marker and definition of a Markdown text, with 1-based line numbers."""
    parsed = _parse(text)
    doc_name = document or path
    return replace(
        parsed,
        name=doc_name,
        files=(path,),
        markers=tuple(replace(m, location=Location(path, m.location.line)) for m in parsed.markers),
        mistyped=tuple(replace(m, location=Location(path, m.location.line)) for m in parsed.mistyped),
        notes=tuple(replace(n, location=Location(path, n.location.line), document=doc_name) for n in parsed.notes),
    )


@lru_cache(maxsize=256)
def _parse(text: str) -> Document:
    """The parse itself, cached: the site's build and citecheck read the same pages.

    Locations carry no path and notes no document: ``parse_markdown`` fills them in.
    """
    path = doc_name = ""
    if "[^" not in text and "^[" not in text:  # no marker, definition or inline note: no need to parse
        return Document(doc_name, (), (), (path,), False)
    env: dict = {}
    tokens = _MD.parse(text, env)
    lines = split_lines(text)
    defined = {key[1:] for key in env.get("footnotes", {}).get("refs", {})}
    inline = {
        number: item["content"]
        for number, item in env.get("footnotes", {}).get("list", {}).items()
        if "content" in item
    }
    references = env.get("references")
    markers: list[Marker] = []
    notes: list[Note] = []
    mistyped: list[Marker] = []
    depth = 0
    for token in tokens:
        if token.type == "footnote_reference_open":
            depth += 1
            start, end = token.map or (0, 0)
            label = token.meta["label"]
            text, origin = _note_text(lines, start, end)
            content = read_markdown_note(text, references)
            notes.append(Note(label, text, Location(path, start + 1), doc_name, content, origin))
        elif token.type == "footnote_reference_close":
            depth -= 1
        elif token.type == "inline" and depth == 0:
            found, inline_notes, typos = _inline_markers(token, lines, path, defined, inline)
            markers.extend(found)
            notes.extend(inline_notes)
            mistyped.extend(typos)
        elif token.type == "html_block" and depth == 0:
            markers.extend(_html_markers(token, path))
    # Reading order is the order of first reference, as Python-Markdown and Pandoc number the notes.
    first_reference: dict[str, int] = {}
    for position, marker in enumerate(markers):
        first_reference.setdefault(marker.label, position)
    notes.sort(key=lambda note: first_reference.get(note.label, len(markers)))
    numbered = (
        bool(notes or markers) and all(m.label.isdigit() for m in markers) and all(n.label.isdigit() for n in notes)
    )
    return Document(doc_name, tuple(markers), tuple(notes), (path,), numbered, mistyped=tuple(mistyped))
