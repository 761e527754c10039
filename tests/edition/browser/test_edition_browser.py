"""What a reader does in a real browser: hover a note number, follow it, come back.

Drives Debian's headless Chromium (/usr/bin/chromium) through Playwright; the
site is served from 127.0.0.1 and every other request is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from browser_support import BROWSER_MARKS, expect

SCREENSHOT = Path("/tmp/edition-economy.png")

pytestmark = BROWSER_MARKS


def test_hover_click_and_come_back(page, served_site):
    page.goto(served_site + "article/opportunities/economy/")
    marker = page.locator('a.footnote-ref[href="#fn:43"]')
    expect(marker).to_have_text("43")

    # Hovering shows Material's tooltip with the note's text.
    marker.hover()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Pakistan Settles Soviet-Era Trade Dispute with Russia")

    # Clicking lands on the note.
    marker.click()
    expect(page).to_have_url(re.compile(r"#fn:43$"))
    note = page.locator('li[id="fn:43"]')
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text("The Express Tribune")

    # Its back-link returns to the marker.
    page.mouse.move(0, 0)
    note.locator("a.footnote-backref").click()
    expect(page).to_have_url(re.compile(r"#fnref:43$"))
    expect(page.locator('sup[id="fnref:43"]')).to_be_in_viewport()

    page.screenshot(path=str(SCREENSHOT))


def test_notes_starting_above_1_show_their_original_numbers(page, served_site):
    page.goto(served_site + "article/opportunities/economy/")
    first_marker = page.locator("a.footnote-ref").first
    expect(first_marker).to_have_text("36")
    first_item = page.locator("div.footnote > ol > li").first
    # The number the browser draws for a list item is its `value` (decimal list).
    assert first_item.evaluate("li => li.value") == 36
    assert first_item.evaluate("li => getComputedStyle(li).listStyleType") == "decimal"
    assert page.locator("div.footnote > ol").evaluate("ol => ol.start") == 36
    values = page.locator("div.footnote > ol > li").evaluate_all("items => items.map(li => li.value)")
    assert values == list(range(36, 47))


def test_paragraph_anchor_lands_on_the_paragraph(page, served_site):
    page.goto(served_site + "article/opportunities/economy/#p-3")
    paragraph = page.locator("p#p-3")
    expect(paragraph).to_be_in_viewport()
    expect(paragraph).to_contain_text("The resolution of the four-decade-old trade dispute")
    pilcrow = paragraph.locator("a.edition-pilcrow")
    expect(pilcrow).to_have_attribute("href", "#p-3")
    expect(pilcrow).to_have_css("opacity", "1")  # the targeted paragraph shows its permalink
