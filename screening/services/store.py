"""Turn validated answers into a decided, stored screening, exactly once."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..infra import clock
from ..infra.database import begin_write
from ..infra.extensions import db
from ..infra.languages import current_language
from ..models import Screening, new_token, stored_answers
from ..rules import Answers, Catalogue, Evaluation, RuleSet, evaluate
from .dashboard import count_arrival, week_of
from .notifications import screening_created
from .wording import clinic_zone

NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


@dataclass(frozen=True)
class Submission:
    """Answers to every catalogue question, checked, as either door hands them over."""

    values: Mapping[str, Any]

    def answers(self, today: date) -> Answers:
        """Return what the rules read, aged on the visit date or else today."""
        return Answers.aged_on_visit(self.values, today)


def current_ruleset() -> RuleSet:
    """Return the rule set loaded at start-up."""
    return current_app.extensions["screening_ruleset"]


def current_catalogue() -> Catalogue:
    """Return the question catalogue this application asks."""
    return current_app.extensions["screening_catalogue"]


def new_nonce() -> str:
    """Return a one-time token that identifies one filled-in form."""
    return secrets.token_urlsafe(24)


def usable_nonce(candidate: str | None) -> str:
    """Return the form's nonce, or a fresh one when it is missing or malformed."""
    if candidate and NONCE_PATTERN.match(candidate):
        return candidate
    return new_nonce()


def decide(submission: Submission, today: date) -> Evaluation:
    """Return the rules' decision for these answers."""
    return evaluate(submission.answers(today), current_ruleset())


def find_by_nonce(nonce: str) -> Screening | None:
    """Return the screening already stored for this filled-in form, if any."""
    return db.session.scalar(select(Screening).filter_by(submission_nonce=nonce))


def answered_alike(
    screening: Screening, submission: Submission, details: dict[str, Any]
) -> bool:
    """Return True when ``screening`` holds exactly these answers and details."""
    kept = stored_answers(screening, current_catalogue())
    same_details = all(
        getattr(screening, name) == value for name, value in details.items()
    )
    return same_details and kept == dict(submission.values)


def split_by_storage(
    submission: Submission, catalogue: Catalogue
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the answers kept in their own columns, and the others (JSON-ready)."""
    columns, others = {}, {}
    for question in catalogue:
        value = submission.values[question.id]
        if question.column:
            columns[question.column] = value
        else:
            others[question.id] = (
                value.isoformat() if isinstance(value, date) else value
            )
    return columns, others


def store_screening(
    submission: Submission, details: dict[str, Any], nonce: str, today: date
) -> Screening:
    """Decide and store a screening, once per nonce (flushes; the caller commits).

    A replay of the same form (refresh, back button, double click) returns
    the screening stored the first time instead of a second row. The same
    form sent again with changed answers (a page the back button restored,
    then edited) is a new screening: the patient must never be shown a
    result for answers they have since corrected. The nonce check and the
    insert share one write transaction; the UNIQUE column settles any race
    the transaction cannot (PostgreSQL's READ COMMITTED).
    """
    begin_write()
    existing = find_by_nonce(nonce)
    if existing is not None:
        if answered_alike(existing, submission, details):
            return existing
        nonce = new_nonce()
    evaluation = decide(submission, today)
    columns, others = split_by_storage(submission, current_catalogue())
    now = clock.now()
    token = new_token()
    screening = Screening(
        token=token,
        submission_nonce=nonce,
        created_at=now,
        consent_given_at=now,
        privacy_notice_version=current_app.config["PRIVACY_NOTICE_VERSION"],
        language=current_language(),
        as_of_date=evaluation.as_of,
        age=evaluation.age,
        outcome=str(evaluation.outcome),
        ruleset_version=evaluation.ruleset_version,
        trace={
            "rules": [result.as_dict() for result in evaluation.results],
            "answers": others,
        },
        **details,
        **columns,
    )
    week = week_of(now, clinic_zone())
    rules = [result.rule for result in evaluation.fired]
    try:
        # A savepoint: if another request stored this nonce first, the row,
        # the messages it causes (the outbox) and the dashboard's weekly
        # tally are dropped together.
        with db.session.begin_nested():
            db.session.add(screening)
            count_arrival(
                db.session, db.engine.dialect.name, week, screening.outcome, rules
            )
            screening_created(screening)
    except IntegrityError:
        # Another request stored this nonce first: answer with its row.
        existing = find_by_nonce(nonce)
        if existing is None:
            raise
        return existing
    return screening
