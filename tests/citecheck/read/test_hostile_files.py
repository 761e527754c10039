"""Inputs that are not regular files, or claim a size they do not have: exit 2 with a message, never a hang.

Each case runs the command in a subprocess with a time limit: a FIFO with no writer, or /dev/zero, would
otherwise block or grow without end. Memory is measured as the child's peak resident size.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from peak_memory import run_citecheck

LIMIT_SECONDS = 20
"""A bound for a run that must end at once (generous: the machine may be busy)."""
MEMORY_LIMIT_KB = 200 * 1024

NOTE = "Text.[^1]\n\n[^1]: Jane Roe, *A Book* (London: Press, 2020), 4.\n"


def citecheck(*args: str, cwd: Path, stdin: str | Path | None = None) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run `python -m citecheck ARGS --offline` in ``cwd``; the run and its peak memory (KiB)."""
    return run_citecheck(*args, "--offline", cwd=cwd, stdin=stdin, timeout=LIMIT_SECONDS)


def assert_refused(result: subprocess.CompletedProcess[str], name: str, words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"citecheck: error: {name}: {words}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["notes.md", "refs.bib", "paper.txt"])
def test_a_fifo_is_refused(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    result, _ = citecheck(name, cwd=tmp_path)
    assert_refused(result, name, "is a FIFO, not a text file")


def test_a_fifo_inside_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "one.md").write_text(NOTE, encoding="utf-8")
    os.mkfifo(tmp_path / "book" / "two.md")
    os.mkfifo(tmp_path / "book" / "refs.bib")
    result, _ = citecheck("book", cwd=tmp_path)
    assert result.returncode == 2 and "is a FIFO, not a text file" in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_without_reading_it(tmp_path: Path, device: str) -> None:
    result, peak = citecheck(device, cwd=tmp_path)
    assert_refused(result, device, "is a character device, not a text file")
    assert peak < MEMORY_LIMIT_KB


def test_a_socket_is_refused(tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(tmp_path / "notes.md"))
        server.listen(1)
        result, _ = citecheck("notes.md", cwd=tmp_path)
    assert_refused(result, "notes.md", "is a socket, not a text file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_standard_input_is_cut_at_the_size_limit(tmp_path: Path) -> None:
    result, peak = citecheck("-", cwd=tmp_path, stdin=Path("/dev/zero"))
    assert_refused(result, "<stdin>", "is too large")
    assert peak < MEMORY_LIMIT_KB


def test_the_size_limit_holds_while_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as stream:  # 21 MB: over the 20 MB limit
        stream.write(NOTE.encode() + b"x" * 21_000_000)
    result, peak = citecheck("big.md", cwd=tmp_path)
    assert_refused(result, "big.md", "is too large")
    assert peak < MEMORY_LIMIT_KB


def test_standard_input_is_read_as_markdown(tmp_path: Path) -> None:
    result, _ = citecheck("-", "--format", "json", cwd=tmp_path, stdin=NOTE + "\nAgain.[^2]\n\n[^2]: Ibid., 5.\n")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert [(n["label"], n["path"]) for n in report["notes"]] == [("1", "<stdin>"), ("2", "<stdin>")]
    assert report["notes"][1]["citations"][0]["antecedent"] == "1"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    bom = "\ufeff".encode(encoding)
    (tmp_path / "notes.md").write_bytes(bom + (NOTE + "Again.[^2]\n\n[^2]: Ibíd., 5.\n").encode(encoding))
    result, _ = citecheck("notes.md", "--format", "json", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert [n["label"] for n in json.loads(result.stdout)["notes"]] == ["1", "2"]


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_bytes(NOTE.encode("utf-16-le"))
    result, _ = citecheck("notes.md", cwd=tmp_path)
    assert_refused(result, "notes.md", "is a binary file, not text (or UTF-16 without a byte-order mark")
