"""The JSON report (schema: docs/citecheck/json-schema.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass
from typing import Any

from citecheck import __version__
from citecheck.checks.common import label
from citecheck.notes.text import fold, title_key
from citecheck.report import Report
from citecheck.report.edits import fix_data

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


_WHOLE = 1_000
"""A note with up to this many citations is written in one piece; one with more (a manuscript's note may hold
hundreds of thousands) a citation at a time."""


def _notes(report: Report) -> Iterator[dict[str, Any]]:
    model = report.model
    for document in model.documents:
        for note in document.notes:
            key = note.key
            cited = model.citations_of(key)
            citations = (
                {
                    "kind": c.citation.kind.value,
                    "text": c.citation.text,
                    "style": c.citation.style.value,
                    "work": c.work,
                    "antecedent": label(c.antecedent) or None,
                    "locator": c.citation.locator or None,
                }
                for c in cited
            )
            whole = len(cited) <= _WHOLE
            yield {
                "label": note.label,
                "document": document.name,
                "path": note.location.path,
                "line": note.location.line,
                "paragraph": note.location.paragraph,
                "page": note.location.page,
                "text": note.text,
                "citations": list(citations) if whole else citations,
                "works": model.works_of(key) if whole else iter(model.works_of(key)),
            }


def _works(report: Report) -> Iterator[dict[str, Any]]:
    for w in report.model.works:
        yield {
            "id": w.id,
            "authors": list(w.authors),
            "title": w.title,
            "container": w.container,
            "year": w.year,
            "urls": list(w.urls),
            "dois": list(w.dois),
            "notes": [label(n) for n in w.notes],
            "first_full_citation": label(w.first_full) or None,
            "bib_key": w.bib_key,
            "normalized": {"authors": [fold(a) for a in w.authors], "title": title_key(w.title), "year": w.year},
        }


def _findings(report: Report) -> Iterator[dict[str, Any]]:
    for f in report.findings:
        yield {
            "code": f.code,
            "severity": f.severity.value,
            "notes": list(f.notes),
            "related": list(f.related),
            "document": f.document,
            "path": f.location.path,
            "line": f.location.line,
            "paragraph": f.location.paragraph,
            "page": f.location.page,
            "message": f.message,
            "suggestion": f.suggestion,
            "subject": f.subject or None,
            "baselined": f.baselined,
            "fix": fix_data(report.model, f),
        }


def _fields(report: Report) -> list[tuple[str, Any]]:
    """The report's fields in order; the long lists as iterators of their items."""
    model = report.model
    notes = sum(len(document.notes) for document in model.documents)
    fields: list[tuple[str, Any]] = [
        ("schema_version", SCHEMA_VERSION),
        ("tool", {"name": "citecheck", "version": __version__}),
        ("checked_at", report.checked_at),
        ("inputs", list(report.inputs)),
        ("web_checked", report.web_checked),
        ("summary", {"notes": notes, "works": len(model.works), "findings": report.counts()}),
        ("notes", _notes(report)),
        ("works", _works(report)),
        ("findings", _findings(report)),
    ]
    if report.web_checked:
        cited = _citing_notes(report)
        fields.append(("links", ({**_plain(r), "notes": cited.get(url, [])} for url, r in report.links.items())))
        fields.append(("dois", ({**_plain(r), "notes": cited.get(doi, [])} for doi, r in report.dois.items())))
    return fields


def _citing_notes(report: Report) -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for resolved in report.model.citations:
        for identifier in [u.raw for u in resolved.citation.urls] + list(resolved.citation.dois):
            labels = cited.setdefault(identifier, [])
            if label(resolved.citation.note) not in labels:
                labels.append(label(resolved.citation.note))
    return cited


def render(report: Report) -> str:
    """The report as indented JSON."""
    return "".join(chunks(report))


_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)


def _indented(value: Any, depth: int) -> str:
    """`value` as the encoder writes it this deep in the report (JSON strings hold no line break: each one in
    the encoder's text starts a line, to be indented further)."""
    return _ENCODER.encode(value).replace("\n", "\n" + "  " * depth)


def chunks(report: Report) -> Iterator[str]:
    """The report as indented JSON (as `json.dumps` with an indent of 2 writes it), a piece at a time: each note,
    citation, work and finding is made and written in turn, so a long report (180,000 notes make some 180 MB of
    JSON) is never held whole, as text or as data."""
    yield from _streamed(dict(_fields(report)), 0)
    yield "\n"


def _streamed(value: Any, depth: int) -> Iterator[str]:
    """`value` as `json.dumps` with an indent of 2 writes it this deep; an iterator in it (at any depth) is
    written as a list, an item at a time, and what holds none is written whole."""
    indent = "\n" + "  " * (depth + 1)
    if isinstance(value, Iterator) or (isinstance(value, list) and _holds_iterator(value)):
        empty = True
        for item in value:
            yield ("[" if empty else ",") + indent
            yield from _streamed(item, depth + 1)
            empty = False
        yield "[]" if empty else indent[:-2] + "]"
    elif isinstance(value, dict) and _holds_iterator(value):
        for number, (name, item) in enumerate(value.items()):
            yield ("{" if number == 0 else ",") + indent + _ENCODER.encode(name) + ": "
            yield from _streamed(item, depth + 1)
        yield indent[:-2] + "}"
    else:
        yield _indented(value, depth)


def _holds_iterator(value: Any) -> bool:
    """Whether an iterator is in `value`, at any depth (without reading it)."""
    if isinstance(value, Iterator):
        return True
    if isinstance(value, dict):
        return any(_holds_iterator(item) for item in value.values())
    return isinstance(value, list) and any(_holds_iterator(item) for item in value)
