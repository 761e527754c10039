"""The JSON report (schema: docs/citecheck/json-schema.md)."""

from __future__ import annotations

import io
import json
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


def as_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    model = report.model
    notes = []
    for document in model.documents:
        for note in document.notes:
            citations = model.citations_of(note.key)
            notes.append(
                {
                    "label": note.label,
                    "document": document.name,
                    "path": note.location.path,
                    "line": note.location.line,
                    "paragraph": note.location.paragraph,
                    "page": note.location.page,
                    "text": note.text,
                    "citations": [
                        {
                            "kind": c.citation.kind.value,
                            "text": c.citation.text,
                            "style": c.citation.style.value,
                            "work": c.work,
                            "antecedent": label(c.antecedent) or None,
                            "locator": c.citation.locator or None,
                        }
                        for c in citations
                    ],
                    "works": model.works_of(note.key),
                }
            )
    works = [
        {
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
        for w in model.works
    ]
    findings = [
        {
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
            "fix": fix_data(model, f),
        }
        for f in report.findings
    ]
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "citecheck", "version": __version__},
        "checked_at": report.checked_at,
        "inputs": list(report.inputs),
        "web_checked": report.web_checked,
        "summary": {"notes": len(notes), "works": len(works), "findings": report.counts()},
        "notes": notes,
        "works": works,
        "findings": findings,
    }
    if report.web_checked:
        cited = _citing_notes(report)
        data["links"] = [{**_plain(r), "notes": cited.get(url, [])} for url, r in report.links.items()]
        data["dois"] = [{**_plain(r), "notes": cited.get(doi, [])} for doi, r in report.dois.items()]
    return data


def _citing_notes(report: Report) -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for resolved in report.model.citations:
        for identifier in [u.raw for u in resolved.citation.urls] + list(resolved.citation.dois):
            labels = cited.setdefault(identifier, [])
            if label(resolved.citation.note) not in labels:
                labels.append(label(resolved.citation.note))
    return cited


def render(report: Report) -> str:
    """The report as indented JSON.

    Written chunk by chunk into one buffer: with an indent, `json.dumps` joins a list of every chunk (millions of
    small strings for a large report, ten times the size of the text they make).
    """
    out = io.StringIO()
    for chunk in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(as_dict(report)):
        out.write(chunk)
    out.write("\n")
    return out.getvalue()
