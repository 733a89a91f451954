"""Stored values in the words staff read: answers, outcomes, rule effects, times."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app

from ..rules import Kind, Question

OUTCOME_WORDS = {
    "eligible": "Eligible",
    "needs_review": "Needs review",
    "not_eligible": "Not eligible",
}
# What a fired rule of each severity does to the outcome.
SEVERITY_WORDS = {
    "exclude": "Makes not eligible",
    "refer": "Needs review",
    "advise": "Advice only",
}


def answer_text(question: Question, value: Any) -> str:
    """Return one answer as staff read it: labels, not codes; dates in words."""
    if value is None or value == [] or value == "":
        return question.when_empty
    if question.kind is Kind.DATE:
        return value.strftime("%-d %B %Y")
    if question.kind is Kind.YES_NO:
        return "Yes" if value else "No"
    labels = {choice.value: choice.label for choice in question.choices}
    if question.kind is Kind.CHOICE:
        return labels.get(value, str(value))
    if question.kind is Kind.MULTI_CHOICE:
        return ", ".join(labels.get(item, str(item)) for item in value)
    return "; ".join(line.strip() for line in str(value).splitlines() if line.strip())


def clinic_zone() -> ZoneInfo:
    """Return the clinic's time zone."""
    return ZoneInfo(current_app.config["CLINIC_TIMEZONE"])


def clinic_time(moment: datetime | None) -> str:
    """Format a stored UTC time in the clinic's time zone ("" for none)."""
    if moment is None:
        return ""
    return moment.astimezone(clinic_zone()).strftime("%-d %b %Y %H:%M")


def clinic_date(moment: datetime) -> date:
    """Return the clinic's calendar date at ``moment``."""
    return moment.astimezone(clinic_zone()).date()


def phone_link(phone: str) -> str:
    """Return the digits (and a leading +) of a phone number, for a tel: link."""
    text = phone.strip()
    digits = "".join(character for character in text if character.isdigit())
    return ("+" if text.startswith("+") else "") + digits
