"""Split a note into citations and read each one's kind, authors, title, container, date and locators.

A note is read as a reader sees it (a `NoteText`: the plain text with its emphasis, links and URLs), never
in its Markdown source; each citation keeps its span in the source. The forms that refer back (ibid and
its kin in other languages, idem, op. cit.) are documented in docs/citecheck/citation-forms.md.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

from citecheck.model import Citation, CitationKind, NoteText, SpanKind, Style
from citecheck.notes.identifiers import identifiers_in
from citecheck.notes.markup import read_markdown_note
from citecheck.notes.scan import Scan, Span, scan
from citecheck.notes.text import MONTH_PATTERN, blanked, straighten

# The same work as the citation before: Latin (ibid., ibidem, ib.), Spanish (ibíd.), German (ebd., ebenda),
# and idem / id. when nothing but a locator follows (legal style's "the same work").
_SAME_WORK = r"ibidem|ibid|ibíd|ib(?=\.)|ebenda|ebd|idem|id(?=\.)"
_IBID = re.compile(rf"^\s*({_SAME_WORK})(?!\w)", re.IGNORECASE)
_IBID_ONLY = re.compile(rf"\s*(?:{_SAME_WORK})\s*", re.IGNORECASE)
_NEEDS_PERIOD = frozenset({"ibid", "ibíd", "ib", "ebd", "id"})
"""Abbreviations, which end with a period (the full words `ibidem`, `ebenda`, `idem` need none)."""
_SAME_AUTHOR = frozenset({"idem", "id"})
"""Forms that name the previous citation's author when a title follows (`Idem, *Another Book*, 4`)."""
# The author's work cited in full before: op. cit., loc. cit., a.a.O. (German), supra, cit. (Italian).
_EARLIER_WORK = re.compile(
    r"^(?P<author>[^,;]*?),?\s+(?P<form>op\.\s*cit\.|loc\.\s*cit\.|a\.\s*a\.\s*O\.|supra\b|cit\.)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_LOCATOR = re.compile(
    r"^(?:(?:pp?|S|chap|ch|sec|para|vol|fol|art|n|nn|§)\.?\s*)?[0-9ivxlcdm]+[a-z]?"
    r"(?:\s*(?:-{1,2}|[–—]|,|/)\s*[0-9ivxlcdm]+[a-z]?)*(?:\s*ff?\.?)?(?:,?\s*nn?\.\s*\d+)?$",
    re.IGNORECASE,
)
_REMARK = re.compile(r"[,;:]\s+(?=[a-zà-ÿ(])")
"""Where a remark after a locator begins: `Ibid., 44, where the author revises the figure.`"""
_YEAR = re.compile(r"(?<![\d/])(1[5-9]\d\d|20\d\d)(?![\d/])")
_AUTHOR_DATE = re.compile(r"\((1[5-9]\d\d|20\d\d)[a-z]?\)")
_DATE = re.compile(
    rf"\b(\d{{1,2}} {MONTH_PATTERN} \d{{4}}|{MONTH_PATTERN} \d{{1,2}}, \d{{4}}|{MONTH_PATTERN} \d{{4}})\b"
)
SIGNALS = re.compile(r"^(?:see also|see|cf\.|compare|for example,?|e\.g\.,?|quoted in|as cited in)\s+", re.IGNORECASE)
"""Words that introduce a citation (`See also`), kept when a citation is rewritten."""
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3}|and|&|et|al\.?|eds?\.|trans\.|[A-Z]\.)$")
_VOLUME = re.compile(rf"^\s+(\d+)\b(?!\s+{MONTH_PATTERN})")
_ISSUE = re.compile(r"\bno\.\s*(\d+)", re.IGNORECASE)
_PAGES = re.compile(r"\)\s*:\s*(\d+(?:\s*[-–]\s*\d+)?)")
_ET_AL = re.compile(r",?\s*\bet al\.?$")
_EDITORS = re.compile(r",?\s*\(?eds?\.\)?$")
_PIN = re.compile(r",\s*((?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?)\s*\.?\s*$")
_URL_KINDS = (SpanKind.AUTOLINK, SpanKind.BARE_URL)


