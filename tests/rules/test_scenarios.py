"""Every screening rule as a named scenario: who, on which date, what the rules say.

Each scenario asserts the outcome, the age and the ids of the rules that fired.
The as-of date is the planned visit date, or the day of screening without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from support.answers import NO_CONCERNS, SUBMISSION

from screening.rules import (
    Answers,
    Evaluation,
    Outcome,
    RuleSet,
    Severity,
    default_ruleset,
    evaluate,
    load_ruleset,
)
from screening.screenings import Submission

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


ELIGIBLE, REVIEW, NOT_ELIGIBLE = Outcome
AGE_ONLY = (
    Scenario(
        says="aged 17 on the visit date: not eligible by the age rule",
        born=date(2009, 1, 1),
        on=VISIT,
        age=17,
        outcome=NOT_ELIGIBLE,
        fired=("age-below-minimum",),
    ),
    Scenario(
        says="the day before the 18th birthday: not eligible by the age rule",
        born=date(2008, 6, 16),
        on=VISIT,
        age=17,
        outcome=NOT_ELIGIBLE,
        fired=("age-below-minimum",),
    ),
    Scenario(
        says="on the 18th birthday: eligible",
        born=date(2008, 6, 15),
        on=VISIT,
        age=18,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="aged 30 with no health concerns: eligible, no rule fired",
        born=date(1996, 1, 1),
        on=VISIT,
        age=30,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="aged 70 on the visit date: eligible",
        born=date(1956, 1, 1),
        on=VISIT,
        age=70,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="the day before the 71st birthday: still 70, eligible",
        born=date(1955, 6, 16),
        on=VISIT,
        age=70,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="on the 71st birthday: not eligible by the age rule",
        born=date(1955, 6, 15),
        on=VISIT,
        age=71,
        outcome=NOT_ELIGIBLE,
        fired=("age-above-maximum",),
    ),
    Scenario(
        says="aged 71 on the visit date: not eligible by the age rule",
        born=date(1955, 1, 1),
        on=VISIT,
        age=71,
        outcome=NOT_ELIGIBLE,
        fired=("age-above-maximum",),
    ),
)
LEAP_DAY = (
    Scenario(
        says="born 29 February 2008, on 28 February 2026 (no 29th): 17, not eligible",
        born=date(2008, 2, 29),
        on=date(2026, 2, 28),
        age=17,
        outcome=NOT_ELIGIBLE,
        fired=("age-below-minimum",),
    ),
    Scenario(
        says="born 29 February 2008, on 1 March 2026: 18, eligible",
        born=date(2008, 2, 29),
        on=date(2026, 3, 1),
        age=18,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="born 29 February 1956, on 28 February 2027 (no 29th): still 70, eligible",
        born=date(1956, 2, 29),
        on=date(2027, 2, 28),
        age=70,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="born 29 February 1956, on 1 March 2027: 71, not eligible by the age rule",
        born=date(1956, 2, 29),
        on=date(2027, 3, 1),
        age=71,
        outcome=NOT_ELIGIBLE,
        fired=("age-above-maximum",),
    ),
    Scenario(
        says="born 29 February 2004, on 28 February 2028 (a leap year): still 23",
        born=date(2004, 2, 29),
        on=date(2028, 2, 28),
        age=23,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="born 29 February 2004, on 29 February 2028: 24 on the day itself",
        born=date(2004, 2, 29),
        on=date(2028, 2, 29),
        age=24,
        outcome=ELIGIBLE,
    ),
    Scenario(
        says="born 1 March 2010, on 29 February 2028: 17, not eligible by the age rule",
        born=date(2010, 3, 1),
        on=date(2028, 2, 29),
        age=17,
        outcome=NOT_ELIGIBLE,
        fired=("age-below-minimum",),
    ),
    Scenario(
        says="born 28 February 2010, on 28 February 2028: 18, eligible",
        born=date(2010, 2, 28),
        on=date(2028, 2, 28),
        age=18,
        outcome=ELIGIBLE,
    ),
)
ADULT = date(1990, 3, 14)
ANSWERS = (
    Scenario(
        says="pregnant: not eligible by the pregnancy rule",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=NOT_ELIGIBLE,
        fired=("pregnant",),
        answers={"pregnant": "yes"},
    ),
    Scenario(
        says="not sure whether pregnant: needs review",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=("pregnancy-unsure",),
        answers={"pregnant": "unsure"},
    ),
    Scenario(
        says="not in good general health: needs review",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=("not-in-good-health",),
        answers={"good_health": False},
    ),
    Scenario(
        says="has had cancer: needs review",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=("cancer-history",),
        answers={"cancer_history": True},
    ),
    Scenario(
        says="told of an irregular heartbeat: needs review",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=("heart-arrhythmia",),
        answers={"heart_arrhythmia": True},
    ),
    Scenario(
        says="has had a blood clot: needs review",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=("blood-clots",),
        answers={"blood_clots": True},
    ),
    Scenario(
        says="takes medication: needs review",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=("takes-medication",),
        answers={"takes_medication": True},
    ),
)
COMBINATIONS = (
    Scenario(
        says="pregnant and taking medication: exclude beats refer, both reasons kept",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=NOT_ELIGIBLE,
        fired=("pregnant", "takes-medication"),
        answers={"pregnant": "yes", "takes_medication": True},
    ),
    Scenario(
        says="aged 17 and unsure about pregnancy: not eligible, both rules fired",
        born=date(2009, 1, 1),
        on=VISIT,
        age=17,
        outcome=NOT_ELIGIBLE,
        fired=("age-below-minimum", "pregnancy-unsure"),
        answers={"pregnant": "unsure"},
    ),
    Scenario(
        says="aged 71 with a blood clot: not eligible, both rules fired",
        born=date(1955, 1, 1),
        on=VISIT,
        age=71,
        outcome=NOT_ELIGIBLE,
        fired=("age-above-maximum", "blood-clots"),
        answers={"blood_clots": True},
    ),
    Scenario(
        says="cancer and a blood clot: needs review, each its own rule",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=("cancer-history", "blood-clots"),
        answers={"cancer_history": True, "blood_clots": True},
    ),
    Scenario(
        says="every referral at once: needs review with the full trace in rule order",
        born=ADULT,
        on=VISIT,
        age=36,
        outcome=REVIEW,
        fired=(
            "pregnancy-unsure",
            "not-in-good-health",
            "cancer-history",
            "heart-arrhythmia",
            "blood-clots",
            "takes-medication",
        ),
        answers={
            "pregnant": "unsure",
            "good_health": False,
            "cancer_history": True,
            "heart_arrhythmia": True,
            "blood_clots": True,
            "takes_medication": True,
        },
    ),
)


@pytest.mark.parametrize(
    "scenario",
    AGE_ONLY + LEAP_DAY + ANSWERS + COMBINATIONS,
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
    assert too_young.as_dict() == {
        "rule": "age-below-minimum",
        "matched": True,
        "severity": "exclude",
        "message": too_young.message,
        "reason": too_young.reason,
        "source": too_young.source,
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
