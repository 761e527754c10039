"""Split a note into citations and read each one's kind, authors, title, container, date and locators."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from citecheck.model import Citation, CitationKind, Style
from citecheck.notes.identifiers import extract
from citecheck.notes.scan import Scan, Span, scan
from citecheck.notes.text import MONTH_PATTERN, straighten

_IBID = re.compile(r"^\s*(ibid(?:em)?)\b", re.IGNORECASE)
_IBID_ONLY = re.compile(r"\s*ibid(?:em)?\s*", re.IGNORECASE)
_LOCATOR = re.compile(
    r"^(?:(?:pp?|chap|ch|sec|para|vol|fol|n|nn)\.?\s*)?[0-9ivxlcdm]+[a-z]?"
    r"(?:\s*[-–,]\s*[0-9ivxlcdm]+)*(?:\s*n{1,2}\.\s*\d+)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d/])(1[5-9]\d\d|20\d\d)(?![\d/])")
_DATE = re.compile(
    rf"\b(\d{{1,2}} {MONTH_PATTERN} \d{{4}}|{MONTH_PATTERN} \d{{1,2}}, \d{{4}}|{MONTH_PATTERN} \d{{4}})\b"
)
_SIGNALS = re.compile(r"^(?:see also|see|cf\.|compare|for example,?|e\.g\.,?|quoted in|as cited in)\s+", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3}|and|&|et|al\.?|eds?\.|trans\.|[A-Z]\.)$")
_VOLUME = re.compile(rf"^\s+(\d+)\b(?!\s+{MONTH_PATTERN})")
_ISSUE = re.compile(r"\bno\.\s*(\d+)", re.IGNORECASE)
_PAGES = re.compile(r"\)\s*:\s*(\d+(?:\s*[-–]\s*\d+)?)")
_URLS = re.compile(r"<[^<>]*>|\b(?:https?|ftp)://\S+")
_ET_AL = re.compile(r",?\s*\bet al\.?$")
_EDITORS = re.compile(r",?\s*\(?eds?\.\)?$")
_PIN = re.compile(r",\s*((?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?)\s*\.?\s*$")


def split_note(text: str) -> list[str]:
    """The citation texts of one note: split at `;` (and `; and`) and where a new full or short form begins."""
    pieces: list[str] = []
    found = scan(text)
    # `Ibid;` is a mispunctuated ibid, not an ibid followed by another citation.
    separators = [i for i in found.semicolons if not _IBID_ONLY.fullmatch(text, 0, i)]
    cuts = [0, *(i + 1 for i in separators), len(text) + 1]
    for start, end in itertools.pairwise(cuts):
        segment = text[start : end - 1] if end <= len(text) else text[start:]
        segment = re.sub(r"^\s*and\s+", "", segment.strip())
        if segment:
            pieces.extend(_split_sentences(segment))
    return pieces


def _split_sentences(segment: str) -> list[str]:
    """Cut a segment where a complete citation is followed by a sentence that starts another one."""
    if _IBID.match(segment):
        return [segment]
    found = scan(segment)
    starts = [0, *(b for b in found.boundaries if 0 < b < len(segment))]
    ends = [*starts[1:], len(segment)]
    titled = [False] * len(starts)
    for span in found.spans:  # a span never crosses a sentence boundary
        titled[bisect_right(starts, span.start) - 1] = True
    pieces: list[str] = []
    current_start = 0
    has_title = has_date_or_url = False  # of the sentences since current_start: one pass, not one per boundary
    for index, (start, end) in enumerate(zip(starts, ends)):
        sentence = segment[start:end]
        if index and has_title and has_date_or_url and titled[index] and sentence.strip():
            pieces.append(segment[current_start:start].strip())
            current_start = start
            has_title = has_date_or_url = False
        has_title = has_title or titled[index]
        has_date_or_url = has_date_or_url or "://" in sentence or bool(_YEAR.search(_without_urls(sentence)))
    pieces.append(segment[current_start:].strip())
    return [piece for piece in pieces if piece]


def _without_urls(text: str) -> str:
    """The text with its URLs blanked (so a year inside a URL is not taken for the citation's year)."""
    if "://" not in text and "<" not in text:
        return text
    return _URLS.sub(" ", text)


def parse_ibid(text: str, note: str, index: int) -> Citation:
    """An ibid with its locator, and what is irregular about it."""
    match = _IBID.match(text)
    assert match is not None
    word = match.group(1)
    rest = text[match.end() :]
    problem = ""
    trailing = ""
    locator = ""
    if word.lower() == "ibid":
        if rest.startswith("."):
            rest = rest[1:]
        elif rest[:1] in (";", ":"):
            problem = f"'{word}{rest[:1]}' has the wrong punctuation (write '{word}.')"
            rest = rest[1:]
        elif rest.strip() == "" or rest.startswith(","):
            problem = f"'{word}' lacks its period (write '{word}.')"
        else:
            problem = f"'{word}' lacks its period (write '{word}.')"
    stripped = rest.strip()
    pin = re.match(r"^,\s*(.+?)\.?$", stripped)
    if stripped in ("", "."):
        pass
    elif pin and _LOCATOR.match(pin.group(1).strip()):
        locator = pin.group(1).strip()
    else:
        trailing = stripped
        words = re.sub(r"[^\w\s]", " ", stripped).split()
        glued = rest[:1] not in (" ", ",")
        if len(words) >= 2:
            kind = "a title is glued to it" if glued else "it is followed by a title"
        else:
            kind = f"stray characters {stripped!r} follow it"
        problem = f"{problem}; {kind}" if problem else kind
    return Citation(
        note=note,
        index=index,
        text=text.strip(),
        kind=CitationKind.IBID,
        locator=locator,
        malformed=problem,
        trailing=trailing,
    )


def _authors(author_text: str) -> tuple[tuple[str, ...], bool]:
    """Author surnames from `Given Surname and …` or `Surname, Given, and …`; and whether inverted."""
    text = _SIGNALS.sub("", author_text.strip().rstrip(",.").strip())
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
        for part in parts:
            surnames.append(part.split()[-1])
    return tuple(s.strip(".") for s in surnames if s.strip(".")), inverted


def _title_span(found: Scan) -> Span | None:
    for span in found.spans:
        return span
    return None


def parse_citation(text: str, note: str, index: int) -> Citation | None:
    """A full or short citation read from its text; None when the text cites nothing (a comment)."""
    if _IBID.match(text):
        return parse_ibid(text, note, index)
    ids = extract(text)
    plain = straighten(text)
    found = scan(text)
    title_span = _title_span(found)
    if title_span is None:
        if not ids.urls and not ids.dois:
            return None
        link = re.search(r"\[([^\]]+)\]\(", text)
        return Citation(
            note=note,
            index=index,
            text=text.strip(),
            kind=CitationKind.FULL,
            title=link.group(1).strip() if link else "",
            urls=ids.urls,
            dois=ids.dois,
            invalid_dois=ids.invalid_dois,
            year=_first(_YEAR, _without_urls(text)),
        )
    # straighten() keeps offsets, so the title is taken as written (its dashes and quotes matter).
    title = text[title_span.start : title_span.end].strip().rstrip(".,").strip()
    quoted = title_span.kind == "quote"
    before = plain[: max(title_span.start - 1, 0)]
    if title_span.kind == "italic" and before.endswith("*"):
        before = before[:-1]
    authors, inverted = _authors(before)
    names_ok = bool(authors) or not _SIGNALS.sub("", before).strip(" ,.('\"")
    after = _without_urls(plain[title_span.end + 1 :])
    year = _first(_YEAR, after)
    date = _first(_DATE, after)
    container, volume = "", ""
    if quoted:
        later = [s for s in found.spans if s.start > title_span.end and s.kind == "italic"]
        if later:
            container = plain[later[0].start : later[0].end].strip()
            volume = _first(_VOLUME, plain[later[0].end + 1 :])
        else:
            container = re.split(r"[,.(]", after.strip(" ,.'\"("), maxsplit=1)[0].strip()
            if _DATE.fullmatch(container) or not re.search(r"[A-Za-z]{2}", container):
                container = ""
    has_publication = bool(
        year
        or ids.urls
        or ids.dois
        or (quoted and any(s.kind == "italic" and s.start > title_span.end for s in found.spans))
    )
    if not has_publication and not names_ok:
        return None  # prose that quotes something, not a citation
    kind = CitationKind.FULL if has_publication else CitationKind.SHORT
    style = _style(plain, title_span, inverted) if kind is CitationKind.FULL else Style.UNKNOWN
    pin = _PIN.search(after) if kind is CitationKind.SHORT else None
    return Citation(
        note=note,
        index=index,
        text=text.strip(),
        kind=kind,
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
    inside = plain[title.end - 1 : title.end]
    after = plain[title.end + 1 : title.end + 3].strip()
    if title.kind == "quote" and inside in ".?!" and plain[title.end : title.end + 1] == '"':
        return Style.BIBLIOGRAPHY
    if title.kind == "italic" and after.startswith("."):
        return Style.BIBLIOGRAPHY
    if after[:1] in (",", "(") or inside == ",":
        return Style.NOTE
    return Style.UNKNOWN


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return (match.group(1) if match.groups() else match.group(0)).strip() if match else ""


@lru_cache(maxsize=8192)
def _parse_text(text: str) -> tuple[Citation, ...]:
    """The citations of a note's text (notes such as `Ibid.` recur, so the parse is cached)."""
    citations: list[Citation] = []
    for piece in split_note(text):
        citation = parse_citation(piece, "", len(citations))
        if citation is not None:
            citations.append(citation)
    return tuple(citations)


def parse_note(text: str, note: str) -> list[Citation]:
    """Every citation of a note, in order."""
    return [replace(citation, note=note) for citation in _parse_text(text)]
