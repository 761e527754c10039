"""Resolve ibids and short forms, and cluster citations into distinct works."""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from citecheck.model import BibEntry, Citation, CitationKind, Document, Model, Note, ResolvedCitation, Work
from citecheck.notes.citations import note_citations
from citecheck.notes.identifiers import is_generic_url, url_identity
from citecheck.notes.markup import note_content
from citecheck.notes.text import STOP_WORDS, fold, is_word_prefix, main_title, title_key
from citecheck.packed import Joined, KeyIndex, Lookup, Packer, packed
from citecheck.resolve.bibliography import match_entries
from citecheck.resolve.index import FirstFull, NoteCitations

_T = TypeVar("_T")
Held = str | dict[str, None] | None
"""An ordered set of strings: None while empty, the string itself while it holds one (most works have one note
and one DOI: even a tuple apiece would cost as much as the rest of the work), a dict once it holds more."""


def _added(held: Held, item: str) -> Held:
    if held is None:
        return item
    if isinstance(held, str):
        return held if held == item else {held: None, item: None}
    held.setdefault(item)
    return held


def _items(held: Held) -> tuple[str, ...]:
    return () if held is None else (held,) if isinstance(held, str) else tuple(held)


@dataclass(slots=True, eq=False)
class _WorkBuilder:
    """A work while the notes are still being read: a long text has as many of them as notes, so it keeps only
    what its `Work` will say (no citation objects), and an index that holds one work holds it without a list."""

    id: str
    main: str
    surnames: tuple[str, ...]
    """The folded surnames of its authors, sorted (shared between works: the clusterer interns them)."""
    authors: tuple[str, ...] = ()
    """Authors, title, container and year of its first full citation, or else of its first citation."""
    title: str = ""
    container: str = ""
    year: str = ""
    first_full: str | None = None
    """Key of the note with its first full citation."""
    notes: Held = None
    """The keys of the notes citing it, in order."""
    dois: Held = None
    urls: dict[str, str] | None = None
    """Identity → the URL as first written."""
    first_full_at: int = -1
    """The position of the first full citation resolved to it (see `Model.first_full_citations`)."""

    def cited_in(self, note: str) -> None:
        """Record a note that cites the work (once: notes are read in order, so only the last can repeat)."""
        last = self.notes if isinstance(self.notes, str) else next(reversed(self.notes), None) if self.notes else None
        if note != last:
            self.notes = _added(self.notes, note)

    def described_by(self, citation: Citation, shared: _Shared) -> None:
        """Take authors, title, container and year from this citation (the repeated ones shared)."""
        self.authors, self.title, self.container, self.year = (
            shared(citation.authors),
            citation.title,
            shared(citation.container),
            shared(citation.year),
        )

    def freeze(self) -> Work:
        return Work(
            id=self.id,
            authors=self.authors,
            title=self.title,
            container=self.container,
            year=self.year,
            urls=tuple(self.urls.values()) if self.urls else (),
            dois=_items(self.dois),
            notes=_items(self.notes),
            first_full=self.first_full,
        )


def _surnames(citation: Citation) -> set[str]:
    return {fold(name) for name in citation.authors if fold(name)}


def _prefix_key(main: str) -> str:
    return " ".join(main.split()[:2])


Indexed = dict[str, "_WorkBuilder | list[_WorkBuilder]"]
"""Key → the works under it: one work as itself, more in a list (most keys have one)."""


def _index(index: Indexed, key: str, work: _WorkBuilder) -> None:
    held = index.get(key)
    if held is None:
        index[key] = work
    elif isinstance(held, list):
        held.append(work)
    else:
        index[key] = [held, work]


def _under(index: Indexed, key: str) -> list[_WorkBuilder] | tuple[_WorkBuilder, ...]:
    held = index.get(key)
    return () if held is None else held if isinstance(held, list) else (held,)


class _Shared:
    """One object for equal values of the fields works repeat (authors, surnames, publishers, years): a long text
    of one author's works holds one tuple of her name, not one a work."""

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}

    def __call__(self, value: _T) -> _T:
        shared: _T = self.values.setdefault(value, value)
        return shared


