"""Annotation files: what a valid one gives, and every invalid field named with its file and line."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from pakistan_russia_edition.annotations import jsonld
from pakistan_russia_edition.annotations.model import INVALID, Annotation, Settings
from pakistan_russia_edition.annotations.parse import parse_text, read_draft
from pakistan_russia_edition.annotations.validate import check_draft, duplicate_ids, source_href

SETTINGS = Settings()
PATH = Path("annotations/example.md")

VALID = """\
---
exact: "David Mitran"
prefix: "According to "
type: correction
author: A. Editor
created: 2024-06-01
sources:
  - https://en.wikipedia.org/wiki/David_Mitrany
  - doi:10.1177/0973598421998899
---

Read *David Mitrany*.
"""


def check(text: str, path: Path = PATH):
    return check_draft(parse_text(text, path), SETTINGS)


def messages(result) -> list[str]:
    assert not isinstance(result, Annotation), "expected problems"
    assert all(p.code == INVALID for p in result)
    return [f"{p.path.as_posix()}:{p.line}: {p.message}" for p in result]


def test_a_valid_file_gives_an_annotation():
    a = check(VALID)
    assert isinstance(a, Annotation)
    assert (a.id, a.exact, a.prefix, a.type, a.author) == (
        "example",
        "David Mitran",
        "According to ",
        "correction",
        "A. Editor",
    )
    assert a.created == datetime.date(2024, 6, 1)
    assert a.body == "Read *David Mitrany*."
    assert a.line_of("exact") == 2 and a.line_of("created") == 6
    assert [source_href(s) for s in a.sources] == [
        "https://en.wikipedia.org/wiki/David_Mitrany",
        "https://doi.org/10.1177/0973598421998899",
    ]


def test_the_id_comes_from_the_file_name_unless_given():
    assert check(VALID, Path("annotations/mitrany.md")).id == "mitrany"
    assert check(VALID.replace("type:", "id: mitrany-name\ntype:")).id == "mitrany-name"


def test_missing_fields_are_named():
    text = VALID.replace("author: A. Editor\n", "").replace('exact: "David Mitran"\n', "")
    assert messages(check(text)) == [
        "annotations/example.md:1: missing field 'exact'",
        "annotations/example.md:1: missing field 'author'",
    ]


def test_unknown_type_bad_date_and_unknown_field_are_named_at_their_lines():
    text = (
        VALID.replace("type: correction", "type: corection")
        .replace("created: 2024-06-01", "created: 2024-13-01")
        .replace("prefix:", "prefx:")
    )
    result = check(text)
    assert messages(result) == [
        "annotations/example.md:3: unknown field 'prefx'",
        "annotations/example.md:4: unknown type 'corection'",
        "annotations/example.md:6: 'created' is not an ISO date: '2024-13-01'",
    ]
    assert result[0].suggestion == "did you mean 'prefix'?"
    assert "did you mean 'correction'?" in result[1].suggestion
    assert "YYYY-MM-DD" in result[2].suggestion


@pytest.mark.parametrize("date", ["1 June 2024", "2024-6-1", "20240601", "2024-02-30"])
def test_dates_must_be_iso(date):
    assert messages(check(VALID.replace("2024-06-01", date))) == [
        f"annotations/example.md:6: 'created' is not an ISO date: {date!r}"
    ]


def test_bad_sources_and_empty_body():
    text = VALID.replace("  - doi:10.1177/0973598421998899", "  - javascript:alert(1)")
    text = text.replace("Read *David Mitrany*.\n", "")
    assert messages(check(text)) == [
        "annotations/example.md:9: source is neither an http(s) URL nor a DOI: 'javascript:alert(1)'",
        "annotations/example.md:11: the annotation has no text after the front matter",
    ]


def test_broken_front_matter():
    assert messages(check("No front matter.\n")) == [
        "annotations/example.md:1: has no front matter: the file must start with a '---' line"
    ]
    assert messages(check("---\nexact: x\n")) == [
        "annotations/example.md:1: front matter is not closed (no closing '---' line)"
    ]
    (message,) = messages(check("---\nexact: [unclosed\ntype: context\n---\nText.\n"))
    assert message.startswith("annotations/example.md:3: front matter is not valid YAML")
    assert messages(check(VALID.replace("type: correction", "type: correction\ntype: context"))) == [
        "annotations/example.md:5: 'type' is given twice (first on line 4)"
    ]


def test_the_template_is_not_an_annotation():
    template = (Path(__file__).resolve().parents[3] / "annotations" / "_template.md").read_text()
    problems = messages(check(template))
    assert any("still the template's" in m for m in problems)


def test_types_come_from_the_settings():
    settings = Settings(types=(("correction", "editing"), ("query", "questioning")))
    assert isinstance(check_draft(parse_text(VALID.replace("correction", "query"), PATH), settings), Annotation)
    result = check_draft(parse_text(VALID.replace("correction", "context"), PATH), settings)
    assert "unknown type 'context'" in result[0].message


def test_duplicate_ids_name_both_files():
    first = check(VALID.replace("type:", "id: same\ntype:"), Path("annotations/a.md"))
    second = check(VALID.replace("type:", "id: same\ntype:"), Path("annotations/b.md"))
    (problem,) = duplicate_ids([second, first])
    assert (problem.path.as_posix(), problem.line) == ("annotations/b.md", 4)
    assert problem.message == "duplicate id 'same' (also used by annotations/a.md:4)"


def test_types_in_mkdocs_yml_are_a_list_or_names_with_motivations():
    from mkdocs.config.base import ValidationError

    from pakistan_russia_edition.annotations.options import parse_types

    assert parse_types(["correction", "query"]) == (("correction", "editing"), ("query", "commenting"))
    assert parse_types({"query": "questioning"}) == (("query", "questioning"),)
    with pytest.raises(ValidationError, match="not a W3C motivation"):
        parse_types({"query": "asking"})
    with pytest.raises(ValidationError, match="lists no annotation type"):
        parse_types([])


# Hostile files: a contributor's YAML is distrusted.

BOMB = """---
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
exact: "Pakistan"
---
"""


@pytest.mark.parametrize(
    ("header", "line", "message"),
    [
        (BOMB, 2, "anchor or alias"),
        ('---\nexact: &quote "Pakistan"\ntype: context\n---\n', 2, "anchor or alias"),
        ("---\nsources: " + "[" * 12 + "]" * 12 + "\n---\n", 2, "nested more than 8 levels"),
        ("---\nexact: '" + "x" * 30_000 + "'\n---\n", 2, "longer than 20000 characters"),
    ],
)
def test_hostile_front_matter_is_refused_before_it_is_built(header: str, line: int, message: str) -> None:
    draft = parse_text(header, Path("annotations/bomb.md"))
    (problem,) = draft.problems
    assert (problem.code, problem.line) == (INVALID, line)
    assert message in problem.message


def test_a_fifo_among_the_annotations_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    draft = read_draft(tmp_path / "pipe.md", Path("annotations/pipe.md"))
    (problem,) = draft.problems
    assert problem.message == "cannot be read: is a FIFO, not a text file; name a regular file"


def test_json_ld_text_cannot_close_a_script_element() -> None:
    hostile = {"author": "</script><script>alert(1)</script> & co", "ok": "plain"}
    text = jsonld.dumps(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile
