"""The latest link report (``make check``'s JSON, ``references/linkcheck.json``), read as untrusted data.

The file is committed by editors but written from what web servers, registries and archives answered, so
nothing in it reaches the site unchecked: every field is validated against the JSON schema's types and
sizes (docs/citecheck/json-schema.md), statuses must be citecheck's, addresses must be http(s) URLs, note
labels plain labels, and codes known ones. What does not fit is left out, with one warning naming it. The
site escapes everything it shows from here besides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from citecheck.errors import InputError
from citecheck.read.files import read_text
from citecheck.web.records import LinkStatus
from pakistan_russia_edition.finding_text import Item

MAX_REPORT_BYTES = 20_000_000
MAX_TEXT = 4_000
"""Longest message, suggestion or URL kept."""
_LABEL = re.compile(r"[\w.-]{1,32}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_STATUSES = frozenset(status.value for status in LinkStatus)


@dataclass(frozen=True, slots=True)
class LinkHealth:
    """One URL's last verdict."""

    url: str
    status: str
    """One of citecheck's link statuses (anything else is read as ``unchecked``)."""
    checked_on: str = ""
    """The day of the check, ``YYYY-MM-DD``, or empty."""
    archived_url: str | None = None
    """An http(s) address of an archived copy, if the report gives one."""


@dataclass(frozen=True)
class LinkReport:
    """What the site uses of a link report, every value validated."""

    checked_at: datetime | None
    web_checked: bool
    links: Mapping[str, LinkHealth] = field(default_factory=dict)
    findings: tuple[Item, ...] = ()
    """The report's findings of known codes."""


def http_url(value: object) -> str | None:
    """The value when it is an http(s) URL with a host (and of sensible length); else None."""
    if not isinstance(value, str) or len(value) > MAX_TEXT or any(c in value for c in "\0\r\n\t <>\"'`"):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.hostname else None


def _text(value: object) -> str:
    return value[:MAX_TEXT] if isinstance(value, str) else ""


def _labels(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value[:1000] if isinstance(v, str) and _LABEL.fullmatch(v))


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _link(data: object) -> LinkHealth | None:
    if not isinstance(data, dict) or (url := http_url(data.get("url"))) is None:
        return None
    status = data.get("status")
    day = data.get("checked_at")
    return LinkHealth(
        url=url,
        status=status if isinstance(status, str) and status in _STATUSES else LinkStatus.UNCHECKED.value,
        checked_on=day[:10] if isinstance(day, str) and _DAY.match(day[:10]) else "",
        archived_url=http_url(data.get("archived_url")),
    )


def _finding(data: object, codes: Collection[str]) -> Item | None:
    if not isinstance(data, dict) or data.get("code") not in codes:
        return None
    severity = data.get("severity")
    line = data.get("line")
    subject = data.get("subject")
    return Item(
        code=str(data["code"]),
        severity=severity if severity in ("error", "warning", "info") else "info",
        message=_text(data.get("message")),
        notes=_labels(data.get("notes")),
        related=_labels(data.get("related")),
        suggestion=_text(data.get("suggestion")),
        baselined=data.get("baselined") is True,
        subject=_text(subject) if http_url(subject) or (isinstance(subject, str) and subject.startswith("10.")) else "",
        path=_text(data.get("path")),
        line=line if isinstance(line, int) and not isinstance(line, bool) and 0 <= line < 10_000_000 else 0,
    )


def parse_link_report(
    data: object, codes: Collection[str], elsewhere: Collection[str] = ()
) -> tuple[LinkReport | None, list[str]]:
    """The report from its JSON value, and what was left out of it (one line per kind of problem).

    ``codes``: the findings kept (the web checks'); ``elsewhere``: codes the build reports itself (the offline
    checks', from the pages as they are now), left out without a word."""
    if not isinstance(data, dict):
        return None, ["the report is not a JSON object"]
    left_out: list[str] = []
    links: dict[str, LinkHealth] = {}
    raw_links = data.get("links", [])
    for raw in raw_links if isinstance(raw_links, list) else []:
        link = _link(raw)
        if link is None:
            left_out.append("a link entry without a valid http(s) URL")
        else:
            links[link.url] = link
    findings: list[Item] = []
    raw_findings = data.get("findings", [])
    for raw in raw_findings if isinstance(raw_findings, list) else []:
        if isinstance(raw, dict) and isinstance(raw.get("code"), str) and raw["code"] in elsewhere:
            continue
        item = _finding(raw, codes)
        if item is None:
            left_out.append("a finding of an unknown code or shape")
        else:
            findings.append(item)
    checked_at = _when(data.get("checked_at"))
    if checked_at is None and "checked_at" in data:
        left_out.append("an invalid checked_at date")
    report = LinkReport(checked_at, data.get("web_checked") is True, links, tuple(findings))
    return report, list(dict.fromkeys(left_out))


def read_link_report(
    path: Path,
    codes: Collection[str],
    elsewhere: Collection[str],
    warn: Callable[[str], None],
    note: Callable[[str], None],
) -> LinkReport | None:
    """The validated report at ``path`` (``codes``, ``elsewhere``: as `parse_link_report` takes them); None (with
    a warning) when it is missing or unusable.

    What was left out of a readable report is ``note``d, not warned about: it comes from what web servers
    answered, and must not stop a strict build.
    """
    if not path.is_file():
        return None
    try:
        data: Any = json.loads(read_text(path, str(path), max_bytes=MAX_REPORT_BYTES))
    except InputError as error:
        warn(f"edition: {error}; the site shows no link health")
        return None
    except (ValueError, RecursionError) as error:
        warn(f"edition: {path} is not valid JSON ({type(error).__name__}); the site shows no link health")
        return None
    report, left_out = parse_link_report(data, codes, elsewhere)
    for problem in left_out:
        note(f"edition: {path}: left out {problem}")
    return report