class _Clusterer:
    """Assigns each citation to a work through DOI, URL and title indexes (no pairwise comparison)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        """Put before every work id (`d2:`), when several documents are read at once."""
        self.works: dict[str, _WorkBuilder] = {}
        self.by_doi: dict[str, _WorkBuilder] = {}
        self.by_url: dict[str, _WorkBuilder] = {}
        self.by_main: Indexed = {}
        self.by_title: Indexed | None = None
        """By the main title's first two words: made when a short form first needs it (most texts have none)."""
        self.next_suffix: dict[str, int] = {}  # base → the first suffix not yet tried (no rescan from -2)
        self.shared = _Shared()

    def _new_id(self, citation: Citation) -> str:
        """A readable id: first author's surname (or the title's first words), year, first title word."""
        words = [w for w in title_key(citation.title).split() if w not in STOP_WORDS]
        author = fold(citation.authors[0]).split()[-1] if citation.authors and fold(citation.authors[0]) else ""
        head = [author] if author else words[:2]
        tail = words[:1] if author else []
        base = "-".join(part for part in (*head, citation.year, *tail) if part) or "work"
        base = re.sub(r"[^a-z0-9-]", "", base)[:60] or "work"
        candidate, number = base, self.next_suffix.get(base, 2)
        while self.prefix + candidate in self.works:
            candidate, number = f"{base}-{number}", number + 1
        self.next_suffix[base] = number
        return self.prefix + candidate

    def _surnames(self, names: set[str]) -> tuple[str, ...]:
        return self.shared(tuple(sorted(names)))

    def _titles(self) -> Indexed:
        """The index by the main title's first two words, made now if it was not."""
        if self.by_title is None:
            self.by_title = {}
            for work in self.works.values():
                self._index_title(work)
        return self.by_title

    def _index_title(self, work: _WorkBuilder) -> None:
        if self.by_title is not None and work.main:
            prefix = _prefix_key(work.main)
            _index(self.by_title, work.main if prefix == work.main else prefix, work)

    def _by_title(self, citation: Citation) -> _WorkBuilder | None:
        """Same main title (subtitles may be left out); a short form may also shorten the title further."""
        main = main_title(citation.title)
        if not main:
            return None
        names = _surnames(citation)

        def same_people(work: _WorkBuilder) -> bool:
            return not names or not work.surnames or not names.isdisjoint(work.surnames)

        for work in _under(self.by_main, main):
            if same_people(work):
                return work
        if citation.kind is not CitationKind.SHORT or len(main.split()) < 2:
            return None
        for work in _under(self._titles(), _prefix_key(main)):
            if (is_word_prefix(main, work.main) or is_word_prefix(work.main, main)) and same_people(work):
                return work
        return None

    def find(self, citation: Citation) -> _WorkBuilder | None:
        """The known work a full or short citation refers to, if any."""
        for doi in citation.dois:
            if doi in self.by_doi:
                return self.by_doi[doi]
        for url in citation.urls:
            work = self.by_url.get(url_identity(url.raw))
            if work is not None and not is_generic_url(url.raw):
                return work
        if citation.title:
            work = self._by_title(citation)
            if work is not None and not (
                citation.dois and work.dois and set(_items(work.dois)).isdisjoint(citation.dois)
            ):
                return work
        return None

    def add(self, citation: Citation, work: _WorkBuilder | None) -> _WorkBuilder:
        """Attach a citation to its work (`work`: what `find` gave), creating the work when it is new."""
        if work is None:
            work = _WorkBuilder(self._new_id(citation), main_title(citation.title), self._surnames(_surnames(citation)))
            if citation.kind is not CitationKind.FULL:  # a full citation describes its work below
                work.described_by(citation, self.shared)
            self.works[work.id] = work
            if work.main:
                _index(self.by_main, work.main, work)
                self._index_title(work)
        if citation.kind is CitationKind.FULL and work.first_full is None:
            work.first_full = citation.note
            work.described_by(citation, self.shared)
            work.surnames = self._surnames(set(work.surnames) | _surnames(citation))
        for doi in citation.dois:
            self.by_doi.setdefault(doi, work)
            work.dois = _added(work.dois, doi)
        for url in citation.urls:
            identity = url_identity(url.raw)
            if work.urls is None:
                work.urls = {}
            work.urls.setdefault(identity, url.raw)
            if not is_generic_url(url.raw):
                self.by_url.setdefault(identity, work)
        work.cited_in(citation.note)
        return work


