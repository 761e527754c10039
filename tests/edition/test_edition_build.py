"""The edition builds with `mkdocs build --strict`, without a warning."""

from __future__ import annotations

import re

from edition_site import ROOT, html_path_for, nav_sources, parse_html

from site_builds import PUBLISHED


def test_strict_build_passes_without_warnings(site_build):
    assert site_build.returncode == 0, site_build.stderr
    log = site_build.stdout + site_build.stderr
    warnings = [line for line in log.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert warnings == [], "\n".join(warnings)
    assert "Traceback" not in log


GENERATED_PAGES = {"bibliography.md", "reference-health.md"}
"""Pages the edition plugin writes at build time from the BibTeX and citecheck's report."""


def test_every_nav_page_is_built(built_site):
    sources = nav_sources()
    assert sources[0] == "index.md"
    for src in sources:
        assert src in GENERATED_PAGES or (ROOT / "docs" / src).exists(), src
        assert html_path_for(built_site, src).exists(), src


def test_the_published_build_takes_its_addresses_from_the_environment(published_site):
    base = PUBLISHED["EDITION_SITE_URL"]
    page = html_path_for(published_site, "article/opportunities/economy.md").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}article/opportunities/economy/">' in page
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}article/conclusion/</loc>" in sitemap
    # The repository is linked, but Material's widget, which calls the GitHub API, is not used.
    assert f'href="{PUBLISHED["EDITION_REPO_URL"]}"' in page and PUBLISHED["EDITION_REPO_NAME"] in page
    assert 'data-md-component="source"' not in page
    home = (published_site / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{base}">{base}</a>' in home  # Cite this edition
    assert f"url = {{{base}}}" in (published_site / "edition.bib").read_text(encoding="utf-8")


def test_a_local_build_names_no_address_and_no_placeholder(built_site):
    page = html_path_for(built_site, "article/opportunities/economy.md").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page
    assert "md-source" not in page  # no repository link without repo_url
    for path in sorted(built_site.rglob("*")):
        if path.suffix in {".html", ".bib", ".ris", ".json", ".jsonld", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert "example.github.io" not in text and "github.com/example" not in text, path
    home = " ".join(parse_html((built_site / "index.html").read_text(encoding="utf-8")).text().split())
    cite = home[home.index("Cite this edition¶") : home.index("Source¶")]
    assert "Annotated digital edition." in cite and "set when the edition is deployed" in cite
    assert "url = " not in (built_site / "edition.bib").read_text(encoding="utf-8")


def test_the_not_found_page_links_home_and_to_the_contents(built_site):
    tree = parse_html((built_site / "404.html").read_text(encoding="utf-8"))
    article = next(n for n in tree.find_all("article") if "md-content__inner" in n.classes)
    assert article.find_all("h1")[0].text() == "Page not found"
    links = {a.text().strip(): a.attrs["href"] for a in article.find_all("a")}
    # Absolute: the page is served for any missing address, at any depth.
    assert links["Go to the home page"] == "/."
    assert links["Economy"] == "/article/opportunities/economy/"
    assert links["Bibliography"] == "/bibliography/"


def test_navigation_instant_preview_is_not_enabled():
    # Material's instant previews and footnote tooltips would both open on a marker.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "navigation.instant.preview" not in config
    assert "content.footnote.tooltips" in config
