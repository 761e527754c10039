"""Reading an input file: text or a clear InputError naming the file (and line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.read.files import read_text


def test_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeffText.[^1]\n".encode())
    assert read_text(path) == "Text.[^1]\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\n", "is empty"),
        (b"text\x00more", "is a binary file"),
        (b"line one\nline two\nthird \xff line\n", r"input\.md:3: is not valid UTF-8 \(byte 0xff\)"),
    ],
)
def test_unusable_content(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.md"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        read_text(path, "input.md")
    assert error.value.path == "input.md"
    if b"\xff" in content:
        assert error.value.line == 3


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match="too large"):
        read_text(path, max_bytes=1000)


def test_a_directory_or_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.md")
