"""Property-based: the note parser never raises, keeps its offsets inside the text, and stays linear."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.model import NoteText
from citecheck.notes.citations import parse_note
from citecheck.notes.identifiers import identifiers_in
from citecheck.notes.markup import note_content, read_markdown_note
from citecheck.read.markdown import parse_markdown
from work_count import calls

# Markdown's syntax characters, words, URLs, DOIs and ibids, in any order.
_PARTS = st.sampled_from(
    [*"*_[]()<>`\\!&;:.,'\"“”‘’-–^#$ \n", "http://a.example/p", "<https://b.example/q>", "10.1000/x(1)", "doi:",
     "Ibid.", "ibid., 4", "Roe", "Jane", "Title", "(2001)", "&amp;", "&#42;", "](", "[^1]", "^[", "<span>", "op. cit."]
)  # fmt: skip
MARKDOWN = st.lists(_PARTS, max_size=80).map("".join)


def _check(note: NoteText) -> None:
    for span in note.spans:
        assert 0 <= span.start <= span.end <= len(note.plain)
        assert 0 <= span.source_start <= span.source_end <= len(note.source)
    positions = [note.source_start(i) for i in range(len(note.plain) + 1)]
    assert all(0 <= p <= len(note.source) for p in positions)
    assert positions == sorted(positions)  # the plain text runs through the source in order


@settings(max_examples=400, deadline=None)
@given(MARKDOWN)
def test_any_note_is_read_without_error(text: str) -> None:
    note = read_markdown_note(text)
    _check(note)
    identifiers_in(note)
    for citation in parse_note(note, "doc#1"):
        start, end = citation.span
        assert 0 <= start <= end <= len(text)
        for url in citation.urls:
            assert url.span == (-1, -1) or 0 <= url.span[0] <= url.span[1] <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(MARKDOWN, min_size=1, max_size=5))
def test_any_document_of_notes_is_read_without_error(notes: list[str]) -> None:
    body = " ".join(f"Claim.[^{n}]" for n in range(1, len(notes) + 1))
    definitions = "\n".join(f"[^{n}]: {text}" for n, text in enumerate(notes, start=1))
    document = parse_markdown(f"{body}\n\n{definitions}\n", "doc.md")
    for note in document.notes:
        _check(note_content(note))


def _calls(text: str) -> int:
    """Python function calls made to read a note and parse its citations (a count, not a time)."""
    return calls(lambda: parse_note(read_markdown_note(text), "doc#1"))


@given(st.sampled_from(["long-line", "deep-nesting", "many-links", "many-citations"]))
@settings(max_examples=4, deadline=None)
def test_work_grows_linearly(shape: str) -> None:
    """Twice the text, at most a little over twice the work: long lines, deep nesting, many links and citations."""

    def make(size: int) -> str:
        if shape == "long-line":
            return "word *a* http://a.example/p " * size
        if shape == "deep-nesting":
            return "*_[" * size + "text" + "](http://a.example)_*" * size
        if shape == "many-links":
            return "".join(f"[http://a.example/{i}](https://perma.cc/{i}), " for i in range(size))
        return "; ".join(f"Roe, _Title {i}_ (2001), {i}; ibid., {i}" for i in range(size))

    small, large = _calls(make(400)), _calls(make(800))
    assert large <= 2.3 * small
