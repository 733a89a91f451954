"""The answers the rules read, by question id, and the facts derived from them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# What a rule may read that no question asks directly, and the questions behind it.
DERIVED = {"age": ("date_of_birth", "visit_date")}


def age_on(born: date, as_of: date) -> int:
    """Return the age in whole years on ``as_of``.

    Someone born on 29 February turns a year older on 1 March in a year
    without that day.
    """
    before_birthday = (as_of.month, as_of.day) < (born.month, born.day)
    return as_of.year - born.year - before_birthday


class Answers:
    """One patient's answers as the rules read them; contact details never do."""

    __slots__ = ("age", "as_of", "values")

    def __init__(self, date_of_birth: date, as_of: date, **values: Any) -> None:
        self.values = {"date_of_birth": date_of_birth, **values}
        self.as_of = as_of
        self.age = age_on(date_of_birth, as_of)

    @classmethod
    def aged_on_visit(cls, values: Mapping[str, Any], today: date) -> Answers:
        """Return the answers aged on the planned visit date, or else ``today``."""
        return cls.aged_on(values, values.get("visit_date") or today)

    @classmethod
    def aged_on(cls, values: Mapping[str, Any], as_of: date) -> Answers:
        """Return the answers aged on ``as_of``."""
        held = {
            name: value for name, value in values.items() if name != "date_of_birth"
        }
        return cls(values["date_of_birth"], as_of, **held)

    def get(self, name: str) -> Any:
        """Return the answer or derived fact called ``name``, None if not given."""
        if name == "age":
            return self.age
        return self.values.get(name)

    def __repr__(self) -> str:
        # Never the answers themselves: reprs end up in logs and tracebacks.
        return f"<Answers as of {self.as_of}>"