def _earlier_work(clusterer: _Clusterer, citation: Citation) -> tuple[_WorkBuilder | None, int]:
    """The work an op. cit. or supra names by its author alone, and how many works of that author came before."""
    names = _surnames(citation)
    candidates = [w for w in clusterer.works.values() if w.first_full is not None and not names.isdisjoint(w.surnames)]
    return (candidates[0] if len(candidates) == 1 else None), len(candidates)


class _Collected:
    """The model's citations and works as they are resolved, with the positions its indexes are read through."""

    def __init__(self, notes: Sequence[Note]) -> None:
        self.citations: Packer[ResolvedCitation] = Packer()
        self.works: Packer[Work] = Packer()
        self.note_index = KeyIndex(lambda position: notes[position].key)
        """A note's key → the position of the first note with that key."""
        self.repeated: dict[int, int] = {}
        """For a key that several notes share (a label defined twice): the first note's position → the last's."""
        self.notes_read = 0
        self.cited_count = 0
        self.current = -1
        self.work_index = KeyIndex(lambda position: self.works[position].id)
        self.first_full_of_work = array("q")
        """A work's position → the position of the citation that first gives it in full (-1: none)."""
        self.first_full_order = array("q")
        """The positions of the works given in full, in the order of those citations."""
        self.first_of_note = array("q", [-1]) * len(notes)
        """A key's position (see `note_index`) → the position of its first citation."""
        self.last_of_note = array("q", [-1]) * len(notes)
        self.next_of_note = array("q")
        """A citation's position → the position of the next citation of its note's key (-1: none)."""
        self.noted = array("q")
        """The positions of the keys that have citations, in the order of their first citation."""

    def note(self, key: str) -> None:
        """The next note is read: its citations follow."""
        position = self.notes_read
        self.notes_read += 1
        self.current = self.note_index.add(key, position)
        if self.current != position:
            self.repeated[self.current] = position

    def cited(self, resolved: ResolvedCitation, work: _WorkBuilder | None) -> None:
        """A citation of the note being read, and its work."""
        position = self.cited_count
        self.cited_count += 1
        self.citations.append(resolved)
        self.next_of_note.append(-1)
        note = self.current
        if self.first_of_note[note] < 0:
            self.first_of_note[note] = position
            self.noted.append(note)
        else:
            self.next_of_note[self.last_of_note[note]] = position
        self.last_of_note[note] = position
        if work is not None and resolved.citation.kind is CitationKind.FULL and work.first_full_at < 0:
            work.first_full_at = position

    def found(self, works: Iterable[_WorkBuilder]) -> None:
        """The works of the document read, in order."""
        start = len(self.works)
        for work in works:
            self.work_index.add(work.id, len(self.works))
            self.first_full_of_work.append(work.first_full_at)
            self.works.append(work.freeze())
        # Most works are given in full by the citation that made them, so in their own order: sorted only if not.
        citation = self.first_full_of_work.__getitem__

        def full() -> Iterator[int]:
            return (at for at in range(start, len(self.works)) if citation(at) >= 0)

        in_order = all(citation(a) < citation(b) for a, b in itertools.pairwise(full()))
        self.first_full_order.extend(full() if in_order else sorted(full(), key=citation))


