"""SARIF 2.1.0, so that GitHub code scanning shows findings on pull requests."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from citecheck import __version__
from citecheck.model import Location
from citecheck.report import Report
from citecheck.report.edits import fix_data

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _manuscript_place(location: Location) -> dict[str, int]:
    """A manuscript's paragraph and page (it has no lines: the region's startLine stays 1)."""
    if not location.paragraph:
        return {}
    return {"paragraph": location.paragraph, "page": location.page}


def _artifact_changes(edits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SARIF's artifactChanges: one per file, each edit a replacement of a region (columns from 1); none when an
    edit has no place in its file (a manuscript's note)."""
    if any(edit["line"] is None for edit in edits):
        return []
    by_file: dict[str, list[dict[str, Any]]] = {}
    for edit in edits:
        region = {"startLine": edit["line"], "startColumn": edit["column"], "endLine": edit["end_line"],
                  "endColumn": edit["end_column"]}  # fmt: skip
        by_file.setdefault(edit["path"], []).append(
            {"deletedRegion": region, "insertedContent": {"text": edit["replacement"]}}
        )
    return [
        {"artifactLocation": {"uri": path.replace("\\", "/"), "uriBaseId": "%SRCROOT%"}, "replacements": replacements}
        for path, replacements in by_file.items()
    ]


def render(report: Report) -> str:
    """The report as a SARIF log with one run."""
    rules = [
        {
            "id": code.name,
            "name": code.name.replace("-", " "),
            "shortDescription": {"text": code.summary},
            "defaultConfiguration": {"level": _LEVEL[code.severity.value]},
            **({"helpUri": f"{report.help_url}#{code.name}"} if report.help_url else {}),
            "properties": {"family": code.family},
        }
        for code in report.codes.values()
    ]
    index = {code: position for position, code in enumerate(report.codes)}
    results = []
    for f in report.findings:
        fingerprint = hashlib.sha256(f"{f.code}|{f.document}|{','.join(f.notes)}|{f.message}".encode()).hexdigest()
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _LEVEL[f.severity.value],
            "message": {"text": f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.location.path.replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(f.location.line, 1)},
                    }
                }
            ],
            "partialFingerprints": {"citecheck/v1": fingerprint[:32]},
            "properties": {"notes": list(f.notes), "related": list(f.related), **_manuscript_place(f.location)},
        }
        if f.baselined:
            result["suppressions"] = [{"kind": "external", "justification": "in the citecheck baseline"}]
        fix = fix_data(report.model, f)
        changes = _artifact_changes(fix["edits"]) if fix else []
        if fix and changes:
            safety = "certain" if fix["safe"] else "changes the author's wording: review it"
            result["fixes"] = [
                {"description": {"text": f"{fix['description']} ({safety})"}, "artifactChanges": changes}
            ]
        results.append(result)
    log = {
        "$schema": _SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "citecheck",
                        "version": __version__,
                        "rules": rules,
                        **({"informationUri": report.help_url} if report.help_url else {}),
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
