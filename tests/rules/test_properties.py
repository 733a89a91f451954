"""Properties of the rules that hold for every answer set and every clinic policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from screening.rules import Answers, Outcome, RuleSet, Severity, evaluate
from screening.rules.criteria import DEFAULT_RULES
from screening.rules.model import PREGNANCY_ANSWERS
from screening.rules.policy import apply_policy, default_ruleset

RULE_IDS = [rule.id for rule in DEFAULT_RULES]
# For each risk question: the answer that raises no concern, and the risky ones.
SAFE = {
    "pregnant": "no",
    "good_health": True,
    "cancer_history": False,
    "heart_arrhythmia": False,
    "blood_clots": False,
    "takes_medication": False,
}
RISKY = {
    "pregnant": ("yes", "unsure"),
    "good_health": (False,),
    "cancer_history": (True,),
    "heart_arrhythmia": (True,),
    "blood_clots": (True,),
    "takes_medication": (True,),
}
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))
leap_day_births = st.integers(1900, 2028).filter(lambda y: y % 4 == 0 and y != 1900)


@st.composite
def answer_sets(draw) -> Answers:
    """Draw any well-formed answers, aged on any day from birth to 130 years on."""
    born = draw(birth_dates)
    return Answers(
        date_of_birth=born,
        as_of=born + timedelta(days=draw(st.integers(0, 130 * 366))),
        pregnant=draw(st.sampled_from(PREGNANCY_ANSWERS)),
        good_health=draw(st.booleans()),
        cancer_history=draw(st.booleans()),
        heart_arrhythmia=draw(st.booleans()),
        blood_clots=draw(st.booleans()),
        takes_medication=draw(st.booleans()),
    )


@st.composite
def rulesets(draw) -> RuleSet:
    """Draw the default policy or any valid clinic policy file."""
    if draw(st.booleans()):
        return default_ruleset()
    low, high = sorted(draw(st.lists(st.integers(0, 130), min_size=2, max_size=2)))
    severities = draw(
        st.dictionaries(
            st.sampled_from(RULE_IDS), st.sampled_from([str(s) for s in Severity])
        )
    )
    policy = {"ages": {"minimum": low, "maximum": high}, "severity": severities}
    return apply_policy(policy, digest="property")


def severities_fired(answers: Answers, ruleset: RuleSet) -> set[Severity]:
    return {fired.severity for fired in evaluate(answers, ruleset).fired}


@given(answer_sets(), rulesets())
def test_every_answer_set_has_exactly_one_outcome(answers, ruleset):
    outcome = evaluate(answers, ruleset).outcome
    fired = severities_fired(answers, ruleset)
    expected = [
        candidate
        for candidate, holds in (
            (Outcome.NOT_ELIGIBLE, Severity.EXCLUDE in fired),
            (
                Outcome.NEEDS_REVIEW,
                Severity.EXCLUDE not in fired and Severity.REFER in fired,
            ),
            (Outcome.ELIGIBLE, not fired & {Severity.EXCLUDE, Severity.REFER}),
        )
        if holds
    ]
    assert expected == [outcome]


@given(answer_sets(), rulesets())
def test_any_exclusion_means_not_eligible(answers, ruleset):
    if Severity.EXCLUDE in severities_fired(answers, ruleset):
        assert evaluate(answers, ruleset).outcome is Outcome.NOT_ELIGIBLE


@given(answer_sets(), rulesets(), st.sampled_from(sorted(RISKY)), st.data())
def test_a_risky_answer_never_improves_the_outcome(answers, ruleset, question, data):
    """Whatever the other answers and the clinic's policy."""
    risky = data.draw(st.sampled_from(RISKY[question]))
    safe = evaluate(replace(answers, **{question: SAFE[question]}), ruleset)
    after = evaluate(replace(answers, **{question: risky}), ruleset)
    assert after.outcome.rank >= safe.outcome.rank


@given(answer_sets())
def test_by_default_unsure_about_pregnancy_sits_between_no_and_yes(answers):
    ranks = [
        evaluate(replace(answers, pregnant=answer), default_ruleset()).outcome.rank
        for answer in ("no", "unsure", "yes")
    ]
    assert ranks == sorted(ranks)


def birthday(born: date, years: int) -> date:
    """Return the day someone turns ``years``: 1 March for 29 February births."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def fired_ids(born: date, as_of: date) -> set[str]:
    answers = Answers(born, as_of, "no", True, False, False, False, False)
    return {fired.rule for fired in evaluate(answers, default_ruleset()).fired}


def check_age_boundaries(born: date) -> None:
    adult = birthday(born, 18)
    assert "age-below-minimum" in fired_ids(born, adult - timedelta(days=1))
    assert fired_ids(born, adult) == set()
    too_old = birthday(born, 71)
    assert fired_ids(born, too_old - timedelta(days=1)) == set()
    assert "age-above-maximum" in fired_ids(born, too_old)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_the_age_limits_turn_on_the_birthday_for_every_birth_date(born):
    check_age_boundaries(born)


@given(leap_day_births)
def test_someone_born_on_29_february_turns_older_on_1_march(year):
    born = date(year, 2, 29)
    check_age_boundaries(born)
    common_year = next(y for y in range(year + 1, year + 5) if y % 4)
    years = common_year - year
    assert Answers(born, date(common_year, 2, 28), "no", True, *[False] * 4).age == (
        years - 1
    )
    assert Answers(born, date(common_year, 3, 1), "no", True, *[False] * 4).age == years
