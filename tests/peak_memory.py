"""Run a command line in a subprocess and measure its peak memory.

A small wrapper process starts ``python -m MODULE`` and reports its child's peak resident size: measured
from the test process itself, ru_maxrss would also count the test process's memory at fork (Linux keeps it
across exec).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

_WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run([sys.executable, '-m', *sys.argv[1:]])\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def run_module(
    module: str,
    *args: str,
    timeout: float,
    cwd: Path | None = None,
    stdin: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], int]:
    """``python -m MODULE ARGS``: the run (its stderr without the measurement) and its peak memory in KiB.

    ``stdin``: text to write to the command, or a file to read it from (such as ``/dev/zero``).
    """
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(stdin.open("rb")) if isinstance(stdin, Path) else None
        result = subprocess.run(
            [sys.executable, "-c", _WRAPPER, module, *args],
            cwd=cwd,
            input=stdin if isinstance(stdin, str) else None,
            stdin=source,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    *lines, peak = result.stderr.rstrip("\n").split("\n")
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, "\n".join(lines)), int(peak)


def run_citecheck(
    *args: str, timeout: float, cwd: Path | None = None, stdin: str | Path | None = None
) -> tuple[subprocess.CompletedProcess[str], int]:
    """``python -m citecheck ARGS`` (see :func:`run_module`)."""
    return run_module("citecheck", *args, timeout=timeout, cwd=cwd, stdin=stdin)
