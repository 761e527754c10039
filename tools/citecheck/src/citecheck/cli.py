"""The `citecheck` command: parse arguments, run the pipeline, print or write the report, exit."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from citecheck import __version__
from citecheck.atomic import write_atomically
from citecheck.baseline import DEFAULT_REASON, Baseline, baseline_text, load_baseline
from citecheck.codes import Code
from citecheck.config import FAIL_ON, CheckerConfig, load_config, parse_codes
from citecheck.errors import CitecheckError, ConfigError
from citecheck.extensions import default_registry
from citecheck.model import Finding, Severity
from citecheck.pipeline import build_report
from citecheck.progress import progress_bar
from citecheck.report import Format, Report, chunked
from citecheck.web import DEFAULT_CACHE_DIRNAME, WebOptions
from citecheck.web.records import DEFAULT_MAX_SECONDS_PER_URL, DEFAULT_TIMEOUT

_TTL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citecheck",
        description="Check the notes of a paper: links, DOIs, ibids, short forms, repeated citations.",
        epilog="With no PATH, checks the `paths` of [tool.citecheck] in ./pyproject.toml. "
        "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="Markdown, plain-text or BibTeX files, or folders (a folder is read as chapters of one text)",
    )
    parser.add_argument("--offline", action="store_true", help="do not fetch URLs or DOIs; only offline checks")
    parser.add_argument("--format", choices=[f.value for f in Format], default="text", help="report format")
    parser.add_argument("--output", "-o", type=Path, help="write the report to FILE (written whole, or not at all)")
    parser.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FORMAT:PATH",
        help="also write the report of this same run in FORMAT to PATH, e.g. json:report.json (repeatable)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODES",
        help="report only these codes (comma-separated; `ibid-*` selects a family)",
    )
    parser.add_argument("--ignore", action="append", default=[], metavar="CODES", help="never report these codes")
    parser.add_argument(
        "--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit status 1 (default: error)"
    )
    parser.add_argument("--config", type=Path, help="a TOML file (default: [tool.citecheck] in ./pyproject.toml)")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="acknowledged findings: reported as baselined, never failing the run",
    )
    parser.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="write every current finding to FILE as acknowledged (reasons already there are kept)",
    )
    parser.add_argument("--reason", default=DEFAULT_REASON, help="the reason --write-baseline gives new entries")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    fixes = parser.add_argument_group("fixes (docs/citecheck/fixes.md)")
    fixes.add_argument(
        "--fix",
        action="store_true",
        help="make the certain fixes in Markdown and plain-text files, in place, and say what changed "
        "(manuscripts: the changes are shown, to make by hand)",
    )
    fixes.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also the fixes that change the author's wording: short forms, archived copies of broken links",
    )
    fixes.add_argument(
        "--diff", action="store_true", help="show the fixes as a unified diff on standard output; write nothing"
    )
    web = parser.add_argument_group("web checks (skipped with --offline)")
    web.add_argument("--timeout", type=float, metavar="S", help=f"seconds per request (default {DEFAULT_TIMEOUT:g})")
    web.add_argument(
        "--max-seconds-per-url",
        type=float,
        metavar="S",
        help="wall-clock seconds one URL or DOI may take in all: connect, headers, body, redirects and retries "
        f"(default {DEFAULT_MAX_SECONDS_PER_URL:g})",
    )
    web.add_argument(
        "--max-concurrency", type=int, metavar="N", help="requests at once over all hosts, at most (default 128)"
    )
    web.add_argument("--per-host", type=int, metavar="N", help="requests at once to one host (default 2)")
    web.add_argument(
        "--allow-private",
        action="store_true",
        help="fetch loopback, private and link-local addresses (refused by default)",
    )
    web.add_argument("--doi-api", metavar="URL", help="DOI resolver (default https://doi.org)")
    web.add_argument("--crossref-api", metavar="URL", help="Crossref REST API (default https://api.crossref.org)")
    web.add_argument("--archive-api", metavar="URL", help="Wayback Machine API (default https://archive.org)")
    web.add_argument("--mailto", metavar="ADDRESS", help="contact address for Crossref's polite pool")
    web.add_argument("--user-agent", metavar="TEXT", help="User-Agent header")
    web.add_argument("--cache-dir", type=Path, metavar="DIR", help=f"cache folder (default ./{DEFAULT_CACHE_DIRNAME})")
    web.add_argument(
        "--cache-ttl", metavar="AGE", help="how long results stay fresh: 7d, 12h, 30m or seconds (default 7d)"
    )
    web.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    web.add_argument("--refresh", action="store_true", help="check everything again, then update the cache")
    parser.add_argument("--list-codes", action="store_true", help="list every finding code and exit")
    parser.add_argument("--version", action="version", version=f"citecheck {__version__}")
    return parser


def _merge(config: CheckerConfig, args: argparse.Namespace, codes: Mapping[str, Code]) -> CheckerConfig:
    changes: dict[str, Any] = {}
    if args.select:
        changes["select"] = parse_codes(args.select, "--select", codes)
    if args.ignore:
        changes["ignore"] = tuple(config.ignore) + parse_codes(args.ignore, "--ignore", codes)
    if args.fail_on:
        changes["fail_on"] = args.fail_on
    if args.baseline:
        changes["baseline"] = str(args.baseline)
    return replace(config, **changes) if changes else config


def parse_age(text: str) -> float:
    """`7d`, `12h`, `30m`, `45s` or a number of seconds → seconds."""
    value = text.strip().lower()
    unit = _TTL_UNITS.get(value[-1:])
    try:
        seconds = float(value[:-1]) * unit if unit else float(value)
    except ValueError:
        raise ConfigError(f"cache TTL {text!r} is not a duration (7d, 12h, 30m or seconds)") from None
    if seconds < 0:
        raise ConfigError(f"cache TTL {text!r} is negative")
    return seconds


def web_options(config: CheckerConfig, args: argparse.Namespace) -> WebOptions:
    """The web layer's options from the configuration and the command line (the command line wins)."""
    options = WebOptions()
    changes: dict[str, Any] = {
        "timeout": args.timeout or config.timeout or options.timeout,
        "max_concurrency": args.max_concurrency or config.max_concurrency or options.max_concurrency,
        "per_host": args.per_host or options.per_host,
        "max_seconds_per_url": next(
            value
            for value in (args.max_seconds_per_url, config.max_seconds_per_url, options.max_seconds_per_url)
            if value is not None
        ),
        "per_host_limits": dict(config.per_host),
        "allow_private": args.allow_private,
        "mailto": args.mailto or config.mailto,
        "exclude": tuple(config.exclude_urls),
        "accept_status": tuple(config.accept_status),
        "refresh": args.refresh,
        "cache_dir": None if args.no_cache else (args.cache_dir or Path(DEFAULT_CACHE_DIRNAME)),
    }
    for name in ("doi_api", "crossref_api", "archive_api"):
        if getattr(args, name):
            changes[name] = getattr(args, name).rstrip("/")
    if args.user_agent or config.user_agent:
        changes["user_agent"] = args.user_agent or config.user_agent
    ttl = args.cache_ttl or config.cache_ttl
    if ttl:
        changes["cache_ttl"] = parse_age(ttl)
    for name in ("timeout", "max_concurrency", "per_host", "max_seconds_per_url"):
        # NaN compares false with everything, so it is refused explicitly.
        if changes[name] is not None and not (math.isfinite(float(changes[name])) and float(changes[name]) > 0):
            raise ConfigError(f"--{name.replace('_', '-')} must be a positive number")
    return replace(options, **changes)


