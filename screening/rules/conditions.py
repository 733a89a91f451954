"""Conditions: one comparison of an answer with a value or a named parameter."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .answers import DERIVED, Answers

OPERATORS: Mapping[str, Callable[[Any, Any], bool]] = {
    "equals": operator.eq,
    "less_than": operator.lt,
    "greater_than": operator.gt,
}


@dataclass(frozen=True)
class Condition:
    """Compare the answer ``answer`` with ``value``, or with a parameter's value."""

    answer: str
    operator: str
    value: Any = None
    parameter: str | None = None

    def __post_init__(self) -> None:
        if self.operator not in OPERATORS:
            raise ValueError(f"unknown operator {self.operator!r}")

    @property
    def reads(self) -> tuple[str, ...]:
        """Return the questions behind the answer this condition compares."""
        return DERIVED.get(self.answer, (self.answer,))

    def holds(self, answers: Answers, parameters: Mapping[str, Any]) -> bool:
        """Return True when the answers meet this condition."""
        return self.bound(parameters)(answers)

    def bound(self, parameters: Mapping[str, Any]) -> Callable[[Answers], bool]:
        """Return this condition as a test of answers, its threshold looked up now.

        An answer not given meets no condition: the test is for presence first.
        """
        expected = self.value if self.parameter is None else parameters[self.parameter]
        compare, answer = OPERATORS[self.operator], self.answer

        def test(answers: Answers) -> bool:
            given = answers.get(answer)
            return given is not None and bool(compare(given, expected))

        return test

    def describe(self, parameters: Mapping[str, Any]) -> str:
        """Return the comparison in words, its threshold filled in."""
        words = self.operator.replace("_", " ")
        if self.parameter is None:
            return f"{self.answer} {words} {self.value!r}"
        return f"{self.answer} {words} {self.parameter} ({parameters[self.parameter]})"
