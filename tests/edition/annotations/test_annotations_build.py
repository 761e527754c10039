"""`mkdocs build --strict` on a copy of the project: annotations that do not fit stop it, hostile ones are defused."""

from __future__ import annotations

import json

from annotation_project import replace_in, write_annotation
from edition_site import html_path_for, parse_html


def build(project, run_mkdocs_build):
    return run_mkdocs_build(project / "mkdocs.yml", project / "site")


def assert_fails_with(result, *messages: str) -> None:
    assert result.returncode != 0, result.stderr
    for message in messages:
        assert message in result.stderr, f"{message!r} not in:\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout


def test_a_quotation_edited_out_of_the_text_fails_with_the_closest_passage(project, run_mkdocs_build):
    replace_in(
        project / "docs/article/opportunities/economy.md",
        "noted that Rostam and the Atomic",
        "noted that Rosatom and the Atomic",
    )
    result = build(project, run_mkdocs_build)
    assert_fails_with(
        result,
        "1 invalid annotation:",
        'annotations/rosatom.md:2: annotation-unanchored: the quotation "Rostam" is not in the article '
        "(on article/opportunities/economy.md); the closest passage is in "
        'article/opportunities/economy.md#p-2: "Rosatom"',
    )


def test_an_ambiguous_quotation_fails_with_the_list_of_places(project, run_mkdocs_build):
    write_annotation(
        project, "steel-mills", 'exact: "Pakistan Steel Mills"\ntype: context\nauthor: A. Editor\ncreated: 2024-06-01'
    )
    result = build(project, run_mkdocs_build)
    assert_fails_with(
        result,
        'annotations/steel-mills.md:2: annotation-ambiguous: the quotation "Pakistan Steel Mills" occurs 2 times: ',
        "article/historical-overview.md#p-1 (",
        "article/introduction.md#p-2 (",
        "add a 'prefix' or 'suffix'",
    )


def test_invalid_fields_all_fail_the_build_at_once_with_file_and_line(project, run_mkdocs_build):
    write_annotation(
        project, "bad-type", 'exact: "Zamir Kabulov, considered"\ntype: opinion\nauthor: A. Editor\ncreated: 2024-06-01'
    )
    write_annotation(
        project, "bad-date", 'exact: "Pavel Didkovsky"\ntype: context\nauthor: A. Editor\ncreated: 2024-02-30'
    )
    write_annotation(project, "no-author", 'exact: "Pavel Didkovsky"\ntype: context\ncreated: 2024-06-01')
    write_annotation(
        project,
        "copy-of-rosatom",
        'id: rosatom\nexact: "Leonid Shebarshin"\ntype: context\nauthor: A. Editor\ncreated: 2024-06-01',
    )
    result = build(project, run_mkdocs_build)
    assert_fails_with(
        result,
        "4 invalid annotations:",
        "annotations/bad-type.md:3: annotation-invalid: unknown type 'opinion'",
        "annotations/bad-date.md:5: annotation-invalid: 'created' is not an ISO date: '2024-02-30'",
        "annotations/no-author.md:1: annotation-invalid: missing field 'author'",
        "annotations/rosatom.md:1: annotation-invalid: duplicate id 'rosatom' (also used by "
        "annotations/copy-of-rosatom.md:2)",
    )


HOSTILE = """\
A remark on the envoy.

<script>alert('script')</script>
<img src="x" onerror="alert('img')">
[a link](javascript:alert('link'))
<a href="javascript:alert('a')" onclick="alert('click')">raw link</a>
<iframe src="https://evil.example/"></iframe>
"""


def test_a_hostile_body_is_neutralised_in_the_built_site(project, run_mkdocs_build):
    write_annotation(
        project,
        "hostile",
        'exact: "Pavel Didkovsky"\ntype: context\nauthor: <b onmouseover=alert(1)>A. Editor</b>\ncreated: 2024-06-01',
        HOSTILE,
    )
    result = build(project, run_mkdocs_build)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = html_path_for(site, "article/historical-overview.md").read_text(encoding="utf-8")
    index = html_path_for(site, "annotations.md").read_text(encoding="utf-8")
    for html in (page, index):
        tree = parse_html(html)
        item = tree.by_id("annotation-hostile")
        assert item is not None and "A remark on the envoy." in item.text()
        assert "<b onmouseover=alert(1)>A. Editor</b>" in item.text()  # the author, as text
        assert not [n.tag for n in item.iter() if n.tag in ("script", "iframe", "img")]
        for node in tree.iter():
            assert not [name for name in node.attrs if name.startswith("on")], (node.tag, node.attrs)
            assert not node.attrs.get("href", "").lower().startswith("javascript:"), node.attrs
            if node.tag == "script":
                assert "alert(" not in node.text()
        for bad in ("javascript:", "<iframe", "evil.example", "<script>alert"):
            assert bad not in html.lower(), bad
    published = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    (hostile,) = [i for i in published["first"]["items"] if i["id"].endswith("#annotation-hostile")]
    body = json.dumps(hostile["body"]).lower()
    assert "alert(" not in body and "javascript:" not in body and "<iframe" not in body
