"""The notes model: what a paper's notes say, as frozen values (Note → Citation → Work → Finding)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How much a finding matters; `--fail-on` compares against this order."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class CitationKind(StrEnum):
    """How a citation refers to its work."""

    FULL = "full"
    SHORT = "short"
    """A shortened reference to a work cited in full before (`Doe, *Book*, 5`; `Doe, op. cit., 5`)."""
    IBID = "ibid"
    """The work of the citation just before (`Ibid.`, `Ibidem`, `Ib.`, `Id.`, `Ebd.`)."""


class Style(StrEnum):
    """The citation style a full citation is written in."""

    NOTE = "note"  # Given Surname, 'Title', *Container* …
    BIBLIOGRAPHY = "bibliography"  # Surname, Given. "Title." *Container* …
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in an input file."""

    path: str
    """The file as the user named it (relative where possible)."""
    line: int
    """1-based line number (0 where the format has no lines: see ``paragraph``)."""
    paragraph: int = 0
    """For manuscripts (Word, OpenDocument, LaTeX, HTML, JATS), which have no lines: the 1-based paragraph."""
    page: int = 0
    """For Word documents that record their pages: the 1-based page (0 where it is not known)."""

    def __str__(self) -> str:
        if self.paragraph and not self.line:
            page = f", page {self.page}" if self.page else ""
            return f"{self.path}{page}, paragraph {self.paragraph}"
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Marker:
    """A reference to a note in the body text (`[^12]`, `¹²`, `[12]`)."""

    label: str
    """The note label as written, without brackets or superscript (`12`, `smith`)."""
    location: Location


class SpanKind(StrEnum):
    """What a stretch of a note's text is, as Markdown marks it."""

    LINK = "link"
    """`[text](target)`: the reader sees the text and clicks to the target."""
    AUTOLINK = "autolink"
    """`<https://…>`: the URL is both the text and the target."""
    BARE_URL = "bare-url"
    """A URL written out in the text, which a reader sees (and most renderers make clickable)."""
    EMPHASIS = "emphasis"
    """`*…*` or `_…_`: usually a title."""
    STRONG = "strong"
    """`**…**` or `__…__`."""
    CODE = "code"
    """`` `…` ``: text shown as written."""


@dataclass(frozen=True, slots=True)
class TextSpan:
    """One marked stretch of a note: [start, end) in its plain text, [source_start, source_end) in its source."""

    kind: SpanKind
    start: int
    """Where the reader's text of the span starts in `NoteText.plain`."""
    end: int
    source_start: int
    """Where the span's Markdown (delimiters included) starts in `NoteText.source`."""
    source_end: int
    target: str = ""
    """For links and URLs: the URL as written (escapes resolved, no percent-encoding added)."""
    target_start: int = -1
    """Where the target is written in the source (-1 when it is not: a reference link's target)."""
    target_end: int = -1


@dataclass(frozen=True, slots=True)
class NoteText:
    """A note's text parsed once: what a reader sees, the marked spans, and the way back to the source.

    Every reader (Markdown, plain text) produces this form; the citation scanner and the URL and DOI
    extraction read only it, never the source's syntax.
    """

    source: str
    """The note's source text (its Markdown), which every source offset refers to."""
    plain: str
    """The text a reader sees: delimiters, escapes and link targets gone, line breaks kept as `\\n`."""
    spans: tuple[TextSpan, ...]
    """Links, URLs, emphasis and code, ordered by start (an enclosing span before those inside it)."""
    pieces: tuple[int, ...]
    """Four numbers for each run of plain text, in order: plain start, plain end, source start, source end
    (flat, as a long note has many runs); a run whose two lengths are equal was copied from the source
    character for character."""

    def source_start(self, index: int) -> int:
        """The source offset of the plain text's character at `index`."""
        return self._offset(index, at_end=False)

    def source_end(self, index: int) -> int:
        """The source offset just after the plain text's character at `index - 1`."""
        return self._offset(index, at_end=True)

    def _offset(self, index: int, at_end: bool) -> int:
        pieces = self.pieces
        if not pieces:
            return 0
        low, high = 0, len(pieces) // 4
        probe = index - 1 if at_end else index
        while low < high:  # the last run that starts at or before `probe`
            middle = (low + high) // 2
            if pieces[4 * middle] <= probe:
                low = middle + 1
            else:
                high = middle
        at = 4 * max(low - 1, 0)
        plain_start, plain_end, source_start, source_end = pieces[at : at + 4]
        if plain_end - plain_start == source_end - source_start:
            return min(max(source_start + index - plain_start, source_start), source_end)
        return source_end if at_end else source_start

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range that shows plain[start:end], with the delimiters of every span wholly inside it."""
        if start >= end:
            at = self.source_start(start)
            return at, at
        first, last = self.source_start(start), self.source_end(end)
        for span in self.spans_within(start, end):
            first, last = min(first, span.source_start), max(last, span.source_end)
        return first, last

    def spans_within(self, start: int, end: int) -> Iterator[TextSpan]:
        """The spans that lie wholly inside plain[start:end], in order (found by bisection, not a scan)."""
        low, high = 0, len(self.spans)
        while low < high:  # the first span that starts at or after `start`
            middle = (low + high) // 2
            if self.spans[middle].start < start:
                low = middle + 1
            else:
                high = middle
        for index in range(low, len(self.spans)):
            span = self.spans[index]
            if span.start >= end:
                break
            if span.end <= end:
                yield span


@dataclass(frozen=True, slots=True)
class Note:
    """One note (footnote or endnote) as written."""

    label: str
    """The label as written (`43`)."""
    text: str
    """The note's raw text (Markdown), paragraphs joined by blank lines."""
    location: Location
    """Where the note's definition starts."""
    document: str
    """The text (a file, or a folder read as chapters) the note belongs to."""
    content: NoteText | None = field(default=None, compare=False)
    """The text parsed (the readers fill it in; None: `text` is read as Markdown when needed)."""
    origin: tuple[int, ...] = field(default=(), compare=False)
    """Where `text` is written in its file: three numbers for each line of the note (flat, as a note may have
    many lines): the offset in `text` where the line starts, the file's line (1-based) and column (0-based,
    in characters) where it is written; within a line the two correspond character for character. Empty
    where the note has no place in a file that can be edited (a manuscript, an inline note)."""

    def position(self, offset: int) -> tuple[int, int] | None:
        """The file's (line, column) of the character at `offset` of `text`, or None without an origin."""
        if not self.origin:
            return None
        row = max(bisect_right(self.origin[0::3], offset) - 1, 0)
        start, line, column = self.origin[3 * row : 3 * row + 3]
        return line, column + offset - start

    @property
    def key(self) -> str:
        """A label unique across documents."""
        return f"{self.document}#{self.label}"


