"""Configuration: typed defaults, filled from `[tool.citecheck]` in pyproject.toml and the command line."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from citecheck.codes import Code
from citecheck.errors import ConfigError
from citecheck.model import Severity

FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class CheckerConfig:
    """Everything that changes what citecheck reports; each key of `[tool.citecheck]` is a field here."""

    paths: tuple[str, ...] = ()
    """What to check when the command line names no PATH (relative to the project's folder)."""
    select: tuple[str, ...] = ()
    """Codes to report (empty: all)."""
    ignore: tuple[str, ...] = ()
    """Codes never to report."""
    severity: dict[str, Severity] = field(default_factory=dict)
    """Per-code severity overrides."""
    fail_on: str = "error"
    """The lowest severity that makes the exit status 1 (`never`: always 0)."""
    exclude_urls: tuple[str, ...] = ()
    """Regular expressions of URLs never fetched (reported as unchecked, excluded)."""
    accept_status: tuple[int, ...] = ()
    """HTTP status codes counted as ok."""
    per_host: dict[str, int] = field(default_factory=dict)
    """Per-host concurrency limits."""
    timeout: float | None = None
    max_seconds_per_url: float | None = None
    """The wall-clock deadline of one URL or DOI, every request of it included."""
    max_concurrency: int | None = None
    mailto: str | None = None
    user_agent: str | None = None
    cache_ttl: str | None = None
    baseline: str | None = None
    """A baseline file of acknowledged findings."""
    help_url: str | None = None
    """Where the finding codes are documented (SARIF rules link to `help_url#code`)."""

    def selected_codes(self, codes: Mapping[str, Code]) -> set[str]:
        """The codes to report after --select and --ignore."""
        chosen = set(self.select) if self.select else set(codes)
        return chosen - set(self.ignore)


_KEYS = {name.replace("_", "-"): name for name in CheckerConfig.__dataclass_fields__}


def parse_codes(values: list[str] | tuple[str, ...], source: str, codes: Mapping[str, Code]) -> tuple[str, ...]:
    """Validate finding codes (a trailing `*` selects a family prefix such as `ibid-*`)."""
    chosen: list[str] = []
    for value in values:
        for item in (part.strip() for part in str(value).split(",")):
            if not item:
                continue
            if item.endswith("*"):
                matched = [code for code in codes if code.startswith(item[:-1])]
                if not matched:
                    raise ConfigError(f"{source}: no code matches {item!r}")
                chosen.extend(matched)
            elif item in codes:
                chosen.append(item)
            else:
                raise ConfigError(f"{source}: unknown code {item!r} (see `citecheck --list-codes`)")
    return tuple(chosen)


def _line_of(text: str, key: str, in_table: bool) -> int | None:
    """The line of `key = …`: inside the [tool.citecheck] table, or at the top level of a standalone file."""
    inside = not in_table
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line)
        if header:
            inside = header.group(1) == "tool.citecheck"
        elif inside and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return number
    return None


def find_project_config(start: Path | None = None) -> Path | None:
    """The nearest pyproject.toml with a `[tool.citecheck]` table, in the current folder or above it (as ruff and
    other linters find theirs), so that a run from inside a project obeys the project's settings and baseline."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder / "pyproject.toml", *(parent / "pyproject.toml" for parent in folder.parents)):
        try:
            if candidate.is_file() and "citecheck" in tomllib.loads(candidate.read_text("utf-8")).get("tool", {}):
                return candidate
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            if candidate.parent == folder:
                return candidate  # the current folder's own file: its error is reported when it is read
    return None


def load_config(path: Path | None, codes: Mapping[str, Code]) -> CheckerConfig:
    """Read `[tool.citecheck]` from a pyproject.toml (or a standalone TOML file with the keys at top level).

    Without ``path``, the nearest project's (``find_project_config``); its `paths` and `baseline` are relative
    to the project's folder, and are given back relative to the current folder.
    """
    if path is None:
        found = find_project_config()
        if found is None:
            return CheckerConfig()
        config = load_config(Path(os.path.relpath(found)), codes)
        if found.parent == Path.cwd().resolve():
            return config
        return replace(
            config,
            paths=tuple(_from(found.parent, p) for p in config.paths),
            baseline=_from(found.parent, config.baseline) if config.baseline else None,
        )
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{name}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: invalid TOML ({error})") from None
    in_table = "citecheck" in data.get("tool", {}) or path.name == "pyproject.toml"
    table = data.get("tool", {}).get("citecheck", {}) if in_table else data
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            line = _line_of(text, key, in_table)
            where = f"{name}:{line}" if line else name
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key {key!r} in [tool.citecheck] (known keys: {known})")
        values[_KEYS[key]] = value
    try:
        return _typed(values, name, codes)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{name}: [tool.citecheck] {error}") from None


def _from(folder: Path, path: str) -> str:
    """A path written relative to ``folder``, made relative to the current folder."""
    return os.path.relpath(folder / path)


def _typed(values: dict[str, Any], name: str, codes: Mapping[str, Code]) -> CheckerConfig:
    config: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in values:
            config[key] = parse_codes(list(values[key]), name, codes)
    if "severity" in values:
        severities = {}
        for code, level in dict(values["severity"]).items():
            parse_codes([code], name, codes)
            if level not in {s.value for s in Severity}:
                raise ValueError(f"severity of {code!r} must be error, warning or info, not {level!r}")
            severities[code] = Severity(level)
        config["severity"] = severities
    if "fail_on" in values:
        if values["fail_on"] not in FAIL_ON:
            raise ValueError(f"fail-on must be one of {', '.join(FAIL_ON)}")
        config["fail_on"] = values["fail_on"]
    if "exclude_urls" in values:
        patterns = tuple(str(p) for p in values["exclude_urls"])
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"exclude-urls pattern {pattern!r} is not a valid regular expression ({error})"
                ) from None
        config["exclude_urls"] = patterns
    if "accept_status" in values:
        config["accept_status"] = tuple(int(v) for v in values["accept_status"])
    if "per_host" in values:
        config["per_host"] = {str(k): int(v) for k, v in dict(values["per_host"]).items()}
    if "paths" in values:
        if isinstance(values["paths"], str) or not isinstance(values["paths"], list):
            raise ValueError("paths must be a list of files or folders")
        config["paths"] = tuple(str(p) for p in values["paths"])
    for key, kind in (
        ("timeout", float),
        ("max_seconds_per_url", float),
        ("max_concurrency", int),
        ("mailto", str),
        ("user_agent", str),
        ("cache_ttl", str),
        ("baseline", str),
        ("help_url", str),
    ):
        if key in values:
            config[key] = kind(values[key])
    return CheckerConfig(**config)
