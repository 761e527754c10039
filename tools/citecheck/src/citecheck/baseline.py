"""A baseline of acknowledged findings: reported but marked, and never failing a run."""

from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from citecheck.errors import ConfigError
from citecheck.model import Finding

BASELINE_VERSION = 1
DEFAULT_REASON = "acknowledged by the editors"


def fingerprint(finding: Finding) -> tuple[str, ...]:
    """What identifies a finding across runs: its code and notes, or its file and message when it has no note."""
    if finding.notes:
        return (finding.code, ",".join(finding.notes), ",".join(finding.related))
    return (finding.code, finding.location.path, finding.message)


def _entry_key(entry: dict) -> tuple[str, ...]:
    if entry.get("notes"):
        return (entry["code"], ",".join(entry["notes"]), ",".join(entry.get("related", [])))
    return (entry["code"], entry.get("path", ""), entry.get("message", ""))


@dataclass(frozen=True)
class Baseline:
    """What the editors acknowledge: findings with their reasons, and the files that are the original text."""

    reasons: dict[tuple[str, ...], str] = field(default_factory=dict)
    """Fingerprint → reason, for every acknowledged finding."""
    original_text: tuple[str, ...] = ()
    """Patterns of the files an edition keeps verbatim, which `--fix` never rewrites: relative to the baseline
    file's folder (or absolute), `*` matching any part of a path (`"original/paper.txt"`,
    `"../docs/article/*.md"`)."""
    folder: Path = field(default_factory=Path)
    """The folder of the baseline file, which the patterns are relative to."""

    def is_original_text(self, path: Path) -> bool:
        """True when the file (or the file a link points to) is one of the original text's."""
        target = path.resolve()
        relative = Path(os.path.relpath(target, self.folder.resolve())).as_posix()
        return any(
            fnmatch.fnmatchcase(target.as_posix() if Path(pattern).is_absolute() else relative, pattern)
            for pattern in self.original_text
        )


def load_baseline(path: Path) -> Baseline:
    """The acknowledged findings and original-text files of a baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file (create it with --write-baseline {path})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: a baseline is an object with a 'findings' list")
    reasons: dict[tuple[str, ...], str] = {}
    for number, entry in enumerate(data["findings"], start=1):
        if not isinstance(entry, dict) or "code" not in entry or not str(entry.get("reason", "")).strip():
            raise ConfigError(f"{path}: finding {number} needs a 'code' and a one-line 'reason'")
        reasons[_entry_key(entry)] = str(entry["reason"])
    original = data.get("original_text", [])
    if not isinstance(original, list) or not all(isinstance(p, str) and p.strip() for p in original):
        raise ConfigError(f"{path}: 'original_text' is a list of file patterns (e.g. \"docs/article/*.md\")")
    return Baseline(reasons, tuple(original), path.parent)


def apply_baseline(findings: list[Finding], reasons: dict[tuple[str, ...], str]) -> list[Finding]:
    """The findings with those in the baseline marked `baselined`."""
    return [replace(f, baselined=True) if fingerprint(f) in reasons else f for f in findings]


def baseline_text(findings: list[Finding], previous: Baseline, reason: str) -> str:
    """A baseline file acknowledging every finding, keeping the reasons and original-text files already written."""
    entries = []
    for f in findings:
        entry = {"code": f.code, "notes": list(f.notes), "related": list(f.related)}
        if not f.notes:
            entry |= {"path": f.location.path, "message": f.message}
        entry["reason"] = previous.reasons.get(fingerprint(f), reason)
        entries.append(entry)
    data: dict[str, object] = {
        "version": BASELINE_VERSION,
        "tool": "citecheck",
        "about": "Findings acknowledged by the editors; `citecheck --baseline` reports them as baselined.",
    }
    if previous.original_text:
        data["original_text"] = list(previous.original_text)
    data["findings"] = entries
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
