"""A BibTeX entry written as a note cites it, the way biblatex's verbose styles do: in full the first time,
then as a short form, each with the citation's pinpoint (its postnote).

The full form is a note-style citation, which citecheck's citation parser reads as it reads any note's:

    Jane Roe and John Doe, “A Study of Things”, *Journal of Stuff* 3, no. 1 (2020): 1–10, 12, <https://doi.org/…>
    Jane Roe, *A Book of Things* (London: Press, 2019), 12
    Jane Roe, “A Chapter”, in *A Collection*, ed. Ann Poe (London: Press, 2019), 5–20

(the title quoted for articles, chapters and other parts, in italics for books and reports; a DOI as its
resolver URL, else the URL). The short form is citecheck's own (`notes.forms`): `Roe and Doe, “A Study of
Things”, 12`. Punctuation stays outside the quotation marks, as biblatex sets it by default.
"""

from __future__ import annotations

import re

from citecheck.model import BibEntry
from citecheck.notes.forms import names, short_title
from citecheck.notes.identifiers import normalize_doi
from citecheck.notes.markup import escape_markdown
from citecheck.read.bibtex import NameList, name_list

_ITALIC_TITLES = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
                            "manual", "booklet", "report", "techreport", "periodical"})  # fmt: skip
"""Entry types whose title is a whole publication, set in italics; every other type's title is quoted."""
_ARTICLES = frozenset({"article"})
_IN_COLLECTION = frozenset({"incollection", "inbook", "inproceedings", "conference", "bookinbook", "suppbook",
                            "suppcollection"})  # fmt: skip
_PUBLISHERS = ("publisher", "institution", "organization", "school")
_CONTAINERS = ("journaltitle", "journal", "booktitle", "howpublished", *_PUBLISHERS)


def full_citation(entry: BibEntry, postnote: str = "") -> str:
    """The entry cited in full (Markdown), with the pinpoint before the link."""
    title = _title(entry, entry.get("title") + (f": {entry.get('subtitle')}" if entry.get("subtitle") else ""))
    if entry.entry_type in _ARTICLES:
        parts = [title, _journal(entry)]
    elif entry.entry_type in _IN_COLLECTION:
        editors = name_list(entry.get("editor"))
        book = f"in *{_text(entry, 'booktitle')}*" if entry.get("booktitle") else ""
        edited = f"ed. {_full_names(editors)}" if editors.people else ""
        parts = [title, _imprinted(_joined([book, edited]), entry), _pages(entry)]
    elif entry.entry_type in _ITALIC_TITLES:
        parts = [_imprinted(title, entry)]
    else:
        container = next((_text(entry, name) for name in _CONTAINERS if entry.get(name)), "")
        parts = [title, container, _year(entry)]
    return _joined([_author(entry), *parts, postnote, _link(entry)])


def short_citation(entry: BibEntry, postnote: str = "") -> str:
    """The entry's short form (Markdown): surnames, short title, pinpoint."""
    people, _edited = _people(entry)
    who = escape_markdown(names(tuple(person.family for person in people.people)))
    return _joined([who, _title(entry, short_title(entry.get("title"))), postnote])


def _joined(parts: list[str]) -> str:
    return ", ".join(part for part in parts if part)


def _text(entry: BibEntry, name: str) -> str:
    return escape_markdown(entry.get(name))


def _title(entry: BibEntry, title: str) -> str:
    if not title:
        return ""
    return f"*{escape_markdown(title)}*" if entry.entry_type in _ITALIC_TITLES else f"“{escape_markdown(title)}”"


def _people(entry: BibEntry) -> tuple[NameList, bool]:
    """Who the entry is by: its authors, or else its editors (True), as biblatex's names in citations are."""
    authors = name_list(entry.get("author"))
    return (authors, False) if authors.people else (name_list(entry.get("editor")), True)


def _full_names(people: NameList) -> str:
    """`Jane Roe`, `Jane Roe and John Doe`, `Jane Roe, John Doe, and Ann Poe`; past three, the first et al."""
    full = tuple(escape_markdown(person.full) for person in people.people)
    return f"{full[0]} et al." if people.others and full else names(full)


def _author(entry: BibEntry) -> str:
    """The full names the citation opens with (`Jane Roe, ed.` for an edited book), or nothing."""
    people, edited = _people(entry)
    if not people.people or not edited:
        return _full_names(people)
    return f"{_full_names(people)}, {'eds.' if len(people.people) > 1 or people.others else 'ed.'}"


def _year(entry: BibEntry) -> str:
    found = re.search(r"\d{4}", entry.get("year") or entry.get("date"))
    return found.group(0) if found else ""


def _pages(entry: BibEntry) -> str:
    return re.sub(r"\s*-+\s*", "–", _text(entry, "pages"))


def _journal(entry: BibEntry) -> str:
    """`*Journal of Stuff* 3, no. 1 (2020): 1–10`, with whatever of it the entry gives."""
    name = _text(entry, "journaltitle") or _text(entry, "journal")
    journal = f"*{name}*" if name else ""
    volume = f" {_text(entry, 'volume')}" if entry.get("volume") else ""
    number = f", no. {_text(entry, 'number')}" if entry.get("number") else ""
    year = f" ({_year(entry)})" if _year(entry) else ""
    pages = f": {_pages(entry)}" if entry.get("pages") else ""
    return f"{journal}{volume}{number}{year}{pages}".strip()


def _imprinted(publication: str, entry: BibEntry) -> str:
    """The publication with its place, publisher and year in parentheses (`(London: Press, 2019)`), as far as
    the entry gives them."""
    place = _text(entry, "location") or _text(entry, "address")
    publisher = next((_text(entry, name) for name in _PUBLISHERS if entry.get(name)), "")
    where = f"{place}: {publisher}" if place and publisher else place or publisher
    imprint = _joined([where, _year(entry)])
    return f"{publication} ({imprint})".strip() if imprint else publication


def _link(entry: BibEntry) -> str:
    """The DOI as its resolver URL, else the URL, as an autolink."""
    if entry.get("doi"):
        return f"<https://doi.org/{normalize_doi(entry.get('doi'))}>"
    return f"<{entry.get('url')}>" if entry.get("url") else ""
