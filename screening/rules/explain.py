"""What the patient pages say about the rules: who is treated, and what would change.

The start page lists who the clinic treats from the rule set in force (a
clinic's policy file may move ages or severities). A not-eligible result
names what would change it: for the age rule, the day the patient reaches
the minimum age, since the age is measured on the visit date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .model import RuleSet, Severity
from .parameters import values_of
from .text import Message


def turning(born: date, years: int) -> date:
    """Return the day someone born on ``born`` is ``years`` old.

    As ``answers.age_on`` counts it: born on 29 February, the birthday in a
    year without that day is 1 March.
    """
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def concerns_by_severity(ruleset: RuleSet) -> dict[Severity, list[str]]:
    """Return, per severity, who the rules concern, thresholds filled in.

    Each is a ``Message``: English as it stands, translated by the door.
    """
    values = values_of(ruleset.parameters)
    grouped: dict[Severity, list[str]] = {severity: [] for severity in Severity}
    for rule in ruleset.rules:
        if rule.concerns:
            grouped[rule.severity].append(Message(rule.concerns, **values))
    return grouped


@dataclass(frozen=True)
class Exclusion:
    """One reason a screening is not eligible, with what would change it."""

    rule: str
    message: str
    basis: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    # For the minimum age: the first visit date on which the patient is old enough.
    again_from: date | None = None
    # The stored result itself, for a door translating its words (stored_words).
    result: Mapping[str, Any] = field(default_factory=dict)


def exclusions(fired: Iterable[Mapping[str, Any]], born: date) -> list[Exclusion]:
    """Return the stored results that exclude, each with what would change it."""
    found = []
    for result in fired:
        if result["severity"] != Severity.EXCLUDE:
            continue
        parameters = result.get("parameters") or {}
        minimum = parameters.get("minimum_age")
        below = result["rule"] == "age-below-minimum" and minimum is not None
        again = turning(born, minimum) if below else None
        basis = result.get("basis") or "article"
        message = result.get("message", "")
        found.append(
            Exclusion(result["rule"], message, basis, parameters, again, result)
        )
    return found
