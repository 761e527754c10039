"""Run the command line in a subprocess and measure its peak memory.

A small wrapper process starts ``python -m citecheck`` and reports its child's peak resident size: measured
from the test process itself, ru_maxrss would also count the test process's memory at fork (Linux keeps it
across exec).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run([sys.executable, '-m', 'citecheck', *sys.argv[1:]])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def run_citecheck(
    *args: str, timeout: float, cwd: Path | None = None, stdin: str | None = None
) -> tuple[subprocess.CompletedProcess[str], int]:
    """The run (its stderr without the measurement) and its peak memory in KiB."""
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    *lines, peak = result.stderr.rstrip("\n").split("\n")
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, "\n".join(lines)), int(peak)
