"""The import graph runs one way: each stage of citecheck's pipeline imports only the stages before it.

docs/citecheck/architecture.md describes the same layers; this test is what keeps them true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tools" / "citecheck" / "src" / "citecheck"
EDITION = ROOT / "tools" / "edition" / "src" / "pakistan_russia_edition"

LAYERS: list[set[str]] = [
    {"citecheck", "citecheck.errors", "citecheck.atomic"},
    {"citecheck.model"},
    {"citecheck.codes"},
    {"citecheck.notes"},
    {"citecheck.read"},
    {"citecheck.resolve"},
    {"citecheck.checks"},
    {"citecheck.extensions", "citecheck.config", "citecheck.baseline"},
    {"citecheck.web"},
    {"citecheck.report"},
    {"citecheck.pipeline"},
    {"citecheck.fix"},
    {"citecheck.progress", "citecheck.cli", "citecheck.__main__"},
]
"""Module groups in pipeline order: a module may import its own group and the groups above it."""

FORBIDDEN_IN_CITECHECK = {"pakistan_russia_edition", "mkdocs", "material", "markdown", "nh3", "yaml"}
"""The edition and its site tools: citecheck runs without any of them."""


def module_name(path: Path, root: Path, package: str) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def imports(path: Path) -> set[str]:
    """Every module a file imports (absolute names; citecheck uses no relative imports)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module or "")
    return found


def layer_of(module: str) -> int:
    """The index of the most specific group that contains the module."""
    best = (-1, -1)
    for index, group in enumerate(LAYERS):
        for prefix in group:
            if module == prefix or module.startswith(prefix + "."):
                best = max(best, (len(prefix), index))
    assert best[1] >= 0, f"{module} belongs to no layer: add it to LAYERS and to docs/citecheck/architecture.md"
    return best[1]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_each_module_imports_only_earlier_stages(path: Path) -> None:
    module = module_name(path, PACKAGE, "citecheck")
    own = layer_of(module)
    later = sorted(name for name in imports(path) if name.split(".")[0] == "citecheck" and layer_of(name) > own)
    assert not later, f"{module} (stage {own}) imports later stages: {later}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_citecheck_imports_nothing_of_the_edition(path: Path) -> None:
    assert not {name.split(".")[0] for name in imports(path)} & FORBIDDEN_IN_CITECHECK


def test_only_the_http_module_imports_requests() -> None:
    users = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in MODULES
        if {name.split(".")[0] for name in imports(path)} & {"requests", "urllib3"}
    )
    assert users == ["web/http.py"]


def test_the_edition_depends_on_citecheck_and_not_the_reverse() -> None:
    edition_imports = {name for path in EDITION.rglob("*.py") for name in imports(path)}
    assert any(name.startswith("citecheck.") for name in edition_imports)
    assert not any(name.split(".")[0] == "pakistan_russia_edition" for path in MODULES for name in imports(path))


def test_the_layers_name_every_package() -> None:
    packages = {module_name(p, PACKAGE, "citecheck") for p in PACKAGE.rglob("__init__.py")}
    named = {prefix for group in LAYERS for prefix in group}
    assert packages <= named
