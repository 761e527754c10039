"""The `citecheck` command: parse arguments, run the pipeline, print or write the report, exit."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .checks import run_checks
from .codes import CODES
from .config import FAIL_ON, CheckerConfig, load_config, parse_codes
from .errors import CitecheckError, ConfigError
from .model import Finding, Severity
from .report import Format, Report, renderer
from .sources import load
from .works import build_model


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citecheck",
        description="Check the notes of a paper: links, DOIs, ibids, short forms, repeated citations.",
        epilog="With no PATH, checks the project here: the pages of mkdocs.yml in navigation order "
               "and references/*.bib. Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="Markdown, plain-text or BibTeX files, or folders (a folder is read as chapters of one text)")
    parser.add_argument("--offline", action="store_true", help="do not fetch URLs or DOIs; only offline checks")
    parser.add_argument("--format", choices=[f.value for f in Format], default="text", help="report format")
    parser.add_argument("--output", "-o", type=Path, help="write the report to FILE (written whole, or not at all)")
    parser.add_argument("--select", action="append", default=[], metavar="CODES",
                        help="report only these codes (comma-separated; `ibid-*` selects a family)")
    parser.add_argument("--ignore", action="append", default=[], metavar="CODES", help="never report these codes")
    parser.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit status 1 (default: error)")
    parser.add_argument("--config", type=Path, help="a TOML file (default: [tool.citecheck] in ./pyproject.toml)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    parser.add_argument("--list-codes", action="store_true", help="list every finding code and exit")
    parser.add_argument("--version", action="version", version=f"citecheck {__version__}")
    return parser


def _merge(config: CheckerConfig, args: argparse.Namespace) -> CheckerConfig:
    changes: dict[str, object] = {}
    if args.select:
        changes["select"] = parse_codes(args.select, "--select")
    if args.ignore:
        changes["ignore"] = tuple(config.ignore) + parse_codes(args.ignore, "--ignore")
    if args.fail_on:
        changes["fail_on"] = args.fail_on
    return replace(config, **changes) if changes else config


def _apply_severity(findings: list[Finding], config: CheckerConfig) -> list[Finding]:
    return [replace(f, severity=config.severity[f.code]) if f.code in config.severity else f for f in findings]


def exit_status(findings: list[Finding] | tuple[Finding, ...], fail_on: str) -> int:
    """1 when a finding that is not baselined reaches the --fail-on severity, else 0."""
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    return int(any(f.severity.rank >= threshold and not f.baselined for f in findings))


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CitecheckError(f"{path}: the folder {directory} does not exist")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build_report(paths: list[Path], config: CheckerConfig) -> Report:
    """Read the inputs, resolve the model and run the offline checks."""
    inputs = load(paths)
    model = build_model(inputs.documents, inputs.bib_entries, inputs.bib_files)
    findings = _apply_severity(run_checks(model, config.selected_codes()), config)
    names = tuple(str(p) for p in paths) or (".",)
    return Report(model=model, findings=tuple(findings), inputs=names,
                  checked_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat())


def _list_codes() -> str:
    width = max(len(code) for code in CODES)
    return "\n".join(f"{c.name:<{width}}  {c.severity.value:<7}  {c.summary}" for c in CODES.values()) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run citecheck; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.list_codes:
        sys.stdout.write(_list_codes())
        return 0
    try:
        config = _merge(load_config(args.config), args)
        report = build_report(args.paths, config)
        fmt = Format(args.format)
        color = fmt is Format.TEXT and args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = renderer(fmt, color=color)(report)
        if args.output:
            write_atomically(args.output, text)
        else:
            sys.stdout.write(text)
    except (CitecheckError, ConfigError) as error:
        print(f"citecheck: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("citecheck: interrupted", file=sys.stderr)
        return 130
    return exit_status(report.findings, config.fail_on)


if __name__ == "__main__":
    sys.exit(main())
