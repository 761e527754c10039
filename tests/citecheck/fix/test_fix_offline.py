"""`citecheck --fix`, `--diff` and `--unsafe-fixes` on real files: each fix before and after, the files as they
are stored (line endings, encodings, permissions), what is refused, and what the reports carry."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from citecheck.model import CitationKind

pytestmark = pytest.mark.usefixtures("cli")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def notes(*definitions: str) -> str:
    """A Markdown text with one marker per note and the notes' definitions."""
    markers = " ".join(f"Claim {n}.[^{n}]" for n in range(1, len(definitions) + 1))
    return markers + "\n\n" + "".join(f"[^{n}]: {text}\n" for n, text in enumerate(definitions, start=1))


BOOK = "Jane Roe, *A Study of Things* (London: Press, 2020), 45."
ARTICLE = "John Doe, 'Other Things', *Journal of Studies* 4 (2021): 5-9, https://doi.org/10.1000/xyz."

# (what note 2 says, what --fix makes of it): note 1 is always BOOK.
SAFE = [
    ("Ibid, 46.", "Ibid., 46."),
    ("Ibid", "Ibid."),
    ("ibid; 12.", "ibid; 12."),  # `; 12` is not a locator: the ibid has stray text, no certain fix
    ("Ibid;", "Ibid."),
    ("Ibid .", "Ibid."),  # the space before the period goes
    ("Ibid , 12.", "Ibid., 12."),
    ("*Ibid*, 4.", "*Ibid.*, 4."),
    ("Ebd, 7.", "Ebd., 7."),  # the word the author used stays
    ("Ibid. 'Another Title'.", "Ibid. 'Another Title'."),  # a glued title is for a person to judge
    (
        f"{ARTICLE[:-1]}; Roe, *A Study of Things*, 12; Roe, *A Study of Things*, 12.",
        f"{ARTICLE[:-1]}; Roe, *A Study of Things*, 12.",
    ),
    (
        f"Roe, *A Study of Things*, 12; Roe, *A Study of Things*, 12; {ARTICLE}",
        f"Roe, *A Study of Things*, 12; {ARTICLE}",
    ),
    (
        "Roe, *A Study of Things*, 12; Roe, *A Study of Things*, 12; Roe, *A Study of Things*, 12.",
        "Roe, *A Study of Things*, 12.",
    ),  # two removals in one run, the one inside the other
    (
        "Old links such as `http://dx.doi.org/10.1000/abc` still work.",
        "Old links such as `http://dx.doi.org/10.1000/abc` still work.",
    ),  # code shows an address as written
    (
        "Roe, *A Study of Things*, 12; Roe, *A Study of Things*, 14.",
        "Roe, *A Study of Things*, 12; Roe, *A Study of Things*, 14.",
    ),  # not word for word: a person chooses
    (
        "Ann Poe, 'Third Things', *Journal* 5 (2022): 1-2, http://dx.doi.org/10.1000/ghi.",
        "Ann Poe, 'Third Things', *Journal* 5 (2022): 1-2, https://doi.org/10.1000/ghi.",
    ),
    (
        "Ann Poe, 'Third Things', *Journal* 5 (2022): 1-2, [the article](https://dx.doi.org/10.1000/ghi).",
        "Ann Poe, 'Third Things', *Journal* 5 (2022): 1-2, [the article](https://doi.org/10.1000/ghi).",
    ),
    (
        "Ann Poe, 'Third Things', *Journal* 5 (2022): 1-2, [http://doi.org/10.1000/ghi](http://doi.org/10.1000/ghi).",
        "Ann Poe, 'Third Things', *Journal* 5 (2022): 1-2, [https://doi.org/10.1000/ghi](https://doi.org/10.1000/ghi).",
    ),
]


@pytest.mark.parametrize(("note", "fixed"), SAFE, ids=[note for note, _ in SAFE])
def test_each_certain_fix(cli, tmp_path: Path, note: str, fixed: str) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, note))
    result = cli(paper, "--offline", "--fix", "--fail-on", "never")
    assert result.status == 0, result.err
    assert paper.read_text(encoding="utf-8") == notes(BOOK, fixed)
    if note != fixed:
        assert f"citecheck: fixed {paper}:4 note 2 " in result.err
    assert cli(paper, "--offline", "--fix", "--fail-on", "never").err.startswith("citecheck: nothing to fix")


