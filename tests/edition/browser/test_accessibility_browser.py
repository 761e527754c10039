"""axe-core (as bundled by axe-playwright-python) on the pages readers use most, in both palettes.

No violation of impact *serious* or *critical* may remain. Those that came from Material's own
templates were fixed by small overrides (overrides/partials/search.html gives the search dialog a
name; edition.css lightens the footer's copyright line). What cannot be fixed that way goes in
`ALLOWED` with its reason; it is empty now.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_support import BROWSER_MARKS, expect

pytestmark = BROWSER_MARKS

PAGES = ["", "article/opportunities/economy/", "bibliography/", "reference-health/", "annotations/", "no/such/page/"]
SCHEMES = {"light": "default", "dark": "slate"}
SERIOUS = {"serious", "critical"}

ALLOWED: dict[tuple[str, str], str] = {}
"""(axe rule, CSS target) → why a serious violation from Material's markup is tolerated."""

AXE = Axe()


def _open(browser, served_site, path: str, scheme: str, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.route(lambda url: not url.startswith(served_site), lambda route: route.abort())
    page = context.new_page()
    page.goto(served_site + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    expect(page.locator("html")).to_have_class(re.compile(r"\bedition-findings-ready\b"))
    return context, page


SETTLED = "*, *::before, *::after { transition: none !important; animation: none !important; }"
"""Transitions finished at once: on a busy machine axe could otherwise measure a colour half-way through one."""


def _serious(page) -> list[str]:
    page.add_style_tag(content=SETTLED)
    results = AXE.run(page).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            if (violation["id"], target) in ALLOWED:
                continue
            found.append(f"{violation['id']} ({violation['impact']}) at {target}: {node['failureSummary']}")
    return found


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/") or "home")
def test_no_serious_or_critical_violation(browser, served_site, path, scheme):
    context, page = _open(browser, served_site, path, scheme)
    try:
        assert _serious(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_open_explanations_and_popover_pass_too(browser, served_site, scheme, width):
    # What is hidden until opened: every ⚑ explanation of the page, and an annotation's popover.
    context, page = _open(browser, served_site, "article/opportunities/economy/", scheme, width)
    try:
        marks = page.locator("button.edition-finding-mark")
        assert marks.count() >= 5
        for i in range(marks.count()):
            marks.nth(i).click()
        page.locator("button.annotation-marker").first.click()
        expect(page.locator("#annotation-popover")).to_be_visible()
        expect(page.locator(".edition-finding-panel").first).to_be_visible()
        assert _serious(page) == []
    finally:
        context.close()


def test_the_search_dialog_has_a_name(browser, served_site):
    context, page = _open(browser, served_site, "", "light")
    try:
        expect(page.locator(".md-search[role=dialog]")).to_have_attribute("aria-label", "Search")
    finally:
        context.close()
