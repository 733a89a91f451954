"""CSV export of screenings, in plain words, safe to open in a spreadsheet.

One row per screening: what the rules decided, every answer of the
question catalogue as staff read it, how to reach the patient, and the
latest staff decision with its note, author and time. Times are in the
clinic's time zone. Every cell goes through ``neutralise``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..models import DecisionKind, Screening, stored_answers
from ..rules import Catalogue
from .wording import OUTCOME_WORDS, answer_text, clinic_time

# A spreadsheet runs a cell starting with one of these as a formula (OWASP
# CSV injection), the full-width forms included: some spreadsheets fold them.
FORMULA_SIGNS = "=+\\-@\uff1d\uff0b\uff0d\uff20"
LEADING_FORMULA = re.compile(rf"^(\s*[{FORMULA_SIGNS}]|[\t\r])")
# A cell split again at a separator (opened with another locale's separator,
# or pasted) starts a new cell there: a formula sign after one is neutralised too.
FORMULA_AFTER_SEPARATOR = re.compile(rf"([,;|\t\r\n]\s*)(?=[{FORMULA_SIGNS}])")

SCREENING_COLUMNS = (
    "Reference",
    "Submitted (clinic time)",
    "Outcome",
    "Review status",
    "Rules that fired",
    "Reasons",
    "Rule set version",
    "Age",
    "Age checked on",
)
CONTACT_COLUMNS = ("Name", "Email address", "Phone number")
DECISION_COLUMNS = (
    "Latest decision",
    "Override",
    "Decision note",
    "Decided by",
    "Decided at (clinic time)",
)


def neutralise(value: object) -> str:
    """Return the cell text with ' before every formula sign a spreadsheet would run."""
    text = "" if value is None else str(value)
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    if LEADING_FORMULA.match(text):
        return "'" + text
    return text


def columns(catalogue: Catalogue) -> tuple[str, ...]:
    """Return the header: the rules' result, every answer, contact, decision."""
    answers = tuple(question.staff_label for question in catalogue)
    return (*SCREENING_COLUMNS, *answers, *CONTACT_COLUMNS, *DECISION_COLUMNS)


def review_words(screening: Screening) -> str:
    """Return where the review stands, in words."""
    if screening.review_status == "decided":
        return "Decided"
    if screening.latest_decision == DecisionKind.MORE_INFORMATION:
        return "Open: more information asked"
    return "New"


def decision_cells(screening: Screening) -> list[Any]:
    """Return the latest decision's label, override, note, author and time."""
    if not screening.decisions:
        return ["", "", "", "", ""]
    latest = screening.decisions[-1]
    return [
        DecisionKind(latest.kind).label,
        "Yes" if latest.override else "No",
        latest.note,
        latest.staff.email,
        clinic_time(latest.created_at, english=True),
    ]


def row_for(screening: Screening, catalogue: Catalogue) -> list[str]:
    """Return one screening as export cells."""
    answers = stored_answers(screening, catalogue)
    fired = screening.fired
    cells = [
        screening.reference,
        clinic_time(screening.created_at, english=True),
        OUTCOME_WORDS.get(screening.outcome, screening.outcome),
        review_words(screening),
        "; ".join(result["rule"] for result in fired),
        "; ".join(result.get("reason") or result["rule"] for result in fired),
        screening.ruleset_version,
        screening.age,
        screening.as_of_date.strftime("%-d %B %Y"),
        *(
            answer_text(question, answers[question.id], english=True)
            for question in catalogue
        ),
        screening.full_name,
        screening.email,
        screening.phone or "",
        *decision_cells(screening),
    ]
    return [neutralise(cell) for cell in cells]


def csv_lines(screenings: Iterable[Screening], catalogue: Catalogue) -> Iterator[str]:
    """Yield the CSV text, header first, one row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns(catalogue))
    for screening in screenings:
        writer.writerow(row_for(screening, catalogue))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
