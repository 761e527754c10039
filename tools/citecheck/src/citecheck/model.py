"""The notes model: what a paper's notes say, as frozen values (Note → Citation → Work → Finding)."""

from __future__ import annotations

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
    IBID = "ibid"


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

    def __str__(self) -> str:
        if self.paragraph and not self.line:
            return f"{self.path}, paragraph {self.paragraph}"
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Marker:
    """A reference to a note in the body text (`[^12]`, `¹²`, `[12]`)."""

    label: str
    """The note label as written, without brackets or superscript (`12`, `smith`)."""
    location: Location


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
    """For an ibid: the key of the immediately preceding note; for a short form: the note of the first full citation."""


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
class Document:
    """One text's markers and notes in reading order (a file, or a folder read as chapters)."""

    name: str
    markers: tuple[Marker, ...]
    notes: tuple[Note, ...]
    files: tuple[str, ...] = ()
    numbered: bool = False
    """True when markers are numerals whose order is meaningful (plain-text papers, or all-numeric labels)."""
    problems: tuple[tuple[Location, str], ...] = ()
    """Irregularities the source reader saw (an unterminated footnote, a duplicate definition)."""


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


@dataclass(frozen=True, slots=True)
class Model:
    """Everything read from the inputs, resolved."""

    documents: tuple[Document, ...]
    citations: tuple[ResolvedCitation, ...]
    works: tuple[Work, ...]
    bib_entries: tuple[BibEntry, ...] = ()
    bib_files: tuple[str, ...] = ()
    sources: tuple[Path, ...] = ()
    """The files and folders named as inputs (an extension's checks look for their own files there)."""
    notes_by_key: dict[str, Note] = field(default_factory=dict, compare=False, hash=False)
    citations_by_note: dict[str, tuple[ResolvedCitation, ...]] = field(default_factory=dict, compare=False, hash=False)
    works_by_id: dict[str, Work] = field(default_factory=dict, compare=False, hash=False)
    first_full_citations: dict[str, Citation] = field(default_factory=dict, compare=False, hash=False)
    """Work id → the citation that first gives it in full."""
    bib_matches: dict[str, tuple[BibEntry, ...]] = field(default_factory=dict, compare=False, hash=False)
    """Work id → the bibliography entries that describe it (works with no entry are absent)."""

    def note(self, key: str) -> Note:
        """The note with this key."""
        return self.notes_by_key[key]

    def citations_of(self, note_key: str) -> tuple[ResolvedCitation, ...]:
        """The citations of one note, in order."""
        return self.citations_by_note.get(note_key, ())

    def works_of(self, note_key: str) -> list[str]:
        """The distinct works one note cites, in order."""
        return list(dict.fromkeys(c.work for c in self.citations_of(note_key) if c.work))
