"""Stored values in the words people read: answers, outcomes, rule effects, times.

Pages say them in the reader's language (``answer_text``, ``clinic_time``,
``outcome_words``, ``decision_words``...); the machine formats (the CSV
exports) in English, from the same functions (``english=True``) or the
word tables. The English words are marked with ``N_`` so the catalogues
hold them; pages look them up with ``translated``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import current_app
from flask_babel import gettext

from ..infra.languages import current_language, date_words, translated
from ..models.screening import DECISION_LABELS
from ..rules import Kind, Question
from ..rules.text import N_

YES, NO = N_("Yes"), N_("No")
OUTCOME_WORDS = {
    "eligible": N_("Eligible"),
    "needs_review": N_("Needs review"),
    "not_eligible": N_("Not eligible"),
}
# What a fired rule of each severity does to the outcome.
SEVERITY_WORDS = {
    "exclude": N_("Makes not eligible"),
    "refer": N_("Needs review"),
    "advise": N_("Advice only"),
}
# What a rule rests on, as stored in its trace.
BASIS_WORDS = {
    "article": N_("article"),
    "clinic policy": N_("clinic policy"),
}


def answer_text(question: Question, value: Any, *, english: bool = False) -> str:
    """Return one answer as people read it: labels, not codes; dates in words.

    In the reader's language on pages; ``english`` for the machine formats
    (the CSV export). Free text is always as it was typed.
    """
    say = str if english else translated
    if value is None or value == [] or value == "":
        return say(question.when_empty)
    if question.kind is Kind.DATE:
        return value.strftime("%-d %B %Y") if english else date_words(value)
    if question.kind is Kind.YES_NO:
        return say(YES) if value else say(NO)
    labels = {choice.value: choice.label for choice in question.choices}
    if question.kind is Kind.CHOICE:
        return say(labels.get(value, str(value)))
    if question.kind is Kind.MULTI_CHOICE:
        return ", ".join(say(labels.get(item, str(item))) for item in value)
    return "; ".join(line.strip() for line in str(value).splitlines() if line.strip())


def outcome_words(outcome: str) -> str:
    """Return a stored outcome in the reader's language (unknown: as stored)."""
    return translated(OUTCOME_WORDS[outcome]) if outcome in OUTCOME_WORDS else outcome


def severity_words(severity: str) -> str:
    """Return what a rule of this severity does, in the reader's language."""
    words = SEVERITY_WORDS.get(severity)
    return translated(words) if words else severity


def basis_words(basis: str | None) -> str:
    """Return what a rule rests on in the reader's language ("" when not stored)."""
    if not basis:
        return ""
    words = BASIS_WORDS.get(basis)
    return translated(words) if words else basis


def decision_words(kind: str, override: bool = False) -> str:
    """Return a staff decision in the reader's language, marking an override."""
    label = translated(DECISION_LABELS[kind]) if kind in DECISION_LABELS else kind
    return gettext("%(decision)s (override)", decision=label) if override else label


def language_words(code: str) -> str:
    """Return the name of the language ``code`` in the reader's language."""
    return Locale.parse(code).get_display_name(current_language()) or code


def answered_in(code: str | None) -> str:
    """Return "Answered in Spanish" when a screening's language is not the reader's.

    Empty when the patient answered in the language the page speaks.
    """
    if not code or code == current_language():
        return ""
    return gettext("Answered in %(language)s", language=language_words(code))


def number_words(number: float, decimals: int = 0) -> str:
    """Return a number the reader's way: "2,000" or "2000", "3.5" or "3,5"."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(number, format=pattern, locale=current_language())


def clinic_zone() -> ZoneInfo:
    """Return the clinic's time zone."""
    return ZoneInfo(current_app.config["CLINIC_TIMEZONE"])


def clinic_time(moment: datetime | None, *, english: bool = False) -> str:
    """Return a stored UTC time in the clinic's zone: "5 Mar 2026 14:30" ("" for none).

    In the reader's language on pages, ``english`` for the machine formats.
    """
    if moment is None:
        return ""
    local = moment.astimezone(clinic_zone())
    if english:
        return local.strftime("%-d %b %Y %H:%M")
    # Translators: a Babel (CLDR) pattern for a date and time: "5 Mar 2026 14:30".
    return format_datetime(local, gettext("d MMM y HH:mm"), locale=current_language())


def short_date(day: date | None, year: bool = True) -> str:
    """Return a date with its month shortened, the reader's way: "5 Mar 2026"."""
    if day is None:
        return ""
    return format_date(day, "d MMM y" if year else "d MMM", locale=current_language())


def clinic_date(moment: datetime) -> date:
    """Return the clinic's calendar date at ``moment``."""
    return moment.astimezone(clinic_zone()).date()


def phone_link(phone: str) -> str:
    """Return the digits (and a leading +) of a phone number, for a tel: link."""
    text = phone.strip()
    digits = "".join(character for character in text if character.isdigit())
    return ("+" if text.startswith("+") else "") + digits
