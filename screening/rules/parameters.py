"""Every threshold the screening uses, as data with its unit and its source.

As OpenFisca keeps parameters apart from the formulas that read them, each
number here is a record naming where it comes from: a section of the
reference article or the clinic's own policy. Rules refer to a parameter by
name; a clinic's policy file may change the age limits (``policy.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .article import SIDE_EFFECTS
from .text import N_

CLINIC_POLICY = N_("Clinic policy")


@dataclass(frozen=True)
class Parameter:
    """One threshold: its name, value and unit, and the source it rests on."""

    name: str
    value: Any
    unit: str
    reference: str
    description: str

    def with_value(self, value: Any, reference: str) -> Parameter:
        """Return this parameter set to ``value`` on the strength of ``reference``."""
        return replace(self, value=value, reference=reference)


def by_name(*parameters: Parameter) -> Mapping[str, Parameter]:
    """Return the parameters keyed by name, refusing a name given twice."""
    named = {parameter.name: parameter for parameter in parameters}
    if len(named) != len(parameters):
        raise ValueError("two parameters share a name")
    return named


def values_of(parameters: Mapping[str, Parameter]) -> dict[str, Any]:
    """Return each parameter's value keyed by name."""
    return {name: parameter.value for name, parameter in parameters.items()}


# The article says most providers treat people aged 18 to 70 only.
RULE_PARAMETERS = by_name(
    Parameter(
        "minimum_age",
        18,
        N_("years"),
        SIDE_EFFECTS,
        N_("The youngest age, on the as-of date, the clinic treats."),
    ),
    Parameter(
        "maximum_age",
        70,
        N_("years"),
        SIDE_EFFECTS,
        N_("The oldest age, on the as-of date, the clinic treats (70 is allowed)."),
    ),
)

# The bounds of a well-formed date on the form and in the API.
EARLIEST_BIRTH_DATE = Parameter(
    "earliest_birth_date",
    date(1900, 1, 1),
    N_("date"),
    CLINIC_POLICY,
    N_("A date of birth before this is taken as a typing mistake."),
)
LONGEST_BOOKING_AHEAD = Parameter(
    "longest_booking_ahead",
    2 * 366,
    N_("days"),
    CLINIC_POLICY,
    N_("The clinic takes bookings up to two years ahead."),
)
