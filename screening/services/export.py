"""CSV export of the review queue, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from ..models import Screening, stored_answers
from ..rules import Catalogue

DECISION_COLUMNS = (
    "reference",
    "created_at",
    "outcome",
    "review_status",
    "latest_decision",
    "fired_rules",
    "ruleset_version",
    "age",
    "as_of_date",
)
CONTACT_COLUMNS = ("full_name", "email", "phone")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP
# CSV injection), the full-width forms included: some spreadsheets fold them.
FORMULA_SIGNS = "=+\\-@\uff1d\uff0b\uff0d\uff20"
LEADING_FORMULA = re.compile(rf"^(\s*[{FORMULA_SIGNS}]|[\t\r])")
# A cell split again at a separator (opened with another locale's separator,
# or pasted) starts a new cell there: a formula sign after one is neutralised too.
FORMULA_AFTER_SEPARATOR = re.compile(rf"([,;|\t\r\n]\s*)(?=[{FORMULA_SIGNS}])")


def neutralise(value: object) -> str:
    """Return the cell text with ' before every formula sign a spreadsheet would run."""
    text = "" if value is None else str(value)
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'", text)
    if LEADING_FORMULA.match(text):
        return "'" + text
    return text


def columns(catalogue: Catalogue) -> tuple[str, ...]:
    """Return the export's header: the decision, exported answers, contact."""
    exported = tuple(question.id for question in catalogue if question.exported)
    return (*DECISION_COLUMNS, *exported, *CONTACT_COLUMNS)


def row_for(screening: Screening, catalogue: Catalogue) -> list[str]:
    """Return one screening as export cells."""
    values = {
        name: getattr(screening, name)
        for name in (*DECISION_COLUMNS, *CONTACT_COLUMNS)
        if name != "fired_rules"
    }
    values["created_at"] = screening.created_at.isoformat()
    values["fired_rules"] = " ".join(fired["rule"] for fired in screening.fired)
    values |= stored_answers(screening, catalogue)
    return [neutralise(values[name]) for name in columns(catalogue)]


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
