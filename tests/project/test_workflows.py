"""The GitHub workflows, the pre-commit hooks and the Makefile agree with each other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def make_targets() -> set[str]:
    """The targets the Makefile defines."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):", text, flags=re.MULTILINE))


def test_there_are_ci_linkcheck_and_deploy_workflows():
    assert {path.stem for path in WORKFLOWS} >= {"ci", "linkcheck", "deploy"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_and_calls_existing_make_targets(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads the bare key `on` as True.
    assert data.get("on", data.get(True)), f"{path.name} has no trigger"
    assert data["jobs"], f"{path.name} has no jobs"
    targets = make_targets()
    called = []
    for job in data["jobs"].values():
        assert "runs-on" in job
        for step in job.get("steps", []):
            assert "uses" in step or "run" in step, f"{path.name}: a step neither uses nor runs anything"
            for target in re.findall(r"\bmake\s+([\w-]+)", step.get("run", "")):
                called.append(target)
                assert target in targets, f"{path.name} calls `make {target}`, which the Makefile lacks"
    if path.stem != "deploy":
        assert called, f"{path.name} calls no make target"


def test_ci_runs_tests_and_strict_build():
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "make test" in text and "make build" in text
    assert "--strict" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_deploy_sets_the_addresses_mkdocs_yml_reads_from_the_environment():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    build = next(s for s in data["jobs"]["build"]["steps"] if "make build" in s.get("run", ""))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key, variable in (("site_url", "EDITION_SITE_URL"), ("repo_url", "EDITION_REPO_URL")):
        assert f"{key}: !ENV [{variable}, null]" in config
        assert build["env"][variable].startswith("${{"), variable  # from the repository it runs in
    assert "github.repository" in build["env"]["EDITION_REPO_URL"]


def test_linkcheck_uploads_sarif_written_by_make_check():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "linkcheck.yml").read_text(encoding="utf-8"))
    steps = data["jobs"]["linkcheck"]["steps"]
    sarif = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"SARIF := {sarif['with']['sarif_file']}" in makefile
    assert data.get("on", data.get(True)).get("schedule"), "the link check runs on a schedule"


def test_pre_commit_hooks_run_the_console_script():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pyproject = (ROOT / "tools" / "citecheck" / "pyproject.toml").read_text(encoding="utf-8")
    assert hooks and all(hook["entry"].split()[0] == "citecheck" for hook in hooks)
    assert 'citecheck = "citecheck.cli:main"' in pyproject
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        re.compile(hook["files"])


def test_readme_quick_start_commands_are_make_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in ("serve", "test"):
        assert f"make {target}" in readme
        assert target in make_targets()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
