"""Lines read from a text without holding them: the same lines as splitting it, each cut when asked for."""

from __future__ import annotations

import itertools

from citecheck.read.lines import Lines, split_lines


def test_lines_cut_from_the_text_are_its_split_lines() -> None:
    """Every text of up to five pieces among letters, spaces and the three line breaks (`\\r\\n`, `\\r`, `\\n`)."""
    for size in range(6):
        for pieces in itertools.product(["a", " ", "\n", "\r", "\r\n"], repeat=size):
            text = "".join(pieces)
            lines, expected = Lines(text), split_lines(text)
            assert list(lines) == expected and len(lines) == len(expected), repr(text)
            assert [lines[i] for i in range(-len(lines), 0)] == expected, repr(text)
            for first, last in itertools.combinations(range(len(expected) + 2), 2):
                assert lines.joined(first, last) == "\n".join(expected[first:last]), (repr(text), first, last)
                assert lines[first:last] == expected[first:last]
