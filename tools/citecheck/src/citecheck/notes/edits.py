"""Edits to a note's text, placed by what the note parser found (its spans), never by searching the text.

Each function answers None (or nothing) where the edit would not be certain: a URL written with escapes
or through a reference definition elsewhere in the file, an address a reader of the note would see
differently once written in, a citation whose neighbours cannot be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from citecheck.model import Edit, Note, NoteText, SpanKind
from citecheck.notes.identifiers import trim_url, url_problem

_URL_KINDS = (SpanKind.LINK, SpanKind.AUTOLINK, SpanKind.BARE_URL)
_UNWRITABLE = re.compile(r"[\s<>\"`\\\x00-\x1f\x7f]")
"""Characters a URL cannot carry unescaped in a note's Markdown (a link target, an autolink or running text)."""
_END_PUNCTUATION = ".;,"


@dataclass(frozen=True, slots=True)
class Placed:
    """An edit with the place in its file of the stretch it replaces: (line, column), lines from 1, columns from 0."""

    edit: Edit
    path: str
    start: tuple[int, int]
    end: tuple[int, int]
    original: str
    """The note's text the edit replaces."""


def placed(note: Note, edit: Edit) -> Placed | None:
    """The edit placed in the note's file; None where the note has no place in a file (a manuscript's)."""
    start, end = note.position(edit.start), note.position(edit.end)
    if start is None or end is None:
        return None
    return Placed(edit, note.location.path, start, end, note.text[edit.start : edit.end])


def url_places(note: NoteText, raw: str) -> list[tuple[int, int]] | None:
    """Every place the URL is written in the note's source (link targets, autolinks, URLs written out), in order,
    but in code, which shows an address as written (`` `http://dx.doi.org/…` `` in a remark on old links).

    None when some place cannot be edited: the URL is written with escapes, or a link takes it from a
    reference definition (`[text][ref]`) elsewhere in the file.
    """
    code = [(span.source_start, span.source_end) for span in note.spans if span.kind is SpanKind.CODE]
    places: set[tuple[int, int]] = set()
    for span in note.spans:
        if span.kind not in _URL_KINDS or span.target != raw:
            continue
        if span.target_start < 0 or note.source[span.target_start : span.target_end] != raw:
            return None
        if not any(start <= span.target_start < end for start, end in code):  # code is shown as written
            places.add((span.target_start, span.target_end))
    return sorted(places)


def writable_url(url: str) -> bool:
    """True when the URL can be written into a note as it is and read back as the same URL."""
    return (
        not _UNWRITABLE.search(url)
        and trim_url(url) == url
        and url.count("(") == url.count(")")
        and url_problem(url) is None
    )


def url_replaced(note_key: str, note: NoteText, raw: str, new: str) -> tuple[Edit, ...]:
    """Edits that write `new` wherever the note writes `raw`; none when that is not certain."""
    places = url_places(note, raw)
    if not places or new == raw or not writable_url(new):
        return ()
    return tuple(Edit(note_key, start, end, new) for start, end in places)


def url_followed(note_key: str, note: NoteText, raw: str, addition: str) -> tuple[Edit, ...]:
    """Edits that insert `addition` after each place `raw` is written out (after a link as a whole)."""
    places = url_places(note, raw)
    if not places:
        return ()
    links = [s for s in note.spans if s.kind in (SpanKind.LINK, SpanKind.AUTOLINK)]
    ends = []
    for start, end in places:
        enclosing = next((s for s in links if s.source_start <= start and end <= s.source_end), None)
        ends.append(enclosing.source_end if enclosing else end)
    return tuple(Edit(note_key, end, end, addition) for end in dict.fromkeys(ends))


def removal(text: str, spans: Sequence[tuple[int, int]], index: int, removed: Collection[int] = ()) -> tuple[int, int]:
    """The stretch of `text` to delete to remove the citation at `spans[index]` with its separator.

    Before another citation: from it to the next. Last of several: from the end of the last one kept before it
    (``removed``: the citations removed with it), keeping the note's closing period unless that one already ends
    with one (`A; B; A.` → `A; B.`; `A; A; A.` → `A.`, the middle removal lying within the last one's).
    """
    start, end = spans[index]
    if index + 1 < len(spans):
        return start, spans[index + 1][0]
    before = next((i for i in range(index - 1, -1, -1) if i not in removed), None)
    previous_end = spans[before][1] if before is not None else 0
    closing = text[start:end].rstrip()
    kept = len(closing) - len(closing.rstrip(_END_PUNCTUATION))
    if kept and text[:previous_end].rstrip().endswith(tuple(_END_PUNCTUATION)):
        kept = 0
    return previous_end, start + len(closing) - kept


def same_citation(first: str, second: str) -> bool:
    """True when two citations are written alike (white space and closing punctuation aside)."""

    def squeezed(text: str) -> str:
        return " ".join(text.split()).rstrip(_END_PUNCTUATION + " ")

    return squeezed(first) == squeezed(second)
