"""/staff/criteria: the rules and thresholds in force, and the versions in use."""

from __future__ import annotations

import pytest
from support.policies import RIVERSIDE_2027

from screening.rules.criteria import DEFAULT_RULES, RULESET_VERSION

POLICY = RIVERSIDE_2027


def cells(page, selector: str) -> list[str]:
    return [cell.get_text(" ", strip=True) for cell in page.select(selector)]


def test_every_rule_shows_its_severity_test_and_source(staff_client, page):
    shown = page(staff_client.get("/staff/criteria"))
    assert shown.select_one("[data-ruleset-version]").text == RULESET_VERSION
    rows = shown.select("[data-rule]")
    assert [row["data-rule"] for row in rows] == [rule.id for rule in DEFAULT_RULES]
    age = cells(shown, '[data-rule="age-below-minimum"] td')
    assert age == [
        "age-below-minimum",
        "exclude",
        "age less than minimum_age (18)",
        "Younger than the minimum age of 18 on the as-of date.",
        "What are the Side Effects of Mesotherapy?",
    ]
    assert cells(shown, '[data-parameter="maximum_age"] td')[1:3] == ["70", "years"]
    bound = cells(shown, '[data-parameter="earliest_birth_date"] td')
    assert bound[1:3] == ["1900-01-01", "date"]


@pytest.fixture
def policy_app(make_app, tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text(POLICY)
    return make_app(SCREENING_POLICY_FILE=str(path))


def test_the_clinics_policy_file_shows_in_the_values_and_severities(
    policy_app, login, make_staff, page
):
    client = policy_app.test_client()
    login(client, make_staff())
    shown = page(client.get("/staff/criteria"))
    assert shown.select_one("[data-ruleset-version]").text == (
        f"{RULESET_VERSION}+Riverside 2027"
    )
    assert cells(shown, '[data-rule="takes-medication"] td')[1] == "advise"
    minimum = cells(shown, '[data-parameter="minimum_age"] td')
    assert minimum[1] == "21"
    assert minimum[4] == f"Clinic policy file {RULESET_VERSION}+Riverside 2027"


def test_the_history_counts_the_versions_stored_screenings_used(
    staff_client, screening_factory, page, clock
):
    screening_factory(ruleset_version="2026.1.0")
    clock.advance(days=1)
    screening_factory()
    screening_factory()
    shown = page(staff_client.get("/staff/criteria"))
    history = {
        row["data-version"]: row.select("td")[1].text
        for row in shown.select("[data-version]")
    }
    assert history == {"2026.11.1": "2", "2026.1.0": "1"}
    assert [row["data-version"] for row in shown.select("[data-version]")] == [
        "2026.11.1",
        "2026.1.0",
    ]


def test_the_criteria_page_needs_staff(client):
    assert client.get("/staff/criteria").status_code == 401
