"""Lines as Markdown parsers and editors count them: a line ends at `\\r\\n`, `\\r` or `\\n`, and nowhere else.

(`str.splitlines` also breaks at form feeds and Unicode separators, which would put every later line number,
and every edit made from one, out of step with the file.)
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from typing import overload

LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """The text's lines without their line breaks (a final line break ends the last line)."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


class Lines(Sequence[str]):
    """A text's lines as `split_lines` gives them, each cut from the text when asked for: a number a line is held,
    not a string (a text of 180,000 notes has as many lines)."""

    __slots__ = ("_closed", "_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = array("q", [0])
        self._starts.extend(match.end() for match in LINE_BREAK.finditer(text))
        self._closed = self._starts[-1] == len(text)
        """Whether the text ends with a line break (which ends its last line: no empty line follows)."""
        if self._closed:
            self._starts.pop()

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[line] for line in range(*index.indices(len(self)))]
        index = index + len(self) if index < 0 else index
        start = self._starts[index]
        if index + 1 < len(self._starts):
            end = self._starts[index + 1]
        elif self._closed:
            end = len(self._text)
        else:
            return self._text[start:]
        return self._text[start : end - (2 if self._text.startswith("\r\n", end - 2) else 1)]

    def joined(self, first: int, last: int) -> str:
        """Lines first to last (excluded) joined by `\\n`, as ``"\\n".join(lines[first:last])``."""
        last = min(last, len(self))
        if first >= last:
            return ""
        if last - first == 1:
            return self[first]
        stop = self._starts[last - 1] + len(self[last - 1])
        return LINE_BREAK.sub("\n", self._text[self._starts[first] : stop])


def line_starts(text: str) -> list[int]:
    """The offset where each line of the text starts (the first is 0)."""
    return [0, *(match.end() for match in LINE_BREAK.finditer(text))]


def joined_lines(written: list[tuple[str, int, int]], joint: str, paragraph_joint: str) -> tuple[str, tuple[int, ...]]:
    """Lines of a note joined into its text, and the text's origin (see `Note.origin`).

    ``written`` holds each line's text (white space stripped) with its line number and column in the file;
    non-empty lines are joined by ``joint``, or by ``paragraph_joint`` where blank lines lay between them.
    """
    parts: list[str] = []
    origin: list[int] = []
    length = 0
    blank = False
    for text, line, column in written:
        if not text:
            blank = bool(parts)
            continue
        if parts:
            parts.append(paragraph_joint if blank else joint)
            length += len(parts[-1])
        blank = False
        origin += (length, line, column)
        parts.append(text)
        length += len(text)
    return "".join(parts), tuple(origin)
