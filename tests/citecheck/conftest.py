"""Shared helpers for the citecheck tests: fixture files, the library pipeline, and the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from citecheck.checks import run_checks
from citecheck.cli import main
from citecheck.codes import CORE_CODES
from citecheck.extensions import Registry, core_registry
from citecheck.model import Finding, Model, ResolvedCitation
from citecheck.read import load
from citecheck.resolve.works import build_model

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PAPER = ROOT / "references" / "original" / "paper.txt"

NOTE_FAMILIES = {"markers", "ibid", "repetition", "locators", "bibliography"}
"""The checks of the notes model; other families (web, annotations) are tested elsewhere."""
NOTE_CODES = {name for name, code in CORE_CODES.items() if code.family in NOTE_FAMILIES}


@dataclass(frozen=True)
class Analysis:
    """What the library makes of some inputs: the resolved model and every finding."""

    model: Model
    findings: list[Finding]

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def of(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]

    def citations(self, label: str, document: str | None = None) -> tuple[ResolvedCitation, ...]:
        """The resolved citations of the note with this label (in the only document, unless named)."""
        documents = [d for d in self.model.documents if document is None or d.name == document]
        keys = [n.key for d in documents for n in d.notes if n.label == label]
        assert len(keys) == 1, f"note {label} is defined {len(keys)} times"
        return self.model.citations_of(keys[0])

    def work_of(self, label: str) -> str:
        """The one work a note cites."""
        works = {c.work for c in self.citations(label)}
        assert len(works) == 1, f"note {label} cites {works}"
        return works.pop()


def analyse_paths(*paths: Path | str, registry: Registry | None = None) -> Analysis:
    """Load, resolve and check, as the command line does, with every code of the notes model selected.

    ``registry``: citecheck's own readers and checks unless given (the edition's tests pass theirs).
    """
    registry = registry or core_registry()
    inputs = load([Path(p) for p in paths], registry.readers)
    model = build_model(inputs.documents, inputs.bib_entries, inputs.bib_files, inputs.sources)
    return Analysis(model, run_checks(model, NOTE_CODES, registry.codes, registry.checks))


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return HERE / "fixtures"


@pytest.fixture(scope="session")
def analyse() -> Callable[..., Analysis]:
    return analyse_paths


@dataclass(frozen=True)
class CliResult:
    status: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., CliResult]:
    """Run `citecheck` in-process from an empty folder (so no project pyproject.toml is read)."""
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        try:
            status = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse errors and --version
            status = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    return run
