"""The edition as a reader meets it: no request to another host, ⚑ marks usable by keyboard and touch."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_support import BROWSER_MARKS, expect

pytestmark = BROWSER_MARKS

PAGES = [
    "",
    "article/opportunities/economy/",
    "bibliography/",
    "reference-health/",
    "annotations/",
    "citecheck/",
    "no/such/page/",  # the 404 page
]


@pytest.fixture(params=["local", "published"])
def site(request):
    """The local build and the published one (which names its repository and address)."""
    return request.getfixturevalue("served_site" if request.param == "local" else "served_published_site")


def test_pages_request_nothing_from_another_host(browser, site):
    own = urlsplit(site).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    # Whatever goes elsewhere is recorded above, then refused: the test never leaves 127.0.0.1.
    context.route(lambda url: urlsplit(url).netloc != own, lambda route: route.abort())
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(site + path)
            page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert len(requested) > len(PAGES)  # pages, styles, scripts, the search index
    foreign = sorted({url for url in requested if urlsplit(url).netloc != own})
    assert foreign == []


def test_the_published_site_links_its_repository(browser, served_published_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(lambda url: not url.startswith(served_published_site), lambda route: route.abort())
    page = context.new_page()
    page.goto(served_published_site)
    link = page.locator(".md-header a.md-source")
    expect(link).to_have_attribute("href", "https://github.com/example/pakistan-russia-edition")
    expect(link).to_contain_text("example/pakistan-russia-edition")
    context.close()


def test_a_missing_page_gets_the_editions_not_found_page(page, served_site):
    response = page.goto(served_site + "article/no-such-section/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator(".md-header")).to_be_visible()  # the edition's layout, its styles loaded
    page.get_by_role("link", name="Economy").click()
    expect(page).to_have_url(served_site + "article/opportunities/economy/")
    page.go_back()
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(served_site)


def test_tab_reaches_a_finding_mark_and_enter_and_escape_open_and_close_it(page, served_site):
    page.goto(served_site + "article/opportunities/economy/")
    note = page.locator('li[id="fn:38"]')
    mark = note.locator("button.edition-finding-mark")
    panel = note.locator(".edition-finding-panel")
    expect(mark).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()
    note.locator("a.edition-note-work").focus()
    page.keyboard.press("Tab")
    expect(mark).to_be_focused()
    page.keyboard.press("Enter")
    expect(mark).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("This note repeats the full citation of note 10; a short form would do.")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(mark).to_have_attribute("aria-expanded", "false")
    expect(mark).to_be_focused()
    page.keyboard.press("Space")
    expect(panel).to_be_visible()
    # Escape from inside the explanation (a link in it) closes it too, and focus returns to the mark.
    panel.locator("a").first.focus()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(mark).to_be_focused()


def test_a_finding_mark_opens_with_a_tap_on_a_phone(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.route(lambda url: not url.startswith(served_site), lambda route: route.abort())
    page = context.new_page()
    page.goto(served_site + "article/historical-overview/")
    mark = page.locator('li[id="fn:16"] button.edition-finding-mark')
    panel = page.locator('li[id="fn:16"] .edition-finding-panel')
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size
    mark.tap()
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("This note repeats the full citation of note 5")
    panel_box = panel.bounding_box()
    assert panel_box and panel_box["x"] >= 0 and panel_box["x"] + panel_box["width"] <= 390
    mark.tap()
    expect(panel).to_be_hidden()
    context.close()


def test_without_the_script_the_explanations_stay_readable(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "article/historical-overview/")
    expect(page.locator('li[id="fn:16"] .edition-finding-panel')).to_be_visible()
    context.close()
