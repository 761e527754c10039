"""Checking an annotation file's fields: required keys, known type, ISO date, sources, id.

Where the quotation stands in the text is ``anchor``'s job; this module only
needs the file.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from pakistan_russia_edition.annotations.model import INVALID, Annotation, AnnotationProblem, Settings
from pakistan_russia_edition.annotations.parse import Draft, Value

REQUIRED = ("exact", "type", "author", "created")
OPTIONAL = ("id", "prefix", "suffix", "page", "note", "sources")
KNOWN = REQUIRED + OPTIONAL

#: Text of annotations/_template.md that must not survive into an annotation.
TEMPLATE_BODY = "Write the annotation here"
TEMPLATE_SOURCE = "https://example.org/a-page-that-supports-the-annotation"

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DOI = re.compile(r"(?:doi:\s*)?(10\.\d{4,9}/\S+)", re.IGNORECASE)


def source_href(source: str) -> str:
    """The link of a source: a URL as given, a DOI as ``https://doi.org/…``."""
    doi = _DOI.fullmatch(source)
    return f"https://doi.org/{doi.group(1)}" if doi else source


def is_source(source: str) -> bool:
    """An http(s) URL with a host, or a DOI (``10.1234/abc``, ``doi:10.1234/abc``)."""
    if _DOI.fullmatch(source):
        return True
    parts = urlsplit(source)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in source


def derived_id(path: Path) -> str:
    """The id an annotation gets from its file name (``rosatom.md`` → ``rosatom``)."""
    return path.stem


def check_draft(draft: Draft, settings: Settings) -> Annotation | list[AnnotationProblem]:
    """The annotation a draft describes, or every problem with its fields."""
    problems = list(draft.problems)
    if problems:
        return problems
    path, fields = draft.path, draft.fields

    def problem(line: int, message: str, suggestion: str | None = None) -> None:
        problems.append(AnnotationProblem(INVALID, path, line, message, suggestion))

    for key, given in fields.items():
        if key not in KNOWN:
            close = difflib.get_close_matches(key, KNOWN, n=1)
            problem(
                given.line,
                f"unknown field '{key}'",
                f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(KNOWN)}",
            )
    for key in REQUIRED:
        if key not in fields or (fields[key].value in (None, "", ()) and not fields[key].is_mapping):
            line = fields[key].line if key in fields else 1
            problem(line, f"missing field '{key}'", _REQUIRED_HELP[key])

    text: dict[str, str] = {}
    for key in ("exact", "type", "author", "created", "id", "prefix", "suffix", "page", "note"):
        value = fields.get(key)
        if value is None:
            continue
        if value.is_mapping or isinstance(value.value, tuple):
            problem(value.line, f"'{key}' must be text, not a list or a mapping")
            continue
        if value.value is not None:
            text[key] = value.value

    if text.get("exact", "x").strip() == "" and "exact" in fields:
        problem(fields["exact"].line, "'exact' is empty")
    kind = text.get("type")
    if kind is not None and kind not in settings.type_names:
        close = difflib.get_close_matches(kind, settings.type_names, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problem(
            fields["type"].line,
            f"unknown type '{kind}'",
            f"{hint}types: {', '.join(settings.type_names)} (set in mkdocs.yml)",
        )
    created = None
    if "created" in text:
        created = _date(text["created"])
        if created is None:
            problem(
                fields["created"].line,
                f"'created' is not an ISO date: {text['created']!r}",
                "write the date as YYYY-MM-DD, e.g. 2024-06-01",
            )
    ident = text.get("id", derived_id(path))
    if not _ID.fullmatch(ident):
        line = fields["id"].line if "id" in fields else 1
        where = "'id'" if "id" in fields else f"the file name '{path.name}' (which gives the id)"
        problem(
            line,
            f"{where} is not a valid id: {ident!r}",
            "use lower-case letters, digits and hyphens, e.g. 'rosatom-name'",
        )
    note = text.get("note")
    if note is not None and not re.fullmatch(r"[^\s\]]+", note):
        problem(fields["note"].line, f"'note' is not a note label: {note!r}", "write the number, e.g. note: 10")
    sources = _sources(fields.get("sources"), problem)
    if not draft.body.strip():
        problem(draft.body_line, "the annotation has no text after the front matter")
    elif draft.body.strip().startswith(TEMPLATE_BODY):
        problem(
            draft.body_line,
            "the annotation's text is still the template's",
            "replace it with what you have to say about the passage",
        )
    if problems or created is None:  # a missing 'created' is among the problems
        return problems
    return Annotation(
        id=ident,
        path=path,
        exact=text["exact"],
        type=text["type"],
        author=text["author"].strip(),
        created=created,
        body=draft.body.strip("\n"),
        prefix=text.get("prefix", ""),
        suffix=text.get("suffix", ""),
        page=text.get("page") or None,
        note=note,
        sources=sources,
        lines=tuple((key, value.line) for key, value in fields.items()),
    )


def duplicate_ids(annotations: Iterable[Annotation]) -> list[AnnotationProblem]:
    """A problem for every annotation whose id an earlier one (in path order) already has."""
    seen: dict[str, Annotation] = {}
    problems = []
    for annotation in sorted(annotations, key=lambda a: a.path.as_posix()):
        first = seen.setdefault(annotation.id, annotation)
        if first is not annotation:
            problems.append(
                AnnotationProblem(
                    INVALID,
                    annotation.path,
                    annotation.line_of("id"),
                    f"duplicate id '{annotation.id}' (also used by {first.path.as_posix()}:{first.line_of('id')})",
                    "give one of them another 'id', or rename the file",
                )
            )
    return problems


_REQUIRED_HELP = {
    "exact": 'quote the annotated words exactly, e.g. exact: "David Mitran"',
    "type": "e.g. type: context",
    "author": "your name, e.g. author: A. Editor",
    "created": "the date you wrote it, e.g. created: 2024-06-01",
}


def _date(text: str) -> datetime.date | None:
    if not _DATE.fullmatch(text.strip()):
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _sources(value: Value | None, problem) -> tuple[str, ...]:
    if value is None or (value.value is None and not value.is_mapping):
        return ()
    if value.is_mapping:
        problem(value.line, "'sources' must be a list of URLs or DOIs")
        return ()
    items = [value] if isinstance(value.value, str) else list(value.value or ())
    sources = []
    for item in items:
        if not isinstance(item.value, str) or not is_source(item.value.strip()):
            shown = item.value if isinstance(item.value, str) else "a list or mapping"
            problem(
                item.line,
                f"source is neither an http(s) URL nor a DOI: {shown!r}",
                "e.g. https://en.wikipedia.org/wiki/Rosatom or 10.1177/0973598421998899",
            )
            continue
        if item.value.strip() == TEMPLATE_SOURCE:
            problem(
                item.line, "the source is still the template's example", "give a real URL or DOI, or remove 'sources'"
            )
            continue
        sources.append(item.value.strip())
    return tuple(sources)
