"""citecheck alone: installed from its folder into a fresh virtual environment, with nothing of the edition.

It must run where a project has an mkdocs.yml and an annotations/ folder (the edition's files, which
citecheck itself knows nothing of), offline and against a local server, without an error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[2]
CITECHECK = ROOT / "tools" / "citecheck"

pytestmark = pytest.mark.slow

ESSAY = """# An essay

A claim.[^1] Another.[^2] A third.[^3]

[^1]: Jane Roe, "A Study of Things," *Journal of Stuff* 3, no. 1 (2020): 1-10, {url}.
[^2]: Ibid., 4.
[^3]: Ibid.
"""
ANNOTATION = """---
exact: "A claim"
type: context
author: A. Editor
created: 2024-06-01
sources:
  - {url}
---
An editorial annotation of the edition's kind.
"""


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with citecheck installed from tools/citecheck, and nothing else of ours."""
    folder = tmp_path_factory.mktemp("alone")
    # A copy: pip builds in the source folder, which must stay as it is.
    source = shutil.copytree(CITECHECK, folder / "citecheck", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    home = folder / "venv"
    venv.EnvBuilder(with_pip=True).create(home)
    python = home / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return home


PAGE = "<html><head><title>A Study of Things</title></head><body><h1>A Study</h1></body></html>"


@pytest.fixture
def project(tmp_path: Path, httpserver: HTTPServer) -> Iterator[Path]:
    """A folder laid out like the edition: mkdocs.yml, docs/, annotations/, and an essay beside them."""
    httpserver.expect_request("/study").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/study")
    (tmp_path / "mkdocs.yml").write_text("site_name: A project\nplugins:\n  - edition\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(ESSAY.format(url=url), encoding="utf-8")
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "claim.md").write_text(ANNOTATION.format(url=url), encoding="utf-8")
    (tmp_path / "essay.md").write_text(ESSAY.format(url=url), encoding="utf-8")
    yield tmp_path


def run(home: Path, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(home / "bin" / "citecheck"), *args], cwd=folder, capture_output=True, text=True, timeout=120
    )


def test_nothing_of_the_edition_is_installed(alone: Path) -> None:
    probe = "import importlib.util as u; print([m for m in ('pakistan_russia_edition', 'mkdocs', 'nh3', 'yaml') if u.find_spec(m)])"
    result = subprocess.run([str(alone / "bin" / "python"), "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    codes = run(alone, ROOT, "--list-codes").stdout
    assert "ibid-mismatch" in codes and "annotation-" not in codes


@pytest.mark.parametrize("target", ["essay.md", "."])
def test_offline_in_a_project_with_annotations(alone: Path, project: Path, target: str) -> None:
    result = run(alone, project, target, "--offline", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    labels = [note["label"] for note in report["notes"]]
    assert labels[:3] == ["1", "2", "3"]
    assert all(f["code"] != "annotation-invalid" for f in report["findings"])


@pytest.mark.parametrize("target", ["essay.md", "."])
def test_online_against_a_local_server(alone: Path, project: Path, httpserver: HTTPServer, target: str) -> None:
    result = run(alone, project, target, "--allow-private", "--no-cache", "--format", "json", "--quiet")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    links = json.loads(result.stdout)["links"]
    assert {(link["url"], link["status"]) for link in links} == {(httpserver.url_for("/study"), "ok")}
    assert any(request.path == "/study" for request, _ in httpserver.log)
