"""Packed sequences and their indexes: the same values and answers as tuples and dicts, in a fraction of the memory."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from citecheck import packed
from citecheck.model import (
    Citation,
    CitationKind,
    Location,
    Marker,
    Note,
    NoteText,
    ResolvedCitation,
    SpanKind,
    Style,
    TextSpan,
    Url,
    Work,
)
from citecheck.notes.markup import note_content
from citecheck.packed import Joined, KeyIndex, Lookup, Packed, Packer
from citecheck.read import load
from citecheck.resolve.works import build_model

PAPER = Path(__file__).resolve().parents[2] / "references" / "original" / "paper.txt"


@pytest.fixture
def pack_after_three(monkeypatch: pytest.MonkeyPatch) -> None:
    """Values and keys packed past three of them, as a long text's are past 32,768."""
    monkeypatch.setattr(packed, "PACK_AFTER", 3)


def citation(n: int) -> ResolvedCitation:
    return ResolvedCitation(
        Citation(
            note=f"doc.md#{n}",
            index=0,
            text=f"Jane Roe, *Book {n}* (London: Press, 2020), {n}, <https://example.org/{n}>.",
            kind=CitationKind.FULL if n % 2 else CitationKind.SHORT,
            span=(0, 60 + n),
            style=Style.NOTE,
            authors=("Roe",),
            title=f"Book {n}",
            urls=(Url(f"https://example.org/{n}", f"https://example.org/{n}", (40, 62), "https://perma.cc/X"),),
            dois=(f"10.1000/{n}",),
            title_is_quoted=bool(n % 3),
        ),
        f"roe-2020-book-{n}" if n % 5 else None,
        f"doc.md#{n - 1}",
        candidates=n,
    )


def test_few_values_stay_a_tuple_of_the_objects_themselves() -> None:
    values = [citation(n) for n in range(5)]
    result = Packer(values).result()
    assert isinstance(result, tuple) and all(a is b for a, b in zip(result, values, strict=True))


def test_many_values_are_packed_and_read_back_equal(pack_after_three: None) -> None:
    values = [citation(n) for n in range(200)]  # several blocks of 64
    result = Packer(values).result()
    assert isinstance(result, Packed) and len(result) == 200
    assert list(result) == values and result == tuple(values) and tuple(values) == result
    assert result[0] == values[0] and result[-1] == values[-1] and result[130] == values[130]
    assert result[60:70] == tuple(values[60:70]) and result[::50] == tuple(values[::50])
    assert result[70].citation.urls[0].span == (40, 62)  # fields left out of comparisons come back too
    with pytest.raises(IndexError):
        result[200]


def test_nested_values_enums_and_parses_come_back_as_they_were(pack_after_three: None) -> None:
    note = Note(
        "7",
        "A. Author, *The Book*.",
        Location("doc.md", 12, paragraph=3),
        "doc.md",
        NoteText(
            "A. Author, *The Book*.",
            "A. Author, The Book.",
            (TextSpan(SpanKind.EMPHASIS, 11, 19, 11, 21),),
            (0, 22, 0, 22),
        ),
        (0, 12, 6),
    )
    work = Work("roe", ("Roe",), "Book", "Press", "2020", ("https://a.example",), ("10.1/x",), ("doc.md#1",), None)
    marker = Marker("7", Location("doc.md", 3))
    for value in (note, work, marker):
        assert Packer([value] * 5).result()[4] == value
    back_note = Packer([note] * 5).result()[4]
    assert back_note.content == note.content and back_note.origin == note.origin
    assert note_content(back_note).spans[0].kind is SpanKind.EMPHASIS


def test_a_packer_is_read_back_while_it_collects(pack_after_three: None) -> None:
    collecting: Packer[ResolvedCitation] = Packer()
    for n in range(100):
        collecting.append(citation(n))
        assert collecting[n] == citation(n) and collecting[n // 2] == citation(n // 2)
    result = collecting.result()
    assert collecting[99] == result[99] == citation(99)
    with pytest.raises(ValueError, match="no more"):
        collecting.append(citation(100))


@pytest.mark.parametrize("keys", [3, 100, 5000])
def test_a_key_index_answers_as_a_dict_that_keeps_the_first_position(pack_after_three: None, keys: int) -> None:
    names = [f"doc.md#{n % (keys - 1)}" for n in range(keys)]  # the last repeats the first
    index = KeyIndex(names.__getitem__)
    expected: dict[str, int] = {}
    for position, name in enumerate(names):
        assert index.add(name, position) == expected.setdefault(name, position)
    assert dict(index) == expected and list(index) == list(expected) and len(index) == len(expected)
    assert "doc.md#x" not in index and 5 not in index
    with pytest.raises(KeyError):
        index["doc.md#x"]


def test_a_key_index_tells_keys_apart_that_share_their_hash(pack_after_three: None) -> None:
    """Two keys whose stored hashes (32 bits) are equal are told apart by reading the keys back."""
    seen: dict[int, str] = {}
    for number in itertools.count():
        key = f"k{number}"
        other = seen.setdefault(hash(key) & 0xFFFFFFFF, key)
        if other != key:
            break
    names = ["a", "b", "c", "d", other, key]
    index = KeyIndex(names.__getitem__)
    for position, name in enumerate(names):
        assert index.add(name, position) == position
    assert index[other] == 4 and index[key] == 5


def test_lookup_and_joined_read_through_positions() -> None:
    parts = [(1, 2), (), (3,), (4, 5, 6)]
    joined = Joined(parts)
    assert list(joined) == [1, 2, 3, 4, 5, 6] and len(joined) == 6 and joined[2] == 3 and joined[-1] == 6
    assert joined[1:4] == (2, 3, 4)
    lookup = Lookup({"a": 0, "c": 2}, joined.__getitem__)
    assert dict(lookup) == {"a": 1, "c": 3} and lookup.get("b") is None and "c" in lookup


def test_the_model_of_a_long_text_answers_as_the_model_of_a_short_one(pack_after_three: None) -> None:
    """The article's model with everything packed past three values equals the one held as objects."""
    documents = load([PAPER]).documents
    small = build_model(documents)
    packed.PACK_AFTER = 32_768
    objects = build_model(load([PAPER]).documents)
    assert isinstance(small.citations, Packed) and isinstance(objects.citations, tuple)
    assert small == objects
    for name in ("notes_by_key", "citations_by_note", "works_by_id", "first_full_citations"):
        mine, theirs = getattr(small, name), getattr(objects, name)
        assert list(mine) == list(theirs), name
        assert all(tuple(mine[key]) == tuple(theirs[key]) if name == "citations_by_note" else mine[key] == theirs[key]
                   for key in theirs), name  # fmt: skip
