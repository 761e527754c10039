"""ruff (lint and format) and mypy, as configured in pyproject.toml, are clean: the test command keeps them so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_TREES = ["tools", "tests", "benchmarks"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-cache", *PYTHON_TREES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing() -> None:
    result = run("ruff", "format", "--check", "--no-cache", *PYTHON_TREES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    result = run("mypy", "--cache-dir", "/dev/null" if sys.platform != "win32" else "nul")
    assert result.returncode == 0, result.stdout + result.stderr