def exit_status(findings: list[Finding] | tuple[Finding, ...], fail_on: str) -> int:
    """1 when a finding that is not baselined reaches the --fail-on severity, else 0."""
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    return int(any(f.severity.rank >= threshold and not f.baselined for f in findings))


def parse_reports(values: list[str]) -> list[tuple[Format, Path]]:
    """``FORMAT:PATH`` values of ``--report``, checked before anything runs."""
    reports: list[tuple[Format, Path]] = []
    names = ", ".join(f.value for f in Format)
    for value in values:
        name, sep, path = value.partition(":")
        if not sep or not path:
            raise ConfigError(f"--report {value!r}: expected FORMAT:PATH, e.g. json:report.json")
        try:
            fmt = Format(name.strip().lower())
        except ValueError:
            raise ConfigError(f"--report {value!r}: unknown format {name!r} (one of {names})") from None
        target = Path(path)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise ConfigError(f"--report {value!r}: the folder {folder} does not exist")
        reports.append((fmt, target))
    return reports


def _list_codes(codes: Mapping[str, Code]) -> str:
    width = max(len(code) for code in codes)
    return "\n".join(f"{c.name:<{width}}  {c.severity.value:<7}  {c.summary}" for c in codes.values()) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run citecheck; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        registry = default_registry()
        if args.list_codes:
            sys.stdout.write(_list_codes(registry.codes))
            return 0
        config = _merge(load_config(args.config, registry.codes), args, registry.codes)
        reports = parse_reports(args.report)
        web = None if args.offline else web_options(config, args)
        with progress_bar(enabled=web is not None and not args.quiet and sys.stderr.isatty()) as (progress, warn):
            report = build_report(args.paths, config, web, progress=progress, on_warning=warn, registry=registry)
        if args.write_baseline:
            previous = load_baseline(args.write_baseline) if args.write_baseline.is_file() else Baseline()
            fresh = [replace(f, baselined=False) for f in report.findings]
            write_atomically(args.write_baseline, baseline_text(fresh, previous, args.reason))
            print(f"citecheck: wrote {len(fresh)} acknowledged findings to {args.write_baseline}", file=sys.stderr)
        status = None
        if args.fix or args.diff:
            report, status = _fixes(report, config, args)
        fmt = Format(args.format)
        color = fmt is Format.TEXT and args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for extra, path in reports:
            write_atomically(path, chunked(extra)(report))
        if args.output:
            write_atomically(args.output, chunked(fmt, color=color)(report))
        elif not args.diff:
            sys.stdout.writelines(chunked(fmt, color=color)(report))
    except (CitecheckError, ConfigError) as error:
        print(f"citecheck: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("citecheck: interrupted", file=sys.stderr)
        return 130
    return status if status is not None else exit_status(report.findings, config.fail_on)


def _fixes(report: Report, config: CheckerConfig, args: argparse.Namespace) -> tuple[Report, int | None]:
    """Make (`--fix`) or show (`--diff`) the fixes; the report of what remains, and `--diff`'s exit status."""
    from citecheck.fix import apply_fixes
    from citecheck.fix.diff import fixed_lines, summary, unified_diff

    baseline = load_baseline(Path(config.baseline)) if config.baseline else Baseline()
    outcome = apply_fixes(report, baseline, unsafe=args.unsafe_fixes, write=args.fix and not args.diff)
    # Standard output gets a patch that applies (`git apply`); what no file holds goes to standard error.
    by_hand = [change for change in outcome.changed if change.file is None]
    if args.diff:
        sys.stdout.write(unified_diff([change for change in outcome.changed if change.file is not None]))
        sys.stderr.write(unified_diff(by_hand))
        for line in summary(outcome, written=False):
            print(f"citecheck: {line}", file=sys.stderr)
        return report, int(bool(outcome.changed))
    for line in fixed_lines(outcome.fixed):
        print(f"citecheck: {line}", file=sys.stderr)
    if by_hand:
        sys.stderr.write(unified_diff(by_hand))
    for line in summary(outcome, written=True):
        print(f"citecheck: {line}", file=sys.stderr)
    return replace(report, findings=outcome.remaining), None


if __name__ == "__main__":
    sys.exit(main())