class _Reading:
    """One note being split into citations: its text, its straightened text and its scan, made once.

    A piece begins and ends where no quote, bracket or emphasis is open, so the whole note's scan, cut to
    a piece, is the piece's own.
    """

    def __init__(self, note: NoteText) -> None:
        self.note = note
        self.straight = straighten(note.plain)
        self.whole = scan(note, self.straight)
        self.span_starts = [span.start for span in self.whole.spans]
        self.scans: dict[tuple[int, int], Scan] = {}
        """The stretches of the segment being split, cut once each (emptied at each segment: a note may hold
        hundreds of thousands)."""

    def scan(self, start: int, end: int) -> Scan:
        """The scan of plain[start:end], offsets relative to `start` (each stretch cut once)."""
        found = self.scans.get((start, end))
        if found is None:
            whole = self.whole
            spans = whole.spans[bisect_left(self.span_starts, start) : bisect_left(self.span_starts, end)]
            boundaries = whole.boundaries[bisect_right(whole.boundaries, start) : bisect_right(whole.boundaries, end)]
            semicolons = whole.semicolons[bisect_left(whole.semicolons, start) : bisect_left(whole.semicolons, end)]
            found = Scan(
                tuple(Span(s.start - start, s.end - start, s.kind) for s in spans if s.end <= end),
                tuple(b - start for b in boundaries),
                tuple(i - start for i in semicolons),
            )
            self.scans[start, end] = found
        return found


@dataclass(frozen=True, slots=True)
class _Piece:
    """One citation's stretch of a note: plain[start:end]."""

    reading: _Reading
    start: int
    end: int

    @property
    def note(self) -> NoteText:
        """The note it is a stretch of."""
        return self.reading.note

    @property
    def text(self) -> str:
        """The piece as a reader sees it."""
        return self.note.plain[self.start : self.end]

    @property
    def plain(self) -> str:
        """The piece straightened: one kind of quote and dash (offsets as in `text`)."""
        return self.reading.straight[self.start : self.end]

    def scan(self) -> Scan:
        """Its quotes, emphasis and sentences, with offsets relative to the piece."""
        return self.reading.scan(self.start, self.end)

    def without_urls(self, start: int = 0, end: int | None = None) -> str:
        """plain[start:end] of the piece with its URLs blanked (a year in a URL is not the citation's)."""
        end = len(self.text) if end is None else end
        offset = self.start + start
        urls = (span for span in self.note.spans_within(offset, self.start + end) if span.kind in _URL_KINDS)
        return blanked(self.plain[start:end], ((span.start - offset, span.end - offset) for span in urls))

    def sub(self, start: int, end: int) -> _Piece:
        """A part of the piece (offsets relative to it), white space trimmed."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return _Piece(self.reading, self.start + start, self.start + end)

    def source(self) -> tuple[str, tuple[int, int]]:
        """The piece as written in the note's source, and where."""
        start, end = self.note.source_span(self.start, self.end)
        return self.note.source[start:end].strip(), (start, end)


def _pieces(reading: _Reading) -> Iterator[_Piece]:
    """The citations' stretches of a note: split at `;` (and `; and`) and where a new citation begins."""
    note = reading.note
    whole = _Piece(reading, 0, len(note.plain))
    # `Ibid;` is a mispunctuated ibid, not an ibid followed by another citation.
    separators = (i for i in reading.whole.semicolons if not _IBID_ONLY.fullmatch(note.plain, 0, i))
    cuts = itertools.chain((0,), (i + 1 for i in separators), (len(note.plain) + 1,))
    for start, end in itertools.pairwise(cuts):
        reading.scans.clear()
        segment = whole.sub(start, min(end - 1, len(note.plain)))
        lead = re.match(r"and\s+", segment.text)
        if lead:
            segment = segment.sub(lead.end(), len(segment.text))
        if segment.text:
            yield from _split_sentences(segment)


