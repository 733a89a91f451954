"""Properties of the rules that hold for every answer set and every clinic policy."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from support.answers import NO_CONCERNS

from screening.rules import CATALOGUE, Answers, Outcome, RuleSet, Severity, evaluate
from screening.rules.criteria import DEFAULT_RULES
from screening.rules.policy import apply_policy, default_ruleset

RULE_IDS = [rule.id for rule in DEFAULT_RULES]
# For each risk question the risky answers; NO_CONCERNS holds the safe one.
RISKY = {
    "pregnant": ("yes", "unsure"),
    "good_health": (False,),
    "cancer_history": (True,),
    "heart_arrhythmia": (True,),
    "blood_clots": (True,),
    "takes_medication": (True,),
}
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))


def replace(answers: Answers, **changes) -> Answers:
    """Return the same patient's answers with ``changes`` made."""
    return Answers.aged_on({**answers.values, **changes}, answers.as_of)


@st.composite
def answer_sets(draw) -> Answers:
    """Draw any well-formed answers, aged on any day from birth to 130 years on."""
    born = draw(birth_dates)
    return Answers(
        date_of_birth=born,
        as_of=born + timedelta(days=draw(st.integers(0, 130 * 366))),
        pregnant=draw(st.sampled_from(CATALOGUE["pregnant"].choice_values)),
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
    safe = evaluate(replace(answers, **{question: NO_CONCERNS[question]}), ruleset)
    after = evaluate(replace(answers, **{question: risky}), ruleset)
    assert after.outcome.rank >= safe.outcome.rank


@given(answer_sets())
def test_by_default_unsure_about_pregnancy_sits_between_no_and_yes(answers):
    ranks = [
        evaluate(replace(answers, pregnant=answer), default_ruleset()).outcome.rank
        for answer in ("no", "unsure", "yes")
    ]
    assert ranks == sorted(ranks)
