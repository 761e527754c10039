"""Scaling benchmark for the worst inputs citecheck has met: time and peak memory at 1×, 2× and 4× size.

Each case writes one Markdown file and runs ``python -m citecheck FILE --offline --format json`` in a
subprocess, measuring its wall time and peak resident memory (``ru_maxrss``). A linear reader keeps the
growth per doubling near 2.0; the target is at most 2.2 (issue 14). Cases (sizes at 1×):

- ``quotes``: one note of ``"'*(`` repeated (delimiters that never close);
- ``footnote-openers``: ``[^`` repeated in running text;
- ``dois``: one note citing many DOIs; ``urls``: one note citing many URLs;
- ``ibids``: many consecutive ``Ibid.`` notes after one full citation;
- ``notes``: many ordinary notes, each a full citation.

Run:  .venv/bin/python benchmarks/bench_hostile.py            (about five minutes)
      .venv/bin/python benchmarks/bench_hostile.py --markdown (also print the table for the docs)
      .venv/bin/python benchmarks/bench_hostile.py --issue-sizes (each case once at the issue's size)
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 300.0
FULL = "Jane Roe, *A Study of Things* (London: Press, 2020), {n}."


def quotes(n: int) -> str:
    return "Text.[^1]\n\n[^1]: " + "\"'*(" * n + "\n"


def footnote_openers(n: int) -> str:
    return "Text " + "[^" * n + "\n\nMore.[^1]\n\n[^1]: A note.\n"


def dois(n: int) -> str:
    return "Text.[^1]\n\n[^1]: " + "; ".join(f"doi:10.1000/item{i}" for i in range(n)) + ".\n"


def urls(n: int) -> str:
    return "Text.[^1]\n\n[^1]: " + " ".join(f"<https://example.org/item/{i}>" for i in range(n)) + "\n"


def ibids(n: int) -> str:
    markers = " ".join(f"Claim.[^{i}]" for i in range(1, n + 1))
    notes = [f"[^1]: {FULL.format(n=1)}"] + [f"[^{i}]: Ibid., {i}." for i in range(2, n + 1)]
    return markers + "\n\n" + "\n".join(notes) + "\n"


def notes(n: int) -> str:
    markers = " ".join(f"Claim.[^{i}]" for i in range(1, n + 1))
    defs = [f"[^{i}]: Author{i % 997} Name, *Title {i}* (City: Press, {1900 + i % 120}), {i}." for i in range(1, n + 1)]
    return markers + "\n\n" + "\n".join(defs) + "\n"


CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "quotes": (quotes, 5_000),
    "footnote-openers": (footnote_openers, 2_500),
    "dois": (dois, 25_000),
    "urls": (urls, 25_000),
    "ibids": (ibids, 35_000),
    "notes": (notes, 35_000),
}
"""Each case's maker and its 1× size. Many notes start past `citecheck.packed.PACK_AFTER` (32,768), where the
model is kept packed: the growth measured is the packed model's, not the one step where packing starts."""


ISSUE_SIZES = {"quotes": 20_000, "footnote-openers": 10_000, "dois": 300_000, "urls": 200_000, "ibids": 100_000,
               "notes": 180_000}  # fmt: skip
"""The sizes of issue 14's report, each run once with `--issue-sizes`."""


@dataclass(frozen=True)
class Run:
    size: int
    seconds: float | None
    """None when the run did not end within TIMEOUT."""
    peak_mb: float | None
    status: int | None


def measure(text: str, folder: Path, report: str = "json") -> tuple[float | None, float | None, int | None]:
    path = folder / "input.md"
    path.write_text(text, encoding="utf-8")
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run([sys.executable, '-m', 'citecheck', sys.argv[1], '--offline', '--format', sys.argv[2],"
        " '--quiet'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)\n"
    )
    try:
        out = subprocess.run([sys.executable, "-c", wrapper, str(path), report], capture_output=True, text=True,
                             timeout=TIMEOUT, check=True).stdout.split()  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, None, None
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def issue_sizes(names: list[str]) -> int:
    """Each case at the size of the issue's report, with the JSON and the text report: time and peak memory."""
    print("| case | size | JSON report | text report |\n|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            make, _ = CASES[name]
            text = make(ISSUE_SIZES[name])
            cells = []
            for report in ("json", "text"):
                seconds, peak, _ = measure(text, Path(tmp), report)
                cells.append(f"{seconds:.1f} s, {peak:.0f} MB" if seconds is not None else f"over {TIMEOUT:.0f} s")
            print(f"| {name} | {ISSUE_SIZES[name]:,} | {' | '.join(cells)} |", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every 1× size (default 1)")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--issue-sizes", action="store_true", help="run each case once at the issue's size instead")
    args = parser.parse_args()
    if args.issue_sizes:
        return issue_sizes(args.case or list(CASES))
    rows: list[tuple[str, list[Run]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.case or list(CASES):
            make, base = CASES[name]
            runs = []
            for factor in (1, 2, 4):
                size = int(base * args.scale * factor)
                seconds, peak, status = measure(make(size), Path(tmp))
                runs.append(Run(size, seconds, peak, status))
                print(f"{name:<17} {size:>9,}  " + (f"{seconds:7.2f} s  {peak:7.1f} MB  exit {status}"
                      if seconds is not None else f"did not end within {TIMEOUT:.0f} s"), flush=True)  # fmt: skip
            rows.append((name, runs))
    print("\ncase               growth per doubling (time)   growth per doubling (memory)")
    worst = 0.0
    for name, runs in rows:
        times = [r.seconds for r in runs]
        mems = [r.peak_mb for r in runs]
        if None in times:
            print(f"{name:<18} did not finish")
            worst = float("inf")
            continue
        time_growth = [b / a for a, b in itertools.pairwise(times)]  # type: ignore[operator]
        mem_growth = [b / a for a, b in itertools.pairwise(mems)]  # type: ignore[operator]
        worst = max(worst, *time_growth)
        print(
            f"{name:<18} {' '.join(f'{g:.2f}×' for g in time_growth):<28} {' '.join(f'{g:.2f}×' for g in mem_growth)}"
        )
    if args.markdown:
        print("\n| case | 1× | 2× | 4× | growth per doubling | peak memory at 4× |\n|---|---:|---:|---:|---:|---:|")
        for name, runs in rows:
            cells = [f"{r.size:,}: {r.seconds:.2f} s" if r.seconds is not None else f"{r.size:,}: —" for r in runs]
            done = [r.seconds for r in runs if r.seconds is not None]
            growth = (done[-1] / done[0]) ** 0.5 if len(done) == 3 else float("nan")
            peak = runs[-1].peak_mb
            print(f"| {name} | {' | '.join(cells)} | {growth:.2f}× | {peak:.0f} MB |" if peak else
                  f"| {name} | {' | '.join(cells)} | — | — |")  # fmt: skip
    print(f"\nworst growth per doubling: {worst:.2f}× (target at most 2.2×)")
    return 0


if __name__ == "__main__":
    start = time.perf_counter()
    status = main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
    sys.exit(status)
