"""Markdown footnotes (`[^label]` and `[^label]: …`) read from markdown-it-py's token stream."""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import footnote_def
from mdit_py_plugins.front_matter import front_matter_plugin

from citecheck.caches import text_cache
from citecheck.model import Document, Location, Marker, Note
from citecheck.notes.markup import read_markdown_note
from citecheck.packed import Packer, packed
from citecheck.read.lines import Lines, joined_lines

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


_V = TypeVar("_V")
_DEFINITIONS = "citecheck_definitions"
"""The env key of the definitions the block parser met: a `_Definitions`."""
_LABELS = "citecheck_labels"
"""The env key of the defined labels, numbered once the block parser is done: a `_Labels`."""


class _Definitions:
    """The footnote definitions of a text, as the block parser meets them: label, lines and where in the token
    stream each stood (its tokens are dropped: a text of 180,000 notes held a million of them)."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.positions = array("q")
        """The index in the token stream of the token that follows the definition."""

    def insert(self, at: int, label: str, lines: tuple[int, int], position: int) -> None:
        """A definition read, put before those nested in it (read while it was)."""
        self.labels.insert(at, label)
        self.starts.insert(at, lines[0])
        self.ends.insert(at, lines[1])
        self.positions.insert(at, position)
        for nested in range(at + 1, len(self.positions)):
            self.positions[nested] = position


class _Listed(dict[int, dict[str, Any]]):
    """The footnote plugin's notes by number, where a referenced label counts without an entry (the plugin keeps a
    dict apiece; only the count matters here: it numbers the inline notes that follow)."""

    referenced = 0

    def __len__(self) -> int:
        return super().__len__() + self.referenced


class _Labels:
    """Each defined label numbered (the footnote plugin's `refs` map `:label` to it), with what the notes' order
    needs of it: where it is first referenced."""

    def __init__(self, env: dict[str, Any], definitions: _Definitions) -> None:
        self.refs: dict[str, int] = env["footnotes"]["refs"]
        self.listed: _Listed = env["footnotes"]["list"]
        self.first = array("q")
        """A label's number → the position of its first marker (-1: none yet)."""
        self.counted = bytearray()
        """A label's number → 1 once the inline parser has met a marker of it (as the plugin counts them)."""
        self.others: dict[str, int] = {}
        """The first marker of each label an inline note may have (`inline-N`) that no definition has."""
        for label in definitions.labels:
            if self.refs[":" + label] < 0:
                self.refs[":" + label] = len(self.first)
                self.first.append(-1)
                self.counted.append(0)

    def referenced(self, label: str) -> None:
        """The inline parser met a marker of a defined label."""
        number = self.refs[":" + label]
        if not self.counted[number]:
            self.counted[number] = 1
            self.listed.referenced += 1

    def rank(self, label: str, unreferenced: int) -> int:
        """The position of a label's first marker (``unreferenced`` when it has none): the notes' order."""
        number = self.refs.get(":" + label)
        first = self.others.get(label, -1) if number is None else self.first[number]
        return unreferenced if first < 0 else first


def _footnote_definition(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """mdit-py-plugins' `footnote_def`, whose tokens are dropped once it has read them: each definition's raw
    Markdown is read from the source lines, so only its label and lines are kept."""
    if silent:
        return footnote_def(state, start_line, end_line, silent)
    definitions: _Definitions = state.env[_DEFINITIONS]
    at, first = len(state.tokens), len(definitions.labels)
    if not footnote_def(state, start_line, end_line, silent):
        return False
    opening = state.tokens[at]
    start, end = opening.map or (0, 0)
    definitions.insert(first, opening.meta["label"], (start, end), at)
    del state.tokens[at:]
    return True


def _footnote_reference(state: StateInline, silent: bool) -> bool:
    """A marker `[^label]` of a defined note (mdit-py-plugins' `footnote_ref`, which it replaces).

    The plugin looks from each `[^` to the next space, newline or `]`: along a long run of `[^` with none of
    them that is quadratic (10,000 `[^` took 36 s). A marker's label is a defined label, so looking no further
    than the longest of them (a C-speed search) answers the same, and nothing of the input is cut. Read into a
    paragraph's `_Children`, the marker is recorded there, not made a token.
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
    if not silent:
        label = src[start + 2 : end.start()]
        state.env[_LABELS].referenced(label)
        if isinstance(state.tokens, _Children):
            state.pushPending()
            state.tokens.marker(label, f"[^{label}]")
        else:  # inside an inline note, whose text is read from its source
            state.push("footnote_ref", "", 0).meta = {"label": label}
    state.pos = end.end()
    return True


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin).enable("table")
    # Keep definitions where they stand, with their line numbers, unused and duplicated ones too.
    md.disable("footnote_tail")
    md.block.ruler.at("footnote_def", _footnote_definition, {"alt": ["paragraph", "reference"]})
    md.inline.ruler.at("footnote_ref", _footnote_reference)
    # Markers are all we read from inline text; emphasis, links and entities need no parsing.
    md.disable(["emphasis", "link", "image", "entity", "balance_pairs", "fragments_join", "text_join"])
    md.disable("lheading")  # it cannot hold a marker that the paragraph rule would miss
    # Each paragraph's inline text is parsed by `_parse` itself, into `_Children`: never all at once.
    md.disable("inline")
    return md


_MD = _parser()


def _note_text(lines: Sequence[str], start: int, end: int) -> tuple[str, tuple[int, ...]]:
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


class _Found:
    """The markers of a text in reading order as they are found, with the notes written in place (`^[text]`)."""

    def __init__(self, path: str, labels: _Labels) -> None:
        self.path = path
        self.labels = labels
        self.markers: Packer[Marker] = Packer()
        self.mistyped: list[Marker] = []
        self.inline_notes: list[tuple[int, Note]] = []
        """Each note written in place, with the index of its paragraph's token (for the notes' order)."""

    def marker(self, label: str, line: int) -> Marker:
        """A marker of this label on this line, the next in reading order; its label's first, if it is."""
        marker = Marker(label, Location(self.path, line))
        labels, position = self.labels, len(self.markers)
        number = labels.refs.get(":" + label)
        if number is None:
            if label.startswith("inline-"):
                labels.others.setdefault(label, position)
        elif labels.first[number] < 0:
            labels.first[number] = position
        self.markers.append(marker)
        return marker


class _Children(list[Token]):
    """Where markdown-it's inline parser writes one paragraph's tokens: each is read as it comes and none is kept
    (a paragraph of 180,000 markers would otherwise be held as 360,000 tokens).

    Markers are what is read: `[^label]` of a defined note (recorded by `_footnote_reference`), `[^label]` left as
    text because no note exists, a note written in place as `^[text]` (its own marker and note, labelled
    `inline-N`), and a mistyped marker (`^[4]`: a marker of note 4, not a note). Tokens carry no positions and
    code spans drop their line breaks, so each marker's line is where its `[^label]` (or `^[`) stands in the
    paragraph's source, after the previous marker's.
    """

    def __init__(self, found: _Found, paragraph: int, source: str, line: int, env: dict[str, Any]) -> None:
        super().__init__()
        self.found = found
        self.paragraph = paragraph
        self.source = source
        self.offset, self.line = 0, line
        self.refs: dict[str, int] = env["footnotes"]["refs"]
        self.listed: dict[int, dict[str, Any]] = env["footnotes"]["list"]
        self.last: Token | None = None  # read when the next comes: the plugin labels an inline note after pushing it

    def append(self, token: Token) -> None:
        self.close()
        self.last = token

    def close(self) -> None:
        """Read the token held."""
        token, self.last = self.last, None
        if token is not None:
            self._read(token)

    def marker(self, label: str, written: str) -> Marker:
        """A marker of a defined note, where the parser stands."""
        self.close()
        return self._marker(label, written)

    def _marker(self, label: str, written: str) -> Marker:
        """A marker of this paragraph, on the line where `written` stands after the previous marker."""
        at = self.source.find(written, self.offset)
        if at >= 0:
            self.line += self.source.count("\n", self.offset, at)
            self.offset = at + 1
        return self.found.marker(label, self.line)

    def _read(self, token: Token) -> None:
        if token.type == "footnote_ref":  # a note written in place
            number = token.meta["id"]
            text = self.listed.get(number, {}).get("content", "")
            if _NUMBER_ONLY.fullmatch(text.strip()):
                self.found.mistyped.append(self._marker(text.strip(), "^["))
            else:
                marker = self._marker(f"inline-{number + 1}", "^[")
                self.found.inline_notes.append((self.paragraph, Note(marker.label, text, marker.location, "")))
        elif token.type == "text":
            for label, written, _ in _written_refs(token.content):
                if ":" + label not in self.refs:
                    self._marker(label, written)


def _html_markers(token: Token, found: _Found) -> None:
    """Markers written in an HTML block, such as on a line that follows `</table>` without a blank line."""
    first = (token.map[0] if token.map else 0) + 1
    content = _HTML_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), token.content)
    for number, line in enumerate(content.splitlines()):
        for label, _, end in _written_refs(line):
            if not line.startswith(":", end):  # `[^label]:` is a definition
                found.marker(label, first + number)


