"""Phone numbers as the clinic's country writes them, for the form's hint and check.

``CLINIC_COUNTRY`` (ISO 3166 alpha-2) picks the examples the form shows and
the national numbers it accepts; a number starting with "+" and a country
code is accepted anywhere. With no country set, any 6 to 15 digits do.
Examples use numbers set aside for drama and documentation.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# What may appear between the digits, as people type them.
SHAPE = re.compile(r"^\+?[0-9(][0-9 ().-]*$")
INTERNATIONAL_DIGITS = range(8, 16)


class PhoneFormat(NamedTuple):
    """How one country writes phone numbers: examples and its national pattern."""

    national_example: str
    international_example: str
    national: re.Pattern


FORMATS = {
    "GB": PhoneFormat("01632 960 001", "+44 7700 900 982", re.compile(r"0[0-9]{9,10}")),
    "IE": PhoneFormat("020 917 0000", "+353 20 917 0000", re.compile(r"0[0-9]{8,9}")),
    "US": PhoneFormat(
        "(201) 555-0123", "+1 201 555 0123", re.compile(r"1?[2-9][0-9]{9}")
    ),
    "CA": PhoneFormat(
        "(613) 555-0123", "+1 613 555 0123", re.compile(r"1?[2-9][0-9]{9}")
    ),
    "AU": PhoneFormat("0491 570 006", "+61 491 570 006", re.compile(r"0[0-9]{9}")),
}
ANYWHERE = PhoneFormat("", "+44 7700 900 982", re.compile(r"[0-9]{6,15}"))
COUNTRIES = frozenset(FORMATS)


def phone_format(country: str | None) -> PhoneFormat:
    """Return the clinic country's phone format, or the one for anywhere."""
    return FORMATS.get(country or "", ANYWHERE)


def examples(country: str | None) -> str:
    """Return example numbers for the hint and the error message."""
    shown = phone_format(country)
    if shown.national_example:
        return f"{shown.national_example} or {shown.international_example}"
    return shown.international_example


def is_phone_number(text: str, country: str | None) -> bool:
    """Return True for a number written nationally for ``country``, or with "+"."""
    if not SHAPE.match(text):
        return False
    digits = re.sub(r"[^0-9]", "", text)
    if text.startswith("+"):
        return len(digits) in INTERNATIONAL_DIGITS
    return bool(phone_format(country).national.fullmatch(digits))
