"""Pages reflow on small screens and under zoom, and never rely on colour alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .pages import VALID, axe_violations, describe, fill_form, send
from .screens import EVERY_SCREEN, screens

pytestmark = pytest.mark.browser

# WCAG 1.4.10: content fits 320 CSS px without scrolling sideways.
NARROW = {"viewport": {"width": 320, "height": 640}}
# WCAG 1.4.4: Chromium's 200% zoom of a 1280 x 900 window is a 640 x 450 CSS px
# layout drawn at 2 device pixels per CSS pixel; emulating exactly that makes
# media queries and text size behave as they do when a person zooms.
ZOOMED = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}

# An error message is a sentence that says it is an error, not just red text.
ERROR_TEXT = re.compile(r"^Error: \S")
# Pages whose text holds links: colour must not be the only thing marking them.
LINKED = screens(
    "form-errors",
    "result-needs_review",
    "checklist-eligible",
    "not-found",
    "staff-queue",
    "staff-detail",
    "staff-audit",
)

# Elements that stick out past the right edge of the viewport, and the page's
# horizontal overflow. A data table may scroll inside its own region (WCAG
# 1.4.10 exempts two-dimensional content), so what such a region holds is
# reachable and does not count.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => el.checkVisibility() && el.getBoundingClientRect().right > width + 1)
    .filter(el => !inScroller(el))
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  return {scroll: document.documentElement.scrollWidth - width, wide};
}"""

# Staff tables at 320 px: whether each scrolls, how a keyboard and a screen
# reader reach it, and any cell word wider than its cell (so split mid-word;
# a line may still break after a hyphen, as in print).
TABLE_FIT = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('.table-wrapper')].map(wrapper => {
    const split = [];
    for (const cell of wrapper.querySelectorAll('th, td')) {
      const style = getComputedStyle(cell);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = cell.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
      for (const word of cell.innerText.split(/\\s+|(?<=-)/)) {
        if (canvas.measureText(word).width > room + 1) split.push(word);
      }
    }
    return {
      scrolls: wrapper.scrollWidth > wrapper.clientWidth,
      tabindex: wrapper.tabIndex, role: wrapper.getAttribute('role'),
      name: wrapper.getAttribute('aria-label'), split,
    };
  });
}"""
# The audit log, the accounts and the work queue are stacked lists, not tables.
TABLES = screens("staff-queue", "staff-detail-decided")


@pytest.mark.parametrize("size", [NARROW, ZOOMED], ids=["320px", "zoom-200"])
@pytest.mark.parametrize("screen", EVERY_SCREEN, ids=lambda screen: screen.name)
def test_page_fits_without_horizontal_scrolling(open_screen, screen, size):
    page = open_screen(screen, **size)
    assert page.evaluate(OVERFLOW) == {"scroll": 0, "wide": []}
    if size is NARROW:
        # The small-screen layout has its own styles: axe checks it too.
        violations = axe_violations(page)
        assert not violations, describe(violations)


@pytest.mark.parametrize("screen", TABLES, ids=lambda screen: screen.name)
def test_narrow_tables_scroll_in_a_named_focusable_region_without_split_words(
    open_screen, screen
):
    page = open_screen(screen, **NARROW)
    tables = page.evaluate(TABLE_FIT)
    assert tables
    assert any(table["scrolls"] for table in tables)
    for table in tables:
        assert table["split"] == []
        if table["scrolls"]:
            assert (table["tabindex"], table["role"]) == (0, "region")
            assert table["name"]


@pytest.mark.parametrize("size", [NARROW, ZOOMED], ids=["320px", "zoom-200"])
def test_form_can_be_completed_when_narrow_or_zoomed(new_page, size):
    page = new_page(**size)
    page.goto("/screening")
    fill_form(page, VALID)
    send(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You can book a consultation"
    )


def test_errors_are_shown_by_words_and_shape_as_well_as_colour(page):
    page.goto("/screening")
    page.get_by_role("button", name="Send my answers").click()
    groups = page.locator("form .form-group--error")
    assert groups.count() >= 9
    for index in range(groups.count()):
        group = groups.nth(index)
        expect(group.locator(".error-message")).to_have_text(ERROR_TEXT)
        border = group.evaluate(
            "el => parseFloat(getComputedStyle(el).borderLeftWidth)"
        )
        assert border >= 4


@pytest.mark.parametrize("outcome", ["eligible", "needs_review", "not_eligible"])
def test_outcome_is_stated_in_words_not_only_by_banner_colour(page, tokens, outcome):
    page.goto(f"/screening/{tokens[outcome]}")
    titles = {
        "eligible": "You can book a consultation",
        "needs_review": "A clinician needs to review your answers",
        "not_eligible": "Mesotherapy at this clinic is not suitable for you",
    }
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[outcome])


@pytest.mark.parametrize("screen", LINKED, ids=lambda screen: screen.name)
def test_links_in_text_are_underlined(open_screen, screen):
    page = open_screen(screen)
    decorations = page.locator("main a:not(.button)").evaluate_all(
        "links => links.map(a => getComputedStyle(a).textDecorationLine)"
    )
    assert decorations
    assert all("underline" in decoration for decoration in decorations)
