"""Form fields both doors share: a memorable date, cleaned text, an email address.

Their words are said in the reader's language when a form is shown or
checked, so a field made once, when a form class is defined, still speaks
the language of each request.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext, lazy_gettext
from flask_babel.speaklater import LazyString
from wtforms import EmailField, Field
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, StopValidation

from .infra.languages import translated
from .rules.text import N_, Message
from .rules.validation import too_long

DATE_PARTS = ("day", "month", "year")
# What a date left partly blank must include, by the parts missing.
MISSING_PARTS = {
    ("day",): N_("%(name)s must include a day"),
    ("month",): N_("%(name)s must include a month"),
    ("year",): N_("%(name)s must include a year"),
    ("day", "month"): N_("%(name)s must include a day and a month"),
    ("day", "year"): N_("%(name)s must include a day and a year"),
    ("month", "year"): N_("%(name)s must include a month and a year"),
}


def is_number(text: str) -> bool:
    """Return True for a whole number written with the digits 0 to 9 only."""
    return text.isascii() and text.isdigit()


class MemorableDateField(Field):
    """Read ``<name>-day``, ``<name>-month`` and ``<name>-year`` into one date.

    With a ``missing_message`` the date is required; without one it is optional.
    ``error_name`` is how messages name the date when the label would read
    badly in them (a label ending in "(optional)", say).

    Errors are written for people ("Date of birth must include a year"),
    in the reader's language, and whatever was typed is kept so it can be
    shown again. The label and ``error_name`` are given in that language.
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
        label = str(self.error_name or self.label.text)
        missing = tuple(part for part in DATE_PARTS if not self.parts[part])
        if len(missing) == len(DATE_PARTS):
            return None, self.missing_message
        if missing:
            return None, gettext(MISSING_PARTS[missing], name=label)
        # isdigit() alone accepts "²", which int() refuses.
        if not all(is_number(self.parts[part]) for part in DATE_PARTS):
            return None, gettext(
                "%(name)s must be a real date, written in numbers", name=label
            )
        day, month, year = (int(self.parts[part]) for part in DATE_PARTS)
        if len(self.parts["year"]) != 4:
            return None, gettext("%(name)s must include a 4-digit year", name=label)
        try:
            return date(year, month, day), None
        except (ValueError, OverflowError):
            return None, gettext("%(name)s must be a real date", name=label)

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


def too_long_words(name: str, limit: int) -> str:
    """Return "<name> must be <limit> characters or fewer" in the reader's language.

    ``name`` is English marked for translation (``N_("Full name")``) and is
    translated with the sentence.
    """
    return translated(too_long(Message(str(name)), limit))


def at_most(limit: int, name: str) -> Length:
    """Return a length limit whose message names the answer and the limit.

    The message is worked out when the limit is broken, so a field defined
    once (a form class) speaks the language of each request.
    """
    return Length(max=limit, message=LazyString(too_long_words, name, limit))


def email_address(*checks, description: str = "") -> EmailField:
    """Return a required email address field; ``checks`` validate it further."""
    return EmailField(
        lazy_gettext("Email address"),
        filters=FREE_TEXT,
        validators=[
            DataRequired(lazy_gettext("Enter your email address")),
            at_most(EMAIL_MAX, N_("Email address")),
            *checks,
        ],
        description=description,
    )
