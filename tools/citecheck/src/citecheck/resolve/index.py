"""The model's index of citations by note, read through positions: no tuple of citations is held per note."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence

from citecheck.model import ResolvedCitation, Work
from citecheck.packed import Positional


class Cited(Positional[ResolvedCitation]):
    """Some of the model's citations, read when asked for: a note may cite hundreds of thousands of works."""

    __slots__ = ("_citations", "_positions")

    def __init__(self, citations: Sequence[ResolvedCitation], positions: array[int]) -> None:
        self._citations = citations
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    def _at(self, index: int) -> ResolvedCitation:
        return self._citations[self._positions[index]]

    def __iter__(self) -> Iterator[ResolvedCitation]:
        return map(self._citations.__getitem__, self._positions)


class NoteCitations(Mapping[str, Sequence[ResolvedCitation]]):
    """Note key → its citations in order (`Model.citations_by_note`): only notes that have citations, in the
    order of their first citation; the citations of notes that share a key (a label defined twice) together.
    A tuple while the model's citations are; read when asked for once they are packed."""

    __slots__ = ("_citations", "_first", "_following", "_key_of", "_note_positions", "_noted")

    def __init__(
        self,
        citations: Sequence[ResolvedCitation],
        note_positions: Mapping[str, int],
        noted: Sequence[int],
        first: array[int],
        following: array[int],
        key_of: Callable[[int], str],
    ) -> None:
        """``note_positions``: key → the position of its note; ``noted``: the positions of the notes that have
        citations; ``first``: a note's position → its first citation's (-1: none); ``following``: a citation's
        position → the next citation's of the same key (-1: none); ``key_of``: a note's position → its key."""
        self._citations = citations
        self._note_positions = note_positions
        self._noted = noted
        self._first = first
        self._following = following
        self._key_of = key_of

    def _start(self, key: object) -> int:
        note = self._note_positions.get(key) if isinstance(key, str) else None
        return -1 if note is None else self._first[note]

    def __getitem__(self, key: str) -> Sequence[ResolvedCitation]:
        position = self._start(key)
        if position < 0:
            raise KeyError(key)
        found = array("q")
        while position >= 0:
            found.append(position)
            position = self._following[position]
        if isinstance(self._citations, tuple):
            return tuple(map(self._citations.__getitem__, found))
        return Cited(self._citations, found)

    def __contains__(self, key: object) -> bool:
        return self._start(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return map(self._key_of, self._noted)

    def __len__(self) -> int:
        return len(self._noted)


class FirstFull(Mapping[str, int]):
    """Work id → the position of the citation that first gives it in full (`Model.first_full_citations`): only
    the works given in full, in the order of those citations."""

    __slots__ = ("_first_full", "_order", "_work_positions", "_works")

    def __init__(
        self, work_positions: Mapping[str, int], first_full: array[int], order: Sequence[int], works: Sequence[Work]
    ) -> None:
        """``first_full``: a work's position → its first full citation's (-1: none); ``order``: the positions of the
        works given in full, in the order of those citations."""
        self._work_positions = work_positions
        self._first_full = first_full
        self._order = order
        self._works = works

    def __getitem__(self, key: str) -> int:
        position = self._first_full[self._work_positions[key]]
        if position < 0:
            raise KeyError(key)
        return position

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (self._works[position].id for position in self._order)

    def __len__(self) -> int:
        return len(self._order)
