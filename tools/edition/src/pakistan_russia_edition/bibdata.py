"""Typed reading of a BibTeX entry: names, dates and page ranges, shared by the formatters and exports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.model import BibEntry
from citecheck.notes.text import month_number


@dataclass(frozen=True, slots=True)
class Name:
    """A person (family and given names) or an organisation (literal)."""

    family: str = ""
    given: str = ""
    literal: str = ""


@dataclass(frozen=True, slots=True)
class Date:
    """A partial date: year, and month and day where known."""

    year: int
    month: int | None = None
    day: int | None = None

    def parts(self) -> list[int]:
        """CSL-JSON date-parts."""
        return [p for p in (self.year, self.month, self.day) if p is not None]


def names(entry: BibEntry, field: str = "author") -> list[Name]:
    """The people of an author field; a name without a comma and of several words is an organisation."""
    people = []
    for raw in re.split(r"\s+and\s+", entry.get(field)):
        raw = raw.strip()
        if not raw:
            continue
        if "," in raw:
            family, given = (part.strip() for part in raw.split(",", 1))
            people.append(Name(family=family, given=given))
        else:
            people.append(Name(literal=raw))
    return people


def parse_date(value: str) -> Date | None:
    """An ISO date (`2021-09-13`, `2021-09`, `2021`)."""
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$", value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return Date(int(year), int(month) if month else None, int(day) if day else None)


def issued(entry: BibEntry) -> Date | None:
    """The publication date, from `date` or from `year` and `month`."""
    if entry.get("date"):
        return parse_date(entry.get("date"))
    if not entry.get("year").isdigit():
        return None
    month = entry.get("month").strip()
    number = int(month) if month.isdigit() else month_number(month) if month else None
    return Date(int(entry.get("year")), number)


def accessed(entry: BibEntry) -> Date | None:
    """The access date (`urldate`)."""
    return parse_date(entry.get("urldate")) if entry.get("urldate") else None


def page_range(entry: BibEntry) -> tuple[str, str]:
    """First and last page (`56--85` → ("56", "85"))."""
    pages = [p for p in re.split(r"\s*-+\s*|–", entry.get("pages")) if p]
    return (pages[0], pages[-1]) if pages else ("", "")


def container(entry: BibEntry) -> str:
    """The journal, site or publisher an entry appeared in."""
    for field in ("journal", "journaltitle", "booktitle", "organization", "institution", "publisher"):
        if entry.get(field):
            return entry.get(field)
    return ""
