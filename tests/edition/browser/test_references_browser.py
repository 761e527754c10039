"""A reader follows a note to its work in the bibliography and back, and reads what an ibid refers to."""

from __future__ import annotations

import re

from browser_support import BROWSER_MARKS, expect

pytestmark = BROWSER_MARKS


def test_hovering_note_39_shows_the_work_of_note_38(page, served_site):
    page.goto(served_site + "article/opportunities/economy/")
    page.locator('a.footnote-ref[href="#fn:39"]').hover()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Ibid.")
    expect(tooltip).to_contain_text("note 38")
    expect(tooltip).to_contain_text("Russia-Pakistan Economic Relations")


def test_from_a_note_to_its_bibliography_entry_and_back_to_each_citing_note(page, served_site):
    page.goto(served_site + "article/historical-overview/#fn:12")
    page.locator('li[id="fn:12"] a.edition-note-work').click()
    expect(page).to_have_url(re.compile(r"/bibliography/#hanif-2013-pakistan$"))
    entry = page.locator('div[id="hanif-2013-pakistan"]')
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text("Hanif, Muhammad.")
    citing = entry.locator('a[href*="#fn:"]')
    expect(citing).to_have_text(["12", "42"])
    hrefs = [citing.nth(i).get_attribute("href") for i in range(citing.count())]
    for href, label in zip(hrefs, ["12", "42"]):
        page.goto(served_site + "bibliography/#hanif-2013-pakistan")
        page.locator(f'div[id="hanif-2013-pakistan"] a[href="{href}"]').click()
        expect(page).to_have_url(re.compile(rf"#fn:{label}$"))
        note = page.locator(f'li[id="fn:{label}"]')
        expect(note).to_be_in_viewport()
        expect(note).to_contain_text("Pakistan-Russia Relations")
