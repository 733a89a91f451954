"""Every screening rule as a named scenario: who, on which date, what the rules say.

The scenarios are records in scenarios.toml, beside this file, written for a
clinician to read; each asserts the outcome, the age and the rules that fired.
The as-of date is the planned visit date, or the day of screening without one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from support.answers import NO_CONCERNS, SUBMISSION

from screening.rules import (
    CATALOGUE,
    Answers,
    Evaluation,
    Outcome,
    RuleSet,
    Severity,
    default_ruleset,
    evaluate,
    load_ruleset,
)
from screening.services.store import Submission

RULESET = default_ruleset()
VISIT = date(2026, 6, 15)


def screened(born: date, on: date, ruleset: RuleSet = RULESET, **answers) -> Evaluation:
    """Return the rules' decision for someone born on ``born``, aged on ``on``."""
    patient = Answers(date_of_birth=born, as_of=on, **(NO_CONCERNS | answers))
    return evaluate(patient, ruleset)


def fired_ids(evaluation: Evaluation) -> list[str]:
    return [fired.rule for fired in evaluation.fired]


@dataclass(frozen=True)
class Scenario:
    """A patient born on ``born``, screened for ``on``: what the rules must say.

    ``answers`` holds only the answers that differ from no concerns at all.
    """

    says: str
    born: date
    on: date
    age: int
    outcome: Outcome
    fired: tuple[str, ...] = ()
    answers: dict = field(default_factory=dict)


def read_scenarios() -> tuple[Scenario, ...]:
    """Return the scenarios of scenarios.toml, each field named as in the file."""
    tables = tomllib.loads(SCENARIOS.read_text(encoding="utf-8"))["scenario"]
    return tuple(
        Scenario(
            **{
                **table,
                "outcome": Outcome(table["outcome"]),
                "fired": tuple(table.get("fired", ())),
            }
        )
        for table in tables
    )


SCENARIOS = Path(__file__).with_name("scenarios.toml")
ALL_SCENARIOS = read_scenarios()
ADULT = date(1990, 3, 14)


def test_the_scenarios_read_only_questions_and_rules_that_exist():
    rule_ids = {rule.id for rule in RULESET.rules}
    for scenario in ALL_SCENARIOS:
        assert set(scenario.answers) <= CATALOGUE.ids, scenario.says
        assert set(scenario.fired) <= rule_ids, scenario.says


def test_every_rule_fires_in_some_scenario_and_names_are_unique():
    fired = {rule for scenario in ALL_SCENARIOS for rule in scenario.fired}
    says = [scenario.says for scenario in ALL_SCENARIOS]

    assert fired == {rule.id for rule in RULESET.rules}
    assert len(says) == len(set(says))


@pytest.mark.parametrize(
    "scenario",
    ALL_SCENARIOS,
    ids=lambda scenario: scenario.says,
)
def test_scenario(scenario):
    evaluation = screened(scenario.born, scenario.on, **scenario.answers)

    assert evaluation.outcome == scenario.outcome
    assert evaluation.age == scenario.age
    assert fired_ids(evaluation) == list(scenario.fired)


def test_everything_at_once_fires_every_matching_rule_in_rule_set_order():
    evaluation = screened(
        date(2009, 1, 1),
        VISIT,
        pregnant="yes",
        good_health=False,
        cancer_history=True,
        heart_arrhythmia=True,
        blood_clots=True,
        takes_medication=True,
        allergies=True,
    )

    cannot_hold_together = ("age-above-maximum", "pregnancy-unsure")
    expected = [
        rule.id for rule in RULESET.rules if rule.id not in cannot_hold_together
    ]
    assert evaluation.outcome == Outcome.NOT_ELIGIBLE
    assert fired_ids(evaluation) == expected
    assert len(expected) == len(RULESET.rules) - 2


def test_the_trace_follows_the_rule_set_order_not_the_severity():
    reversed_rules = RuleSet("reversed", RULESET.rules[::-1], RULESET.parameters)

    evaluation = screened(
        ADULT, VISIT, reversed_rules, pregnant="yes", takes_medication=True
    )

    assert fired_ids(evaluation) == ["takes-medication", "pregnant"]
    assert evaluation.outcome == Outcome.NOT_ELIGIBLE


