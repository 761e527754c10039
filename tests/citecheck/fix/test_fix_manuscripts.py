"""A manuscript's fixes are shown, never written: citecheck does not rewrite Word, OpenDocument, LaTeX, HTML or
JATS files, so `--fix` leaves them untouched and shows each note's change for the editor to make."""

from __future__ import annotations

from pathlib import Path

import pytest

pypandoc = pytest.importorskip("pypandoc", reason="the manuscripts extra (pypandoc-binary) is not installed")

MARKDOWN = """A claim.[^1] Another.[^2] A third.[^3]

[^1]: Jane Roe, "A Study of Things," *Journal of Stuff* 3, no. 1 (2020): 1--10, <http://dx.doi.org/10.1000/abc>.
[^2]: Ibid, 4.
[^3]: Jane Roe, "A Study of Things," *Journal of Stuff* 3, no. 1 (2020): 1--10, <http://dx.doi.org/10.1000/abc>.
"""


@pytest.fixture(scope="module")
def docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("manuscript")
    (folder / "essay.md").write_text(MARKDOWN, encoding="utf-8")
    pypandoc.convert_file(str(folder / "essay.md"), "docx", outputfile=str(folder / "essay.docx"))
    return folder / "essay.docx"


def test_fix_leaves_a_word_file_untouched_and_shows_each_notes_change(cli, docx: Path) -> None:
    before = docx.read_bytes()
    result = cli(docx, "--offline", "--fix", "--fail-on", "never")
    assert docx.read_bytes() == before
    assert f"--- {docx}, note 2\n+++ {docx}, note 2 (fixed)\n@@ -1 +1 @@\n-Ibid, 4.\n+Ibid., 4.\n" in result.err
    assert "-<http://dx.doi.org/10.1000/abc>" not in result.err  # the change is shown in the note's words
    assert (
        "+Jane Roe, “A Study of Things,” *Journal of Stuff* 3, no. 1 (2020): 1–10, <https://doi.org/10.1000/abc>."
        in result.err
    )
    assert "3 notes with no place citecheck can rewrite" in result.err
    assert "ibid-malformed" in result.out  # not fixed: it is still in the report
    assert "fix (make by hand; --diff shows it): write 'Ibid.'" in result.out


def test_diff_and_the_json_report_give_a_manuscripts_edits_in_its_notes_words(cli, docx: Path) -> None:
    diff = cli(docx, "--offline", "--diff", "--unsafe-fixes")
    assert (diff.status, diff.out) == (1, "")  # standard output is a patch that applies; a note's change is not
    assert diff.err.index(f"--- {docx}, note 1\n") < diff.err.index(f"--- {docx}, note 3\n")
    assert diff.err.split("citecheck:")[0].endswith(
        "-Jane Roe, “A Study of Things,” *Journal of Stuff* 3, no. 1 (2020): 1–10, <http://dx.doi.org/10.1000/abc>.\n+Roe, “A Study of Things.”\n"
    )
    report = cli(docx, "--offline", "--format", "json", "--fail-on", "never").json()
    edit = next(f for f in report["findings"] if f["code"] == "ibid-malformed")["fix"]["edits"][0]
    assert (edit["line"], edit["column"], edit["note"], edit["replacement"]) == (None, None, "2", ".")
    assert report["notes"][1]["text"][: edit["note_start"]] == "Ibid"
