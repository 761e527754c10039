"""A baseline of acknowledged findings: written whole, reasons kept, matched across runs, never failing a run."""

from __future__ import annotations

import json
from pathlib import Path

PAPER = """A claim.[^1] Another.[^2] A third.[^3]

[^1]: Ann Author, 'A Full Title', *Journal* 2 (2020): 1-9, <https://example.org/a>.
[^2]: Ann Author, 'A Full Title', *Journal* 2 (2020): 1-9, <https://example.org/a>.
[^3]: Ibid;
"""


def write(folder: Path, text: str = PAPER) -> Path:
    path = folder / "paper.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_write_then_use_a_baseline(cli, tmp_path):
    paper = write(tmp_path)
    baseline = tmp_path / "baseline.json"
    first = cli(paper, "--offline", "--fail-on", "warning")
    assert first.status == 1
    written = cli(paper, "--offline", "--write-baseline", baseline, "--reason", "kept from the original")
    assert "wrote 2 acknowledged findings" in written.err
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert {(f["code"], tuple(f["notes"])) for f in data["findings"]} == {
        ("repeated-full-citation", ("2",)),
        ("ibid-malformed", ("3",)),
    }
    assert all(f["reason"] == "kept from the original" for f in data["findings"])

    clean = cli(paper, "--offline", "--baseline", baseline, "--fail-on", "warning", "--format", "json")
    assert clean.status == 0
    report = clean.json()
    assert report["summary"]["findings"] == {"error": 0, "warning": 0, "info": 0}
    assert {f["code"]: f["baselined"] for f in report["findings"]} == {
        "repeated-full-citation": True,
        "ibid-malformed": True,
    }


def test_a_new_finding_is_not_covered_and_reasons_survive_a_rewrite(cli, tmp_path):
    paper = write(tmp_path)
    baseline = tmp_path / "baseline.json"
    cli(paper, "--offline", "--write-baseline", baseline)
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["findings"][0]["reason"] = "an editor's own words"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    paper.write_text(
        PAPER.replace("A third.[^3]", "A third.[^3] A fourth.[^4]")
        + "[^4]: Bo Other, 'Unrelated', *Site*, 2021, doi:10.12/bad.\n",
        encoding="utf-8",
    )
    result = cli(paper, "--offline", "--baseline", baseline, "--format", "json")
    assert result.status == 1
    fresh = [f for f in result.json()["findings"] if not f["baselined"]]
    assert [(f["code"], f["notes"]) for f in fresh] == [("doi-invalid", ["4"])]
    cli(paper, "--offline", "--baseline", baseline, "--write-baseline", baseline)
    rewritten = json.loads(baseline.read_text(encoding="utf-8"))
    assert "an editor's own words" in [f["reason"] for f in rewritten["findings"]]
    assert len(rewritten["findings"]) == 3


def test_bad_baselines_are_clear_errors(cli, tmp_path):
    paper = write(tmp_path)
    missing = cli(paper, "--offline", "--baseline", tmp_path / "none.json")
    assert missing.status == 2 and "none.json: no such baseline file" in missing.err
    broken = tmp_path / "broken.json"
    broken.write_text('{"findings": [\n  {"code": "x",}\n]}', encoding="utf-8")
    result = cli(paper, "--offline", "--baseline", broken)
    assert result.status == 2 and "broken.json:2: not valid JSON" in result.err
    unexplained = tmp_path / "unexplained.json"
    unexplained.write_text('{"findings": [{"code": "ibid-malformed", "notes": ["3"]}]}', encoding="utf-8")
    result = cli(paper, "--offline", "--baseline", unexplained)
    assert result.status == 2 and "one-line 'reason'" in result.err
    assert "Traceback" not in result.err
