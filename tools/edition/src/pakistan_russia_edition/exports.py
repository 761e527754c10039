"""The bibliography as RIS and CSL-JSON (BibTeX is served as written), and the edition's own citation."""

from __future__ import annotations

import json
from collections.abc import Sequence

from citecheck.model import BibEntry, Location
from pakistan_russia_edition.bibdata import accessed, container, issued, names, page_range

_CSL_TYPE = {
    "article": "article-journal",
    "online": "webpage",
    "book": "book",
    "report": "report",
    "techreport": "report",
    "misc": "document",
    "inproceedings": "paper-conference",
}
_RIS_TYPE = {
    "article": "JOUR",
    "online": "ELEC",
    "book": "BOOK",
    "report": "RPRT",
    "techreport": "RPRT",
    "misc": "GEN",
    "inproceedings": "CPAPER",
}


def to_csl(entry: BibEntry) -> dict:
    """One entry as a CSL-JSON item."""
    item: dict = {"id": entry.key, "type": _CSL_TYPE.get(entry.entry_type, "document"), "title": entry.get("title")}
    people = [{"literal": n.literal} if n.literal else {"family": n.family, "given": n.given} for n in names(entry)]
    if people:
        item["author"] = people
    where = container(entry)
    if where:
        key = "publisher" if entry.entry_type in ("book", "report", "techreport") else "container-title"
        item[key] = where
    date = issued(entry)
    if date:
        item["issued"] = {"date-parts": [date.parts()]}
    seen = accessed(entry)
    if seen:
        item["accessed"] = {"date-parts": [seen.parts()]}
    for field, csl in (("volume", "volume"), ("number", "issue"), ("url", "URL"), ("doi", "DOI"), ("note", "note")):
        if entry.get(field):
            item[csl] = entry.get(field)
    if entry.get("pages"):
        first, last = page_range(entry)
        item["page"] = f"{first}-{last}" if last != first else first
    return item


def csl_json(entries: Sequence[BibEntry]) -> str:
    """The entries as a CSL-JSON array."""
    return json.dumps([to_csl(e) for e in entries], indent=2, ensure_ascii=False) + "\n"


def _ris_date(date) -> str:
    parts = date.parts()
    return "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


def to_ris(entry: BibEntry) -> str:
    """One entry as a RIS record."""
    lines = [f"TY  - {_RIS_TYPE.get(entry.entry_type, 'GEN')}", f"ID  - {entry.key}"]
    for person in names(entry):
        lines.append(f"AU  - {person.literal or f'{person.family}, {person.given}'}")
    lines.append(f"TI  - {entry.get('title')}")
    where = container(entry)
    if where:
        lines.append(f"{'PB' if entry.entry_type in ('book', 'report', 'techreport') else 'T2'}  - {where}")
    date = issued(entry)
    if date:
        lines += [f"PY  - {date.year}", f"DA  - {_ris_date(date)}"]
    for field, tag in (("volume", "VL"), ("number", "IS"), ("url", "UR"), ("doi", "DO"), ("note", "N1")):
        if entry.get(field):
            lines.append(f"{tag}  - {entry.get(field)}")
    if entry.get("pages"):
        first, last = page_range(entry)
        lines += [f"SP  - {first}", f"EP  - {last}"]
    seen = accessed(entry)
    if seen:
        lines.append(f"Y2  - {_ris_date(seen)}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def ris(entries: Sequence[BibEntry]) -> str:
    """The entries as a RIS file."""
    return "\n".join(to_ris(e) for e in entries)


EDITION_NOTE = (
    "Annotated edition of the article by Usman Ali and Tauseef Javed, with linked notes, "
    "a bibliography and editorial annotations"
)


def edition_entry(title: str, url: str | None, date: str | None) -> BibEntry:
    """The edition itself as a bibliography entry (for "Cite this edition").

    ``url`` is the published address (``site_url``) and ``date`` the source's date (ISO): each is left
    out when the build does not know it, rather than filled with a placeholder or the build's clock.
    """
    fields = [
        ("author", "Ali, Usman and Javed, Tauseef"),
        ("title", title),
        ("organization", "Annotated digital edition"),
    ]
    if date:
        fields.append(("date", date))
    if url:
        fields.append(("url", url))
    fields.append(("note", EDITION_NOTE))
    return BibEntry("pakistan-russia-edition", "online", tuple(fields), Location("mkdocs.yml", 1))


def cite_markdown(url: str | None) -> str:
    """The home page's recommended citation: with the published address, or saying where it comes from."""
    citation = (
        'Ali, Usman, and Tauseef Javed. "Pakistan-Russia Emerging Cooperation: Opportunities and Challenges." '
        "Annotated digital edition."
    )
    if url:
        return f"{citation} <{url}>."
    return (
        f"{citation}\n\n"
        "*This copy of the edition was built without its published address, which is set when the edition is "
        "deployed: cite the address at which you read it.*"
    )


def bibtex(entry: BibEntry) -> str:
    """One entry as BibTeX (values braced; braces inside values are not expected)."""
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in entry.fields)
    return f"@{entry.entry_type}{{{entry.key},\n{body}\n}}\n"
