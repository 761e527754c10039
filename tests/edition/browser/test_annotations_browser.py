"""What a reader does with annotations in a real browser: open one with the mouse and with the
keyboard, read it, close it, and switch the highlights off (and find them still off on return).

Uses the headless Chromium, the served site and the request guard of test_edition_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from browser_support import BROWSER_MARKS, expect

SCREENSHOT = Path("/tmp/edition-annotation-open.png")
ECONOMY = "article/opportunities/economy/"
BODY = "State Atomic Energy Corporation"

pytestmark = BROWSER_MARKS


def active_annotation(page) -> str | None:
    """The data-annotation of the focused element, or 'popover' if the popover has focus."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (el && el.id === 'annotation-popover') return 'popover';
        return el ? el.getAttribute('data-annotation') : null;
    }""")


def test_open_with_the_mouse_read_and_close(page, served_site):
    page.goto(served_site + ECONOMY)
    marker = page.locator('button.annotation-marker[data-annotation="rosatom"]')
    popover = page.locator("#annotation-popover")
    expect(marker).to_be_visible()
    expect(marker).to_have_attribute("aria-expanded", "false")
    expect(popover).to_have_count(0)

    marker.click()
    expect(popover).to_be_visible()
    expect(popover).to_be_in_viewport()
    expect(popover).to_have_attribute("role", "dialog")
    expect(popover).to_contain_text(BODY)
    expect(popover).to_contain_text("Annotation 5 · Correction")
    expect(popover.locator("a", has_text="en.wikipedia.org/wiki/Rosatom")).to_be_visible()
    expect(marker).to_have_attribute("aria-expanded", "true")
    expect(page.locator('mark[data-annotation="rosatom"]')).to_have_class(re.compile("annotation-mark--active"))
    assert page.url.endswith(ECONOMY)  # no navigation
    page.screenshot(path=str(SCREENSHOT))

    popover.get_by_role("button", name="Close annotation").click()
    expect(popover).to_be_hidden()
    expect(marker).to_have_attribute("aria-expanded", "false")
    assert active_annotation(page) == "rosatom"  # focus went back to the marker

    # Clicking the highlighted words opens it too; a click elsewhere closes it.
    page.locator('mark[data-annotation="itfc"]').click()
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("International Islamic Trade Finance Corporation")
    page.locator("h1").click()
    expect(popover).to_be_hidden()


def test_open_with_the_keyboard_and_escape(page, served_site):
    page.goto(served_site + ECONOMY)
    popover = page.locator("#annotation-popover")
    # The marker is in the tab order: from the previous marker, Tab goes to note 39's number, then to it.
    page.locator('button.annotation-marker[data-annotation="itfc"]').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#fn:39"
    page.keyboard.press("Tab")
    assert active_annotation(page) == "rosatom"

    page.keyboard.press("Enter")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text(BODY)
    assert active_annotation(page) == "popover"  # focus moved into the dialog
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#annotation-popover') !== null")
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    assert active_annotation(page) == "rosatom"

    page.keyboard.press(" ")  # Space opens as well
    expect(popover).to_be_visible()
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    assert active_annotation(page) == "rosatom"


def test_an_annotation_in_a_note_opens_from_the_note(page, served_site):
    page.goto(served_site + "article/historical-overview/#fn:10")
    marker = page.locator('li[id="fn:10"] button.annotation-marker')
    marker.click()
    popover = page.locator("#annotation-popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("Institute of South Asian Studies")


def test_highlights_can_be_switched_off_and_stay_off(page, served_site):
    page.goto(served_site + ECONOMY)
    toggle = page.locator("button.annotations-toggle")
    mark = page.locator('mark[data-annotation="rosatom"]')
    marker = page.locator('button.annotation-marker[data-annotation="rosatom"]')
    expect(toggle).to_have_attribute("aria-pressed", "true")
    highlighted = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent")

    marker.click()  # an open annotation closes with the highlights
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#annotation-popover")).to_be_hidden()
    expect(marker).to_be_hidden()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.evaluate("localStorage.getItem('edition.annotations.highlights')") == "off"
    mark.click()  # the words are plain text now
    expect(page.locator("#annotation-popover")).to_be_hidden()
    # The words themselves are still there, word for word.
    expect(page.locator("p#p-2")).to_contain_text("noted that Rostam and the Atomic Energy Commission")

    page.goto(served_site + "article/conclusion/")
    expect(page.locator("button.annotations-toggle")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("button.annotation-marker").first).to_be_hidden()

    page.locator("button.annotations-toggle").click()
    expect(page.locator("button.annotation-marker").first).to_be_visible()
    assert page.evaluate("localStorage.getItem('edition.annotations.highlights')") == "on"