def _split_sentences(segment: _Piece) -> list[_Piece]:
    """Cut a segment where a complete citation is followed by a sentence that starts another one, or an ibid;
    and after an ibid's sentence where a sentence of words follows (`Ibid., 106. See also Doe, …`)."""
    found = segment.scan()
    text = segment.text
    if _IBID.match(text):
        # `Ibid. 'A Title'.` stays whole: a title after an ibid is reported, not read as another citation.
        after = next((b for b in found.boundaries if text[b:].lstrip()[:1].isalpha()), None)
        if after is None:
            return [segment]
        return [segment.sub(0, after), *_split_sentences(segment.sub(after, len(text)))]
    starts = [0, *(b for b in found.boundaries if 0 < b < len(text))]
    ends = [*starts[1:], len(text)]
    titled = [False] * len(starts)
    for span in found.spans:  # a span never crosses a sentence boundary
        titled[bisect_right(starts, span.start) - 1] = True
    masked = segment.without_urls()
    pieces: list[_Piece] = []
    current_start = 0
    has_title = has_date_or_url = False  # of the sentences since current_start: one pass, not one per boundary
    for index, (start, end) in enumerate(zip(starts, ends)):
        sentence = text[start:end]
        begins_ibid = bool(_IBID.match(sentence))
        cited_before = has_title and has_date_or_url and titled[index]
        if index and sentence.strip() and (cited_before or (begins_ibid and current_start < start)):
            pieces.append(segment.sub(current_start, start))
            current_start = start
            has_title = has_date_or_url = False
        has_title = has_title or titled[index]
        has_url = masked[start:end] != segment.plain[start:end]
        has_date_or_url = has_date_or_url or has_url or bool(_YEAR.search(masked, start, end))
    pieces.append(segment.sub(current_start, len(text)))
    return [piece for piece in pieces if piece.text]


def _locator_and_remark(rest: str) -> str | None:
    """The locator after an ibid's comma (`2--3`, `44`, `p. 5 n. 4`), a remark after it allowed; None if
    what follows is not a locator."""
    rest = rest.strip().rstrip(".").strip()
    if _LOCATOR.match(rest):
        return rest
    for remark in _REMARK.finditer(rest):
        head = rest[: remark.start()].strip()
        if _LOCATOR.match(head):
            return head
    return None


def parse_ibid(piece: _Piece, note: str, index: int) -> Citation:
    """An ibid (or one of its kin) with its locator, and what is irregular about it."""
    text = piece.text
    match = _IBID.match(text)
    assert match is not None
    word = match.group(1)
    rest = text[match.end() :]
    problem = ""
    trailing = ""
    locator = ""
    if word.lower() in _NEEDS_PERIOD:
        if rest.startswith("."):
            rest = rest[1:]
        elif rest[:1] in (";", ":"):
            problem = f"'{word}{rest[:1]}' has the wrong punctuation (write '{word}.')"
            rest = rest[1:]
        else:
            problem = f"'{word}' lacks its period (write '{word}.')"
    stripped = rest.strip()
    pin = re.match(r"^,\s*(.+?)$", stripped, re.DOTALL)
    found = _locator_and_remark(pin.group(1)) if pin else None
    if stripped in ("", "."):
        pass
    elif found is not None:
        locator = found
    else:
        trailing = stripped
        words = re.sub(r"[^\w\s]", " ", stripped).split()
        glued = rest[:1] not in (" ", ",")
        if len(words) >= 2:
            kind = "a title is glued to it" if glued else "it is followed by a title"
        else:
            kind = f"stray characters {stripped!r} follow it"
        problem = f"{problem}; {kind}" if problem else kind
    written, span = piece.source()
    return Citation(
        note=note,
        index=index,
        text=written,
        kind=CitationKind.IBID,
        span=span,
        form=word,
        locator=locator,
        malformed=problem,
        trailing=trailing,
    )


