"""Evaluate a rule set against one patient's answers."""

from __future__ import annotations

from collections.abc import Iterable

from .catalogue import Catalogue
from .model import Answers, Evaluation, Outcome, RuleResult, RuleSet, Severity

OUTCOME_FOR_SEVERITY = {
    Severity.EXCLUDE: Outcome.NOT_ELIGIBLE,
    Severity.REFER: Outcome.NEEDS_REVIEW,
    Severity.ADVISE: Outcome.ELIGIBLE,
}


def evaluate(answers: Answers, ruleset: RuleSet) -> Evaluation:
    """Apply every rule (no short-circuit) so staff see the complete trace."""
    results = tuple(
        matched if holds(answers) else unmatched
        for holds, matched, unmatched in ruleset.checks
    )
    return Evaluation(
        outcome=worst_outcome(result for result in results if result.matched),
        age=answers.age,
        as_of=answers.as_of,
        results=results,
        ruleset_version=ruleset.version,
    )


def worst_outcome(fired: Iterable[RuleResult]) -> Outcome:
    """Return the outcome of the most severe fired rule, eligible when none."""
    outcomes = (OUTCOME_FOR_SEVERITY[item.severity] for item in fired)
    return max(outcomes, key=lambda outcome: outcome.rank, default=Outcome.ELIGIBLE)


def unknown_reads(ruleset: RuleSet, catalogue: Catalogue) -> list[str]:
    """Return ``rule-id: question`` for each answer a rule reads that is never asked."""
    return [
        f"{rule.id}: {question}"
        for rule in ruleset.rules
        for question in rule.reads
        if question not in catalogue.ids
    ]
