"""Fixes on real documents by others (the shared corpus) and on the article: every fix keeps the text's notes,
touches nothing but their lines, leaves each citation it rewrites citing the same work, introduces no finding,
and a second run changes nothing."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
DOCUMENTS = [*(sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []), ROOT / "references" / "original" / "paper.txt"]


def note_lines(analysis) -> set[int]:
    """The lines on which notes are written."""
    return {
        note.origin[i + 1] for d in analysis.model.documents for note in d.notes for i in range(0, len(note.origin), 3)
    }


@pytest.mark.parametrize("source", DOCUMENTS, ids=lambda p: p.name)
def test_fixing_a_real_document_is_safe_and_idempotent(cli, analyse, tmp_path: Path, source: Path) -> None:
    paper = tmp_path / source.name
    shutil.copyfile(source, paper)
    before = analyse(paper)
    first = cli(paper, "--offline", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert first.status == 0, first.err
    after = analyse(paper)
    fixed_text = paper.read_bytes()

    (old,), (new,) = before.model.documents, after.model.documents
    assert [n.label for n in new.notes] == [n.label for n in old.notes]
    assert [m.label for m in new.markers] == [m.label for m in old.markers]
    old_lines = source.read_text(encoding="utf-8").splitlines()
    new_lines = paper.read_text(encoding="utf-8").splitlines()
    assert len(new_lines) == len(old_lines)
    changed = {number for number, (a, b) in enumerate(zip(old_lines, new_lines), start=1) if a != b}
    assert changed <= note_lines(before)
    # Every note still cites the works it cited (a removed duplicate cites one of them once).
    for old_note, new_note in zip(old.notes, new.notes):
        assert set(after.model.works_of(new_note.key)) == set(before.model.works_of(old_note.key)), new_note.label
    # No finding appears that was not there; the fixed ones are gone.
    counts_before, counts_after = Counter(f.code for f in before.findings), Counter(f.code for f in after.findings)
    assert not counts_after - counts_before

    second = cli(paper, "--offline", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert second.err.startswith("citecheck: nothing to fix"), second.err
    assert paper.read_bytes() == fixed_text
