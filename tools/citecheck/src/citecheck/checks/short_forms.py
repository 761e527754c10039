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


def _closing_pages(citation: Citation) -> str | None:
    """The pages a full citation gives after its publication facts (`…(London: Press, 2020), 45.` → `45`,
    `…(2017): 18-38.` → `18-38`): empty when it gives none, None when what follows the facts is not pages."""
    text = _URLS.sub("", citation.text)
    close = text.rfind(")")
    if close < 0:
        last = re.search(r",\s*(\d+)\W*$", text)
        return None if last and not _YEAR.fullmatch(last.group(1)) else ""
    tail = _DOI_WORD.sub("", text[close + 1 :]).strip(" \t\n.,;:")
    if not tail:
        return ""
    found = _PIN.fullmatch(tail)
    return found.group(0) if found else None


def pinpoint(citation: Citation, first: Citation) -> str | None:
    """The page a repeated full citation points to, for its short form: empty when it points to none, None when
    that cannot be told with certainty.

    Pages after the publication facts are the page cited (`Roe, *Book* (2020), 45.`), except a range the first
    full citation gives too, which is the article's own (`(2017): 18-38`, `(1982), pp. 191–202`, or the range
    the first gives before its own page: `(2017): 18-38, 25`). Without parentheses, a closing number that is
    not a year might be a page: None.
    """
    pages = _closing_pages(citation)
    if pages and _RANGE.search(pages):
        digits = re.sub(r"\D", "", pages)
        if pages == _closing_pages(first) or (first.pages and digits == re.sub(r"\D", "", first.pages)):
            return ""
    return pages
