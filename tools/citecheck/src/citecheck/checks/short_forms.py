"""Chicago's short form of a work (17th edition, 14.29–14.34): the authors' surnames, a short title, a page.

One home for the rule: the findings' suggestions, the fixes that write a short form into a note, and the
edition's pointers all use it; its names and short title (``notes.forms``) are also how a LaTeX manuscript's
later citations of a work are written.
"""

from __future__ import annotations

import re

from citecheck.model import Citation, Work
from citecheck.notes.citations import SIGNALS
from citecheck.notes.forms import names, short_title

_CLOSING_QUOTE = {"'": "'", "‘": "’", '"': '"', "“": "”", "«": "»", "„": "“"}
_DOUBLE_QUOTES = frozenset('"“«„')
"""Quotation marks that take a following comma or period inside them (American usage, Chicago 6.9)."""
_RANGE = re.compile(r"\d\s*[-–]\s*\d")
_URLS = re.compile(r"<[^>]*>|\b(?:https?://|doi:)\S+", re.IGNORECASE)
_PIN = re.compile(r"(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?")
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_CORPORATE = re.compile(
    r"^(?:\W*(?:see also|see|cf\.)\s+)?the\s|\b(?:team|committee|association|organi[sz]ation|institute|ministry|"
    r"department|office|agency|council|commission|society|university|foundation|bank|fund|group|project|centre|center)\b",
    re.IGNORECASE,
)
"""An author that is an organisation (`The Pandas Development Team`): its short form is its whole name, which
the surnames read from it would not give."""
_FACTS = re.compile(r"\([^()]*\b(?:1[5-9]\d\d|20\d\d)\b[^()]*\)")
"""The parenthesised publication facts of a note-style citation: the first group holding a year."""
_ARTICLE_PAGES = re.compile(r"^\s*:\s*(\d+(?:\s*[-–]\s*\d+)?)")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[^\W\d_]{2,}")
_FACT_WORDS = frozenset({"in", "ed", "eds", "edited", "by", "trans", "vol", "vols", "no", "pp", "accessed",
                         "available", "at", "online", "retrieved", "from", "doi", "and", "the", "of"})  # fmt: skip
"""Words a citation's publication facts may hold besides its fields."""
_MOST_LEFT_OVER = 3
"""Words of a citation not read as its fields (a site's or publisher's name) that still leave it plainly cited."""
_DOI_WORD = re.compile(r"\bdoi\b\s*:?", re.IGNORECASE)


def short_form(work: Work) -> str:
    """The short form of a work as a message quotes it: `Chia and Haiqi, 'Russia-Pakistan Economic Relations'`."""
    title = f"'{short_title(work.title)}'"
    who = names(work.authors)
    return f"{who}, {title}" if who else title


def title_quote(citation: Citation) -> str:
    """The quotation mark that opens a quoted title as written (`'`, `‘`, `"`, `“`), or an empty string."""
    start = citation.text.find(citation.title) if citation.title_is_quoted and citation.title else -1
    return citation.text[start - 1] if start > 0 and citation.text[start - 1] in _CLOSING_QUOTE else ""


def _title_emphasis(citation: Citation) -> str:
    """The Markdown delimiter (`*` or `_`) that sets an unquoted title in italics as written, or ``."""
    start = citation.text.find(citation.title) if citation.title and not citation.title_is_quoted else -1
    return citation.text[start - 1] if start > 0 and citation.text[start - 1] in "*_" else ""


def short_citation(work: Work, first: Citation, pin: str, closing: str) -> str:
    """The short form as a note writes it, its title set as the work's first full citation sets it (in the
    same quotation marks, or in italics), then the page and the closing punctuation (`.` or ``)."""
    title = short_title(work.title)
    quote = title_quote(first)
    emphasis = _title_emphasis(first)
    after = f", {pin}{closing}" if pin else closing
    if quote and quote in _DOUBLE_QUOTES and after:  # “Title,” 45.  /  “Title.”
        written = f"{quote}{title}{after[0]}{_CLOSING_QUOTE[quote]}{after[1:]}"
    elif quote:
        written = f"{quote}{title}{_CLOSING_QUOTE[quote]}{after}"
    else:
        written = f"{emphasis}{title}{emphasis}{after}"
    who = names(work.authors)
    return f"{who}, {written}" if who else written


def signal(citation: Citation) -> str:
    """The words that introduce the citation as written (`See also `), or ``."""
    found = SIGNALS.match(citation.text)
    return found.group(0) if found else ""


def plainly_cited(citation: Citation) -> bool:
    """True when a full citation says nothing but its parts (authors, title, publication facts, locators), so a
    short form can stand for it without losing a word of the author's: not a sentence that cites in passing
    (`Roe shows in *A Study* (2020) that …`), a case (`*Bach* v. *Longman*`) or a note without authors."""
    text, title = citation.text, citation.title
    at = text.find(title) if title else -1
    if not citation.authors or at < 0 or " v. " in text or _CORPORATE.search(text[:at]):
        return False
    after = _PARENTHESES.sub(" ", _URLS.sub(" ", text[at + len(title) :]))
    for part in (citation.container, citation.date):
        after = after.replace(part, " ") if part else after
    words = [word for word in _WORD.findall(after) if word.lower() not in _FACT_WORDS]
    return len(words) <= _MOST_LEFT_OVER


def _facts_and_pages(citation: Citation) -> tuple[str, str | None]:
    """What a full citation gives between its title and its pages (its publication facts, as letters and digits:
    container, edition, place, publisher, date), and the pages after them: `45` after `(London: Press, 2020)`,
    the colon's range after a journal's `(2017)` (or the page after that range: `(2017): 18-38, 25`), empty
    when there are none, None when what follows the facts is not pages alone (`50 (quoting Smith)`)."""
    text = _URLS.sub(" ", citation.text)
    at = text.find(citation.title) if citation.title else -1
    rest = text[at + len(citation.title) :] if at >= 0 else text
    facts = _FACTS.search(rest)
    if facts is None:  # no parenthesised facts: a closing number that is not a year may be a page
        last = re.search(r",\s*(\d+)\W*$", rest)
        return _letters(rest), None if last and not _YEAR.fullmatch(last.group(1)) else ""
    tail = _DOI_WORD.sub("", rest[facts.end() :])
    article = _ARTICLE_PAGES.match(tail)
    after = (tail[article.end() :] if article else tail).strip(" \t\n.,;:")
    pin = _PIN.fullmatch(after)
    if not after:
        pages: str | None = article.group(1) if article else ""
    else:
        pages = pin.group(0) if pin else None
    return _letters(rest[: facts.end()]), pages


def _letters(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text).lower()


def pinpoint(citation: Citation, first: Citation) -> str | None:
    """The page a repeated full citation points to, for its short form: empty when it points to none; None when
    that cannot be told with certainty, or when its publication facts are not its first full citation's (another
    edition, publisher or year is another book, whatever its title).

    A page range is the article's own, not a page cited, where the first full citation gives it too.
    """
    facts, pages = _facts_and_pages(citation)
    first_facts, first_pages = _facts_and_pages(first)
    if pages is None or facts != first_facts:
        return None
    if pages and _RANGE.search(pages) and (pages == first_pages or _digits(pages) == _digits(first.pages)):
        return ""
    return pages


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)