def _authors(author_text: str) -> tuple[tuple[str, ...], bool]:
    """Author surnames from `Given Surname and …` or `Surname, Given, and …`; and whether inverted."""
    text = SIGNALS.sub("", author_text.strip().rstrip(",.").strip())
    text = _ET_AL.sub("", text).strip().rstrip(",")
    text = _EDITORS.sub("", text).strip()
    if not text:
        return (), False
    words = text.split()
    if len(words) > 14 or not all(_NAME_WORD.match(w.strip(",")) for w in words):
        return (), False
    people = [p.strip() for p in re.split(r",?\s+(?:and|&)\s+", text) if p.strip()]
    surnames: list[str] = []
    inverted = False
    for position, person in enumerate(people):
        parts = [p.strip() for p in person.split(",") if p.strip()]
        if position == 0 and len(parts) >= 2 and len(parts[0].split()) == 1:
            # `Surname, Given` and then, in a list of three or more, `Given Surname` of the next authors.
            surnames.append(parts[0])
            surnames.extend(part.split()[-1] for part in parts[2:])
            inverted = True
            continue
        if inverted and len(parts) == 2 and len(parts[0].split()) == 1:
            surnames.append(parts[0])  # `Flowerdew, R. and Aitkin, M.`: every author inverted
            continue
        for part in parts:
            surnames.append(part.split()[-1])
    return tuple(s.strip(".") for s in surnames if s.strip(".")), inverted


def _same_author(piece: _Piece, note: str, index: int) -> Citation | None:
    """`Idem, *Another Book* (2001), 4.`: a citation of the previous citation's author (filled in on resolving)."""
    match = _IBID.match(piece.text)
    if match is None or match.group(1).lower() not in _SAME_AUTHOR:
        return None
    rest = re.match(r"[.,]*\s*", piece.text[match.end() :])
    start = match.end() + (rest.end() if rest else 0)
    if start >= len(piece.text) or _locator_and_remark(piece.text[start:].lstrip(",")) is not None:
        return None  # nothing but a locator: the same work
    citation = parse_citation(piece.sub(start, len(piece.text)), note, index)
    if citation is None or citation.kind is CitationKind.IBID:
        return None
    written, span = piece.source()
    return replace(citation, text=written, span=span, form=match.group(1))


def _earlier_work(piece: _Piece, note: str, index: int) -> Citation | None:
    """`Doe, op. cit., 45.`: the author's work cited in full before, named by the author alone."""
    match = _EARLIER_WORK.match(piece.plain)
    if match is None:
        return None
    authors, _ = _authors(match.group("author"))
    if not authors:
        return None
    rest = match.group("rest").strip()
    locator = _locator_and_remark(rest.lstrip(",").replace("note", "n.")) if rest else ""
    written, span = piece.source()
    return Citation(
        note=note,
        index=index,
        text=written,
        kind=CitationKind.SHORT,
        span=span,
        form=piece.text[match.start("form") : match.end("form")],
        authors=authors,
        locator=locator or "",
    )


def parse_citation(piece: _Piece, note: str, index: int) -> Citation | None:
    """A full or short citation read from its piece of a note; None when it cites nothing (a comment)."""
    if _IBID.match(piece.text):
        return _same_author(piece, note, index) or parse_ibid(piece, note, index)
    found = piece.scan()
    title_span = found.spans[0] if found.spans else None
    if title_span is None:
        earlier = _earlier_work(piece, note, index)
        if earlier is not None:
            return earlier
    text, plain = piece.text, piece.plain
    ids = identifiers_in(piece.note, piece.start, piece.end)
    written, span = piece.source()
    if title_span is None:
        if not ids.urls and not ids.dois:
            return None
        link = next((s for s in piece.note.spans_within(piece.start, piece.end) if s.kind is SpanKind.LINK), None)
        return Citation(
            note=note,
            index=index,
            text=written,
            kind=CitationKind.FULL,
            span=span,
            title=piece.note.plain[link.start : link.end].strip() if link else "",
            urls=ids.urls,
            dois=ids.dois,
            invalid_dois=ids.invalid_dois,
            year=_first(_YEAR, piece.without_urls()),
        )
    # straighten() keeps offsets, so the title is taken as written (its dashes and quotes matter).
    title = text[title_span.start : title_span.end].strip().rstrip(".,").strip()
    quoted = title_span.kind == "quote"
    before = plain[: max(title_span.start - 1, 0)] if quoted else plain[: title_span.start]
    authors, inverted = _authors(before)
    names_ok = bool(authors) or not SIGNALS.sub("", before).strip(" ,.('\"")
    # What follows the title (and its closing quote): the publication, date and locators.
    after = piece.without_urls(min(title_span.end + (1 if quoted else 0), len(text)))
    # Author-date styles give the year in brackets before the title: `Doe, A. (2011), Title. _Journal_, 45.`
    year = _first(_YEAR, after) or _first(_AUTHOR_DATE, piece.without_urls(0, title_span.start))
    date = _first(_DATE, after)
    container, volume = "", ""
    italics_after = [s for s in found.spans if s.start > title_span.end and s.kind == "italic"]
    if quoted:
        if italics_after:
            container = plain[italics_after[0].start : italics_after[0].end].strip()
            volume = _first(_VOLUME, plain[italics_after[0].end :])
        else:
            container = re.split(r"[,.(]", after.strip(" ,.'\"("), maxsplit=1)[0].strip()
            if _DATE.fullmatch(container) or not re.search(r"[A-Za-z]{2}", container):
                container = ""
    has_publication = bool(year or ids.urls or ids.dois or (quoted and italics_after))
    if not has_publication and not names_ok:
        return None  # prose that quotes something, not a citation
    kind = CitationKind.FULL if has_publication else CitationKind.SHORT
    style = _style(plain, title_span, inverted) if kind is CitationKind.FULL else Style.UNKNOWN
    pin = _PIN.search(after) if kind is CitationKind.SHORT else None
    return Citation(
        note=note,
        index=index,
        text=written,
        kind=kind,
        span=span,
        style=style,
        authors=authors,
        title=title,
        container=container,
        year=year,
        date=date,
        volume=volume if kind is CitationKind.FULL else "",
        issue=_first(_ISSUE, after),
        pages=_first(_PAGES, after) if kind is CitationKind.FULL else "",
        locator=pin.group(1) if pin else "",
        urls=ids.urls,
        dois=ids.dois,
        invalid_dois=ids.invalid_dois,
        title_is_quoted=quoted,
    )


