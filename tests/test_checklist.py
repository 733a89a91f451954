"""The printable pre-visit checklist, personalised from the stored answers."""

from __future__ import annotations

from datetime import date

import pytest
from support.answers import NO_CONCERNS

from screening.rules import Answers, Outcome, checklist_for

MAY_VISIT = ["no-shower-or-make-up", "avoid-stimulants", "check-cost", "ice-pack"]
CHECKLISTS = {
    "eligible": ({}, [*MAY_VISIT, "bring-this-sheet"]),
    "needs_review": (
        {"cancer_history": "yes"},
        ["wait-for-clinic", *MAY_VISIT, "bring-this-sheet"],
    ),
}


def checklist_page(client, page, token):
    response = client.get(f"/screening/{token}/checklist")
    assert response.status_code == 200
    return page(response)


def item_ids(checklist) -> list[str]:
    return [item["data-item"] for item in checklist.select("[data-item]")]


@pytest.mark.parametrize(
    ("outcome", "changes", "items"),
    [(outcome, *details) for outcome, details in CHECKLISTS.items()],
    ids=CHECKLISTS.keys(),
)
def test_each_outcome_has_its_own_checklist(
    client, screen, answers, page, outcome, changes, items
):
    checklist = checklist_page(client, page, screen(answers, **changes))

    assert checklist.select_one("[data-outcome]")["data-outcome"] == outcome
    assert item_ids(checklist) == items


@pytest.mark.parametrize(
    "changes",
    [{}, {"cancer_history": "yes"}],
    ids=["eligible", "needs review"],
)
def test_the_medication_list_line_is_only_for_people_taking_medication(
    client, screen, answers, page, changes
):
    without = checklist_page(client, page, screen(answers, **changes))
    with_medication = checklist_page(
        client,
        page,
        screen(answers, takes_medication="yes", medications="Ibuprofen", **changes),
    )

    assert "bring-medication-list" not in item_ids(without)
    assert "bring-medication-list" in item_ids(with_medication)


def test_the_checklist_shows_reference_visit_date_outcome_and_next_step(
    client, screen, answers, page, stored, today, visiting
):
    token = screen(answers | visiting(today.replace(month=9, day=3)))

    checklist = checklist_page(client, page, token)

    text = checklist.get_text(" ", strip=True)
    assert stored()[0].reference in text
    assert "3 September 2026" in text
    assert "you can book a consultation" in text
    assert checklist.select_one("[data-outcome] h2")


def test_without_a_visit_date_no_visit_is_shown(client, screen, answers, page):
    checklist = checklist_page(client, page, screen(answers))

    assert "Planned visit" not in checklist.get_text()


def test_the_medication_list_is_shown_escaped(client, screen, answers, page):
    listed = '<script>alert("x")</script> & <b>aspirin</b>'
    token = screen(answers, takes_medication="yes", medications=listed)

    response = client.get(f"/screening/{token}/checklist")

    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert page(response).select_one(".medications").get_text() == listed


def test_the_checklist_is_made_for_paper(client, screen, answers, page):
    checklist = checklist_page(client, page, screen(answers))

    assert "page--checklist" in checklist.body["class"]
    assert checklist.select_one('link[rel="stylesheet"][media="print"]')
    assert checklist.select(".checklist__box")
    print_button = checklist.select_one("button[data-print]")
    assert print_button.has_attr("hidden")
    assert print_button.get_text() == "Print or save this checklist"
    controls = print_button.parent
    assert "no-print" in controls["class"]
    # A phone has no keyboard: the words name menus, never shortcuts.
    assert "Print or Share menu" in controls.get_text()
    assert "Ctrl" not in controls.get_text()


def test_the_print_stylesheet_sets_up_a_page_and_hides_the_chrome(client):
    with client.get("/static/print.css") as response:
        css = response.get_data(as_text=True)

    assert "@page" in css
    for chrome in (".site-header", ".site-footer", ".no-print"):
        assert chrome in css


@pytest.mark.parametrize("outcome", [Outcome.ELIGIBLE, Outcome.NEEDS_REVIEW])
def test_every_outcome_with_a_visit_asks_the_patient_to_bring_the_sheet(outcome):
    answers = Answers(date(1990, 1, 1), date(2026, 1, 1), **NO_CONCERNS)

    assert checklist_for(outcome, answers)[-1].id == "bring-this-sheet"


def test_a_patient_the_clinic_cannot_treat_has_no_checklist(
    client, screen, answers, page
):
    token = screen(answers, pregnant="yes")

    response = client.get(f"/screening/{token}/checklist")

    assert response.status_code == 404
    shown = page(response)
    assert shown.h1.get_text() == "There is no visit to prepare"
    assert not shown.select("[data-item]")
    assert (
        checklist_for(
            Outcome.NOT_ELIGIBLE,
            Answers(date(1990, 1, 1), date(2026, 1, 1), **NO_CONCERNS),
        )
        == ()
    )


def test_clinic_policy_lines_are_labelled_and_the_sources_listed_once(
    client, screen, answers, page
):
    checklist = checklist_page(client, page, screen(answers, cancer_history="yes"))

    for line in checklist.select("[data-item]"):
        labelled = line.select_one(".tag") is not None
        assert labelled == (line["data-basis"] == "clinic policy"), line["data-item"]
    assert len(checklist.select("[data-sources]")) == 1
    assert "(Source:" not in checklist.get_text()
