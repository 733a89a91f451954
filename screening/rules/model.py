"""The vocabulary of screening rules: answers, conditions, rules and results.

Everything here is plain data so a rule can be read, reviewed and tested
without running the application.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any


class Severity(StrEnum):
    """How strongly a fired rule weighs on the outcome."""

    ADVISE = "advise"
    REFER = "refer"
    EXCLUDE = "exclude"


class Outcome(StrEnum):
    """The screening decision, ordered from best to worst for the patient."""

    ELIGIBLE = "eligible"
    NEEDS_REVIEW = "needs_review"
    NOT_ELIGIBLE = "not_eligible"

    @property
    def rank(self) -> int:
        """Return the position of this outcome from best (0) to worst."""
        return OUTCOME_RANKS[self]


# Looked up, not searched for: worst_outcome asks for ranks on every screening.
OUTCOME_RANKS = {outcome: rank for rank, outcome in enumerate(Outcome)}


PREGNANCY_ANSWERS = ("yes", "no", "unsure")
# The questions the rules read, besides the date of birth.
QUESTIONS = (
    "pregnant",
    "good_health",
    "cancer_history",
    "heart_arrhythmia",
    "blood_clots",
    "takes_medication",
)


@dataclass(frozen=True)
class Answers:
    """The answers the rules read; contact details never reach the rules."""

    date_of_birth: date
    as_of: date
    pregnant: str
    good_health: bool
    cancer_history: bool
    heart_arrhythmia: bool
    blood_clots: bool
    takes_medication: bool

    @classmethod
    def held_by(cls, holder: Any, as_of: date) -> Answers:
        """Return the answers ``holder`` keeps, aged on ``as_of``.

        A submission and a stored screening both hold them: one construction
        for both, so a new question cannot be left out of either.
        """
        held = {name: getattr(holder, name) for name in QUESTIONS}
        return cls(date_of_birth=holder.date_of_birth, as_of=as_of, **held)

    @cached_property
    def age(self) -> int:
        """Return the age in whole years on the as-of date (worked out once).

        Someone born on 29 February turns a year older on 1 March in a
        year without that day.
        """
        before_birthday = (self.as_of.month, self.as_of.day) < (
            self.date_of_birth.month,
            self.date_of_birth.day,
        )
        return self.as_of.year - self.date_of_birth.year - before_birthday

    def value_of(self, name: str) -> Any:
        """Return the answer or derived fact (such as ``age``) called ``name``."""
        return getattr(self, name)


OPERATORS: Mapping[str, Callable[[Any, Any], bool]] = {
    "equals": operator.eq,
    "less_than": operator.lt,
    "greater_than": operator.gt,
}

ANSWER_NAMES = frozenset(("age", *QUESTIONS))


@dataclass(frozen=True)
class Parameter:
    """A reference to a policy threshold, resolved when the rule is evaluated."""

    name: str


@dataclass(frozen=True)
class Condition:
    """One comparison of an answer with a value or a policy parameter."""

    answer: str
    operator: str
    value: Any

    def __post_init__(self) -> None:
        if self.answer not in ANSWER_NAMES:
            raise ValueError(f"unknown answer {self.answer!r}")
        if self.operator not in OPERATORS:
            raise ValueError(f"unknown operator {self.operator!r}")

    def holds(self, answers: Answers, parameters: Mapping[str, Any]) -> bool:
        """Return True when the answers meet this condition."""
        return self.bound(parameters)(answers)

    def bound(self, parameters: Mapping[str, Any]) -> Callable[[Answers], bool]:
        """Return this condition as a test of answers, its threshold looked up now."""
        expected = self.value
        if isinstance(expected, Parameter):
            expected = parameters[expected.name]
        compare, answer = OPERATORS[self.operator], self.answer
        return lambda answers: bool(compare(getattr(answers, answer), expected))


@dataclass(frozen=True)
class Rule:
    """One screening criterion, with the words shown to patients and to staff."""

    id: str
    condition: Condition
    severity: Severity
    patient_message: str
    staff_reason: str
    source: str

    @property
    def reads(self) -> tuple[str, ...]:
        """Return the answers this rule looks at."""
        return (self.condition.answer,)


@dataclass(frozen=True)
class RuleSet:
    """A versioned, ordered collection of rules and the thresholds they use."""

    version: str
    rules: tuple[Rule, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def checks(self) -> tuple[tuple[Callable[[Answers], bool], FiredRule], ...]:
        """Return each rule's test, thresholds resolved, and what it records.

        Worked out once per rule set: the words depend only on the rule and
        the thresholds, never on the answers, so every screening shares the
        same immutable records, and evaluating is a loop of comparisons.
        """
        return tuple(
            (
                rule.condition.bound(self.parameters),
                FiredRule(
                    rule=rule.id,
                    severity=rule.severity,
                    message=rule.patient_message.format_map(self.parameters),
                    reason=rule.staff_reason.format_map(self.parameters),
                    source=rule.source,
                ),
            )
            for rule in self.rules
        )


@dataclass(frozen=True)
class FiredRule:
    """The record of one rule that matched, kept with the screening for ever."""

    rule: str
    severity: Severity
    message: str
    reason: str
    source: str

    def as_dict(self) -> dict[str, str]:
        """Return a JSON-ready copy."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "reason": self.reason,
            "source": self.source,
        }


@dataclass(frozen=True)
class Evaluation:
    """The decision for one set of answers and how it was reached."""

    outcome: Outcome
    age: int
    as_of: date
    fired: tuple[FiredRule, ...]
    ruleset_version: str