def _style(plain: str, title: Span, inverted: bool) -> Style:
    """Bibliography style inverts the first author and ends the title with a period; note style uses commas."""
    if inverted:
        return Style.BIBLIOGRAPHY
    if title.kind == "quote":
        inside = plain[title.end - 1 : title.end]
        after = plain[title.end + 1 : title.end + 3].strip()
        if inside in ".?!" and plain[title.end : title.end + 1] == '"':
            return Style.BIBLIOGRAPHY
    else:
        inside = plain[title.end - 1 : title.end]
        after = plain[title.end : title.end + 2].strip()
        if after.startswith("."):
            return Style.BIBLIOGRAPHY
    if after[:1] in (",", "(") or inside == ",":
        return Style.NOTE
    return Style.UNKNOWN


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return (match.group(1) if match.groups() else match.group(0)).strip() if match else ""


def _is_quotation(citation: Citation, piece: _Piece) -> bool:
    """True for a piece that is nothing but a quotation (`"Quoted words"; ibid., 29.`): the ibid cites it."""
    if citation.kind is not CitationKind.SHORT or citation.authors or not citation.title_is_quoted:
        return False
    return not re.sub(r"[\W_]", "", piece.plain.replace(straighten(citation.title), ""))


def split_note(text: str) -> list[str]:
    """The citation texts of a Markdown note, as written."""
    return [piece.source()[0] for piece in _pieces(_Reading(read_markdown_note(text)))]


def parse_note(text: str | NoteText, note: str) -> list[Citation]:
    """Every citation of a note (its Markdown, or its text as a reader sees it), in order."""
    return list(note_citations(text, note))


def note_citations(text: str | NoteText, note: str) -> Iterator[Citation]:
    """Every citation of a note, in order, each given as soon as it is read (a note may cite hundreds of
    thousands of works: they are never all held at once)."""
    content = text if isinstance(text, NoteText) else read_markdown_note(text)
    parsed = kept = 0
    held: tuple[Citation, _Piece] | None = None  # a citation is given once the next one is known
    for piece in _pieces(_Reading(content)):
        citation = parse_citation(piece, note, parsed)
        if citation is None:
            continue
        parsed += 1
        if held is not None and not (citation.kind is CitationKind.IBID and _is_quotation(*held)):
            yield held[0] if held[0].index == kept else replace(held[0], index=kept)
            kept += 1
        held = (citation, piece)
    if held is not None:
        yield held[0] if held[0].index == kept else replace(held[0], index=kept)
