"""The extension point: another project's codes, checks, readers and URL sources, without citecheck knowing it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from citecheck.codes import CORE_CODES, Code
from citecheck.config import CheckerConfig, load_config
from citecheck.errors import ConfigError
from citecheck.extensions import Registry, core_registry, default_registry
from citecheck.model import Finding, Location, Model, Severity
from citecheck.pipeline import build_report
from citecheck.read import Claimed, read_chapters
from citecheck.report.sarif_report import render as sarif
from citecheck.web.records import WebOptions

NOTE_CODE = Code("house-style", Severity.WARNING, "a note that breaks the house style", "house")


def long_notes(model: Model) -> Iterator[Finding]:
    """An extension's check: notes longer than the house style allows."""
    for document in model.documents:
        for note in document.notes:
            if len(note.text) > 40:
                yield Finding(NOTE_CODE.name, NOTE_CODE.severity, "a long note", note.location, notes=(note.label,))


def chapters_file(path: Path) -> Claimed | None:
    """An extension's reader: a `.chapters` file lists the chapter files of one text, in order."""
    if path.suffix != ".chapters":
        return None
    files = [path.parent / line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Claimed(tuple(read_chapters(str(path), files)))


def register(registry: Registry) -> None:
    registry.add_code(NOTE_CODE)
    registry.add_check("house", long_notes)
    registry.add_reader(chapters_file)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "b.md").write_text("Later.[^2]\n\n[^2]: Ibid., 9.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "First.[^1]\n\n[^1]: Jane Roe, *A Very Long Book Title of Things* (London: Press, 2020), 4.\n",
        encoding="utf-8",
    )
    (tmp_path / "book.chapters").write_text("a.md\nb.md\n", encoding="utf-8")
    return tmp_path / "book.chapters"


def test_an_extension_adds_a_reader_a_code_and_a_check(book: Path) -> None:
    registry = core_registry().use(register)
    report = build_report([book], CheckerConfig(), registry=registry)
    (document,) = report.model.documents
    assert [Path(f).name for f in document.files] == ["a.md", "b.md"]  # the reader's order, not the names'
    (ibid,) = report.model.citations_of(document.notes[1].key)
    assert ibid.antecedent == document.notes[0].key
    assert [(f.code, f.notes) for f in report.findings if f.code == "house-style"] == [("house-style", ("1",))]
    assert "house-style" in report.codes
    assert '"id": "house-style"' in sarif(report)


def test_without_the_extension_its_code_is_unknown(book: Path, tmp_path: Path) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text('select = ["house-style"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown code 'house-style'"):
        load_config(config, core_registry().codes)
    assert load_config(config, core_registry().use(register).codes).select == ("house-style",)


def test_a_code_or_family_registered_twice_is_an_error() -> None:
    registry = core_registry()
    with pytest.raises(ConfigError, match="registered twice"):
        registry.add_code(CORE_CODES["ibid-first"])
    with pytest.raises(ConfigError, match="registered twice"):
        registry.add_check("ibid", long_notes)


def test_an_identifier_source_adds_urls_to_the_web_checks(tmp_path: Path) -> None:
    essay = tmp_path / "essay.md"
    essay.write_text("Text.[^1]\n\n[^1]: A note without a link.\n", encoding="utf-8")
    registry = core_registry()
    registry.add_identifier_source(lambda model: [("see http://127.0.0.1:9/extra", Location("extra.yml", 3))])
    report = build_report([essay], CheckerConfig(), WebOptions(cache_dir=None, timeout=2), registry=registry)
    assert list(report.links) == ["http://127.0.0.1:9/extra"]
    (finding,) = [f for f in report.findings if f.subject == "http://127.0.0.1:9/extra"]
    assert finding.code == "url-unchecked" and str(finding.location) == "extra.yml:3"


def test_the_installed_edition_registers_through_the_entry_point() -> None:
    edition_codes = {"annotation-unanchored", "annotation-ambiguous", "annotation-invalid"}
    assert edition_codes <= set(default_registry().codes)
    assert not edition_codes & set(core_registry().codes)
    assert "annotations" in default_registry().checks