@dataclass(frozen=True, slots=True)
class Url:
    """A URL found in a citation, kept as written next to its normalised form."""

    raw: str
    """Exactly as extracted (sentence punctuation and angle brackets removed)."""
    normalized: str
    """Lower-cased scheme and host, no fragment, no default port, no trailing slash: for comparing."""
    span: tuple[int, int] = field(default=(-1, -1), compare=False)
    """Where it is written in its note's source ((-1, -1) when it comes from elsewhere, a BibTeX field)."""
    archive: str = field(default="", compare=False)
    """The archived copy the note links this URL to (`[http://a.example/p](https://perma.cc/…)`), if any."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference to a work inside a note."""

    note: str
    """The key of the note it stands in (see `Note.key`)."""
    index: int
    """0-based position within the note."""
    text: str
    """The citation's own text, as written."""
    kind: CitationKind
    span: tuple[int, int] = field(default=(-1, -1), compare=False)
    """Where `text` stands in its note's source (`NoteText.source`)."""
    form: str = ""
    """The word that refers back, as written (`Ibid`, `Ebd`, `Idem`, `op. cit.`); empty for other citations."""
    style: Style = Style.UNKNOWN
    authors: tuple[str, ...] = ()
    """Author surnames, in order, as written (not normalised)."""
    title: str = ""
    """The title as written, quotes and emphasis removed."""
    container: str = ""
    """Journal, site or publisher."""
    year: str = ""
    date: str = ""
    """The publication or access date as written (`13 September 2021`)."""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    locator: str = ""
    """A pinpoint such as `p. 18` (ibids and short forms)."""
    urls: tuple[Url, ...] = ()
    dois: tuple[str, ...] = ()
    """DOIs normalised: lower-case, no resolver prefix."""
    invalid_dois: tuple[str, ...] = ()
    """Strings given as DOIs that break the DOI syntax."""
    title_is_quoted: bool = False
    """True for an article, chapter, report or web page title; False for a book's italic title."""
    malformed: str = ""
    """Why an ibid is irregular (empty when it is regular)."""
    trailing: str = ""
    """Text glued to an ibid after its punctuation (a title, stray characters)."""


@dataclass(frozen=True, slots=True)
class ResolvedCitation:
    """A citation with what it refers to."""

    citation: Citation
    work: str | None
    """The id of the work it cites, or None when it cannot be resolved."""
    antecedent: str | None = None
    """For an ibid: the key of the note whose citation it repeats (the note before, or its own note when it
    follows another citation there); for a short form: the note of the first full citation."""
    candidates: int = 0
    """For an op. cit. or supra: how many earlier works of its author it could mean (ambiguous above one)."""


