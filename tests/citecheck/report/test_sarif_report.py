"""SARIF 2.1.0: the structure GitHub code scanning reads."""

from __future__ import annotations

import json
from pathlib import Path

from citecheck.extensions import default_registry

LEVELS = {"none", "note", "warning", "error"}


def test_sarif_structure(cli, fixtures: Path) -> None:
    result = cli(
        fixtures / "codes" / "ibid-malformed.md",
        fixtures / "codes" / "source-irregular.txt",
        "--offline",
        "--format",
        "sarif",
    )
    assert result.status == 0  # warnings and a notice only
    log = json.loads(result.out)
    assert log["version"] == "2.1.0"
    assert "sarif-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "citecheck" and driver["version"]
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == list(default_registry().codes)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in LEVELS
    results = run["results"]
    assert len(results) == 5
    for item in results:
        assert item["ruleId"] in rule_ids
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
        assert item["level"] in LEVELS
        assert item["message"]["text"]
        (location,) = item["locations"]
        physical = location["physicalLocation"]
        assert "\\" not in physical["artifactLocation"]["uri"]
        assert isinstance(physical["region"]["startLine"], int) and physical["region"]["startLine"] >= 1
    malformed = [r for r in results if r["ruleId"] == "ibid-malformed"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in malformed] == [4, 5, 6, 7]
    assert all(r["level"] == "warning" for r in malformed)
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("ibid-malformed.md")
        for r in malformed
    )
    assert "Suggestion: Ibid." in malformed[0]["message"]["text"]
    (notice,) = [r for r in results if r["ruleId"] == "source-irregular"]
    assert notice["level"] == "note"
    fingerprints = [r["partialFingerprints"]["citecheck/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_with_no_findings(cli, fixtures: Path) -> None:
    log = json.loads(cli(fixtures / "codes" / "markers-ok.md", "--offline", "--format", "sarif").out)
    assert log["runs"][0]["results"] == []