def parse_markdown(text: str, path: str, document: str | None = None) -> Document:
    """Every footnote marker and definition of a Markdown text, with 1-based line numbers."""
    parsed = _parse(text)
    doc_name = document or path
    return replace(
        parsed,
        name=doc_name,
        files=(path,),
        markers=_each(parsed.markers, lambda m: replace(m, location=Location(path, m.location.line))),
        mistyped=tuple(replace(m, location=Location(path, m.location.line)) for m in parsed.mistyped),
        notes=_each(parsed.notes, lambda n: replace(n, location=Location(path, n.location.line), document=doc_name)),
    )


def _each(values: Sequence[_V], changed: Callable[[_V], _V]) -> Sequence[_V]:
    """Each value changed, kept as the values were: a tuple, or packed."""
    return tuple(map(changed, values)) if isinstance(values, tuple) else packed(map(changed, values))


@text_cache(max_chars=2_000_000)
def _parse(text: str) -> Document:
    """The parse itself, cached for texts of a page's size: the site's build and citecheck read the same pages.

    Locations carry no path and notes no document: ``parse_markdown`` fills them in. The block parser gives the
    paragraphs (the definitions it met are recorded apart); each paragraph's inline text is then parsed for its
    markers. Notes come in the order of their first reference, as Python-Markdown and Pandoc number them.
    """
    path = doc_name = ""
    if "[^" not in text and "^[" not in text:  # no marker, definition or inline note: no need to parse
        return Document(doc_name, (), (), (path,), False)
    definitions = _Definitions()
    env: dict[str, Any] = {"footnotes": {"refs": {}, "list": _Listed()}, _DEFINITIONS: definitions}
    tokens = _MD.parse(text, env)
    labels = env[_LABELS] = _Labels(env, definitions)
    lines = Lines(text)
    found = _Found(path, labels)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            first, last = token.map or (0, 0)
            children = _Children(found, index, lines.joined(first, last), first + 1, env)
            _MD.inline.parse(token.content, _MD, env, children)
            children.close()
        elif token.type == "html_block":
            _html_markers(token, found)
    del tokens
    references = env.get("references")
    notes: Packer[Note] = Packer()
    for inline, at in _reading_order(definitions, found.inline_notes, labels, len(found.markers)):
        if inline:
            notes.append(found.inline_notes[at][1])
            continue
        start, end = definitions.starts[at], definitions.ends[at]
        text, origin = _note_text(lines, start, end)
        # Parsed here only when the document's link references are needed; else when it is read.
        content = read_markdown_note(text, references) if references else None
        notes.append(Note(definitions.labels[at], text, Location(path, start + 1), doc_name, content, origin))
    markers = found.markers.result()
    notes_read = notes.result()
    numbered = bool(notes_read or markers) and all(m.label.isdigit() for m in markers)
    numbered = numbered and all(n.label.isdigit() for n in notes_read)
    return Document(doc_name, markers, notes_read, (path,), numbered, mistyped=tuple(found.mistyped))


def _reading_order(
    definitions: _Definitions, inline_notes: list[tuple[int, Note]], labels: _Labels, unreferenced: int
) -> Iterable[tuple[bool, int]]:
    """The notes in the order of their first reference, as Python-Markdown and Pandoc number them; those of equal
    rank (unreferenced, or a label defined twice) as they stand. Each as (written in place?, its index)."""
    ranks = (labels.rank(label, unreferenced) for label in definitions.labels)
    if not inline_notes and all(a <= b for a, b in itertools.pairwise(ranks)):
        return ((False, at) for at in range(len(definitions.labels)))  # the common case: nothing to sort
    order = [
        (labels.rank(label, unreferenced), position, False, at)
        for at, (label, position) in enumerate(zip(definitions.labels, definitions.positions, strict=True))
    ]
    order += [(labels.rank(note.label, unreferenced), index, True, at) for at, (index, note) in enumerate(inline_notes)]
    return ((inline, at) for _, _, inline, at in sorted(order))
