"""The documentation lists every finding code the checker has (with the edition's), with its default severity."""

from __future__ import annotations

from pathlib import Path

from citecheck.extensions import default_registry

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_is_documented_with_its_severity():
    text = (ROOT / "docs" / "citecheck" / "codes.md").read_text(encoding="utf-8")
    for code in default_registry().codes.values():  # citecheck's and the edition's
        assert f"| `{code.name}` | {code.severity.value} |" in text, f"{code.name} is not documented"
