"""The screening form page: each question labelled, hinted and grouped."""

from __future__ import annotations

from support.form_pages import (
    RADIO_QUESTIONS,
    TEXT_QUESTIONS,
    fieldset_for,
)

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
