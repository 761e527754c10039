"""Lines as Markdown parsers and editors count them: a line ends at `\\r\\n`, `\\r` or `\\n`, and nowhere else.

(`str.splitlines` also breaks at form feeds and Unicode separators, which would put every later line number,
and every edit made from one, out of step with the file.)
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """The text's lines without their line breaks (a final line break ends the last line)."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


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