def test_each_fired_rule_carries_severity_words_and_source():
    evaluation = screened(date(2009, 1, 1), VISIT, takes_medication=True)

    too_young, medication = evaluation.fired
    assert too_young.severity == Severity.EXCLUDE
    assert medication.severity == Severity.REFER
    assert "aged 18 to 70" in too_young.message
    assert "minimum age of 18" in too_young.reason
    assert "{" not in too_young.message + too_young.reason
    assert medication.source == "What are the Side Effects of Mesotherapy?"
    assert (too_young.basis, medication.basis) == ("article", "clinic policy")
    assert too_young.as_dict() == {
        "rule": "age-below-minimum",
        "matched": True,
        "severity": "exclude",
        "message": too_young.message,
        "reason": too_young.reason,
        "source": too_young.source,
        "basis": "article",
        "test": "age less than minimum_age (18)",
        "parameters": {"minimum_age": 18},
    }


def test_the_trace_keeps_every_rule_evaluated_matched_or_not():
    evaluation = screened(date(2009, 1, 1), VISIT, takes_medication=True)

    assert [result.rule for result in evaluation.results] == [
        rule.id for rule in RULESET.rules
    ]
    matched = {result.rule: result.matched for result in evaluation.results}
    assert [rule for rule, hit in matched.items() if hit] == fired_ids(evaluation)
    too_old = evaluation.results[1].as_dict()
    assert too_old["matched"] is False
    assert too_old["parameters"] == {"maximum_age": 70}
    # A rule that did not match keeps no words saying it did.
    assert "message" not in too_old and "reason" not in too_old


def test_the_trace_records_the_clinics_own_parameter_values(tmp_path):
    stricter = policy(tmp_path, "[ages]\nminimum = 21\nmaximum = 65\n")

    evaluation = screened(ADULT, VISIT, stricter)

    used = [result.parameters for result in evaluation.results[:2]]
    assert used == [{"minimum_age": 21}, {"maximum_age": 65}]


def test_the_evaluation_records_age_as_of_date_and_rule_set_version():
    evaluation = screened(ADULT, VISIT)

    assert evaluation.age == 36
    assert evaluation.as_of == VISIT
    assert evaluation.ruleset_version == RULESET.version


def policy(tmp_path, text: str) -> RuleSet:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return load_ruleset(path)


def test_medication_turned_to_advise_keeps_the_patient_eligible(tmp_path):
    advise = policy(tmp_path, '[severity]\ntakes-medication = "advise"\n')

    evaluation = screened(ADULT, VISIT, advise, takes_medication=True)

    assert evaluation.outcome == Outcome.ELIGIBLE
    assert fired_ids(evaluation) == ["takes-medication"]
    assert evaluation.fired[0].severity == Severity.ADVISE


def test_advice_next_to_a_referral_still_needs_review(tmp_path):
    advise = policy(tmp_path, '[severity]\ntakes-medication = "advise"\n')

    evaluation = screened(ADULT, VISIT, advise, takes_medication=True, blood_clots=True)

    assert evaluation.outcome == Outcome.NEEDS_REVIEW
    assert fired_ids(evaluation) == ["blood-clots", "takes-medication"]


def test_messages_quote_the_clinics_own_age_limits(tmp_path):
    stricter = policy(tmp_path, "[ages]\nminimum = 21\nmaximum = 65\n")

    evaluation = screened(date(2006, 1, 1), VISIT, stricter)

    assert evaluation.outcome == Outcome.NOT_ELIGIBLE
    assert fired_ids(evaluation) == ["age-below-minimum"]
    assert "aged 21 to 65" in evaluation.fired[0].message


def submission(born: date, visit: date | None) -> Submission:
    return Submission({**SUBMISSION, "date_of_birth": born, "visit_date": visit})


def test_aged_17_today_but_18_on_the_visit_date_is_eligible():
    today = date(2026, 6, 1)
    answers = submission(date(2008, 6, 10), visit=date(2026, 6, 10)).answers(today)

    evaluation = evaluate(answers, RULESET)

    assert answers.as_of == date(2026, 6, 10)
    assert (evaluation.outcome, evaluation.age) == (Outcome.ELIGIBLE, 18)


def test_aged_17_today_with_no_visit_date_is_not_eligible_by_the_age_rule():
    today = date(2026, 6, 1)
    answers = submission(date(2008, 6, 10), visit=None).answers(today)

    evaluation = evaluate(answers, RULESET)

    assert answers.as_of == today
    assert evaluation.age == 17
    assert fired_ids(evaluation) == ["age-below-minimum"]


def test_aged_70_today_but_71_on_the_visit_date_is_not_eligible_by_the_age_rule():
    today = date(2026, 6, 1)
    answers = submission(date(1955, 6, 10), visit=date(2026, 6, 10)).answers(today)

    evaluation = evaluate(answers, RULESET)

    assert evaluation.age == 71
    assert evaluation.outcome == Outcome.NOT_ELIGIBLE
    assert fired_ids(evaluation) == ["age-above-maximum"]
