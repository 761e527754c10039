"""The site's view of citecheck's model: note aids, generated reference pages, downloads, build-time checks.

The edition plugin calls one `ReferenceLayer` from its hooks; all citation knowledge comes from
citecheck (one parser, one model), so the site and the checker cannot disagree.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from citecheck.config import load_config
from citecheck.errors import CitecheckError
from citecheck.extensions import core_registry
from citecheck.model import Severity
from citecheck.pipeline import build_report
from citecheck.read import inputs
from citecheck.report import Report
from pakistan_russia_edition.exports import bibtex, csl_json, edition_entry, ris
from pakistan_russia_edition.finding_text import Item, SharedWork
from pakistan_russia_edition.link_report import LinkReport, read_link_report
from pakistan_russia_edition.mkdocs_project import project
from pakistan_russia_edition.note_aids import NoteAid, aid_html, note_aids, shared_work
from pakistan_russia_edition.reference_pages import bibliography_markdown, health_markdown

log = logging.getLogger("mkdocs.plugins.edition")

BIBLIOGRAPHY_PAGE = "bibliography.md"
HEALTH_PAGE = "reference-health.md"
_NOTE_ITEM = re.compile(r'(<li id="fn:(?P<label>[^"]+)"[^>]*>)(?P<body>.*?)(</li>)', re.DOTALL)
_BACKREF = re.compile(r'<a class="footnote-backref"[^>]*>.*?</a>', re.DOTALL)


@dataclass
class ReferenceLayer:
    """Built once per build from the project's notes, bibliography and latest link report."""

    root: Path
    report_path: Path
    baseline: Path | None = None
    report: Report | None = None
    link_report: LinkReport | None = None
    aids: dict[str, NoteAid] | None = None
    note_pages: dict[str, str] | None = None
    date: datetime | None = None
    """The source's date (``build_info.pin_source_date``): what "now" means for this build."""
    shared: SharedWork | None = None
    """The complete short form of the work two notes share (for the findings' suggestions)."""

    def load(self, docs_dir: Path, pages: list[Path]) -> None:
        """Read the project with citecheck (offline) and the committed link report.

        ``pages``: the Markdown pages in navigation order, as MkDocs's config gives them (``nav_pages``).
        """
        # citecheck's own checks only: the annotation layer checks the annotations during the build itself.
        registry = core_registry()
        try:
            pyproject = self.root / "pyproject.toml"
            config = load_config(pyproject if pyproject.is_file() else None, registry.codes)
            baseline = self.baseline if self.baseline and self.baseline.is_file() else None
            config = replace(
                config,
                baseline=str(baseline) if baseline else None,
                select=tuple(config.selected_codes(registry.codes)),
                ignore=(),
            )
            read = project(self.root, docs_dir, pages)
            self.report = build_report(
                [self.root], config, registry=registry, inputs=inputs(read.documents, read.bib_paths, [self.root])
            )
        except CitecheckError as error:
            raise PluginError(f"citecheck: {error}") from None
        web = {name for name, code in self.report.codes.items() if code.family == "web"}
        offline = set(self.report.codes) - web
        self.link_report = read_link_report(self.report_path, web, offline, log.warning, log.info)
        self.aids = note_aids(self.report.model, self.report.findings)
        self.shared = shared_work(self.report.model)

    def new_errors(self) -> list[str]:
        """Error-severity findings not in the baseline, as `path:line: code message` lines."""
        assert self.report is not None
        return [
            f"citecheck: {f.location}: {f.code} {f.message}"
            for f in self.report.findings
            if f.severity is Severity.ERROR and not f.baselined
        ]

    def add_files(self, files: Files, config: Any) -> None:
        """The generated pages and downloads."""
        assert self.report is not None
        docs_dir = Path(config["docs_dir"]).resolve()
        self.note_pages = {}
        for document in self.report.model.documents:
            for note in document.notes:
                try:
                    src = Path(note.location.path).resolve().relative_to(docs_dir).as_posix()
                except ValueError:
                    continue
                page = files.get_file_from_path(src)
                if page is not None:
                    self.note_pages[note.label] = page.url
        model = self.report.model
        entries = list(model.bib_entries)
        generated = {
            BIBLIOGRAPHY_PAGE: bibliography_markdown(
                model, entries, self.link_report, self._url_from("bibliography/"), self.date
            ),
            HEALTH_PAGE: health_markdown(
                self.health_items(),
                self.link_report,
                self._url_from("reference-health/"),
                self.date,
                entries=entries,
                shared=self.shared or (lambda note, other: None),
                kinds={name: code.summary for name, code in self.report.codes.items()},
                bibliography_url=get_relative_url("bibliography/", "reference-health/"),
            ),
            "references.bib": "".join(Path(path).read_text(encoding="utf-8") for path in model.bib_files),
            "references.ris": ris(entries),
            "references.json": csl_json(entries),
        }
        edition = edition_entry(
            str(config["site_name"]), config["site_url"] or None, f"{self.date:%Y-%m-%d}" if self.date else None
        )
        generated |= {
            "edition.bib": bibtex(edition),
            "edition.ris": ris([edition]),
            "edition.json": csl_json([edition]),
        }
        for name, content in generated.items():
            if files.get_file_from_path(name) is None:
                files.append(File.generated(config, name, content=content))

    def health_items(self) -> list[Item]:
        """What the reference-health page lists: this build's findings (the same the ⚑ marks show) and,
        from the latest link report, the findings of the web checks, which a build does not run."""
        assert self.report is not None
        items = [Item.from_finding(f) for f in self.report.findings]
        if self.link_report and self.link_report.web_checked:
            items += self.link_report.findings  # web findings only: the report was read with those codes
        return items

    def _url_from(self, source_url: str):
        def note_url(label: str) -> str:
            page = (self.note_pages or {}).get(label)
            return get_relative_url(f"{page}#fn:{label}", source_url) if page else "#"

        return note_url

    def decorate_notes(self, html: str, page_url: str) -> str:
        """Add each note's aid (what it points to, its bibliography entry, its findings) inside the note.

        The aid follows the note's ↩ back-link, so the arrow stays at the end of the note's own words.
        """
        if not self.aids or self.shared is None:
            return html
        bibliography = get_relative_url("bibliography/", page_url)
        note_url = self._url_from(page_url)
        shared = self.shared

        def add(match: re.Match[str]) -> str:
            aid = self.aids.get(match["label"]) if self.aids else None
            extra = aid_html(aid, note_url, bibliography, shared) if aid else ""
            if not extra:
                return match.group(0)
            body = match["body"]
            backref = _BACKREF.search(body)
            body = body[: backref.end()] + extra + body[backref.end() :] if backref else body + extra
            return f"{match.group(1)}{body}{match.group(4)}"

        return _NOTE_ITEM.sub(add, html)
