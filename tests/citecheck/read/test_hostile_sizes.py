"""The worst inputs met so far (issue 14, group 5), at sizes where a quadratic reader took minutes.

Each case is one of the benchmark's generated files (``benchmarks/bench_hostile.py``, the one home of the
inputs) with two more notes after it: a full citation with a DOI and a marker whose note is missing. The
command runs in a subprocess with a time limit; it must end with the findings of those two notes intact,
no traceback, and a peak resident memory under 200 MB. Timing ratios belong in the benchmark.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from peak_memory import run_citecheck

LIMIT_SECONDS = 30
"""A bound each run must end within (the fixed reader takes one to six seconds; a quadratic one, minutes)."""
MEMORY_LIMIT_KB = 200 * 1024
TAIL = (
    "\n\nTail.[^sentinel] Gone.[^gone]\n\n"
    "[^sentinel]: Jane Roe, *A Study of Others* (London: Press, 2021), 5, doi:10.1000/sentinel.\n"
)
SIZES = {
    "quotes": 24_000,  # 96 KB in one note, just under the note read limit; the old scanner needed about 20 s
    "footnote-openers": 20_000,  # the old footnote_ref look-ahead needed about 70 s
    "urls": 200_000,  # the sizes: one note is read up to 100,000 characters (note-too-long)
    "dois": 300_000,
    "ibids": 25_000,
    "notes": 11_250,
}


def _cases() -> dict:
    path = Path(__file__).parents[3] / "benchmarks" / "bench_hostile.py"
    spec = importlib.util.spec_from_file_location("bench_hostile", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclass looks its module up while it is defined
    spec.loader.exec_module(module)
    return {name: make for name, (make, _) in module.CASES.items()}


CASES = _cases()


def run(path: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """`python -m citecheck PATH --offline --format json`, and its peak memory (KiB)."""
    return run_citecheck(str(path), "--offline", "--format", "json", "--quiet", timeout=LIMIT_SECONDS)


@pytest.mark.parametrize("case", sorted(SIZES))
def test_hostile_input_ends_in_bounded_time_and_memory(case: str, tmp_path: Path) -> None:
    path = tmp_path / f"{case}.md"
    path.write_text(CASES[case](SIZES[case]) + TAIL, encoding="utf-8")
    result, peak_kb = run(path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr  # findings, at least the missing note
    report = json.loads(result.stdout)
    missing = [f for f in report["findings"] if f["code"] == "undefined-note" and f["notes"] == ["gone"]]
    assert len(missing) == 1
    sentinel = [note for note in report["notes"] if note["label"] == "sentinel"]
    assert [c["kind"] for c in sentinel[0]["citations"]] == ["full"]
    work = next(w for w in report["works"] if w["id"] == sentinel[0]["works"][0])
    assert work["dois"] == ["10.1000/sentinel"]
    assert not [f for f in report["findings"] if "sentinel" in f["notes"]]
    too_long = [f["notes"] for f in report["findings"] if f["code"] == "note-too-long"]
    assert too_long == ([["1"]] if case in ("urls", "dois") else [])
    assert peak_kb < MEMORY_LIMIT_KB, f"{case}: peak {peak_kb / 1024:.0f} MB"
