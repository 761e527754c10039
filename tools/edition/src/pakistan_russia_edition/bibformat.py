"""Chicago bibliography style (17th ed.) for the edition's bibliography page, as HTML."""

from __future__ import annotations

import re
from html import escape

from citecheck.model import BibEntry
from citecheck.notes.text import MONTHS
from pakistan_russia_edition.bibdata import Date, Name, accessed, container, issued, names


def _name(name: Name, first: bool) -> str:
    if name.literal:
        return name.literal
    return f"{name.family}, {name.given}" if first else f"{name.given} {name.family}"


def authors(entry: BibEntry) -> str:
    """`Surname, Given, and Given Surname`; up to ten names, then the first seven and et al."""
    people = names(entry)
    if not people:
        return ""
    if len(people) > 10:
        people = people[:7]
        listed = ", ".join(_name(p, i == 0) for i, p in enumerate(people)) + ", et al."
        return listed
    written = [_name(p, i == 0) for i, p in enumerate(people)]
    if len(written) == 1:
        return written[0]
    if len(written) == 2:
        return f"{written[0]}, and {written[1]}"
    return ", ".join(written[:-1]) + f", and {written[-1]}"


def chicago_date(date: Date | None) -> str:
    """`September 13, 2021`, `May 2021` or `2021`."""
    if date is None:
        return ""
    if date.month and date.day:
        return f"{MONTHS[date.month - 1].capitalize()} {date.day}, {date.year}"
    if date.month:
        return f"{MONTHS[date.month - 1].capitalize()} {date.year}"
    return str(date.year)


def _end(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", '."', '?"')) else text + "."


def format_entry(entry: BibEntry) -> str:
    """One bibliography entry as HTML (titles and URLs escaped; links made clickable)."""
    parts: list[str] = []
    who = authors(entry)
    if who:
        parts.append(escape(_end(who)))
    title = entry.get("title")
    date = issued(entry)
    where = container(entry)
    if entry.entry_type == "book":
        parts.append(f"<em>{escape(_end(title))}</em>")
        publisher = ", ".join(p for p in (entry.get("publisher"), str(date.year) if date else "") if p)
        if publisher:
            parts.append(escape(_end(publisher)))
    else:
        # Quotation marks inside a quoted title become single ones.
        title = re.sub(r'"([^"]+)"', "‘\\1’", title)
        quoted = title if title.endswith(("?", "!")) else title + "."
        parts.append(f"“{escape(quoted)}”")
        if entry.entry_type == "article":
            volume = " ".join(
                p for p in (entry.get("volume"), f"no. {entry.get('number')}" if entry.get("number") else "") if p
            )
            volume = volume.replace(" no.", ", no.")
            tail = f" ({chicago_date(date)})" if date else ""
            pages = f": {entry.get('pages').replace('--', '–')}" if entry.get("pages") else ""
            parts.append(f"<em>{escape(where)}</em> {escape(volume)}{escape(tail)}{escape(pages)}.".replace("  ", " "))
        else:
            pieces = [f"<em>{escape(where)}</em>" if where else "", escape(chicago_date(date))]
            text = ", ".join(p for p in pieces if p)
            if text:
                parts.append(text + ".")
    seen = accessed(entry)
    if seen:
        parts.append(f"Accessed {escape(chicago_date(seen))}.")
    link = f"https://doi.org/{entry.get('doi')}" if entry.get("doi") else entry.get("url")
    if link:
        parts.append(f'<a href="{escape(link, quote=True)}">{escape(link)}</a>.')
    return " ".join(parts)


def sort_key(entry: BibEntry) -> tuple[str, str]:
    """Alphabetical by first author's family name (or organisation, or title), then title."""
    people = names(entry)
    first = (people[0].family or people[0].literal) if people else entry.get("title")
    return (first.casefold().lstrip("'\"“‘"), entry.get("title").casefold())
