"""Evaluate a rule set against one patient's answers."""

from __future__ import annotations

from .model import Answers, Evaluation, FiredRule, Outcome, RuleSet, Severity

OUTCOME_FOR_SEVERITY = {
    Severity.EXCLUDE: Outcome.NOT_ELIGIBLE,
    Severity.REFER: Outcome.NEEDS_REVIEW,
    Severity.ADVISE: Outcome.ELIGIBLE,
}


def evaluate(answers: Answers, ruleset: RuleSet) -> Evaluation:
    """Apply every rule (no short-circuit) so staff see the complete trace."""
    fired = tuple(record for holds, record in ruleset.checks if holds(answers))
    return Evaluation(
        outcome=worst_outcome(fired),
        age=answers.age,
        as_of=answers.as_of,
        fired=fired,
        ruleset_version=ruleset.version,
    )


def worst_outcome(fired: tuple[FiredRule, ...]) -> Outcome:
    """Return the outcome of the most severe fired rule, eligible when none."""
    outcomes = (OUTCOME_FOR_SEVERITY[item.severity] for item in fired)
    return max(outcomes, key=lambda outcome: outcome.rank, default=Outcome.ELIGIBLE)
