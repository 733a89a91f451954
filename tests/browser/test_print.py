"""The checklist and the staff summary each print on one sheet of A4 or Letter."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import DecisionKind, Screening, StaffMember
from screening.services.review import record_decision
from screening.staff.forms import NOTE_MAX

from .pages import assert_checklist_on_one_sheet, squashed
from .records import LONGEST_MEDICATIONS, stored_screening
from .screens import screens

pytestmark = pytest.mark.browser

NOT_PRINTED = [
    ".site-header",
    ".site-footer",
    ".skip-link",
    "nav",
    "button",
    ".button",
    ".no-print",
]

# On screen these help; on paper they are noise.
SCREEN_ONLY = [".site-header", ".site-footer", ".no-print", "[data-print]"]

# How each tick box is drawn: its size and its four borders.
BOX_STYLES = """boxes => boxes.map(box => {
  const style = getComputedStyle(box);
  const rect = box.getBoundingClientRect();
  return {
    width: rect.width, height: rect.height,
    borders: ['Top', 'Right', 'Bottom', 'Left'].map(side => [
      style[`border${side}Style`], parseFloat(style[`border${side}Width`]),
      style[`border${side}Color`]]),
  };
})"""


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("medications", [False, True], ids=["plain", "1000-char-meds"])
# A patient the clinic cannot treat has no visit, so no checklist.
@pytest.mark.parametrize("outcome", ["eligible", "needs_review"])
def test_checklist_prints_on_exactly_one_page(
    page, tokens, tokens_with_medications, outcome, medications, paper
):
    token = (tokens_with_medications if medications else tokens)[outcome]
    page.goto(f"/screening/{token}/checklist")
    assert_checklist_on_one_sheet(
        page, paper, LONGEST_MEDICATIONS if medications else None
    )


@pytest.mark.parametrize(
    "screen", screens("checklist-needs_review", "staff-summary"), ids=lambda s: s.name
)
def test_print_hides_navigation_buttons_and_footer(open_screen, screen):
    page = open_screen(screen)
    for selector in SCREEN_ONLY:
        expect(page.locator(selector)).to_be_visible()
    page.emulate_media(media="print")
    for selector in NOT_PRINTED:
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    printed = page.locator("body").inner_text()
    for words in (
        "Skip to main content",
        "does not replace advice",
        "Print this",
        "Back to",
    ):
        assert words not in printed


def test_tick_boxes_print_as_black_squares(page, tokens):
    page.goto(f"/screening/{tokens['eligible']}/checklist")
    page.emulate_media(media="print")
    boxes = page.locator(".checklist__box").evaluate_all(BOX_STYLES)
    assert len(boxes) == page.locator(".checklist__item").count() > 3
    for box in boxes:
        assert box["width"] == pytest.approx(box["height"], abs=0.5)
        assert box["width"] >= 12
        for style, width, colour in box["borders"]:
            assert (style, colour) == ("solid", "rgb(0, 0, 0)")
            assert width >= 1


def decided_with_longest_note(app, reference: str) -> None:
    """Record one decision whose note is as long as the form allows."""
    with app.app_context():
        screening = db.session.scalar(select(Screening).filter_by(reference=reference))
        staff = db.session.scalar(select(StaffMember))
        note = ("Discussed the history with the patient by phone. " * 50)[:NOTE_MAX]
        record_decision(screening, staff, DecisionKind.MORE_INFORMATION, note)
        db.session.commit()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("case", ["plain", "1000-char-meds", "meds-and-2000-char-note"])
def test_the_staff_summary_prints_on_exactly_one_page(
    new_page, live_app, signed_in_states, case, paper
):
    medications = LONGEST_MEDICATIONS if case != "plain" else None
    _, reference = stored_screening(live_app, "needs_review", medications)
    if case == "meds-and-2000-char-note":
        decided_with_longest_note(live_app, reference)
    page = new_page(**signed_in_states["staff"])
    page.goto(f"/staff/screenings/{reference}/summary")
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
    assert len(pdf.pages) == 1
    assert squashed(reference) in squashed(pdf.pages[0].extract_text())
