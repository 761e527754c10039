"""The YAML alias bomb of issue 14 (group 7) in an annotation of a real project.

A few hundred bytes of anchors and aliases expand to gigabytes when a YAML loader builds them. ``mkdocs build``
and citecheck's project mode read the same annotation files through the same parser, which refuses anchors and
aliases on the event stream, before anything is built: each run ends with the bomb named as one problem and
the rest of the project checked as before, in a subprocess whose peak memory is measured.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from annotation_project import write_annotation

from peak_memory import run_module
from site_builds import UNPUBLISHED

LIMIT_SECONDS = 120
"""A run that has not ended by then has failed (the bomb, expanded, took minutes and all the machine's memory)."""
MEMORY_LIMIT_KB = 200 * 1024
PROBLEM = "annotations/bomb.md:2: annotation-invalid: front matter uses a YAML anchor or alias"


def bomb(levels: int) -> str:
    """Front matter whose last key expands to 9**levels strings."""
    names = [chr(ord("a") + i) for i in range(levels)]

    def nine(item: str) -> str:
        return "[" + ", ".join([item] * 9) + "]"

    lines = [f"{names[0]}: &{names[0]} " + nine('"lol"')]
    lines += [f"{name}: &{name} " + nine(f"*{before}") for before, name in itertools.pairwise(names)]
    lines.append("last: " + nine(f"*{names[-1]}"))
    return "\n".join(lines) + '\nexact: "Pakistan"\ntype: context\nauthor: A. Editor\ncreated: 2024-06-01'


def mkdocs_build(project: Path) -> tuple[str, int, int]:
    """``mkdocs build --strict`` of a local build: its stderr, exit status and peak memory (KiB)."""
    env = {k: v for k, v in os.environ.items() if k not in UNPUBLISHED} | {"NO_MKDOCS_2_WARNING": "1"}
    result, peak = run_module(
        "mkdocs", "build", "--strict", "--site-dir", str(project / "site"), cwd=project, env=env, timeout=LIMIT_SECONDS
    )
    return result.stderr, result.returncode, peak


def citecheck_findings(project: Path) -> tuple[list[tuple[str, str, int]], str, int]:
    """citecheck's project mode, offline: its findings (code, path, line), stderr and peak memory (KiB)."""
    result, peak = run_module("citecheck", ".", "--offline", "--format", "json", cwd=project, timeout=LIMIT_SECONDS)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    return [(f["code"], f["path"], f["line"]) for f in findings], result.stderr, peak


@pytest.mark.parametrize("levels", [6, 9], ids=["six-levels", "nine-levels"])
def test_mkdocs_build_names_an_alias_bomb_without_expanding_it(project: Path, levels: int) -> None:
    write_annotation(project, "bomb", bomb(levels))
    stderr, returncode, peak = mkdocs_build(project)
    assert returncode != 0
    assert "1 invalid annotation:" in stderr and PROBLEM in stderr, stderr  # the others are valid, as before
    assert "Traceback" not in stderr
    assert peak < MEMORY_LIMIT_KB, f"peak {peak / 1024:.0f} MB"


def test_citecheck_reports_an_alias_bomb_as_one_finding_and_the_rest_as_before(project: Path) -> None:
    before, _, _ = citecheck_findings(project)
    write_annotation(project, "bomb", bomb(9))
    after, stderr, peak = citecheck_findings(project)
    assert sorted(after) == sorted([*before, ("annotation-invalid", "annotations/bomb.md", 2)])
    assert "Traceback" not in stderr
    assert peak < MEMORY_LIMIT_KB, f"peak {peak / 1024:.0f} MB"
