"""The text report: grouped by note, plain when piped, coloured in a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from citecheck.model import Finding, Location, Severity
from citecheck.read import load
from citecheck.report import Format, Report, renderer
from citecheck.resolve.works import build_model


def test_text_report_is_plain_when_piped(cli, fixtures: Path) -> None:
    result = cli(fixtures / "codes" / "ibid-malformed.md", "--offline")
    assert "\x1b[" not in result.out
    lines = result.out.splitlines()
    assert lines[0] == "Note 2"
    assert lines[1].endswith(
        "ibid-malformed.md:4: warning ibid-malformed irregular ibid 'Ibid;': 'Ibid;' has the "
        "wrong punctuation (write 'Ibid.')"
    )
    assert lines[2].strip() == "suggestion: Ibid."
    assert lines[3].strip() == "fix (--fix): write 'Ibid.'"
    assert [line for line in lines if line.startswith("Note ")] == ["Note 2", "Note 3", "Note 4", "Note 5"]
    assert lines[-2:] == ["5 notes, 1 works: 0 errors, 4 warnings, 0 notices", "2 fixable with --fix"]


def test_text_report_colours_only_on_request(fixtures: Path) -> None:
    inputs = load([fixtures / "codes" / "ibid-first.md"])
    model = build_model(inputs.documents)
    finding = Finding(
        "ibid-first",
        Severity.ERROR,
        "'Ibid.' has [no] note",
        Location("x.md", 3),
        notes=("1",),
        document=inputs.documents[0].name,
    )
    report = Report(model=model, findings=(finding,), checked_at="2024-01-01T00:00:00+00:00", inputs=("x.md",))
    plain = renderer(Format.TEXT, color=False)(report)
    coloured = renderer(Format.TEXT, color=True)(report)
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert "'Ibid.' has [no] note" in plain  # rich markup in a message is escaped, not eaten


def test_text_report_in_a_terminal_is_coloured(fixtures: Path, tmp_path: Path) -> None:
    main, replica = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    proc = subprocess.run(
        [sys.executable, "-m", "citecheck", str(fixtures / "codes" / "ibid-first.md"), "--offline"],
        stdout=replica,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    os.close(replica)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.returncode == 1
    output = b"".join(chunks).decode()
    assert "\x1b[" in output and "ibid-first" in output
