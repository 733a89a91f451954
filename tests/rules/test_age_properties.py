"""Properties of the age rules for any birth date and any as-of date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from support.answers import NO_CONCERNS

from screening.rules import Answers, Outcome, default_ruleset, evaluate

RULESET = default_ruleset()
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))
days_later = st.integers(min_value=0, max_value=130 * 366)
leap_day_births = st.integers(1900, 2028).filter(lambda y: y % 4 == 0 and y != 1900)


def birthday(born: date, years: int) -> date:
    """Return the ``years``-th birthday; 29 February falls on 1 March otherwise."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def counted_age(born: date, on: date) -> int:
    """Count the birthdays reached by ``on``: a second way to compute an age."""
    years = on.year - born.year
    return years if birthday(born, years) <= on else years - 1


@given(birth_dates, days_later)
def test_the_age_is_the_number_of_birthdays_reached(born, later):
    on = born + timedelta(days=later)

    assert Answers(born, on, **NO_CONCERNS).age == counted_age(born, on)


@given(birth_dates, days_later)
def test_an_age_rule_fires_exactly_when_the_age_is_outside_18_to_70(born, later):
    on = born + timedelta(days=later)
    evaluation = evaluate(Answers(born, on, **NO_CONCERNS), RULESET)

    fired = {item.rule for item in evaluation.fired}
    age = counted_age(born, on)
    assert ("age-below-minimum" in fired) == (age < 18)
    assert ("age-above-maximum" in fired) == (age > 70)
    assert (evaluation.outcome == Outcome.ELIGIBLE) == (18 <= age <= 70)


@given(birth_dates, days_later, st.integers(min_value=1, max_value=400))
def test_the_age_never_falls_as_the_as_of_date_moves_later(born, later, more):
    on = born + timedelta(days=later)

    earlier = Answers(born, on, **NO_CONCERNS).age
    assert Answers(born, on + timedelta(days=more), **NO_CONCERNS).age >= earlier


def fired_ids(born: date, as_of: date) -> set[str]:
    answers = Answers(born, as_of, **NO_CONCERNS)
    return {fired.rule for fired in evaluate(answers, RULESET).fired}


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
    assert Answers(born, date(common_year, 2, 28), **NO_CONCERNS).age == years - 1
    assert Answers(born, date(common_year, 3, 1), **NO_CONCERNS).age == years
