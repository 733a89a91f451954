"""The result page: outcome, reasons, next step and guidance, behind a token."""

from __future__ import annotations

import pytest

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
