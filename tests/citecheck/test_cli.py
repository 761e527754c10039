"""The command line: exit statuses, code selection, configuration, and bad input (one clear line, exit 2)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from citecheck.cli import _parser, web_options
from citecheck.config import load_config
from citecheck.extensions import core_registry, default_registry

ROE = "Jane Roe, 'A Study of Things', *Journal of Stuff* 3, no. 1 (2020): 1-10, <https://example.org/articles/study>."


def codes_in(result) -> list[str]:
    return [f["code"] for f in result.json()["findings"]]


# --- exit statuses and --fail-on -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "fail_on", "status"),
    [
        ("markers-ok.md", None, 0),  # clean
        ("ibid-first.md", None, 1),  # an error
        ("insecure-url.md", None, 0),  # warnings only: below the default `error`
        ("insecure-url.md", "warning", 1),
        ("insecure-url.md", "info", 1),
        ("ibid-first.md", "never", 0),
        ("source-irregular.txt", "warning", 0),  # only a notice
        ("source-irregular.txt", "info", 1),
    ],
)
def test_exit_status_and_fail_on(cli, fixtures: Path, fixture: str, fail_on: str | None, status: int) -> None:
    args = [fixtures / "codes" / fixture, "--offline"] + (["--fail-on", fail_on] if fail_on else [])
    result = cli(*args)
    assert result.status == status, result.out + result.err
    assert result.err == ""


# --- --select and --ignore -------------------------------------------------------------------------------------


def test_select_and_ignore(cli, fixtures: Path) -> None:
    path = fixtures / "codes" / "ibid-malformed.md"
    assert set(codes_in(cli(path, "--offline", "--format", "json"))) == {"ibid-malformed"}
    assert codes_in(cli(path, "--offline", "--format", "json", "--ignore", "ibid-malformed")) == []
    assert codes_in(cli(path, "--offline", "--format", "json", "--select", "insecure-url,generic-url")) == []


def test_family_wildcards(cli, fixtures: Path) -> None:
    path = fixtures / "codes" / "ibid-mismatch.md"
    everything = cli(path, "--offline", "--format", "json")
    assert sorted(codes_in(everything)) == ["ibid-malformed", "ibid-mismatch"]
    assert codes_in(cli(path, "--offline", "--format", "json", "--ignore", "ibid-*")) == []
    only = cli(path, "--offline", "--format", "json", "--select", "ibid-*", "--ignore", "ibid-malformed")
    assert codes_in(only) == ["ibid-mismatch"]
    assert only.status == 1
    assert cli(path, "--offline", "--ignore", "ibid-mismatch").status == 0  # a warning is left


def test_unknown_codes_are_usage_errors(cli, fixtures: Path) -> None:
    for option, value in (("--select", "no-such-code"), ("--ignore", "nothing-*")):
        result = cli(fixtures / "codes" / "markers-ok.md", option, value)
        assert result.status == 2
        assert result.out == ""
        assert result.err.startswith(f"citecheck: error: {option}: ")
        assert value in result.err


def test_list_codes(cli) -> None:
    result = cli("--list-codes")
    assert result.status == 0
    listed = [line.split()[0] for line in result.out.splitlines()]
    assert listed == list(default_registry().codes)


# --- configuration ---------------------------------------------------------------------------------------------


def test_severity_overrides_in_pyproject(cli, fixtures: Path) -> None:
    Path("pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.citecheck]\nseverity = { insecure-url = 'error', ibid-first = 'info' }\n",
        encoding="utf-8",
    )
    insecure = cli(fixtures / "codes" / "insecure-url.md", "--offline", "--format", "json")
    assert [(f["code"], f["severity"]) for f in insecure.json()["findings"]] == [("insecure-url", "error")]
    assert insecure.status == 1
    first = cli(fixtures / "codes" / "ibid-first.md", "--offline", "--format", "json")
    assert [(f["code"], f["severity"]) for f in first.json()["findings"]] == [("ibid-first", "info")]
    assert first.status == 0


def test_select_ignore_and_fail_on_in_pyproject(cli, fixtures: Path) -> None:
    Path("pyproject.toml").write_text("[tool.citecheck]\nignore = ['ibid-*']\nfail-on = 'warning'\n", encoding="utf-8")
    assert cli(fixtures / "codes" / "ibid-first.md", "--offline").status == 0
    assert cli(fixtures / "codes" / "insecure-url.md", "--offline").status == 1
    assert cli(fixtures / "codes" / "insecure-url.md", "--offline", "--fail-on", "error").status == 0


def test_a_config_file_given_with_config(cli, fixtures: Path, tmp_path: Path) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text("select = ['insecure-url']\nseverity = { insecure-url = 'info' }\n", encoding="utf-8")
    result = cli(fixtures / "codes" / "inconsistent-scheme.md", "--offline", "--config", config, "--format", "json")
    assert [(f["code"], f["severity"]) for f in result.json()["findings"]] == [("insecure-url", "info")]


# --- bad input: exit 2, one line naming the file (and line), no traceback, no output file ---------------------


def assert_clean_error(result, *parts: str) -> None:
    assert result.status == 2, result.out + result.err
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("citecheck: error: ")
    assert "Traceback" not in result.err
    for part in parts:
        assert part in lines[0]


def test_binary_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_clean_error(cli(path), "image.md: ", "binary")


def test_non_utf8_file_names_file_and_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("A paper\n\nWith a café.¹\n".encode("latin-1"))
    assert_clean_error(cli(path), "latin1.txt:3: ", "UTF-8")


@pytest.mark.parametrize("content", ["", "   \n\n\t\n"])
def test_empty_file(cli, tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.md"
    path.write_text(content, encoding="utf-8")
    assert_clean_error(cli(path), "empty.md: ", "empty")


def test_a_50_mb_single_line_is_refused_before_it_is_parsed(cli, tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as stream:
        stream.write(b"word[^1] " * (50_000_000 // 9))
    assert_clean_error(cli(path, "--offline"), "huge.md: ", "too large", "20 MB")


def test_a_long_single_line_under_the_limit_is_read(cli, tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("A claim without notes. " * 100_000 + "\n", encoding="utf-8")  # 2.3 MB on one line
    result = cli(path, "--offline", "--format", "json")
    assert result.status == 0
    assert result.json()["notes"] == []


def test_bibtex_syntax_error_names_file_and_line(cli, fixtures: Path) -> None:
    result = cli(fixtures / "bib" / "notes.md", fixtures / "bib" / "broken.bib", "--offline")
    assert_clean_error(result, "broken.bib:7: ", "BibTeX syntax error", "@article{broken,")


def test_missing_file(cli, tmp_path: Path) -> None:
    assert_clean_error(cli(tmp_path / "nowhere.md"), "nowhere.md: ", "no such file")


def test_unknown_key_in_pyproject_names_file_and_line(cli, fixtures: Path) -> None:
    Path("pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.citecheck]\nfail-on = 'warning'\nseverty = { ibid-first = 'info' }\n",
        encoding="utf-8",
    )
    assert_clean_error(cli(fixtures / "codes" / "markers-ok.md"), "pyproject.toml:6: ", "unknown key 'severty'")


def test_unknown_key_in_a_config_file_names_file_and_line(cli, fixtures: Path, tmp_path: Path) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text("select = ['ibid-first']\n\nbogus = 1\n", encoding="utf-8")
    result = cli(fixtures / "codes" / "markers-ok.md", "--config", config)
    assert_clean_error(result, "citecheck.toml:3: ", "unknown key 'bogus'")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool.citecheck]\nfail-on = 'sometimes'\n", "fail-on"),
        ("[tool.citecheck]\nseverity = { ibid-first = 'fatal' }\n", "severity of 'ibid-first'"),
        ("[tool.citecheck]\nselect = ['no-such-code']\n", "unknown code 'no-such-code'"),
        ("[tool.citecheck\nselect = []\n", "invalid TOML"),
    ],
)
def test_invalid_config_values(cli, fixtures: Path, toml: str, message: str) -> None:
    Path("pyproject.toml").write_text(toml, encoding="utf-8")
    assert_clean_error(cli(fixtures / "codes" / "markers-ok.md"), "pyproject.toml", message)


# --- --output: written whole, or not at all --------------------------------------------------------------------


def test_output_is_written_whole(cli, fixtures: Path, tmp_path: Path) -> None:
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    result = cli(fixtures / "codes" / "ibid-first.md", "--offline", "--format", "json", "--output", output)
    assert result.status == 1
    assert result.out == ""
    assert output.read_text(encoding="utf-8").rstrip().endswith("}")
    assert [p.name for p in output.parent.iterdir()] == ["report.json"]


def test_failed_run_leaves_an_existing_output_untouched(cli, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    output.write_text('{"previous": true}\n', encoding="utf-8")
    assert_clean_error(cli(bad, "--offline", "--format", "json", "--output", output), "latin1.txt:1: ")
    assert output.read_text(encoding="utf-8") == '{"previous": true}\n'
    assert [p.name for p in output.parent.iterdir()] == ["report.json"]


def test_failed_run_creates_no_output(cli, tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    assert_clean_error(cli(tmp_path / "nowhere.md", "--output", output), "nowhere.md")
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "cwd"] == []


def test_output_into_a_missing_folder(cli, fixtures: Path, tmp_path: Path) -> None:
    output = tmp_path / "missing" / "report.json"
    assert_clean_error(cli(fixtures / "codes" / "markers-ok.md", "--output", output), "does not exist")
    assert not output.parent.exists()


def test_output_onto_a_folder(cli, fixtures: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    assert_clean_error(cli(fixtures / "codes" / "markers-ok.md", "--output", folder), "reports")
    assert list(folder.iterdir()) == []


def test_output_into_a_fifo_keeps_the_fifo(cli, fixtures: Path, tmp_path: Path) -> None:
    """A report written to a FIFO (or /dev/null, /dev/stdout) goes into it: renaming a finished file over it, as
    regular files are written, would replace the FIFO or the device itself (it once made /dev/null a file)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli(fixtures / "codes" / "markers-ok.md", "--offline", "--format", "json", "--output", fifo)
    reader.join(timeout=30)
    assert result.status == 0, result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["summary"]["notes"] == 3


