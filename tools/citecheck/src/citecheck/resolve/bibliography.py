"""Match bibliography entries to the works found in the notes (by DOI, URL, then title and authors)."""

from __future__ import annotations

from collections.abc import Sequence

from citecheck.model import BibEntry, Work
from citecheck.notes.identifiers import extract, is_generic_url, normalize_doi, url_identity
from citecheck.notes.text import fold, is_word_prefix, main_title, title_key
from citecheck.read.bibtex import name_list


def entry_surnames(entry: BibEntry) -> set[str]:
    """Surnames from a BibTeX author field (`Khan, Muhammad and Altaf, Beenish`), folded."""
    return {fold(person.family) for person in name_list(entry.get("author")).people} - {""}


def _entry_matches(work: Work, entry: BibEntry) -> bool:
    doi = normalize_doi(entry.get("doi")) if entry.get("doi") else ""
    if doi and doi in work.dois:
        return True
    url = entry.get("url")
    if url and not is_generic_url(url) and url_identity(url) in {url_identity(u) for u in work.urls}:
        return True
    title = entry.get("title")
    if not title or not work.title:
        return False
    same_title = (
        title_key(title) == title_key(work.title)
        or is_word_prefix(main_title(title), title_key(work.title))
        or is_word_prefix(main_title(work.title), title_key(title))
    )
    names = entry_surnames(entry)
    people = {fold(a) for a in work.authors}
    return same_title and (not names or not people or bool(names & people))


def match_entries(works: Sequence[Work], entries: Sequence[BibEntry]) -> dict[str, list[BibEntry]]:
    """For each work id, the bibliography entries that describe it (indexed, not pairwise)."""
    by_doi: dict[str, list[BibEntry]] = {}
    by_url: dict[str, list[BibEntry]] = {}
    by_title: dict[str, list[BibEntry]] = {}
    for entry in entries:
        if entry.get("doi"):
            by_doi.setdefault(normalize_doi(entry.get("doi")), []).append(entry)
        for url in extract(entry.get("url")).urls:
            by_url.setdefault(url_identity(url.raw), []).append(entry)
        words = main_title(entry.get("title")).split()[:2]
        if words:
            by_title.setdefault(" ".join(words), []).append(entry)
    matches: dict[str, list[BibEntry]] = {}
    for work in works:
        candidates = [e for d in work.dois for e in by_doi.get(d, ())]
        candidates += [e for u in work.urls for e in by_url.get(url_identity(u), ())]
        candidates += by_title.get(" ".join(main_title(work.title).split()[:2]), [])
        found = [e for e in dict.fromkeys(candidates) if _entry_matches(work, e)]
        if found:
            matches[work.id] = found
    return matches
