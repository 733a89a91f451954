"""The guidance a result page shows, and the sources it rests on, for one outcome.

Headings, sentences and section names are the rules' English, marked for
translation: the templates say them with ``|translated``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..infra.clinic import session_price
from ..rules import Outcome, article
from ..rules.guidance import (
    BEFORE_TREATMENT,
    SIDE_EFFECTS_AND_AFTERCARE,
    WHAT_TO_EXPECT,
    Statement,
    has_clinic_policy,
    sections_used,
    with_clinic_price,
)
from ..rules.model import Basis
from ..rules.text import N_


def guidance_for(
    outcome: Outcome, config: Mapping[str, Any]
) -> dict[str, tuple[Statement, ...]]:
    """Return the guidance by heading; none for a patient the clinic cannot treat.

    Cost, injections and aftercare only matter to someone who may visit.
    """
    if outcome is Outcome.NOT_ELIGIBLE:
        return {}
    return {
        N_("Before your treatment"): BEFORE_TREATMENT,
        N_("What to expect from mesotherapy"): with_clinic_price(
            WHAT_TO_EXPECT, session_price(config)
        ),
        N_("Side effects and aftercare"): SIDE_EFFECTS_AND_AFTERCARE,
    }


def reasons_as_statements(fired: Iterable[Mapping[str, Any]]) -> tuple[Statement, ...]:
    """Return the stored reasons as statements, for the sources they rest on.

    A screening stored before rules had a basis rests on the article.
    """
    statements = []
    for result in fired:
        basis = Basis(result.get("basis") or Basis.ARTICLE)
        sections = (result["source"],) if basis is Basis.ARTICLE else ()
        statements.append(Statement(result.get("message", ""), sections, basis))
    return tuple(statements)


def sources_of(*groups: Iterable[Statement]) -> dict[str, Any]:
    """Return what one "Where this information comes from" section lists."""
    groups = tuple(tuple(group) for group in groups)
    return {
        "title": article.TITLE,
        "author": article.AUTHOR,
        "sections": sections_used(*groups),
        "clinic_policy": has_clinic_policy(*groups),
    }
