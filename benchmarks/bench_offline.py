"""Offline check of generated documents with 10,000 and 20,000 notes: time, peak memory, scaling.

Run: .venv/bin/python benchmarks/bench_offline.py [--notes 10000 20000]
Targets (issue 9): the offline check of 10,000 notes in at most 1.5 × the time markdown-it-py alone takes
to parse the same document (measured in the same run); 20,000 notes at most 2.1 × the 10,000-note time.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# markdown-it-py alone: the same document parsed in full (block and inline rules, footnotes), once before
# the check (so both start with their modules imported) and timed after it, in the same interpreter.
# Times are the process's CPU time: on a shared machine, wall time measures the neighbours too.
_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
sys.path.insert(0, {tools!r})
from citecheck.pipeline import build_report
from citecheck.config import CheckerConfig
text = Path({path!r}).read_text(encoding="utf-8")
parser = MarkdownIt("commonmark").use(front_matter_plugin).use(footnote_plugin)
parser.parse(text[:20000])
start = time.process_time()
report = build_report([Path({path!r})], CheckerConfig())
elapsed = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.process_time()
parser.parse(text)
markdown_it = time.process_time() - start
print(json.dumps({{"seconds": elapsed, "markdown_it": markdown_it, "peak_mib": peak,
                  "findings": len(report.findings), "works": len(report.model.works)}}))
"""

SURNAMES = ["Khan", "Naqvi", "Biswas", "Chia", "Ramani", "Siddiqui", "Hanif", "Bakare", "Topychkanov", "Amin"]
WORDS = [
    "Russia",
    "Pakistan",
    "Energy",
    "Relations",
    "Strategic",
    "Partnership",
    "Trade",
    "Security",
    "Policy",
    "Regional",
    "Cooperation",
    "Economic",
    "Defence",
    "Eurasian",
    "Integration",
    "Future",
    "Trends",
]


def generate(notes: int, seed: int = 7) -> str:
    """A Markdown document with `notes` footnotes: full (two styles), short, ibid, URLs and DOIs."""
    rng = random.Random(seed)
    works = []
    body: list[str] = []
    definitions: list[str] = []
    for number in range(1, notes + 1):
        body.append(f"Sentence {number} of the generated text makes a claim.[^{number}]")
        roll = rng.random()
        if works and roll < 0.25:
            text = "Ibid." if rng.random() < 0.7 else f"Ibid., {rng.randint(1, 300)}."
        elif works and roll < 0.5:
            surname, title, *_ = rng.choice(works)
            text = f"{surname}, '{title.split(':')[0]}', {rng.randint(1, 300)}."
        elif works and roll < 0.6:
            surname, title, year, volume, url, doi = rng.choice(works)
            text = (
                f'{surname}, Given. "{title}." *Journal of {rng.choice(WORDS)} Studies* {volume}, no. 2 '
                f"({year}): 1-20. <{url}>."
            )
        else:
            surname = rng.choice(SURNAMES)
            title = " ".join(rng.sample(WORDS, 4)) + f" {number}: " + " ".join(rng.sample(WORDS, 3))
            year = str(rng.randint(1990, 2024))
            volume = str(rng.randint(1, 60))
            url = f"https://journal{number % 97}.example.org/articles/{number}"
            doi = f"10.{1000 + number % 5000}/gen.{number}" if rng.random() < 0.4 else ""
            works.append((surname, title, year, volume, url, doi))
            locator = f"https://doi.org/{doi}" if doi else url
            text = (
                f"Given {surname}, '{title}', *Journal of {rng.choice(WORDS)} Studies* {volume}, no. 2 "
                f"({year}): 1-20, <{locator}>."
            )
        definitions.append(f"[^{number}]: {text}")
    return "\n\n".join(body) + "\n\n" + "\n".join(definitions) + "\n"


def measure(path: Path) -> dict:
    """Time and peak memory of the offline check, in a fresh interpreter."""
    code = _MEASURE.format(tools=str(ROOT / "tools"), path=str(path))
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[10_000, 20_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is reported")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in args.notes:
            path = Path(folder) / f"notes-{count}.md"
            path.write_text(generate(count), encoding="utf-8")
            runs = [measure(path) for _ in range(args.repeat)]
            best = min(runs, key=lambda run: run["seconds"])
            results[count] = best
            alone = min(run["markdown_it"] for run in runs)
            print(
                f"{count:>6} notes: {best['seconds']:.2f} s, peak {best['peak_mib']:.0f} MiB, "
                f"{best['works']} works, {best['findings']} findings; markdown-it-py alone {alone:.2f} s, "
                f"ratio {best['seconds'] / alone:.2f} (target <= 1.5)"
            )
    if len(args.notes) >= 2:
        small, large = args.notes[0], args.notes[1]
        ratio = results[large]["seconds"] / results[small]["seconds"]
        print(f"scaling {large}/{small}: {ratio:.2f}x time for {large / small:.1f}x notes (target <= 2.1x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
