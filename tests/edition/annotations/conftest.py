"""Fixtures of the annotation tests.

The built site (``built_site``), its server (``served_site``) and ``run_mkdocs_build``
come from ``tests/conftest.py``; the HTML helpers from ``tests/edition/edition_site.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from annotation_project import ROOT, copy_project

sys.path.insert(0, str(ROOT / "tests" / "edition"))  # edition_site: the edition tests' HTML helpers


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project, to edit and build."""
    return copy_project(tmp_path / "project")
