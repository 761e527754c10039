"""The edition builds with `mkdocs build --strict`, without a warning."""

from __future__ import annotations

import re

from edition_site import ROOT, html_path_for, nav_sources


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


def test_site_url_gives_canonical_links_and_sitemap(built_site):
    base = "https://example.github.io/pakistan-russia-edition/"
    page = html_path_for(built_site, "article/opportunities/economy.md").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}article/opportunities/economy/">' in page
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}article/conclusion/</loc>" in sitemap


def test_navigation_instant_preview_is_not_enabled():
    # Material's instant previews and footnote tooltips would both open on a marker.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "navigation.instant.preview" not in config
    assert "content.footnote.tooltips" in config
