"""The fixed texts: each file's edits made in memory, checked against what the file holds now, then written.

Files are read again as they are now (the same limits and encodings as for checking), every edit is found
where its note says its text stands, and nothing is written unless every file can be: the original text an
edition keeps verbatim, a read-only file, or a file changed since it was read stops the whole change.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from citecheck.atomic import prepare
from citecheck.baseline import Baseline
from citecheck.errors import CitecheckError, InputError
from citecheck.fix.plan import Plan
from citecheck.model import Edit, Model
from citecheck.notes.edits import Placed
from citecheck.read.files import TextFile, read_text_file
from citecheck.read.lines import line_starts


@dataclass(frozen=True, slots=True)
class Rewrite:
    """One text before and after its fixes: a file, or a note of a file that cannot be edited in place."""

    name: str
    """The file as named in findings; for a note, `essay.docx, note 12`."""
    before: str
    after: str
    file: TextFile | None = None
    """How the file is stored (None for a note: its file is not rewritten)."""


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _offsets(text: str, placed: tuple[Placed, ...], name: str) -> list[tuple[int, int, str]]:
    """Each edit's stretch of the file as (start, end, replacement), after checking the file still holds it."""
    starts = line_starts(text)
    found = []
    for item in placed:
        (line, column), (end_line, end_column) = item.start, item.end
        if max(line, end_line) > len(starts):
            raise InputError(name, "has changed since it was read; nothing was fixed (run citecheck again)", line)
        start, end = starts[line - 1] + column, starts[end_line - 1] + end_column
        if _squeezed(text[start:end]) != _squeezed(item.original):
            raise InputError(name, "has changed since it was read; nothing was fixed (run citecheck again)", line)
        found.append((start, end, item.edit.replacement))
    return found


def _applied(text: str, edits: list[tuple[int, int, str]]) -> str:
    """The text with its edits made, from the last to the first so that offsets keep."""
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _note_applied(text: str, edits: tuple[Edit, ...]) -> str:
    return _applied(text, [(edit.start, edit.end, edit.replacement) for edit in edits])


def rewrites(plan: Plan, model: Model) -> list[Rewrite]:
    """Every changed text of the plan: files in the order named, then notes that have no place in a file."""
    changed = []
    for name, placed in plan.files.items():
        file = read_text_file(Path(name), name)
        after = _applied(file.text, _offsets(file.text, placed, name))
        if after != file.text:
            changed.append(Rewrite(name, file.text, after, file))
    for key, edits in plan.notes.items():
        note = model.note(key)
        where = f"{note.location.path}, note {note.label}"
        changed.append(Rewrite(where, note.text + "\n", _note_applied(note.text, edits) + "\n"))
    return changed


def _refusal(path: Path, baseline: Baseline) -> str | None:
    """Why a file must not be rewritten, or None."""
    if baseline.is_original_text(path):
        return "the baseline marks it as the original text, which is kept verbatim; citecheck does not rewrite it"
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot be rewritten ({error.strerror or error})"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    if not mode & 0o222 or not os.access(path, os.W_OK):
        return "is read-only"
    return None


def commit(changed: list[Rewrite], baseline: Baseline) -> list[str]:
    """Write every changed file (notes without a file are left to the editor), or none; the files written."""
    files = [rewrite for rewrite in changed if rewrite.file is not None]
    refusals = [(r.name, reason) for r in files if (reason := _refusal(Path(r.name), baseline))]
    if refusals:
        lines = "; ".join(f"{name}: {reason}" for name, reason in refusals)
        raise CitecheckError(f"{lines} (nothing was fixed)")
    prepared: list[tuple[Path, Path]] = []
    try:
        for rewrite in files:
            assert rewrite.file is not None
            path = Path(rewrite.name).resolve()  # through a link, the file it points to (the link stays)
            prepared.append(
                (prepare(path, rewrite.file.encode(rewrite.after), mode=stat.S_IMODE(path.stat().st_mode)), path)
            )
    except BaseException:
        for temporary, _ in prepared:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in prepared:
        os.replace(temporary, path)
    return [rewrite.name for rewrite in files]
