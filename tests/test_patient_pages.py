"""What patients read: who is treated, why not, what it rests on, and their own copy."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import AuditEvent
from screening.rules.answers import age_on
from screening.rules.explain import turning

NOT_FOR_A_VISIT = (
    "$",
    "Before your treatment",
    "Side effects and aftercare",
    "What to expect",
    "checklist",
    "injections",
)


def text_of(page, response) -> str:
    return page(response).get_text(" ", strip=True)


def result_from(client, page, answers, **changes):
    """Send the form on another application's client; return its result page."""
    nonce = page(client.get("/screening")).select_one('input[name="nonce"]')["value"]
    response = client.post("/screening", data=answers | {"nonce": nonce, **changes})
    assert response.status_code == 303
    return page(client.get(response.headers["Location"]))


# The start page


def test_the_start_page_says_who_the_clinic_treats_before_any_question(client, page):
    start = page(client.get("/"))

    exclude = [li.get_text() for li in start.select('[data-concerns="exclude"] li')]
    refer = [li.get_text() for li in start.select('[data-concerns="refer"] li')]
    assert exclude == [
        "are younger than 18 on the day of your visit",
        "are older than 70 on the day of your visit",
        "are pregnant",
    ]
    assert "have allergies" in refer and "take any medication or supplements" in refer
    assert "for 365 days" in start.select_one("[data-storage]").get_text()
    assert not start.select("form input")


def test_the_start_page_follows_the_clinics_policy_file(make_app, tmp_path, page):
    policy = tmp_path / "policy.toml"
    policy.write_text(
        'name = "riverside"\n[ages]\nminimum = 21\nmaximum = 65\n'
        '[severity]\ntakes-medication = "advise"\npregnancy-unsure = "exclude"\n'
    )
    client = make_app(SCREENING_POLICY_FILE=str(policy)).test_client()

    start = page(client.get("/"))

    exclude = [li.get_text() for li in start.select('[data-concerns="exclude"] li')]
    refer = [li.get_text() for li in start.select('[data-concerns="refer"] li')]
    assert "are younger than 21 on the day of your visit" in exclude
    assert "are older than 65 on the day of your visit" in exclude
    assert "could be pregnant" in exclude
    assert "take any medication or supplements" not in refer + exclude


# Not eligible


def test_a_17_year_old_with_a_visit_date_is_told_the_day_they_turn_18(
    client, screen, answers, born, visiting, today, page
):
    token = screen(
        answers | born(date(2009, 1, 20)) | visiting(date(2026, 9, 1)),
    )

    panel = page(client.get(f"/screening/{token}")).select_one("[data-not-eligible]")

    words = panel.get_text(" ", strip=True)
    assert "On your planned visit date, 1 September 2026, you would be 17." in words
    assert panel.select_one("[data-again-from]").get_text() == "20 January 2027"
    assert "visit on or after that date" in words
    assert "or today" not in words


def test_a_17_year_old_without_a_visit_date_is_measured_on_the_day_they_answered(
    client, screen, answers, born, today, page
):
    token = screen(answers | born(date(2008, 6, 16)))

    panel = page(client.get(f"/screening/{token}")).select_one("[data-not-eligible]")

    words = panel.get_text(" ", strip=True)
    assert "You were 17 on the day you answered, 15 June 2026." in words
    assert panel.select_one("[data-again-from]").get_text() == "16 June 2026"
    assert "planned visit date" not in words


