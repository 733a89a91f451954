"""Form fields both doors share: a memorable date, cleaned text, an email address."""

from __future__ import annotations

import re
from datetime import date

from wtforms import EmailField, Field
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, StopValidation

DATE_PARTS = ("day", "month", "year")


def is_number(text: str) -> bool:
    """Return True for a whole number written with the digits 0 to 9 only."""
    return text.isascii() and text.isdigit()


class MemorableDateField(Field):
    """Read ``<name>-day``, ``<name>-month`` and ``<name>-year`` into one date.

    With a ``missing_message`` the date is required; without one it is optional.
    ``error_name`` is how messages name the date when the label would read
    badly in them (a label ending in "(optional)", say).

    Errors are written for people ("Date of birth must include a year"),
    and whatever was typed is kept so it can be shown again.
    """

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        missing_message=None,
        error_name=None,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.missing_message = missing_message
        self.error_name = error_name
        self.parts = dict.fromkeys(DATE_PARTS, "")
        self.problem: str | None = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        """Take the three parts from the submitted form, or the given date."""
        self.process_errors = []
        self.data = None if data is unset_value else data
        self.object_data = self.data
        self.raw_data = []
        if formdata is not None:
            self.parts = {
                part: str(formdata.get(f"{self.name}-{part}", "")).strip()[:10]
                for part in DATE_PARTS
            }
            self.raw_data = [self.parts[part] for part in DATE_PARTS]
            self.data, self.problem = self._parse()
        elif isinstance(self.data, date):
            self.parts = {
                "day": str(self.data.day),
                "month": str(self.data.month),
                "year": str(self.data.year),
            }

    def _parse(self) -> tuple[date | None, str | None]:
        label = self.error_name or self.label.text
        missing = [part for part in DATE_PARTS if not self.parts[part]]
        if len(missing) == len(DATE_PARTS):
            return None, self.missing_message
        if missing:
            return None, f"{label} must include a {' and a '.join(missing)}"
        # isdigit() alone accepts "²", which int() refuses.
        if not all(is_number(self.parts[part]) for part in DATE_PARTS):
            return None, f"{label} must be a real date, written in numbers"
        day, month, year = (int(self.parts[part]) for part in DATE_PARTS)
        if len(self.parts["year"]) != 4:
            return None, f"{label} must include a 4-digit year"
        try:
            return date(year, month, day), None
        except (ValueError, OverflowError):
            return None, f"{label} must be a real date"

    def pre_validate(self, form):
        """Stop with the parsing problem before other validators run."""
        if self.problem:
            raise StopValidation(self.problem)
        # An empty POST leaves no form data at all, so nothing was parsed.
        if self.data is None and self.missing_message:
            raise StopValidation(self.missing_message)

    def _value(self):
        return self.parts


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The longest address SMTP carries (RFC 5321's forward path, less its brackets).
EMAIL_MAX = 254


def cleaned_text(value: str | None) -> str | None:
    """Trim what was typed and drop control characters (PostgreSQL refuses NUL).

    Phones often add a space after an autocompleted email address.
    """
    return CONTROL_CHARACTERS.sub("", value).strip() if value else value


FREE_TEXT = [cleaned_text]


def at_most(limit: int, name: str) -> Length:
    """Return a length limit whose message names the answer and the limit."""
    return Length(max=limit, message=f"{name} must be {limit} characters or fewer")


def email_address(*checks, description: str = "") -> EmailField:
    """Return a required email address field; ``checks`` validate it further."""
    return EmailField(
        "Email address",
        filters=FREE_TEXT,
        validators=[
            DataRequired("Enter your email address"),
            at_most(EMAIL_MAX, "Email address"),
            *checks,
        ],
        description=description,
    )
