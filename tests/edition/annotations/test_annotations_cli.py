"""citecheck-annotate writes a new annotation from the template and says whether its quotation is unique;
citecheck reports the same problems as the build."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from annotation_project import ROOT, replace_in, write_annotation

from citecheck.config import CheckerConfig
from citecheck.extensions import default_registry
from citecheck.model import Model
from citecheck.pipeline import build_report
from pakistan_russia_edition import annotate_cli
from pakistan_russia_edition.annotations.model import Annotation, Settings
from pakistan_russia_edition.annotations.parse import read_draft
from pakistan_russia_edition.annotations.project import validate_project
from pakistan_russia_edition.annotations.validate import check_draft
from pakistan_russia_edition.citecheck_extension import check_annotations


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    status = annotate_cli.main([*args, "--project", str(project)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_a_unique_quotation_gives_a_file_ready_to_write_in(project, capsys):
    status, out = run(
        project,
        capsys,
        "Leonid Shebarshin",
        "--type",
        "context",
        "--author",
        "A. Editor",
        "--source",
        "https://en.wikipedia.org/wiki/Leonid_Shebarshin",
    )
    assert status == 0, out
    path = project / "annotations" / "leonid-shebarshin.md"
    assert "Wrote annotations/leonid-shebarshin.md." in out
    assert "The quotation is unique: article/historical-overview.md#p-1" in out
    assert "[Leonid Shebarshin]" in out
    draft = read_draft(path, Path("annotations/leonid-shebarshin.md"))
    assert {k: v.value for k, v in draft.fields.items() if k != "sources"} == {
        "exact": "Leonid Shebarshin",
        "type": "context",
        "author": "A. Editor",
        "created": datetime.date.today().isoformat(),
    }
    assert [s.value for s in draft.fields["sources"].value] == ["https://en.wikipedia.org/wiki/Leonid_Shebarshin"]
    # Only the template's placeholder text stands between the file and a valid annotation.
    problems = check_draft(draft, Settings())
    assert [p.message for p in problems] == ["the annotation's text is still the template's"]
    path.write_text(
        path.read_text().replace(
            path.read_text().split("---\n", 2)[2], "\nThe head of the KGB's foreign intelligence.\n"
        )
    )
    assert isinstance(check_draft(read_draft(path), Settings()), Annotation)
    assert validate_project(project) == []


def test_an_ambiguous_quotation_is_reported_with_its_places(project, capsys):
    status, out = run(project, capsys, "Pakistan Steel Mills", "--type", "context", "--author", "A")
    assert status == 1
    assert (project / "annotations" / "pakistan-steel-mills.md").exists()
    assert "not usable yet (annotation-ambiguous)" in out
    assert "article/introduction.md#p-2" in out and "article/historical-overview.md#p-1" in out
    status, out = run(
        project, capsys, "Pakistan Steel Mills", "--type", "context", "--author", "A", "--prefix", "1961 and", "--check"
    )
    assert status == 0 and "unique: article/historical-overview.md#p-1" in out
    assert not (project / "annotations" / "pakistan-steel-mills-2.md").exists()  # --check writes nothing


def test_a_quotation_not_found_shows_the_closest_passage(project, capsys):
    status, out = run(project, capsys, "Rostom and the Atomic Energy", "--type", "correction", "--check")
    assert status == 1
    assert 'the closest passage is in article/opportunities/economy.md#p-2: "Rostam and the Atomic Energy"' in out


def test_usage_errors(project, capsys):
    status, out = run(project, capsys, "Rostam", "--type", "opinion")
    assert status == 2 and "unknown type 'opinion'" in out
    status, out = run(project, capsys, "Rostam", "--type", "context", "--id", "rosatom")
    assert status == 2 and "annotations/rosatom.md exists" in out
    status, out = run(project, capsys, "x", "--type", "context", "--id", "Not An Id")
    assert status == 2 and "not a valid id" in out


def test_slugs():
    assert annotate_cli.slug("David Mitran") == "david-mitran"
    assert annotate_cli.slug("“Dedov’s” résumé, 2016!") == "dedovs-resume-2016"
    assert annotate_cli.slug("???") == "annotation"


# citecheck: the same problems, as findings


def test_citecheck_reports_annotation_problems_of_the_project_in_the_current_folder(project, monkeypatch):
    codes = default_registry().codes
    assert {c: (codes[c].family, codes[c].severity.value) for c in codes if c.startswith("annotation-")} == {
        "annotation-unanchored": ("annotations", "error"),
        "annotation-ambiguous": ("annotations", "error"),
        "annotation-invalid": ("annotations", "error"),
    }
    replace_in(project / "docs/article/theoretical-framework.md", "David Mitran,", "Mitrany,")
    write_annotation(project, "steel", 'exact: "Pakistan Steel Mills"\ntype: context\nauthor: A\ncreated: 2024-06-01')
    write_annotation(project, "late", 'exact: "Pavel Didkovsky"\ntype: context\nauthor: A\ncreated: yesterday')
    monkeypatch.chdir(project)
    codes = ("annotation-unanchored", "annotation-ambiguous", "annotation-invalid")
    findings = build_report([], CheckerConfig(select=codes, paths=(".",))).findings  # no PATH: the project here
    assert [(f.code, str(f.location), f.severity.value) for f in findings] == [
        ("annotation-unanchored", "annotations/david-mitrany.md:2", "error"),
        ("annotation-invalid", "annotations/late.md:5", "error"),
        ("annotation-ambiguous", "annotations/steel.md:2", "error"),
    ]
    assert 'the closest passage is in article/theoretical-framework.md#p-1: "Mitrany,"' in findings[0].message
    assert findings[0].suggestion


def test_citecheck_check_does_nothing_outside_an_edition_project(tmp_path, project):
    assert list(check_annotations(Model(documents=(), citations=(), works=()))) == []
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")  # a project, but no annotations/ folder
    (tmp_path / "docs").mkdir()
    (tmp_path / "overrides").mkdir()
    assert list(check_annotations(Model(documents=(), citations=(), works=(), sources=(tmp_path,)))) == []
    # Files named on the command line are not a project: its annotations are not checked.
    write_annotation(project, "late", 'exact: "Pavel Didkovsky"\ntype: context\nauthor: A\ncreated: yesterday')
    page = project / "docs" / "article" / "conclusion.md"
    assert not [f for f in build_report([page], CheckerConfig()).findings if f.code.startswith("annotation-")]
