"""The rules' words: a Message is its English sentence and remembers its making."""

from __future__ import annotations

import json
import pickle
from datetime import date

from screening.rules.guidance import ARTICLE_COST
from screening.rules.text import N_, Message, Money
from screening.rules.validation import birth_date_problem


def test_a_message_is_equal_to_its_english_sentence():
    message = Message(
        "Date of birth must be after {earliest}", earliest=date(1900, 1, 1)
    )

    assert message == "Date of birth must be after 1 January 1900"
    assert isinstance(message, str)
    assert hash(message) == hash("Date of birth must be after 1 January 1900")
    assert message.template == "Date of birth must be after {earliest}"
    assert message.values == {"earliest": date(1900, 1, 1)}


def test_a_message_survives_pickling_and_json_as_the_same_english():
    message = Message(
        "{name} must be {limit} characters or fewer",
        name=Message("Medication list"),
        limit=1000,
    )

    copied = pickle.loads(pickle.dumps(message))

    assert copied == message == "Medication list must be 1000 characters or fewer"
    assert isinstance(copied, Message)
    assert (copied.template, copied.values) == (message.template, message.values)
    assert isinstance(copied.values["name"], Message)
    assert json.loads(json.dumps({"m": message})) == {"m": str(message)}


def test_money_is_written_in_dollars_in_english():
    assert ARTICLE_COST.text == (
        "Treatment can cost $300 to $500 a session, and a course needs several "
        "sessions."
    )
    assert ARTICLE_COST.text.values == {"lowest": Money(300), "highest": Money(500)}


def test_marking_a_sentence_changes_nothing():
    assert N_("Not given") == "Not given"
    assert birth_date_problem(date(1800, 1, 1), date(2026, 6, 15)) == (
        "Date of birth must be after 1 January 1900"
    )