def _resolve(document: Document, clusterer: _Clusterer, collected: _Collected) -> None:
    """Every citation of a document resolved to its work, in order, and then the document's works.

    An ibid at the start of a note refers to the work of the note before (when it cites exactly one); an
    ibid after another citation in its note, to that citation's work. An op. cit. refers to the one work
    of its author given in full before; idem gives the previous citation's author to the citation it opens.
    """
    previous_key: str | None = None
    previous_work: _WorkBuilder | None = None  # the one work the note before cites (None: none, or several)
    last_work: _WorkBuilder | None = None  # the work of the citation just before, in this note or an earlier one
    last_authors: tuple[str, ...] = ()  # the authors of its work (an ibid names none itself)
    for note in document.notes:
        key = note.key
        collected.note(key)
        first_here: _WorkBuilder | None = None  # the first work this note cites, and whether it cites another
        several_here = False
        for citation in note_citations(note_content(note), key):
            if citation.form and citation.kind is not CitationKind.IBID and not citation.authors:
                citation = replace(citation, authors=last_authors)  # idem: the same author
            builder: _WorkBuilder | None
            if citation.kind is CitationKind.IBID and citation.index > 0:
                builder = last_work
                resolved = ResolvedCitation(citation, builder.id if builder else None, key)
            elif citation.kind is CitationKind.IBID:
                builder = previous_work
                if builder is not None:
                    builder.cited_in(key)
                resolved = ResolvedCitation(citation, builder.id if builder else None, previous_key)
            elif citation.form and not citation.title:
                builder, count = _earlier_work(clusterer, citation)
                if builder is not None:
                    builder.cited_in(key)
                antecedent = builder.first_full if builder else None
                resolved = ResolvedCitation(citation, builder.id if builder else None, antecedent, candidates=count)
            else:
                known = clusterer.find(citation)
                antecedent = known.first_full if known else None
                builder = clusterer.add(citation, known)
                is_first_full = citation.kind is CitationKind.FULL and antecedent is None
                resolved = ResolvedCitation(citation, builder.id, None if is_first_full else antecedent)
            collected.cited(resolved, builder)
            last_work = builder
            if builder is not None:
                last_authors = citation.authors or builder.authors
                several_here = several_here or (first_here is not None and builder is not first_here)
                first_here = first_here or builder
            else:
                last_authors = citation.authors
        previous_key = key
        previous_work = None if several_here else first_here
    collected.found(clusterer.works.values())


def build_model(
    documents: tuple[Document, ...],
    bib_entries: tuple[BibEntry, ...] = (),
    bib_files: tuple[str, ...] = (),
    sources: tuple[Path, ...] = (),
) -> Model:
    """The resolved model of every document (each document's works are its own).

    Its citations and works are packed past `PACK_AFTER` (`citecheck.packed`), and then its indexes read them
    through positions; held as objects, its indexes are dicts of them (the quickest to read).
    """
    notes_of = [document.notes for document in documents]
    notes = notes_of[0] if len(notes_of) == 1 else Joined(notes_of)
    collected = _Collected(notes)
    for number, document in enumerate(documents):
        _resolve(document, _Clusterer(f"d{number + 1}:" if len(documents) > 1 else ""), collected)
    citations = collected.citations.result()
    works = collected.works.result()
    matches = {work_id: tuple(found) for work_id, found in match_entries(works, bib_entries).items()}
    if matches:
        works = packed(replace(work, bib_key=matches[work.id][0].key) if work.id in matches else work for work in works)
    if isinstance(citations, tuple) and isinstance(works, tuple) and all(isinstance(n, tuple) for n in notes_of):
        # Held as objects: its indexes are dicts of them, the quickest to read.
        by_key: Mapping[str, Note] = {note.key: note for note in notes}
        by_id: Mapping[str, Work] = {work.id: work for work in works}
        index: Callable[[Mapping[str, Any]], Mapping[str, Any]] = dict
    else:
        by_key = Lookup(collected.note_index, lambda position: notes[collected.repeated.get(position, position)])
        by_id = Lookup(collected.work_index, works.__getitem__)
        index = _as_they_are
    return Model(
        documents=documents,
        citations=citations,
        works=works,
        bib_entries=bib_entries,
        bib_files=bib_files,
        sources=sources,
        notes_by_key=by_key,
        citations_by_note=index(
            NoteCitations(
                citations,
                collected.note_index,
                collected.noted,
                collected.first_of_note,
                collected.next_of_note,
                lambda position: notes[position].key,
            )
        ),
        works_by_id=by_id,
        first_full_citations=index(
            Lookup(
                FirstFull(collected.work_index, collected.first_full_of_work, collected.first_full_order, works),
                lambda position: citations[position].citation,
            )
        ),
        bib_matches=matches,
    )


def _as_they_are(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return mapping
