"""The screening form as a FHIR R4 Questionnaire, built from the question catalogue.

Each catalogue question is one item whose ``linkId`` is the question's id, so
a QuestionnaireResponse names answers exactly as the JSON API does. The
``version`` is a digest of the items: it changes whenever a question, a
choice or a limit does, and never otherwise.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..rules import Catalogue, Kind, Question, When

QUESTIONNAIRE_ID = "mesotherapy-screening"
# FHIR's core extension for a translation of a string element.
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
# Per language code: the function giving a catalogue text in that language.
Translators = Mapping[str, Callable[[str], str]]
# The FHIR item type of each kind of question (R4 QuestionnaireItemType).
ITEM_TYPES: Mapping[Kind, str] = {
    Kind.DATE: "date",
    Kind.YES_NO: "boolean",
    Kind.CHOICE: "choice",
    Kind.MULTI_CHOICE: "choice",
    Kind.TEXT: "text",
}
# The value[x] an answer of each item type carries.
ANSWER_VALUES: Mapping[Kind, str] = {
    Kind.DATE: "valueDate",
    Kind.YES_NO: "valueBoolean",
    Kind.CHOICE: "valueCoding",
    Kind.MULTI_CHOICE: "valueCoding",
    Kind.TEXT: "valueString",
}


@dataclass(frozen=True)
class Publisher:
    """The clinic that publishes the form, and how to reach it."""

    name: str
    email: str | None = None
    phone: str | None = None
    url: str | None = None

    def contact(self) -> list[dict[str, Any]]:
        """Return the Questionnaire's contact details (empty when none is set)."""
        telecom = [
            {"system": system, "value": value}
            for system, value in (
                ("email", self.email),
                ("phone", self.phone),
                ("url", self.url),
            )
            if value
        ]
        return [{"name": self.name, "telecom": telecom}] if telecom else []


def canonical_url(base: str) -> str:
    """Return the Questionnaire's canonical URL under the clinic's FHIR base."""
    return f"{base.rstrip('/')}/Questionnaire/{QUESTIONNAIRE_ID}"


def coding(question: Question, value: str) -> dict[str, str]:
    """Return the Coding of one of a question's choices."""
    labels = dict(question.choices)
    return {"code": value, "display": labels[value]}


def item(question: Question) -> dict[str, Any]:
    """Return one catalogue question as a Questionnaire item."""
    made: dict[str, Any] = {
        "linkId": question.id,
        "text": question.label,
        "type": ITEM_TYPES[question.kind],
        "required": bool(question.required),
    }
    if question.kind is Kind.MULTI_CHOICE:
        made["repeats"] = True
    if question.max_length is not None:
        made["maxLength"] = question.max_length
    if question.kind in (Kind.CHOICE, Kind.MULTI_CHOICE):
        made["answerOption"] = [
            {"valueCoding": coding(question, value)} for value in question.choice_values
        ]
    if isinstance(question.required, When):
        made["enableWhen"] = [enable_when(question.required)]
    return made


def enable_when(condition: When) -> dict[str, Any]:
    """Return the enableWhen that shows a question only when another is so answered."""
    answer = condition.answer
    value = "answerBoolean" if isinstance(answer, bool) else "answerCoding"
    return {
        "question": condition.question,
        "operator": "=",
        value: answer if isinstance(answer, bool) else {"code": answer},
    }


def items(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Return every catalogue question as an item, in the form's order."""
    return [item(question) for question in catalogue]


def catalogue_version(catalogue: Catalogue) -> str:
    """Return a version that changes exactly when the questions do."""
    text = json.dumps(items(catalogue), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def translations(text: str, translators: Translators) -> dict[str, Any]:
    """Return the ``_element`` holding ``text``'s translations (FHIR's extension)."""
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": language},
                    {"url": "content", "valueString": translate(text)},
                ],
            }
            for language, translate in translators.items()
        ]
    }


def with_translations(made: dict[str, Any], translators: Translators) -> dict[str, Any]:
    """Return an item with its text and choice labels translated, in extensions."""
    made = {**made, "_text": translations(made["text"], translators)}
    if "answerOption" in made:
        made["answerOption"] = [
            {
                "valueCoding": {
                    **option["valueCoding"],
                    "_display": translations(
                        option["valueCoding"]["display"], translators
                    ),
                }
            }
            for option in made["answerOption"]
        ]
    return made


def questionnaire(
    catalogue: Catalogue,
    base: str,
    publisher: Publisher,
    translators: Translators | None = None,
) -> dict[str, Any]:
    """Return the screening form as a FHIR R4 Questionnaire resource.

    Written in English; each question's text and each choice's label carry
    their translations (``translators``: one per other language offered).
    """
    written = items(catalogue)
    if translators:
        written = [with_translations(made, translators) for made in written]
    resource = {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "language": "en",
        "url": canonical_url(base),
        "version": catalogue_version(catalogue),
        "name": "MesotherapyScreening",
        "title": f"{publisher.name}: mesotherapy eligibility screening",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": publisher.name,
        "item": written,
    }
    contact = publisher.contact()
    if contact:
        resource["contact"] = contact
    return resource