def test_someone_born_on_29_february_turns_18_on_1_march_in_a_common_year():
    assert turning(date(2009, 2, 28), 18) == date(2027, 2, 28)
    assert turning(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert turning(date(2008, 2, 29), 20) == date(2028, 2, 29)
    # The day the rules agree: 17 the day before, 18 on it.
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_a_71_year_old_is_told_the_upper_age_limit(
    client, screen, answers, born, today, page
):
    token = screen(answers | born(date(1955, 1, 1)))

    result = page(client.get(f"/screening/{token}"))

    words = result.select_one("[data-not-eligible]").get_text(" ", strip=True)
    assert "The clinic's upper age limit is 70." in words
    assert not result.select("[data-again-from]")


def test_a_pregnant_patient_may_screen_again_after_the_pregnancy(
    client, screen, answers, page
):
    token = screen(answers, pregnant="yes")

    words = text_of(page, client.get(f"/screening/{token}"))

    assert "after your pregnancy" in words


@pytest.mark.parametrize(
    "changes",
    [{"pregnant": "yes"}, {"date_of_birth-year": "2015"}],
    ids=["pregnant", "aged 11"],
)
def test_a_not_eligible_page_has_no_price_aftercare_or_checklist(
    client, screen, answers, page, changes
):
    token = screen(answers, **changes)

    result = page(client.get(f"/screening/{token}"))

    main = result.select_one("main").get_text(" ", strip=True)
    for words in NOT_FOR_A_VISIT:
        assert words not in main, words
    assert not result.select(f'a[href="/screening/{token}/checklist"]')
    assert "outcome--not_eligible" in result.select_one("[data-outcome]")["class"]


def test_the_not_eligible_panel_is_calm_not_an_error(client):
    with client.get("/static/site.css") as response:
        css = response.get_data(as_text=True)

    rule = next(line for line in css.splitlines() if line.startswith(".outcome--not"))
    assert "#d4351c" not in rule  # the error red


def test_think_this_is_wrong_gives_the_clinics_phone(make_app, answers, page):
    client = make_app(CLINIC_PHONE="+44 1632 960001").test_client()

    result = result_from(client, page, answers, pregnant="yes")

    headings = [h.get_text() for h in result.select("h2")]
    assert "Think this is wrong?" in headings
    link = result.select_one('[data-contact="phone"] a')
    assert link["href"] == "tel:+441632960001"


# Sources and the clinic's own policy


def test_sources_are_listed_once_and_clinic_policy_is_labelled(
    client, screen, answers, page
):
    result = page(client.get(f"/screening/{screen(answers)}"))

    assert "(Source:" not in result.get_text()
    (sources,) = result.select("[data-sources]")
    assert sources.h2.get_text() == "Where this information comes from"
    sections = [item.get_text() for item in sources.select("[data-section]")]
    assert sections == [
        "How Does Mesotherapy Work?",
        "What are the Benefits of Using Mesotherapy?",
        "What are the Side Effects of Mesotherapy?",
        "Is Mesotherapy an Effective Way to Get Rid of Cellulite Permanently?",
    ]
    doctor = next(
        li for li in result.select("li[data-basis]") if "see a doctor" in li.text
    )
    assert doctor["data-basis"] == "clinic policy"
    assert doctor.select_one(".tag").get_text() == "Clinic policy"


def test_the_clinics_own_price_replaces_the_articles(make_app, answers, page):
    client = make_app(CLINIC_SESSION_PRICE=250, CLINIC_CURRENCY="£").test_client()

    result = result_from(client, page, answers)

    words = result.get_text(" ", strip=True)
    assert "At this clinic a session costs £250" in words
    assert "$300" not in words
    price = next(li for li in result.select("li[data-basis]") if "£250" in li.text)
    assert price["data-basis"] == "clinic policy"


def test_the_staff_trace_shows_the_basis_of_each_rule(
    app, screen, answers, staff_client, stored
):
    screen(answers, takes_medication="yes", medications="Ibuprofen", blood_clots="yes")
    reference = stored()[0].reference

    for view in ("", "/summary"):
        html = staff_client.get(f"/staff/screenings/{reference}{view}").text
        assert "<td data-basis>clinic policy</td><td>What are the Side" in html
        assert "<td data-basis>article</td>" in html


# The patient's own copy


def audited(app) -> list[tuple[str, str | None, dict]]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.event, e.screening_reference, e.detail) for e in events]


def test_download_my_answers_sits_next_to_delete_my_screening(
    client, screen, answers, page
):
    token = screen(answers)

    result = page(client.get(f"/screening/{token}"))

    links = [a["href"] for a in result.select("a")]
    at = links.index(f"/screening/{token}/delete")
    assert links[at - 2 : at] == [
        f"/screening/{token}/answers",
        f"/screening/{token}/answers.json",
    ]


def test_the_json_copy_holds_the_answers_and_is_audited(
    app, client, screen, answers, stored
):
    token = screen(answers, allergies="yes", allergy_details="Plasters: a rash")
    reference = stored()[0].reference

    response = client.get(f"/screening/{token}/answers.json")

    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    copy = response.json
    assert copy["reference"] == reference
    assert copy["contact"]["full_name"] == "Ada Example"
    assert copy["answers"]["date_of_birth"] == "1990-03-14"
    assert copy["answers"]["allergy_details"] == "Plasters: a rash"
    assert [reason["basis"] for reason in copy["reasons"]] == ["clinic policy"]
    assert "reason" not in copy["reasons"][0]  # the staff wording stays with staff
    assert audited(app)[-1] == (
        "screening.self_downloaded",
        reference,
        {"view": "json"},
    )


def test_the_printable_copy_shows_every_answer_and_is_audited(
    app, client, screen, answers, stored, page
):
    token = screen(answers, treatment_areas=["other"], other_area="Calves")
    reference = stored()[0].reference

    copy = page(client.get(f"/screening/{token}/answers"))

    assert copy.select_one('[data-answer="other_area"] dd').get_text() == "Calves"
    assert copy.select_one("button[data-print]")
    assert audited(app)[-1] == (
        "screening.self_downloaded",
        reference,
        {"view": "printable"},
    )


def test_an_unknown_token_downloads_nothing(app, client):
    for path in ("answers", "answers.json"):
        assert client.get(f"/screening/no-such-token/{path}").status_code == 404
    assert audited(app) == []


def test_a_not_eligible_page_names_the_section_its_reason_rests_on(
    client, screen, answers, page
):
    result = page(client.get(f"/screening/{screen(answers, pregnant='yes')}"))

    (sources,) = result.select("[data-sources]")
    sections = [item.get_text() for item in sources.select("[data-section]")]
    assert sections == ["What are the Side Effects of Mesotherapy?"]


def test_a_reason_that_is_the_clinics_choice_is_labelled_clinic_policy(
    client, screen, answers, page
):
    token = screen(answers, takes_medication="yes", medications="x", blood_clots="yes")

    result = page(client.get(f"/screening/{token}"))

    labelled = {
        reason["data-rule"]: reason.select_one(".tag") is not None
        for reason in result.select("li[data-rule]")
    }
    assert labelled == {"blood-clots": False, "takes-medication": True}