# --- as a real process -----------------------------------------------------------------------------------------


def run_process(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    return subprocess.run(
        [sys.executable, "-m", "citecheck", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_the_module_runs_as_a_process(fixtures: Path, tmp_path: Path) -> None:
    clean = run_process(fixtures / "codes" / "markers-ok.md", "--offline", cwd=tmp_path)
    assert (clean.returncode, clean.stderr) == (0, "")
    assert "3 notes" in clean.stdout
    failing = run_process(fixtures / "codes" / "ibid-first.md", "--offline", cwd=tmp_path)
    assert failing.returncode == 1
    assert "ibid-first" in failing.stdout
    assert "\x1b[" not in failing.stdout  # piped: no colour


def test_bad_input_in_a_process_has_no_traceback(fixtures: Path, tmp_path: Path) -> None:
    result = run_process(fixtures / "bib" / "broken.bib", "--offline", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [result.stderr.strip()]  # one line, not bibtexparser's log as well
    assert "broken.bib:7:" in result.stderr and "Traceback" not in result.stderr


def test_the_per_url_deadline_comes_from_the_configuration_too(tmp_path: Path) -> None:
    config = tmp_path / "citecheck.toml"
    config.write_text("max-seconds-per-url = 4.5\n", encoding="utf-8")
    loaded = load_config(config, core_registry().codes)
    assert web_options(loaded, _parser().parse_args([])).max_seconds_per_url == 4.5
    assert web_options(loaded, _parser().parse_args(["--max-seconds-per-url", "2"])).max_seconds_per_url == 2
