"""Every word the rules hand to people is in every catalogue, translated.

A question, a rule's message or a line of guidance added after the
translation, and not marked (``N_``, ``Message``), would show up in
English, or blank, on a Spanish page (KoboToolbox's complaint). This reads
the words from the rules' data themselves, so a new one fails here until it
is marked, extracted (``make translations``) and translated.
"""

from __future__ import annotations

import pytest
from support.languages import catalogue

from screening.infra.languages import available
from screening.rules import CATALOGUE, article, guidance
from screening.rules.criteria import DEFAULT_RULES
from screening.rules.parameters import (
    EARLIEST_BIRTH_DATE,
    LONGEST_BOOKING_AHEAD,
    RULE_PARAMETERS,
)
from screening.rules.text import Message

LANGUAGES = sorted(available() - {"en"})


def template_of(words: str) -> str:
    """Return the msgid of rules' words: a Message's template, else the words."""
    return words.template if isinstance(words, Message) else words


def question_words() -> list[str]:
    words = []
    for question in CATALOGUE:
        words += [
            question.label,
            question.staff_label,
            question.hint,
            question.missing,
            question.unasked,
            question.wrong_choice,
            question.error_name,
            question.when_empty,
        ]
        words += [choice.label for choice in question.choices]
    return words


def rule_words() -> list[str]:
    words = []
    for rule in DEFAULT_RULES:
        words += [rule.patient_message, rule.staff_reason, rule.concerns]
    return words


def guidance_words() -> list[str]:
    statements = [
        *guidance.NEXT_STEPS.values(),
        *guidance.BEFORE_TREATMENT,
        *guidance.WHAT_TO_EXPECT,
        *guidance.SIDE_EFFECTS_AND_AFTERCARE,
        *guidance.CHECKLIST,
        guidance.cost_statement("$120"),
    ]
    return [item.text for item in statements] + list(article.SECTIONS)


def parameter_words() -> list[str]:
    words = []
    for parameter in (
        *RULE_PARAMETERS.values(),
        EARLIEST_BIRTH_DATE,
        LONGEST_BOOKING_AHEAD,
    ):
        words += [parameter.unit, parameter.reference, parameter.description]
    return words


WORDS = {
    "questions": question_words,
    "rules": rule_words,
    "guidance": guidance_words,
    "parameters": parameter_words,
}


def untranslated(language: str, words: list[str]) -> list[str]:
    """Return the words (as msgids) that the catalogue lacks, leaves blank or fuzzy."""
    messages = catalogue(language)
    msgids = {template_of(said) for said in words if said}
    return sorted(
        msgid
        for msgid in msgids
        if (found := messages.get(msgid)) is None or not found.string or found.fuzzy
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", WORDS)
def test_every_word_of_the_rules_is_translated(language, kind):
    words = WORDS[kind]()

    assert words
    assert untranslated(language, words) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_question_added_without_translating_it_is_caught(language):
    label = "What is your shoe size?"

    assert untranslated(language, [label, CATALOGUE["pregnant"].label]) == [label]
