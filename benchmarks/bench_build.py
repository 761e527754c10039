"""`mkdocs build` of the full edition with the edition plugin, against the same pages without it.

Run: .venv/bin/python benchmarks/bench_build.py [--repeat 5]
Target (issue 6): the build with the plugin takes at most 1.5 times the build without it.
The plugin's work: citecheck's offline pass over the notes, note aids, the generated bibliography and
reference-health pages, the downloads, and the annotation layer.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).parent / "mkdocs"
GENERATED = {"bibliography.md", "reference-health.md"}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !ENV; keep them as plain strings."""


_Loader.add_multi_constructor(
    "", lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
)


def without_plugin(config: dict) -> dict:
    """The same site without the edition plugin, and so without the pages only it generates."""

    def prune(entries):
        kept = []
        for entry in entries:
            if isinstance(entry, dict):
                ((title, value),) = entry.items()
                value = prune(value) if isinstance(value, list) else value
                if value and (isinstance(value, list) or value not in GENERATED):
                    kept.append({title: value})
            elif entry not in GENERATED:
                kept.append(entry)
        return kept

    stripped = dict(config)
    stripped["plugins"] = [
        p for p in config["plugins"] if not (p == "edition" or (isinstance(p, dict) and "edition" in p))
    ]
    stripped["nav"] = prune(config["nav"])
    return stripped


def build_seconds(config_file: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(MKDOCS), "build", "--quiet", "--clean", "-f", str(config_file), "-d", str(site)],
        check=True,
        cwd=ROOT,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(MKDOCS.parent)},
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="builds of each kind (alternating); medians are compared")
    args = parser.parse_args()
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    with tempfile.TemporaryDirectory() as folder:
        plain = ROOT / ".bench-mkdocs-without-plugin.yml"
        plain.write_text(yaml.safe_dump(without_plugin(config), sort_keys=False), encoding="utf-8")
        try:
            times = {"with plugin": [], "without plugin": []}
            for _ in range(args.repeat):
                times["with plugin"].append(build_seconds(ROOT / "mkdocs.yml", Path(folder) / "a"))
                times["without plugin"].append(build_seconds(plain, Path(folder) / "b"))
        finally:
            plain.unlink()
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    for kind, values in times.items():
        print(
            f"{kind:>15}: median {medians[kind]:.2f} s (min {min(values):.2f}, max {max(values):.2f}, {len(values)} builds)"
        )
    ratio = medians["with plugin"] / medians["without plugin"]
    print(f"ratio: {ratio:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
