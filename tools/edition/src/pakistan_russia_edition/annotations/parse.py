"""Reading one annotation file: YAML front matter (with the line of every key) and a body.

Values are kept as YAML wrote them, as text: ``created: 2024-05-01`` is the
string ``"2024-05-01"``, so that ``validate`` can say what is wrong with it
instead of PyYAML raising on ``2024-13-01``.

Annotation files come from contributors, so the YAML is distrusted: anchors and aliases (the "billion
laughs" of a few hundred bytes that expands to gigabytes) are refused before anything is built, and so is
front matter that is too long or nested too deep. The file itself is read as citecheck reads its inputs:
a regular file only, with a size limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from citecheck.errors import InputError
from citecheck.read.files import read_text
from pakistan_russia_edition.annotations.model import INVALID, AnnotationProblem

_OPENING = re.compile(r"\A---[ \t]*\r?\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

# libyaml when PyYAML was built with it: the same nodes and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
"""An annotation is a remark on a passage: a larger file is refused."""
MAX_FRONT_MATTER_CHARS = 20_000
MAX_DEPTH = 8
"""Lists and mappings nested deeper than this are refused (an annotation's fields are flat, sources a list)."""


@dataclass(frozen=True)
class Value:
    """A front-matter value and the line it is on."""

    value: str | tuple[Value, ...] | None
    """Text, a list of values, or None for an empty or null value."""
    line: int
    is_mapping: bool = False


@dataclass(frozen=True)
class Draft:
    """An annotation file as written, not yet checked."""

    path: Path
    fields: dict[str, Value] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: tuple[AnnotationProblem, ...] = ()


def read_draft(path: Path, shown_as: Path | None = None) -> Draft:
    """The front matter and body of ``path``; ``shown_as`` is the path used in messages."""
    shown = shown_as or path
    try:
        text = read_text(path, shown.as_posix(), max_bytes=MAX_FILE_BYTES)
    except InputError as error:
        return Draft(shown, problems=(_problem(shown, error.line or 1, f"cannot be read: {error.reason}"),))
    return parse_text(text, shown)


def parse_text(text: str, path: Path) -> Draft:
    """The front matter and body of an annotation file's text."""
    text = text.lstrip("\ufeff")
    opening = _OPENING.match(text)
    if opening is None:
        return Draft(
            path,
            problems=(
                _problem(
                    path,
                    1,
                    "has no front matter: the file must start with a '---' line",
                    "copy annotations/_template.md, or run citecheck-annotate",
                ),
            ),
        )
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return Draft(path, problems=(_problem(path, 1, "front matter is not closed (no closing '---' line)"),))
    header = text[opening.end() : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    body = text[body_start:]
    if len(header) > MAX_FRONT_MATTER_CHARS:
        return Draft(
            path, problems=(_problem(path, 2, f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters"),)
        )
    try:
        refused = _unsafe_construct(header)
        if refused is not None:
            return Draft(path, problems=(_problem(path, *refused),))
        node = yaml.compose(header, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return Draft(path, problems=(_problem(path, line, f"front matter is not valid YAML: {problem}"),))
    if node is None:
        return Draft(path, body=body, body_line=body_line)
    if not isinstance(node, yaml.MappingNode):
        return Draft(path, problems=(_problem(path, 2, "front matter is not a mapping of keys to values"),))
    fields: dict[str, Value] = {}
    problems: list[AnnotationProblem] = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = 2 + key_node.start_mark.line
        if key in fields:
            problems.append(_problem(path, line, f"'{key}' is given twice (first on line {fields[key].line})"))
            continue
        fields[key] = _value(value_node, line)
    return Draft(path, fields, body, body_line, tuple(problems))


def _unsafe_construct(header: str) -> tuple[int, str] | None:
    """(line, message) for the first anchor, alias or over-deep nesting, read from the event stream.

    The events come one by one, in time linear in the text, before any node is built.
    """
    depth = 0
    for event in yaml.parse(header, Loader=_LOADER):
        line = 2 + (event.start_mark.line if event.start_mark else 0)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return line, "front matter uses a YAML anchor or alias (&name or *name); write each value out"
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"front matter is nested more than {MAX_DEPTH} levels deep"
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _value(node: yaml.Node, line: int) -> Value:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
            return Value(None, line)
        return Value(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        return Value(tuple(_value(item, 2 + item.start_mark.line) for item in node.value), line)
    return Value(None, line, is_mapping=True)


def _problem(path: Path, line: int, message: str, suggestion: str | None = None) -> AnnotationProblem:
    return AnnotationProblem(INVALID, path, line, message, suggestion)
