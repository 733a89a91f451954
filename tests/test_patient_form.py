"""The screening form: questions, every validation message, storing, replays, CSRF."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError

from screening.infra.extensions import db as _db
from screening.rules import default_ruleset
from screening.services import store as screenings

TOKEN_URL = re.compile(r"^/screening/([A-Za-z0-9_-]{43,})$")
TEXT_QUESTIONS = {
    "full_name": "Full name",
    "email": "Email address",
    "phone": "Phone number (optional)",
    "medications": "Which medication and supplements do you take?",
    "allergy_details": "What are you allergic to, and what happens?",
    "other_area": "Which other area?",
}
RADIO_QUESTIONS = {
    "pregnant": ("Are you pregnant, or could you be?", ["yes", "no", "unsure"]),
    "good_health": ("Are you in good general health?", ["yes", "no"]),
    "cancer_history": ("Have you ever had cancer?", ["yes", "no"]),
    "heart_arrhythmia": (
        "Have you ever been told you have an irregular heartbeat (arrhythmia)?",
        ["yes", "no"],
    ),
    "blood_clots": ("Have you ever had a blood clot?", ["yes", "no"]),
    "takes_medication": ("Do you take any medication?", ["yes", "no"]),
    "allergies": ("Do you have any allergies?", ["yes", "no"]),
}


def fieldset_for(page, legend_text):
    """Return the fieldset whose legend reads ``legend_text``."""
    for legend in page.select("fieldset > legend"):
        if legend.get_text(strip=True) == legend_text:
            return legend.parent
    raise AssertionError(f"no fieldset with legend {legend_text!r}")


def error_summary(page) -> dict[str, str]:
    """Return the error summary as {link target: message}."""
    return {
        link["href"]: link.get_text(strip=True)
        for link in page.select(".error-summary a")
    }


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; SQLite hands back naive UTC times."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def field_error(page, field_id) -> str:
    message = page.select_one(f"#{field_id}-error")
    assert message is not None, f"no error message beside {field_id}"
    return message.get_text(" ", strip=True).removeprefix("Error: ")


# The form page


def test_the_start_page_links_to_the_form(client, page):
    start = page(client.get("/"))

    assert start.select_one('a[href="/screening"]')


def test_every_text_question_has_a_label(client, page):
    form = page(client.get("/screening"))

    for name, label in TEXT_QUESTIONS.items():
        assert form.select_one(f'label[for="{name}"]').get_text(strip=True) == label
        assert form.select_one(f"#{name}")["name"] == name


def test_dates_are_fieldsets_with_a_legend_a_hint_and_three_labelled_parts(
    client, page
):
    form = page(client.get("/screening"))

    for name, legend in (
        ("date_of_birth", "Date of birth"),
        ("visit_date", "Planned visit date (optional)"),
    ):
        fieldset = fieldset_for(form, legend)
        assert fieldset["aria-describedby"] == f"{name}-hint"
        assert fieldset.select_one(f"#{name}-hint").get_text(strip=True)
        for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
            date_input = fieldset.select_one(f'input[name="{name}-{part}"]')
            assert date_input["inputmode"] == "numeric"
            assert date_input["value"] == ""
            label_for = fieldset.select_one(f'label[for="{date_input["id"]}"]')
            assert label_for.get_text(strip=True) == label


def test_yes_no_questions_are_fieldsets_of_unticked_radios(client, page):
    form = page(client.get("/screening"))

    for name, (legend, values) in RADIO_QUESTIONS.items():
        fieldset = fieldset_for(form, legend)
        radios = fieldset.select(f'input[type="radio"][name="{name}"]')
        assert [radio["value"] for radio in radios] == values
        assert not any(radio.has_attr("checked") for radio in radios)


def test_hints_are_shown_and_tied_to_their_questions(client, page):
    form = page(client.get("/screening"))

    for name in ("email", "medications"):
        assert form.select_one(f"#{name}")["aria-describedby"] == f"{name}-hint"
    clots = fieldset_for(form, RADIO_QUESTIONS["blood_clots"][0])
    assert "DVT" in clots.select_one("#blood_clots-hint").get_text()


def test_treatment_areas_are_optional_unticked_checkboxes(client, page):
    form = page(client.get("/screening"))

    fieldset = fieldset_for(form, "Which areas would you like treated? (optional)")
    boxes = fieldset.select('input[type="checkbox"][name="treatment_areas"]')
    assert [box["value"] for box in boxes] == [
        "thighs",
        "abdomen",
        "hips",
        "arms",
        "neck",
        "other",
    ]
    assert not any(box.has_attr("checked") for box in boxes)


def test_consent_is_never_pre_ticked_and_sits_under_the_privacy_notice(
    client, page, app
):
    form = page(client.get("/screening"))

    consent = form.select_one('input[name="consent"]')
    assert consent["type"] == "checkbox"
    assert not consent.has_attr("checked")
    notice = form.select_one("#privacy-notice").get_text(" ", strip=True)
    assert app.config["PRIVACY_NOTICE_VERSION"] in notice
    assert f"{app.config['RETENTION_DAYS']} days" in notice
    assert form.select_one('label[for="consent"]').get_text(strip=True)


def test_the_form_posts_to_itself_with_a_one_time_nonce(client, page):
    form = page(client.get("/screening"))

    assert form.select_one("form")["action"] == "/screening"
    assert form.select_one("form")["method"] == "post"
    assert len(form.select_one('input[name="nonce"]')["value"]) >= 32
    assert not form.title.get_text().startswith("Error:")


# Each validation message

TOO_LONG_EMAIL = "a" * 250 + "@example.com"
ERRORS = {
    "name missing": ({"full_name": ""}, "full_name", "Enter your full name"),
    "name only spaces": ({"full_name": "   "}, "full_name", "Enter your full name"),
    "name too long": (
        {"full_name": "A" * 201},
        "full_name",
        "Full name must be 200 characters or fewer",
    ),
    "email missing": ({"email": ""}, "email", "Enter your email address"),
    "email invalid": (
        {"email": "ada at example"},
        "email",
        "Enter an email address in the correct format, like name@example.com",
    ),
    "email too long": (
        {"email": TOO_LONG_EMAIL},
        "email",
        "Email address must be 254 characters or fewer",
    ),
    "phone with letters": (
        {"phone": "call me"},
        "phone",
        "Enter a phone number, like +44 7700 900 982",
    ),
    "phone too long": (
        {"phone": "0" * 41},
        "phone",
        "Phone number must be 40 characters or fewer",
    ),
    "date of birth missing": (
        {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
        "date_of_birth-day",
        "Enter your date of birth",
    ),
    "day missing": (
        {"date_of_birth-day": ""},
        "date_of_birth-day",
        "Date of birth must include a day",
    ),
    "month and year missing": (
        {"date_of_birth-month": "", "date_of_birth-year": ""},
        "date_of_birth-month",
        "Date of birth must include a month and a year",
    ),
    "year missing": (
        {"date_of_birth-year": ""},
        "date_of_birth-year",
        "Date of birth must include a year",
    ),
    "day not a number": (
        {"date_of_birth-day": "first"},
        "date_of_birth-day",
        "Date of birth must be a real date, written in numbers",
    ),
    "superscript digit": (
        {"date_of_birth-day": "²"},
        "date_of_birth-day",
        "Date of birth must be a real date, written in numbers",
    ),
    "30 February": (
        {"date_of_birth-day": "30", "date_of_birth-month": "2"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "29 February in a year without one": (
        {
            "date_of_birth-day": "29",
            "date_of_birth-month": "2",
            "date_of_birth-year": "1991",
        },
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "month 13": (
        {"date_of_birth-month": "13"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "day 0": (
        {"date_of_birth-day": "0"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "day with ten digits": (
        {"date_of_birth-day": "9999999999"},
        "date_of_birth-day",
        "Date of birth must be a real date",
    ),
    "year with 2 digits": (
        {"date_of_birth-year": "90"},
        "date_of_birth-day",
        "Date of birth must include a 4-digit year",
    ),
    "year with 5 digits": (
        {"date_of_birth-year": "19900"},
        "date_of_birth-day",
        "Date of birth must include a 4-digit year",
    ),
    "birth date in the future": (
        {"date_of_birth-day": "16", "date_of_birth-month": "6"}
        | {"date_of_birth-year": "2026"},
        "date_of_birth-day",
        "Date of birth must be in the past",
    ),
    "birth date before 1900": (
        {"date_of_birth-day": "31", "date_of_birth-month": "12"}
        | {"date_of_birth-year": "1899"},
        "date_of_birth-day",
        "Date of birth must be after 1 January 1900",
    ),
    "visit date in the past": (
        {"visit_date-day": "14", "visit_date-month": "6", "visit_date-year": "2026"},
        "visit_date-day",
        "Visit date must be today or in the future",
    ),
    "visit date more than 2 years ahead": (
        {"visit_date-day": "17", "visit_date-month": "6", "visit_date-year": "2028"},
        "visit_date-day",
        "Visit date must be within the next 2 years",
    ),
    "visit date without a year": (
        {"visit_date-day": "1", "visit_date-month": "7"},
        "visit_date-year",
        "Planned visit date must include a year",
    ),
    "visit date not a real date": (
        {"visit_date-day": "31", "visit_date-month": "6", "visit_date-year": "2026"},
        "visit_date-day",
        "Planned visit date must be a real date",
    ),
    "pregnancy not answered": (
        {"pregnant": ""},
        "pregnant-0",
        "Select whether you are pregnant or could be",
    ),
    "pregnancy answered with something else": (
        {"pregnant": "maybe"},
        "pregnant-0",
        "Select whether you are pregnant or could be",
    ),
    "good health not answered": (
        {"good_health": ""},
        "good_health-0",
        "Select whether you are in good general health",
    ),
    "cancer not answered": (
        {"cancer_history": ""},
        "cancer_history-0",
        "Select whether you have ever had cancer",
    ),
    "arrhythmia not answered": (
        {"heart_arrhythmia": ""},
        "heart_arrhythmia-0",
        "Select whether you have ever been told you have an irregular heartbeat",
    ),
    "blood clots answered with something else": (
        {"blood_clots": "true"},
        "blood_clots-0",
        "Select whether you have ever had a blood clot",
    ),
    "medication not answered": (
        {"takes_medication": ""},
        "takes_medication-0",
        "Select whether you take any medication",
    ),
    "medication taken but not listed": (
        {"takes_medication": "yes", "medications": "  "},
        "medications",
        "Enter the medication and supplements you take",
    ),
    "medication list over 1000 characters": (
        {"takes_medication": "yes", "medications": "x" * 1001},
        "medications",
        "Medication list must be 1000 characters or fewer",
    ),
    "unknown treatment area": (
        {"treatment_areas": ["thighs", "face"]},
        "treatment_areas-0",
        "Select treatment areas from the list",
    ),
    "consent missing": (
        {"consent": ""},
        "consent",
        "Tick the box to agree to the clinic storing your answers",
    ),
}


@pytest.mark.parametrize(
    ("changes", "anchor", "message"), ERRORS.values(), ids=ERRORS.keys()
)
def test_each_error_is_summarised_linked_and_shown_beside_its_field(
    submit, answers, page, stored, today, changes, anchor, message
):
    response = submit(answers, **changes)

    form = page(response)
    assert response.status_code == 200
    assert form.title.get_text().startswith("Error: ")
    assert error_summary(form) == {f"#{anchor}": message}
    field_name = anchor.split("-")[0]
    assert field_error(form, field_name) == message
    assert form.select_one(f"#{anchor}") is not None
    assert stored() == []


def test_several_errors_are_summarised_in_the_order_of_the_form(submit, answers, page):
    response = submit(answers, full_name="", pregnant="", consent="")

    assert list(error_summary(page(response))) == [
        "#full_name",
        "#pregnant-0",
        "#consent",
    ]


def test_a_field_in_error_describes_its_error(submit, answers, page):
    form = page(submit(answers, email="nope"))

    assert form.select_one("#email")["aria-describedby"] == "email-hint email-error"
    assert "input--error" in form.select_one("#email")["class"]


@pytest.mark.parametrize(
    "changes",
    [
        {"visit_date-day": "15", "visit_date-month": "6", "visit_date-year": "2026"},
        {"visit_date-day": "16", "visit_date-month": "6", "visit_date-year": "2028"},
        {"date_of_birth-day": "1", "date_of_birth-month": "1"}
        | {"date_of_birth-year": "1900"},
        {"date_of_birth-day": "01", "date_of_birth-month": "02"},
        {"phone": "+44 (0)20 7946-0958"},
    ],
    ids=[
        "visit today",
        "visit exactly 2 years ahead",
        "born 1 January 1900",
        "leading zeros",
        "international phone",
    ],
)
def test_edge_answers_that_are_accepted(submit, answers, today, changes):
    assert submit(answers, **changes).status_code == 303


# Everything entered is kept after an error


def test_everything_entered_is_kept_after_an_error(submit, answers, page, today):
    entered = answers | {
        "full_name": "Ada <Example>",
        "phone": "01632 960 001",
        "visit_date-day": "3",
        "visit_date-month": "9",
        "visit_date-year": "2026",
        "pregnant": "unsure",
        "good_health": "no",
        "takes_medication": "yes",
        "medications": 'Ibuprofen 200mg\n<script>alert("x")</script>',
        "treatment_areas": ["thighs", "arms"],
    }

    form = page(submit(entered, email="not an email"))

    assert form.select_one("#full_name")["value"] == "Ada <Example>"
    assert form.select_one("#email")["value"] == "not an email"
    assert form.select_one("#phone")["value"] == "01632 960 001"
    assert form.select_one("#medications").get_text().strip() == (
        'Ibuprofen 200mg\n<script>alert("x")</script>'
    )
    for name in ("date_of_birth", "visit_date"):
        for part in ("day", "month", "year"):
            key = f"{name}-{part}"
            assert form.select_one(f"#{key}")["value"] == entered[key]
    for name in RADIO_QUESTIONS:
        checked = form.select(f'input[name="{name}"][checked]')
        assert [radio["value"] for radio in checked] == [entered[name]]
    ticked = form.select('input[name="treatment_areas"][checked]')
    assert [box["value"] for box in ticked] == ["thighs", "arms"]
    assert form.select_one("#consent").has_attr("checked")


def test_a_date_that_is_not_real_is_shown_as_typed(submit, answers, page):
    form = page(
        submit(answers, **{"date_of_birth-day": "31", "date_of_birth-month": "2"})
    )

    assert form.select_one("#date_of_birth-day")["value"] == "31"
    assert form.select_one("#date_of_birth-month")["value"] == "2"
    assert form.select_one("#date_of_birth-year")["value"] == "1990"


def test_the_nonce_survives_an_error(client, answers, page):
    first = page(client.get("/screening"))
    nonce = first.select_one('input[name="nonce"]')["value"]

    again = page(
        client.post("/screening", data=answers | {"nonce": nonce, "email": ""})
    )

    assert again.select_one('input[name="nonce"]')["value"] == nonce


# Storing a screening


def test_a_valid_form_is_stored_once_and_redirects_with_303_to_a_token(
    submit, answers, stored
):
    response = submit(answers)

    assert response.status_code == 303
    match = TOKEN_URL.match(response.headers["Location"])
    assert match, response.headers["Location"]
    (screening,) = stored()
    assert screening.token == match.group(1)
    assert screening.reference not in response.headers["Location"]


def test_the_stored_screening_keeps_consent_policy_and_decision(
    submit, answers, stored, app, today, clock
):
    submit(answers, takes_medication="yes", medications="Ibuprofen")

    (screening,) = stored()
    assert as_utc(screening.consent_given_at) == clock.now()
    assert screening.privacy_notice_version == app.config["PRIVACY_NOTICE_VERSION"]
    assert screening.ruleset_version == default_ruleset().version
    assert screening.as_of_date == today
    assert screening.age == 36
    assert screening.outcome == "needs_review"
    assert [fired["rule"] for fired in screening.fired] == ["takes-medication"]
    assert screening.fired[0]["severity"] == "refer"
    assert screening.medications == "Ibuprofen"
    assert screening.reference.startswith("MS-")


def test_the_answers_are_stored_under_the_project_vocabulary(
    submit, answers, stored, today
):
    submit(
        answers,
        full_name="Ada\x00 Example",
        email=" ada@example.com ",
        phone="01632 960 001",
        pregnant="unsure",
        treatment_areas=["hips", "neck"],
        **{"visit_date-day": "1", "visit_date-month": "9", "visit_date-year": "2026"},
    )

    (screening,) = stored()
    assert screening.full_name == "Ada Example"
    assert screening.email == "ada@example.com"
    assert screening.phone == "01632 960 001"
    assert screening.pregnant == "unsure"
    assert screening.good_health is True
    assert screening.treatment_areas == ["hips", "neck"]
    assert screening.visit_date == screening.as_of_date
    assert screening.as_of_date.isoformat() == "2026-09-01"


def test_the_visit_date_moves_the_age(submit, answers, stored, today, born):
    # 17 today (15 June 2026), 18 on the planned visit.
    submit(
        answers | born(today.replace(year=2008, day=20)),
        **{"visit_date-day": "20", "visit_date-month": "6", "visit_date-year": "2026"},
    )

    (screening,) = stored()
    assert (screening.age, screening.outcome) == (18, "eligible")


def test_without_a_visit_date_the_age_is_taken_today(
    submit, answers, stored, today, born
):
    submit(answers | born(today.replace(year=2008, day=20)))

    (screening,) = stored()
    assert (screening.age, screening.outcome) == (17, "not_eligible")
    assert screening.fired[0]["rule"] == "age-below-minimum"


def test_medications_typed_after_no_are_refused_with_a_message_not_dropped(
    submit, answers, stored, page
):
    response = submit(answers, takes_medication="no", medications="Ibuprofen")

    assert response.status_code == 200
    shown = page(response)
    assert shown.select_one("#medications-error").get_text(" ", strip=True) == (
        "Error: You answered No to taking medication: select Yes, or clear the "
        "medication list"
    )
    assert "Ibuprofen" in shown.select_one("#medications").get_text()
    assert stored() == []


def test_each_screening_gets_its_own_token_and_reference(submit, answers, stored):
    submit(answers)
    submit(answers)

    first, second = stored()
    assert first.token != second.token
    assert first.reference != second.reference


def test_replaying_the_same_post_gives_the_same_redirect_and_no_second_row(
    client, answers, page, stored
):
    nonce = page(client.get("/screening")).select_one('input[name="nonce"]')["value"]

    first = client.post("/screening", data=answers | {"nonce": nonce})
    replay = client.post("/screening", data=answers | {"nonce": nonce})

    assert first.status_code == replay.status_code == 303
    assert replay.headers["Location"] == first.headers["Location"]
    assert len(stored()) == 1


def test_the_same_form_sent_again_with_changed_answers_is_a_new_screening(
    client, answers, page, stored
):
    nonce = page(client.get("/screening")).select_one('input[name="nonce"]')["value"]
    first = client.post("/screening", data=answers | {"nonce": nonce})

    corrected = answers | {"takes_medication": "yes", "medications": "Warfarin"}
    second = client.post("/screening", data=corrected | {"nonce": nonce})

    assert second.status_code == 303
    assert second.headers["Location"] != first.headers["Location"]
    assert [row.outcome for row in stored()] == ["eligible", "needs_review"]
    replay = client.post("/screening", data=answers | {"nonce": nonce})
    assert replay.headers["Location"] == first.headers["Location"]


def test_two_posts_racing_with_one_nonce_store_one_row(
    client, answers, page, stored, monkeypatch
):
    nonce = page(client.get("/screening")).select_one('input[name="nonce"]')["value"]
    first = client.post("/screening", data=answers | {"nonce": nonce})
    # The second request looked before the first one committed: it saw nothing.
    lookups = iter([None])
    real_lookup = screenings.find_by_nonce
    monkeypatch.setattr(
        screenings, "find_by_nonce", lambda n: next(lookups, real_lookup(n))
    )

    second = client.post("/screening", data=answers | {"nonce": nonce})

    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert len(stored()) == 1


@pytest.mark.parametrize("nonce", ["", "short", "bad chars!" * 4])
def test_a_missing_or_malformed_nonce_still_stores_the_screening(
    client, answers, stored, nonce
):
    response = client.post("/screening", data=answers | {"nonce": nonce})

    assert response.status_code == 303
    assert stored()[0].submission_nonce != nonce


def test_a_database_failure_stores_nothing_and_says_so(
    submit, answers, stored, monkeypatch, caplog
):
    def unavailable():
        raise OperationalError("INSERT", {}, ConnectionError("server closed"))

    with monkeypatch.context() as patched:
        patched.setattr(_db.session, "commit", unavailable)
        response = submit(answers)

    assert response.status_code == 503
    assert "your answers were not saved" in response.get_data(as_text=True)
    assert stored() == []
    assert "Ada" not in caplog.text


# The result page

OUTCOMES = {
    "eligible": ({}, [], "book a consultation"),
    "needs_review": (
        {"takes_medication": "yes", "medications": "Ibuprofen", "blood_clots": "yes"},
        ["blood-clots", "takes-medication"],
        "wait to hear from the clinic",
    ),
}


@pytest.mark.parametrize(
    ("outcome", "changes", "rules", "next_step"),
    [(outcome, *details) for outcome, details in OUTCOMES.items()],
    ids=OUTCOMES.keys(),
)
def test_the_result_page_states_outcome_reasons_next_step_and_guidance(
    client, screen, answers, page, outcome, changes, rules, next_step
):
    token = screen(answers, **changes)

    result = page(client.get(f"/screening/{token}"))

    stated = result.select("[data-outcome]")
    assert [element["data-outcome"] for element in stated] == [outcome]
    assert stated[0].select_one("h1").get_text(strip=True)
    reasons = result.select("li[data-rule]")
    assert [reason["data-rule"] for reason in reasons] == rules
    assert all(reason.get_text(strip=True) for reason in reasons)
    text = result.get_text(" ", strip=True)
    assert next_step in text
    headings = [heading.get_text(strip=True) for heading in result.select("h2")]
    for heading in (
        "Before your treatment",
        "What to expect from mesotherapy",
        "Side effects and aftercare",
    ):
        assert heading in headings
    for words in (
        "50 to 150 injections",
        "can cost $300 to $500 a session",
        "vitamins, amino acids, medicines and minerals",
        "no pain",
        "back to work or home",
        "within a week",
        "no clinical studies back these claims",
        "see a doctor",
    ):
        assert words in text
    for unsupported in ("typically", "little scientific proof", "the article we rely"):
        assert unsupported not in text
    assert result.select_one(f'a[href="/screening/{token}/checklist"]')


def test_the_result_page_says_why_in_the_rules_own_words(client, screen, answers):
    token = screen(answers, blood_clots="yes")

    text = client.get(f"/screening/{token}").get_data(as_text=True)

    assert "You have had a blood clot" in text


def test_a_later_policy_never_rewrites_a_stored_result(
    client, screen, answers, make_app, tmp_path, page
):
    token = screen(answers, takes_medication="yes", medications="Ibuprofen")
    policy = tmp_path / "policy.toml"
    policy.write_text('[severity]\ntakes-medication = "advise"\n')
    relaxed = make_app(SCREENING_POLICY_FILE=str(policy))

    result = page(relaxed.test_client().get(f"/screening/{token}"))

    assert result.select_one("[data-outcome]")["data-outcome"] == "needs_review"
    assert [li["data-rule"] for li in result.select("li[data-rule]")] == [
        "takes-medication"
    ]


@pytest.mark.parametrize("path", ["/screening/{token}", "/screening/{token}/checklist"])
@pytest.mark.parametrize("token", ["1", "x" * 43, "../../etc/passwd", "MS-ABCDE-FGHJK"])
def test_unknown_tokens_are_not_found(client, submit, answers, page, path, token):
    submit(answers)

    response = client.get(path.format(token=token))

    assert response.status_code == 404
    assert page(response).title.get_text().startswith("Page not found")


def test_the_reference_is_not_a_way_in(client, screen, answers, stored):
    screen(answers)

    reference = stored()[0].reference
    assert client.get(f"/screening/{reference}").status_code == 404


# CSRF protection, as in production


def csrf_token_from(client):
    form = client.get("/screening").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)[1]


def test_a_post_without_a_csrf_token_is_refused_with_the_answers_kept(
    csrf_client, answers, page, stored
):
    csrf_client.get("/screening")

    response = csrf_client.post("/screening", data=answers | {"full_name": "Ada Q"})

    assert response.status_code == 400
    form = page(response)
    assert form.select_one("[data-csrf-failed]")
    assert "have not been sent" in form.get_text()
    assert form.select_one("#full_name")["value"] == "Ada Q"
    assert form.select_one('input[name="good_health"][checked]')["value"] == "yes"
    assert form.select_one("#consent").has_attr("checked")
    assert stored() == []


def test_a_post_with_a_wrong_csrf_token_is_refused(csrf_client, answers, stored):
    csrf_client.get("/screening")

    response = csrf_client.post("/screening", data=answers | {"csrf_token": "forged"})

    assert response.status_code == 400
    assert stored() == []


def test_the_refused_form_can_be_sent_again(csrf_client, answers, page, stored):
    refused = page(csrf_client.post("/screening", data=answers))
    token = refused.select_one('input[name="csrf_token"]')["value"]
    nonce = refused.select_one('input[name="nonce"]')["value"]

    response = csrf_client.post(
        "/screening", data=answers | {"csrf_token": token, "nonce": nonce}
    )

    assert response.status_code == 303
    assert len(stored()) == 1


def test_a_post_with_the_csrf_token_is_stored(csrf_client, answers, stored):
    token = csrf_token_from(csrf_client)

    response = csrf_client.post("/screening", data=answers | {"csrf_token": token})

    assert response.status_code == 303
    assert len(stored()) == 1


# Error pages


def test_a_wrong_method_is_refused_with_allowed_methods(client, page):
    response = client.put("/screening")

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert page(response).title.get_text().startswith("This page cannot be used")


def test_an_oversized_form_gets_a_page_saying_so(client, answers, page, stored):
    response = client.post("/screening", data=answers | {"medications": "x" * 70_000})

    assert response.status_code == 413
    assert page(response).title.get_text().startswith("What you sent is too large")
    assert stored() == []


def test_an_unexpected_failure_gets_a_plain_500_page(
    client, answers, page, monkeypatch, caplog
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("screening.patient.views.store_screening", broken)

    response = client.post("/screening", data=answers)

    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)
    assert page(response).title.get_text().startswith("Sorry, there is a problem")
    assert "Ada" not in caplog.text


def test_an_oversized_form_is_a_413_even_before_the_csrf_check(
    csrf_client, answers, page
):
    response = csrf_client.post(
        "/screening", data=answers | {"medications": "x" * 70_000}
    )

    assert response.status_code == 413
    assert page(response).title.get_text().startswith("What you sent is too large")
