"""Stored answers and times in the reader's language, for the pages that show them.

``services/wording.answer_text`` writes an answer in English, the way the
staff's export reads it. ``answer_words`` writes the same answer on a page
in the reader's language: the catalogue's labels through the catalogue,
dates with Babel, free text as it was typed. In English both read alike.
``time_words`` is ``clinic_time`` with the month in the reader's language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from flask_babel import gettext

from ..infra.languages import current_language, date_words, translated
from ..rules import Kind, Question
from ..services.wording import clinic_zone


def answer_words(question: Question, value: Any) -> str:
    """Return one answer as people read it: labels, not codes; dates in words."""
    if value is None or value == [] or value == "":
        return translated(question.when_empty)
    if question.kind is Kind.DATE:
        return date_words(value)
    if question.kind is Kind.YES_NO:
        return gettext("Yes") if value else gettext("No")
    labels = {choice.value: choice.label for choice in question.choices}
    if question.kind is Kind.CHOICE:
        return translated(labels.get(value, str(value)))
    if question.kind is Kind.MULTI_CHOICE:
        return ", ".join(translated(labels.get(item, str(item))) for item in value)
    return "; ".join(line.strip() for line in str(value).splitlines() if line.strip())


def time_words(moment: datetime | None) -> str:
    """Return a stored UTC time in the clinic's zone and the reader's language."""
    if moment is None:
        return ""
    # Translators: a Babel (CLDR) pattern for a date and time: "5 Mar 2026 14:30".
    pattern = gettext("d MMM y HH:mm")
    local = moment.astimezone(clinic_zone())
    return format_datetime(local, pattern, locale=current_language())
