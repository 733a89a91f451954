"""What a question catalogue is made of: kinds, choices, questions.

The catalogue itself, the list of questions, is in ``questions.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from .text import N_, Message


class Kind(StrEnum):
    """What sort of answer a question takes, and so how each door reads it."""

    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    TEXT = "text"


class Choice(NamedTuple):
    """One answer a patient may pick: the value sent and the words shown."""

    value: str
    label: str


class When(NamedTuple):
    """A question is asked (required, its answer kept) only when another is so.

    For a question with several answers (ticked boxes) it is enough that
    ``answer`` is among them.
    """

    question: str
    answer: Any

    def holds(self, given: Any) -> bool:
        """Return True when the other question's answer ``given`` calls for this one."""
        if isinstance(given, list | tuple):
            return self.answer in given
        return given == self.answer


@dataclass(frozen=True)
class Question:
    """One question: its wording, its limits and how staff read the answer."""

    id: str
    kind: Kind
    label: str
    section: str
    staff_label: str
    # The message for a required question left unanswered.
    missing: str = ""
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool | When = True
    max_length: int | None = None
    # A named date bound from validation.DATE_BOUNDS ("past" or "coming").
    date_bounds: str = ""
    # How messages name the answer when the label would read badly in them.
    error_name: str = ""
    wrong_choice: str = ""
    # The message for an answer given although the question it depends on
    # does not call for it (medication typed after "No"): refused, not dropped.
    unasked: str = ""
    autocomplete: str = ""
    # Shown to staff for an answer not given.
    when_empty: str = N_("Not given")
    # The screening table's column for this answer; None keeps the answer in
    # the screening's stored trace with the other answers that have none.
    column: str | None = None
    exported: bool = False

    @property
    def name_in_messages(self) -> Message:
        """Return how an error message names this answer (words to translate)."""
        return Message(self.error_name or self.label)

    @property
    def choice_values(self) -> tuple[str, ...]:
        """Return the values a patient may pick."""
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class Catalogue:
    """The questions in the order the form asks them."""

    questions: tuple[Question, ...]

    def __post_init__(self) -> None:
        ids = [question.id for question in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("two questions share an id")
        for question in self.questions:
            condition = question.required
            if isinstance(condition, When) and condition.question not in ids:
                raise ValueError(f"{question.id} depends on unknown {condition}")
            if isinstance(condition, When) and not question.unasked:
                raise ValueError(f"{question.id} needs a message for an unasked answer")

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __getitem__(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def ids(self) -> frozenset[str]:
        """Return every question's id."""
        return frozenset(question.id for question in self.questions)

    def in_section(self, section: str) -> tuple[Question, ...]:
        """Return the questions the form shows under ``section``."""
        return tuple(q for q in self.questions if q.section == section)

    def adding(self, *questions: Question) -> Catalogue:
        """Return a copy of this catalogue with ``questions`` asked last."""
        return Catalogue((*self.questions, *questions))
