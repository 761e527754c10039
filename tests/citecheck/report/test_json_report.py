"""The JSON report: notes with their citations, works, and findings, consistent with each other."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.report import Report, json_report


@pytest.fixture
def report(cli, fixtures: Path) -> dict:
    result = cli(
        fixtures / "codes" / "ibid-mismatch.md",
        fixtures / "codes" / "repeated-full-citation.md",
        "--offline",
        "--format",
        "json",
    )
    assert result.status == 1
    return result.json()


def test_top_level(report: dict) -> None:
    assert {"schema_version", "tool", "checked_at", "inputs", "summary", "notes", "works", "findings"} <= set(report)
    assert report["tool"]["name"] == "citecheck"
    assert report["web_checked"] is False
    assert report["summary"]["notes"] == len(report["notes"]) == 7
    assert report["summary"]["works"] == len(report["works"])
    severities = [f["severity"] for f in report["findings"]]
    assert report["summary"]["findings"] == {s: severities.count(s) for s in ("error", "warning", "info")}


def test_notes(report: dict) -> None:
    mismatch = [n for n in report["notes"] if n["document"].endswith("ibid-mismatch.md")]
    assert [(n["label"], n["line"]) for n in mismatch] == [("1", 3), ("2", 4), ("3", 5)]
    for note in report["notes"]:
        assert {"label", "document", "line", "text", "citations", "works"} <= set(note)
    ibid = mismatch[2]["citations"][0]
    assert (ibid["kind"], ibid["antecedent"]) == ("ibid", "2")
    assert ibid["work"] == mismatch[1]["citations"][0]["work"]
    assert mismatch[0]["citations"][0]["kind"] == "full"
    assert mismatch[0]["citations"][0]["antecedent"] is None
    assert mismatch[0]["works"] == [mismatch[0]["citations"][0]["work"]]


def test_works(report: dict) -> None:
    ids = [w["id"] for w in report["works"]]
    assert len(ids) == len(set(ids))  # unique across both documents
    roe = [w for w in report["works"] if w["title"] == "A Study of Things"]
    assert len(roe) == 2  # one per file: each named file is a document of its own
    repeated = next(w for w in roe if w["notes"] == ["1", "3", "4"])
    assert repeated["urls"] == ["https://example.org/articles/study"]
    assert repeated["dois"] == []
    assert repeated["first_full_citation"] == "1"
    assert repeated["normalized"] == {"authors": ["roe"], "title": "study of things", "year": "2020"}
    cited = {w for n in report["notes"] for w in n["works"]}
    assert cited == set(ids)


def test_findings(report: dict) -> None:
    for finding in report["findings"]:
        assert {"code", "severity", "notes", "related", "document", "path", "line", "message", "suggestion"} <= set(
            finding
        )
    repeated = [f for f in report["findings"] if f["code"] == "repeated-full-citation"]
    assert [(f["notes"], f["related"], f["line"], f["suggestion"]) for f in repeated] == [
        (["3"], ["1"], 5, "Roe, 'A Study of Things'."),
        (["4"], ["1"], 6, "Roe, 'A Study of Things'."),
    ]
    assert all(f["document"].endswith("repeated-full-citation.md") for f in repeated)
    mismatch = next(f for f in report["findings"] if f["code"] == "ibid-mismatch")
    assert (mismatch["severity"], mismatch["notes"], mismatch["related"]) == ("error", ["3"], ["2"])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


def _lazy(value: Any) -> Any:
    """The value with each list an iterator, as the report gives its long lists."""
    if isinstance(value, list):
        return iter([_lazy(item) for item in value])
    if isinstance(value, dict):
        return {key: _lazy(item) for key, item in value.items()}
    return value


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=6))
def test_streamed_json_is_written_as_json_dumps_writes_it(value: dict) -> None:
    """Lists given as iterators, at any depth, are written item by item into the same text (line breaks and
    separators in strings included)."""
    assert "".join(json_report._streamed(_lazy(value), 0)) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_report_interrupted_while_it_is_written_leaves_the_file_as_it_was(
    cli, fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON report is written in pieces into a temporary file, renamed over the output only when whole."""
    output = tmp_path / "report.json"
    output.write_text('{"previous": true}\n', encoding="utf-8")

    def interrupted(report: Report) -> Iterator[dict[str, Any]]:
        yield {"code": "first"}
        raise KeyboardInterrupt

    monkeypatch.setattr(json_report, "_findings", interrupted)
    result = cli(fixtures / "codes" / "ibid-first.md", "--offline", "--format", "json", "--output", output)
    assert result.status == 130
    assert output.read_text(encoding="utf-8") == '{"previous": true}\n'
    assert [path.name for path in tmp_path.iterdir() if path.name != "cwd"] == ["report.json"]


def test_a_note_of_many_citations_is_written_a_citation_at_a_time_as_a_short_one_is_whole(cli, tmp_path: Path) -> None:
    """Past 1,000 citations a note's list is streamed; the JSON reads the same either way."""
    many = "; ".join(f"Roe{i} Jane, *Title {i}* (London: Press, 2020), {i}" for i in range(1_001))
    path = tmp_path / "many.md"
    path.write_text(f"Text.[^1] More.[^2]\n\n[^1]: {many}.\n[^2]: Ibid., 3.\n", encoding="utf-8")
    notes = cli(path, "--offline", "--format", "json").json()["notes"]
    assert [len(note["citations"]) for note in notes] == [1_001, 1]
    assert notes[0]["citations"][1000]["text"].startswith("Roe1000 Jane")
    assert notes[0]["works"] == [c["work"] for c in notes[0]["citations"]]
    assert notes[1]["citations"][0]["antecedent"] == "1"
