"""Resolve ibids and short forms, and cluster citations into distinct works."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from citecheck.model import BibEntry, Citation, CitationKind, Document, Model, ResolvedCitation, Work
from citecheck.notes.citations import parse_note
from citecheck.notes.identifiers import is_generic_url, url_identity
from citecheck.notes.markup import note_content
from citecheck.notes.text import STOP_WORDS, fold, is_word_prefix, main_title, title_key
from citecheck.resolve.bibliography import match_entries


@dataclass
class _WorkBuilder:
    """A work while the notes are still being read."""

    id: str
    first: Citation
    main: str
    surnames: set[str]
    urls: dict[str, str] = field(default_factory=dict)  # identity → raw
    dois: dict[str, None] = field(default_factory=dict)  # ordered, with constant-time membership
    notes: dict[str, None] = field(default_factory=dict)  # the keys of the notes citing it, in order
    last_note: str | None = None
    first_full: Citation | None = None

    def cited_in(self, note: str) -> None:
        """Record a note that cites the work (once: notes are read in order, so only the last can repeat)."""
        if note != self.last_note:
            self.notes.setdefault(note)
            self.last_note = note

    def freeze(self) -> Work:
        source = self.first_full or self.first
        return Work(
            id=self.id,
            authors=source.authors,
            title=source.title,
            container=source.container,
            year=source.year,
            urls=tuple(self.urls.values()),
            dois=tuple(self.dois),
            notes=tuple(self.notes),
            first_full=self.first_full.note if self.first_full else None,
        )


def _surnames(citation: Citation) -> set[str]:
    return {fold(name) for name in citation.authors if fold(name)}


def _prefix_key(main: str) -> str:
    return " ".join(main.split()[:2])


class _Clusterer:
    """Assigns each citation to a work through DOI, URL and title indexes (no pairwise comparison)."""

    def __init__(self) -> None:
        self.works: dict[str, _WorkBuilder] = {}
        self.by_doi: dict[str, _WorkBuilder] = {}
        self.by_url: dict[str, _WorkBuilder] = {}
        self.by_title: dict[str, list[_WorkBuilder]] = {}
        self.by_main: dict[str, list[_WorkBuilder]] = {}
        self.ids: set[str] = set()
        self.next_suffix: dict[str, int] = {}  # base → the first suffix not yet tried (no rescan from -2)

    def _new_id(self, citation: Citation) -> str:
        """A readable id: first author's surname (or the title's first words), year, first title word."""
        words = [w for w in title_key(citation.title).split() if w not in STOP_WORDS]
        author = fold(citation.authors[0]).split()[-1] if citation.authors and fold(citation.authors[0]) else ""
        head = [author] if author else words[:2]
        tail = words[:1] if author else []
        base = "-".join(part for part in (*head, citation.year, *tail) if part) or "work"
        base = re.sub(r"[^a-z0-9-]", "", base)[:60] or "work"
        candidate, number = base, self.next_suffix.get(base, 2)
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.next_suffix[base] = number
        self.ids.add(candidate)
        return candidate

    def _by_title(self, citation: Citation) -> _WorkBuilder | None:
        """Same main title (subtitles may be left out); a short form may also shorten the title further."""
        main = main_title(citation.title)
        if not main:
            return None
        names = _surnames(citation)

        def same_people(work: _WorkBuilder) -> bool:
            return not names or not work.surnames or bool(names & work.surnames)

        for work in self.by_main.get(main, ()):
            if same_people(work):
                return work
        if citation.kind is not CitationKind.SHORT or len(main.split()) < 2:
            return None
        for work in self.by_title.get(_prefix_key(main), ()):
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
            if work is not None and not (citation.dois and work.dois and not work.dois.keys() & set(citation.dois)):
                return work
        return None

    def add(self, citation: Citation) -> _WorkBuilder:
        """Attach a citation to its work, creating the work when it is new."""
        work = self.find(citation)
        if work is None:
            work = _WorkBuilder(
                id=self._new_id(citation),
                first=citation,
                main=main_title(citation.title),
                surnames=_surnames(citation),
            )
            self.works[work.id] = work
            if work.main:
                self.by_title.setdefault(_prefix_key(work.main), []).append(work)
                self.by_main.setdefault(work.main, []).append(work)
        if citation.kind is CitationKind.FULL and work.first_full is None:
            work.first_full = citation
            work.surnames |= _surnames(citation)
        for doi in citation.dois:
            self.by_doi.setdefault(doi, work)
            work.dois.setdefault(doi)
        for url in citation.urls:
            identity = url_identity(url.raw)
            work.urls.setdefault(identity, url.raw)
            if not is_generic_url(url.raw):
                self.by_url.setdefault(identity, work)
        work.cited_in(citation.note)
        return work


def _earlier_work(clusterer: _Clusterer, citation: Citation) -> tuple[str | None, int]:
    """The work an op. cit. or supra names by its author alone, and how many works of that author came before."""
    names = _surnames(citation)
    candidates = [w for w in clusterer.works.values() if w.first_full is not None and names & w.surnames]
    return (candidates[0].id if len(candidates) == 1 else None), len(candidates)


def resolve_document(document: Document) -> tuple[list[ResolvedCitation], list[Work]]:
    """Every citation of a document resolved to its work, and the document's works.

    An ibid at the start of a note refers to the work of the note before (when it cites exactly one); an
    ibid after another citation in its note, to that citation's work. An op. cit. refers to the one work
    of its author given in full before; idem gives the previous citation's author to the citation it opens.
    """
    clusterer = _Clusterer()
    resolved: list[ResolvedCitation] = []
    previous_key: str | None = None
    previous_works: list[str] = []
    last: ResolvedCitation | None = None  # the citation just before, in this note or an earlier one
    last_authors: tuple[str, ...] = ()  # the authors of its work (an ibid names none itself)
    for note in document.notes:
        works_here: dict[str, None] = {}  # ordered, with constant-time membership
        for citation in parse_note(note_content(note), note.key):
            if citation.form and citation.kind is not CitationKind.IBID and not citation.authors:
                citation = replace(citation, authors=last_authors)  # idem: the same author
            if citation.kind is CitationKind.IBID and citation.index > 0 and last is not None:
                work_id = last.work
                resolved.append(ResolvedCitation(citation, work_id, note.key))
            elif citation.kind is CitationKind.IBID:
                work_id = previous_works[0] if len(previous_works) == 1 else None
                if work_id is not None:
                    clusterer.works[work_id].cited_in(note.key)
                resolved.append(ResolvedCitation(citation, work_id, previous_key))
            elif citation.form and not citation.title:
                work_id, count = _earlier_work(clusterer, citation)
                builder = clusterer.works[work_id] if work_id else None
                if builder is not None:
                    builder.cited_in(note.key)
                antecedent = builder.first_full.note if builder and builder.first_full else None
                resolved.append(ResolvedCitation(citation, work_id, antecedent, candidates=count))
            else:
                known = clusterer.find(citation)
                antecedent = known.first_full.note if known and known.first_full else None
                builder = clusterer.add(citation)
                work_id = builder.id
                is_later = citation.kind is CitationKind.SHORT or builder.first_full is not citation
                resolved.append(ResolvedCitation(citation, work_id, antecedent if is_later else None))
            last = resolved[-1]
            if work_id is not None:
                work = clusterer.works[work_id]
                last_authors = citation.authors or (work.first_full or work.first).authors
                works_here.setdefault(work_id)
            else:
                last_authors = citation.authors
        previous_key = note.key
        previous_works = list(works_here)
    return resolved, [builder.freeze() for builder in clusterer.works.values()]


def build_model(
    documents: tuple[Document, ...],
    bib_entries: tuple[BibEntry, ...] = (),
    bib_files: tuple[str, ...] = (),
    sources: tuple[Path, ...] = (),
) -> Model:
    """The resolved model of every document (each document's works are its own)."""
    citations: list[ResolvedCitation] = []
    works: list[Work] = []
    for number, document in enumerate(documents):
        resolved, found = resolve_document(document)
        if len(documents) > 1:
            prefix = f"d{number + 1}:"
            found = [replace(work, id=prefix + work.id) for work in found]
            resolved = [replace(r, work=prefix + r.work if r.work else None) for r in resolved]
        citations.extend(resolved)
        works.extend(found)
    by_note: dict[str, list[ResolvedCitation]] = {}
    for resolved_citation in citations:
        by_note.setdefault(resolved_citation.citation.note, []).append(resolved_citation)
    matches = {work_id: tuple(found) for work_id, found in match_entries(works, bib_entries).items()}
    works = [replace(work, bib_key=matches[work.id][0].key) if work.id in matches else work for work in works]
    first_full: dict[str, Citation] = {}
    for each in citations:
        if each.work and each.citation.kind is CitationKind.FULL:
            first_full.setdefault(each.work, each.citation)
    return Model(
        documents=documents,
        citations=tuple(citations),
        works=tuple(works),
        bib_entries=bib_entries,
        bib_files=bib_files,
        sources=sources,
        notes_by_key={note.key: note for document in documents for note in document.notes},
        citations_by_note={key: tuple(value) for key, value in by_note.items()},
        works_by_id={work.id: work for work in works},
        first_full_citations=first_full,
        bib_matches=matches,
    )
