"""Words the rules hand to the doors, in English, ready to be translated.

The rules stay pure Python: they never ask which language a page speaks.
``N_`` marks a literal for the message catalogues (``make translations``
extracts it) and returns it unchanged. A ``Message`` is an English sentence
that remembers its template and values, so a door can look the template up
in the reader's catalogue and fill in the same values, formatted for that
language; as a ``str`` it is the English sentence, so the rules, the tests
and the stored trace read it as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here."""
    return message


@dataclass(frozen=True)
class Money:
    """A whole amount in a currency, written the reader's way by the doors."""

    amount: int
    currency: str = "USD"

    def __str__(self) -> str:
        symbol = "$" if self.currency == "USD" else f"{self.currency} "
        return f"{symbol}{self.amount:,}"


def english(value: Any) -> str:
    """Return ``value`` as the English sentences write it."""
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)


class Message(str):
    """An English sentence with the template and values it was made from."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Message:
        words = template.format_map({name: english(v) for name, v in values.items()})
        made = super().__new__(cls, words)
        made.template = template
        made.values = values
        return made

    def __reduce__(self):
        return (_remade, (self.template, self.values))


def _remade(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)
