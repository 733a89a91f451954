"""The vocabulary of screening rules: severities, outcomes, rules and results.

Everything here is plain data so a rule can be read, reviewed and tested
without running the application.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

from .answers import Answers
from .conditions import Condition
from .parameters import Parameter, values_of
from .text import Message


class Severity(StrEnum):
    """How strongly a fired rule weighs on the outcome."""

    ADVISE = "advise"
    REFER = "refer"
    EXCLUDE = "exclude"


class Basis(StrEnum):
    """What a rule or a piece of guidance rests on: the article, or the clinic."""

    ARTICLE = "article"
    CLINIC_POLICY = "clinic policy"


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


@dataclass(frozen=True)
class Rule:
    """One screening criterion, with the words shown to patients and to staff."""

    id: str
    condition: Condition
    severity: Severity
    patient_message: str
    staff_reason: str
    # The article section the rule rests on or, for a clinic choice, answers.
    source: str
    basis: Basis = Basis.ARTICLE
    # Who the rule concerns, for the start page: "are pregnant".
    concerns: str = ""

    @property
    def reads(self) -> tuple[str, ...]:
        """Return the questions whose answers this rule looks at."""
        return self.condition.reads


@dataclass(frozen=True)
class RuleSet:
    """A versioned, ordered collection of rules and the parameters they use."""

    version: str
    rules: tuple[Rule, ...]
    parameters: Mapping[str, Parameter] = field(default_factory=dict)

    @cached_property
    def checks(self) -> tuple[tuple[Callable[[Answers], bool], RuleResult, RuleResult]]:
        """Return each rule's test, thresholds resolved, and both its results.

        Worked out once per rule set: the words depend only on the rule and
        the thresholds, never on the answers, so every screening shares the
        same immutable records, and evaluating is a loop of comparisons.
        """
        values = values_of(self.parameters)
        checks = []
        for rule in self.rules:
            used = rule.condition.parameter
            matched = RuleResult(
                rule=rule.id,
                matched=True,
                severity=rule.severity,
                message=Message(rule.patient_message, **values),
                reason=Message(rule.staff_reason, **values),
                source=rule.source,
                basis=rule.basis,
                test=rule.condition.describe(values),
                parameters={used: values[used]} if used else {},
            )
            unmatched = RuleResult(**{**matched.__dict__, "matched": False})
            checks.append((rule.condition.bound(values), matched, unmatched))
        return tuple(checks)

    def result_of(self, rule_id: str) -> RuleResult | None:
        """Return what ``rule_id`` says when it matches, or None if no such rule."""
        for rule, (_, matched, _) in zip(self.rules, self.checks, strict=True):
            if rule.id == rule_id:
                return matched
        return None


PUBLIC_FIELDS = ("rule", "severity", "message", "source", "basis")


@dataclass(frozen=True)
class RuleResult:
    """What one rule made of one screening's answers, kept with it for ever."""

    rule: str
    matched: bool
    severity: Severity
    message: str
    reason: str
    source: str
    basis: Basis
    test: str
    parameters: Mapping[str, Any]

    def as_dict(self, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
        """Return a JSON-ready copy: every field, or only ``fields``.

        The words for patients and staff are kept only for a rule that
        matched: for the others they would say what is not the case.
        """
        stored = {
            "rule": self.rule,
            "matched": self.matched,
            "severity": str(self.severity),
            "source": self.source,
            "basis": str(self.basis),
            "test": self.test,
            "parameters": dict(self.parameters),
        }
        if self.matched:
            stored |= {"message": self.message, "reason": self.reason}
        if fields is None:
            return stored
        return {name: stored[name] for name in fields}


@dataclass(frozen=True)
class Evaluation:
    """The decision for one set of answers and every rule that led to it."""

    outcome: Outcome
    age: int
    as_of: date
    results: tuple[RuleResult, ...]
    ruleset_version: str

    @property
    def fired(self) -> tuple[RuleResult, ...]:
        """Return the results of the rules that matched, in rule-set order."""
        return tuple(result for result in self.results if result.matched)
