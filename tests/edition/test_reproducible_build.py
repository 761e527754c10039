"""Two builds of one commit are byte-identical, and the edition's dates come from the commit."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from edition_site import ROOT

from site_builds import PUBLISHED

STAMPED_BY_MATERIAL: frozenset[str] = frozenset()
"""Files Material (or MkDocs) writes differently on each build. None: Material stamps no date or random
value into a page, and MkDocs dates its sitemap (and the gzip header of sitemap.xml.gz) with
SOURCE_DATE_EPOCH, which the edition plugin sets from the commit when it is not set already."""


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, run_mkdocs_build):
    # As the Pages workflow builds it: with its address, so that the sitemap lists (and dates) every page.
    sites = []
    for name in ("first", "second"):
        build = run_mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp(name) / "site", PUBLISHED)
        assert build.returncode == 0, build.stderr
        sites.append(build.site_dir)
    return sites


def test_two_builds_of_one_commit_are_identical(two_builds):
    first, second = (_files(site) for site in two_builds)
    assert set(first) == set(second)
    assert len(first) > 30
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == sorted(STAMPED_BY_MATERIAL)


def _commit_date() -> str | None:
    proc = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return f"{datetime.fromtimestamp(int(proc.stdout), UTC):%Y-%m-%d}"


def test_the_editions_date_is_the_commits(two_builds):
    date = _commit_date()
    if date is None:
        pytest.skip("not a git checkout: the edition has no date")
    site = two_builds[0]
    assert f"date = {{{date}}}" in (site / "edition.bib").read_text(encoding="utf-8")
    assert f"<lastmod>{date}</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_source_date_epoch_sets_every_date(tmp_path, run_mkdocs_build):
    epoch = "1700000000"  # 14 November 2023
    build = run_mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", PUBLISHED | {"SOURCE_DATE_EPOCH": epoch})
    assert build.returncode == 0, build.stderr
    assert "date = {2023-11-14}" in (build.site_dir / "edition.bib").read_text(encoding="utf-8")
    sitemap = (build.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>2023-11-14</lastmod>") == sitemap.count("<lastmod>") > 20
