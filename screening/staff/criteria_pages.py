"""The criteria in force: rules, thresholds, and the versions screenings used."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..infra.languages import catalogue_reviews, translated
from ..rules.parameters import EARLIEST_BIRTH_DATE, LONGEST_BOOKING_AHEAD, values_of
from ..services.policy_impact import ruleset_history
from ..services.store import current_ruleset
from . import bp


@bp.get("/criteria")
def criteria():
    """Show the active rule set and policy, and the rule-set versions in use so far.

    Admins also see who reviewed each language's words, and when.
    """
    ruleset = current_ruleset()
    values = values_of(ruleset.parameters)
    rules = [
        (
            rule,
            translated(rule.condition.describe(values)),
            translated(rule.staff_reason, values),
        )
        for rule in ruleset.rules
    ]
    parameters = [
        *ruleset.parameters.values(),
        EARLIEST_BIRTH_DATE,
        LONGEST_BOOKING_AHEAD,
    ]
    return render_template(
        "staff/criteria.html",
        ruleset=ruleset,
        rules=rules,
        parameters=parameters,
        history=ruleset_history(),
        reviews=catalogue_reviews() if current_user.is_admin else None,
    )