@dataclass(frozen=True, slots=True)
class Work:
    """A distinct source, however many notes cite it and in whatever style."""

    id: str
    authors: tuple[str, ...]
    title: str
    container: str
    year: str
    urls: tuple[str, ...]
    """Raw URLs as first written, unique by normalised form."""
    dois: tuple[str, ...]
    notes: tuple[str, ...]
    """Keys of the notes that cite it, in reading order, each once."""
    first_full: str | None
    """Key of the note with its first full citation."""
    bib_key: str | None = None
    """The BibTeX key of its bibliography entry, if any."""


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One BibTeX entry."""

    key: str
    entry_type: str
    fields: tuple[tuple[str, str], ...]
    location: Location

    def get(self, name: str) -> str:
        """A field's value, or an empty string."""
        for key, value in self.fields:
            if key == name:
                return value
        return ""


@dataclass(frozen=True, slots=True)
class UndefinedKey:
    """A citation key a LaTeX manuscript cites (`\\cite{roe2020}`) that no BibTeX entry of the inputs defines."""

    key: str
    location: Location
    note: str = ""
    """The label of the note the citation stands in (empty in running text)."""


@dataclass(frozen=True, slots=True)
class Document:
    """One text's markers and notes in reading order (a file, or a folder read as chapters)."""

    name: str
    markers: Sequence[Marker]
    """In reading order (a tuple, or packed past `citecheck.packed.PACK_AFTER`; so are the notes)."""
    notes: Sequence[Note]
    files: tuple[str, ...] = ()
    numbered: bool = False
    """True when markers are numerals whose order is meaningful (plain-text papers, or all-numeric labels)."""
    problems: tuple[tuple[Location, str], ...] = ()
    """Irregularities the source reader saw (an unterminated footnote, a duplicate definition)."""
    mistyped: tuple[Marker, ...] = ()
    """Markers written as a Pandoc inline note of a number (`^[4]` where `[^4]` was meant), also in `markers`."""
    undefined_keys: tuple[UndefinedKey, ...] = ()
    """Citation keys (LaTeX's `\\cite`) with no entry in the BibTeX files read, in reading order."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One change to a note's text: `text[start:end]` of the note becomes `replacement`."""

    note: str
    """The key of the note (see `Note.key`)."""
    start: int
    end: int
    """[start, end) in the note's text (`Note.text`); equal for an insertion."""
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A finding's suggestion made concrete: the edits that carry it out."""

    description: str
    """What the edits do, in a few words (`add the period: 'Ibid' → 'Ibid.'`)."""
    edits: tuple[Edit, ...]
    safe: bool
    """True when the edit is certain (`--fix` applies it); False when it changes the author's text and needs a
    person's yes (`--unsafe-fixes`)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a check found, with where it is and what to do about it."""

    code: str
    severity: Severity
    message: str
    location: Location
    notes: tuple[str, ...] = ()
    """Labels of the notes involved (the offending note first)."""
    related: tuple[str, ...] = ()
    """Labels of notes it refers to (the antecedent, the first full citation)."""
    suggestion: str | None = None
    document: str = ""
    baselined: bool = False
    subject: str = ""
    """The URL or DOI the finding is about, as written (empty for findings about notes and citations)."""
    fix: Fix | None = None
    """The edits that resolve it, where they can be made by a program."""


@dataclass(frozen=True, slots=True)
class Model:
    """Everything read from the inputs, resolved."""

    documents: tuple[Document, ...]
    citations: Sequence[ResolvedCitation]
    """In reading order (a tuple, or packed past `citecheck.packed.PACK_AFTER`: each is rebuilt when read)."""
    works: Sequence[Work]
    bib_entries: tuple[BibEntry, ...] = ()
    bib_files: tuple[str, ...] = ()
    sources: tuple[Path, ...] = ()
    """The files and folders named as inputs (an extension's checks look for their own files there)."""
    notes_by_key: Mapping[str, Note] = field(default_factory=dict, compare=False, hash=False)
    citations_by_note: Mapping[str, Sequence[ResolvedCitation]] = field(default_factory=dict, compare=False, hash=False)
    works_by_id: Mapping[str, Work] = field(default_factory=dict, compare=False, hash=False)
    first_full_citations: Mapping[str, Citation] = field(default_factory=dict, compare=False, hash=False)
    """Work id → the citation that first gives it in full (in the order of those citations)."""
    bib_matches: Mapping[str, tuple[BibEntry, ...]] = field(default_factory=dict, compare=False, hash=False)
    """Work id → the bibliography entries that describe it (works with no entry are absent)."""

    def note(self, key: str) -> Note:
        """The note with this key."""
        return self.notes_by_key[key]

    def citations_of(self, note_key: str) -> Sequence[ResolvedCitation]:
        """The citations of one note, in order."""
        return self.citations_by_note.get(note_key, ())

    def works_of(self, note_key: str) -> list[str]:
        """The distinct works one note cites, in order."""
        return list(dict.fromkeys(c.work for c in self.citations_of(note_key) if c.work))