def test_a_repeated_full_citation_becomes_a_short_form_that_reads_back_as_the_same_work(
    cli, analyse, tmp_path: Path
) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, ARTICLE, BOOK.replace("45", "50"), "Ibid., 51.", ARTICLE))
    before = analyse(paper)
    assert cli(paper, "--offline", "--fix", "--fail-on", "never").err.count("fixed paper.md") == 0
    result = cli(paper, "--offline", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert "fixed 2 findings" in result.err
    assert paper.read_text(encoding="utf-8") == notes(
        BOOK, ARTICLE, "Roe, *A Study of Things*, 50.", "Ibid., 51.", "Doe, 'Other Things'."
    )
    after = analyse(paper)
    for label in ("3", "5"):
        (citation,) = after.citations(label)
        assert citation.citation.kind is CitationKind.SHORT
        assert citation.work == before.work_of(label)
    assert not after.of("repeated-full-citation")
    assert after.citations("4")[0].work == before.work_of("4")


def test_a_repeated_full_citation_right_after_its_work_becomes_the_short_form_not_ibid(cli, tmp_path: Path) -> None:
    """A bare `Ibid.` would mean the page of the note before; and an ibid a program writes can come to mean another
    work when that note is fixed too (here note 3, an ibid naming Doe's article, becomes Doe's short form)."""
    paper = write(tmp_path, "paper.md", notes(BOOK, BOOK.replace("45", "47")))
    cli(paper, "--offline", "--fix", "--unsafe-fixes")
    assert paper.read_text(encoding="utf-8") == notes(BOOK, "Roe, *A Study of Things*, 47.")
    article = 'John Doe, "An Article," *Journal of Things* 3, no. 2 (2019): 10–20.'
    paper = write(tmp_path, "paper.md", notes(article, BOOK, 'Ibid. "An Article," 12.', BOOK.replace("45", "50")))
    cli(paper, "--offline", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert paper.read_text(encoding="utf-8") == notes(
        article, BOOK, 'Doe, "An Article," 12.', "Roe, *A Study of Things*, 50."
    )


def test_an_articles_page_range_given_again_is_not_taken_for_a_page(cli, tmp_path: Path) -> None:
    first = "Jane Roe, 'A Study', *Journal of Studies* 3, no. 1 (2020): 1-10, 5."
    paper = write(
        tmp_path, "paper.md", notes(first, ARTICLE, "Jane Roe, 'A Study', *Journal of Studies* 3, no. 1 (2020): 1-10.")
    )
    cli(paper, "--offline", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert paper.read_text(encoding="utf-8").endswith("[^3]: Roe, 'A Study'.\n")


def test_a_full_citation_its_note_cites_again_is_not_shortened(cli, tmp_path: Path) -> None:
    """`Full citation. Short form.` in one note: shortening the first would write the short form twice."""
    paper = write(tmp_path, "paper.md", notes(BOOK, ARTICLE, f"{BOOK} Roe, *A Study of Things*, 46."))
    result = cli(paper, "--offline", "--format", "json", "--fail-on", "never")
    (finding,) = [f for f in result.json()["findings"] if f["code"] == "repeated-full-citation"]
    assert finding["fix"] is None


@pytest.mark.parametrize(
    "repeated",
    [
        "Jane Roe, *A Study of Things*, London, 2020, 45.",  # 45: a page, or part of the facts?
        "Jane Roe, *A Study of Things* (London: Press, 2020), 50 (quoting Smith).",  # words after the page
        "Jane Roe, *A Study of Things* (London: Press, 2020), 50 (emphasis added).",
        "Jane Roe, *A Study of Things*, 2nd ed. (London: Press, 2022), 50.",  # another edition
        "Jane Roe, *A Study of Things* (Oxford: Other Press, 2024), 50.",  # another publisher and year
    ],
)
def test_a_full_citation_whose_page_or_book_is_uncertain_is_not_shortened(cli, tmp_path: Path, repeated: str) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, ARTICLE, repeated))
    result = cli(paper, "--offline", "--format", "json", "--fail-on", "never")
    (finding,) = [f for f in result.json()["findings"] if f["code"] == "repeated-full-citation"]
    assert finding["fix"] is None


def test_an_ibid_naming_another_work_becomes_that_works_short_form(cli, tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, ARTICLE, "Ibid. 'A Study of Things', 9."))
    cli(paper, "--offline", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert paper.read_text(encoding="utf-8").endswith("[^3]: Roe, *A Study of Things*, 9.\n")


def test_a_fix_inside_a_replaced_citation_is_superseded_not_left_for_a_second_run(cli, tmp_path: Path) -> None:
    article = ARTICLE.replace("https://doi.org/10.1000/xyz", "http://dx.doi.org/10.1000/xyz")
    paper = write(tmp_path, "paper.md", notes(article, BOOK, article))
    result = cli(paper, "--offline", "--fix", "--unsafe-fixes", "--fail-on", "never")
    assert paper.read_text(encoding="utf-8") == notes(
        article.replace("http://dx.doi.org", "https://doi.org"), BOOK, "Doe, 'Other Things'."
    )
    assert "fixed 3 findings" in result.err
    assert cli(paper, "--offline", "--fix", "--unsafe-fixes").err.startswith("citecheck: nothing to fix")


def test_line_endings_and_indentation_are_kept(cli, tmp_path: Path) -> None:
    paper = tmp_path / "crlf.md"
    text = "A.[^1] B.[^2]\r\n\r\n[^1]: Jane Roe, *Book*\r\n    (2001), 4.\r\n[^2]: Ibid,\r\n    5.\r\n"
    paper.write_bytes(text.encode("utf-8"))
    cli(paper, "--offline", "--fix")
    assert paper.read_bytes() == text.replace("Ibid,", "Ibid.,").encode("utf-8")


@pytest.mark.parametrize(
    ("codec", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")]
)
def test_the_encoding_and_byte_order_mark_are_kept(cli, tmp_path: Path, codec: str, bom: bytes) -> None:
    paper = tmp_path / "paper.md"
    text = notes("Jürgen Roß, *Über Dinge* (Köln: Verlag, 2020), 4.", "Ebd, 5.")
    paper.write_bytes(bom + text.encode(codec))
    cli(paper, "--offline", "--fix")
    assert paper.read_bytes() == bom + text.replace("Ebd,", "Ebd.,").encode(codec)


def test_a_plain_text_papers_notes_list_is_fixed_in_place(cli, tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.txt", f"Body.¹ More.²\n\nNotes\n\n1. {BOOK}\n2. Ibid,\n   ch. 4.\n")
    cli(paper, "--offline", "--fix")
    assert paper.read_text(encoding="utf-8") == f"Body.¹ More.²\n\nNotes\n\n1. {BOOK}\n2. Ibid.,\n   ch. 4.\n"


def test_a_file_that_is_not_utf8_is_refused_and_left_alone(cli, tmp_path: Path) -> None:
    paper = tmp_path / "latin1.md"
    paper.write_bytes(notes("Jürgen Roß, *Über Dinge* (Köln: Verlag, 2020), 4.", "Ebd, 5.").encode("latin-1"))
    before = paper.read_bytes()
    result = cli(paper, "--offline", "--fix")
    assert result.status == 2
    assert "latin1.md:3: is not valid UTF-8 (byte 0xfc); save it as UTF-8" in result.err
    assert paper.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_file_is_refused_and_nothing_is_written(cli, tmp_path: Path) -> None:
    writable = write(tmp_path, "a.md", notes(BOOK, "Ibid, 5."))
    locked = write(tmp_path, "b.md", notes(BOOK, "Ibid, 6."))
    locked.chmod(0o444)
    before = {p.name: p.read_bytes() for p in (writable, locked)}
    result = cli(writable, locked, "--offline", "--fix")
    assert result.status == 2
    assert "b.md: is read-only (nothing was fixed)" in result.err
    assert {p.name: p.read_bytes() for p in (writable, locked)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md", "cwd"]  # no temporary file left
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_fixed_file_keeps_its_permissions(cli, tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, "Ibid, 5."))
    paper.chmod(0o640)
    cli(paper, "--offline", "--fix")
    assert stat.S_IMODE(paper.stat().st_mode) == 0o640
    assert "Ibid., 5." in paper.read_text(encoding="utf-8")


def test_the_original_text_named_in_the_baseline_is_never_rewritten(cli, tmp_path: Path) -> None:
    workdir = Path.cwd()
    original = write(workdir, "paper.md", notes(BOOK, "Ibid, 5."))
    baseline = workdir / "baseline.json"
    baseline.write_text(json.dumps({"version": 1, "original_text": ["*.md"], "findings": []}), encoding="utf-8")
    result = cli("paper.md", "--offline", "--fix", "--baseline", baseline)
    assert result.status == 2
    assert "paper.md: the baseline marks it as the original text, which is kept verbatim" in result.err
    assert original.read_text(encoding="utf-8") == notes(BOOK, "Ibid, 5.")
    assert "Ibid., 5." in cli("paper.md", "--offline", "--diff", "--baseline", baseline).out


def test_write_baseline_keeps_the_original_text_patterns(cli, tmp_path: Path) -> None:
    write(Path.cwd(), "paper.md", notes(BOOK, "Ibid, 5."))
    baseline = Path.cwd() / "baseline.json"
    baseline.write_text(json.dumps({"version": 1, "original_text": ["*.md"], "findings": []}), encoding="utf-8")
    cli("paper.md", "--offline", "--write-baseline", baseline, "--fail-on", "never")
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["original_text"] == ["*.md"] and [f["code"] for f in data["findings"]] == ["ibid-malformed"]


def test_baselined_findings_are_not_fixed(cli, tmp_path: Path) -> None:
    paper = write(Path.cwd(), "paper.md", notes(BOOK, "Ibid, 5."))
    baseline = Path.cwd() / "baseline.json"
    cli("paper.md", "--offline", "--write-baseline", baseline, "--fail-on", "never")
    result = cli("paper.md", "--offline", "--fix", "--baseline", baseline)
    assert result.err.startswith("citecheck: nothing to fix")
    assert paper.read_text(encoding="utf-8") == notes(BOOK, "Ibid, 5.")


def test_diff_shows_what_fix_would_do_and_writes_nothing(cli, tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, "Ibid, 5."))
    result = cli(paper, "--offline", "--diff")
    assert result.status == 1
    name = str(paper)
    assert result.out.splitlines()[:2] == [f"--- a/{name}", f"+++ b/{name}"]
    assert "-[^2]: Ibid, 5.\n+[^2]: Ibid., 5.\n" in result.out
    assert paper.read_text(encoding="utf-8") == notes(BOOK, "Ibid, 5.")
    assert "would fix 1 finding" in result.err
    assert cli(paper, "--offline", "--fix").status == 0
    clean = cli(paper, "--offline", "--diff")
    assert (clean.status, clean.out) == (0, "")


def test_an_inline_note_gets_its_change_shown_and_stays_in_the_report(cli, tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", f"A claim.[^1] Another.^[Ibid, 3.] More.[^2]\n\n[^1]: {BOOK}\n[^2]: Ibid, 4.\n")
    result = cli(paper, "--offline", "--fix", "--fail-on", "never")
    assert paper.read_text(encoding="utf-8").endswith("[^2]: Ibid., 4.\n")
    assert "Another.^[Ibid, 3.]" in paper.read_text(encoding="utf-8")
    assert "-Ibid, 3.\n+Ibid., 3.\n" in result.err and "make the changes shown by hand" in result.err
    assert "fixed 1 finding in" in result.err
    assert "inline-2" in result.out  # not fixed, so still reported


def test_standard_input_gets_its_changes_shown_not_written(cli, tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "in.md"
    source.write_text(notes(BOOK, "Ibid, 5."), encoding="utf-8")
    with source.open("rb") as stream:
        monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": stream})())
        result = cli("-", "--offline", "--fix", "--fail-on", "never")
    assert "--- <stdin>, note 2\n+++ <stdin>, note 2 (fixed)\n" in result.err
    assert "-Ibid, 5.\n+Ibid., 5.\n" in result.err
    assert "make the changes shown by hand" in result.err


def test_the_reports_carry_each_edit_where_sarif_can_apply_it(cli, tmp_path: Path) -> None:
    text = notes(BOOK, "Ibid, 5.", f"{ARTICLE[:-1]}; {ARTICLE}", BOOK.replace("45", "50"))
    paper = write(tmp_path, "paper.md", text)
    sarif = json.loads(cli(paper, "--offline", "--format", "sarif", "--fail-on", "never").out)
    report = cli(paper, "--offline", "--format", "json", "--fail-on", "never").json()
    safe = [f for f in report["findings"] if f["fix"] and f["fix"]["safe"]]
    assert {f["code"] for f in safe} == {"ibid-malformed", "duplicate-within-note"}
    assert {f["fix"]["safe"] for f in report["findings"] if f["code"] == "repeated-full-citation"} == {False}
    # Apply SARIF's certain replacements by hand: the same text as --fix makes.
    lines = text.split("\n")
    replacements = [
        (r["deletedRegion"], r["insertedContent"]["text"])
        for result in sarif["runs"][0]["results"]
        for fix in result.get("fixes", [])
        if "(certain)" in fix["description"]["text"]
        for change in fix["artifactChanges"]
        for r in change["replacements"]
    ]
    for region, new in sorted(
        replacements, key=lambda item: (item[0]["startLine"], item[0]["startColumn"]), reverse=True
    ):
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        lines[region["startLine"] - 1] = line[: region["startColumn"] - 1] + new + line[region["endColumn"] - 1 :]
    cli(paper, "--offline", "--fix", "--fail-on", "never")
    assert "\n".join(lines) == paper.read_text(encoding="utf-8")
    edit = next(f for f in safe if f["code"] == "ibid-malformed")["fix"]["edits"][0]
    assert (edit["line"], edit["column"], edit["original"], edit["replacement"]) == (4, 11, "", ".")
    assert report["notes"][1]["text"][edit["note_start"] : edit["note_end"]] == ""


def test_the_text_report_says_what_fix_resolves(cli, tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, "Ibid, 5.", ARTICLE, BOOK.replace("45", "50")))
    out = cli(paper, "--offline", "--fail-on", "never").out
    assert "fix (--fix): write 'Ibid.'" in out
    assert "fix (--fix --unsafe-fixes): replace the full citation with 'Roe, *A Study of Things*, 50.'" in out
    assert "1 fixable with --fix, 1 more with --fix --unsafe-fixes" in out


def test_fixed_findings_leave_the_report_and_the_exit_status(cli, tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", notes(BOOK, "Ibid, 5."))
    assert cli(paper, "--offline", "--fail-on", "warning").status == 1
    result = cli(paper, "--offline", "--fix", "--fail-on", "warning")
    assert result.status == 0
    assert "ibid-malformed" not in result.out


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_diff_applies_with_git_apply_to_the_same_result_as_fix(cli, tmp_path: Path) -> None:
    folder = Path.cwd() / "chapters"
    folder.mkdir()
    (folder / "a.md").write_bytes(b"A.[^1] B.[^2]\r\n\r\n[^1]: Jane Roe, *Book* (2001), 4.\r\n[^2]: Ibid, 5.\r\n")
    write(folder, "b.md", notes("Jane Roe, *Book* (2001), 4, http://dx.doi.org/10.1000/x.", "Ibid"))
    patch = Path.cwd() / "fixes.patch"
    patch.write_text(cli("chapters", "--offline", "--diff").out, encoding="utf-8", newline="")
    reviewed = tmp_path / "reviewed"
    shutil.copytree(folder, reviewed / "chapters")
    subprocess.run(["git", "apply", str(patch)], cwd=reviewed, check=True)
    cli("chapters", "--offline", "--fix")
    for name in ("a.md", "b.md"):
        assert (reviewed / "chapters" / name).read_bytes() == (folder / name).read_bytes()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_link_stays_a_link_and_its_file_is_fixed(cli, tmp_path: Path) -> None:
    target = write(tmp_path, "real.md", notes(BOOK, "Ibid, 5."))
    link = tmp_path / "link.md"
    link.symlink_to(target)
    cli(link, "--offline", "--fix")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == notes(BOOK, "Ibid., 5.")
