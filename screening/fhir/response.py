"""Screenings as FHIR R4 QuestionnaireResponses, and responses read back as answers.

The outcome, the rule-set version and the fired rules travel as extensions
on the response rather than as a contained resource: they are facts about
this response alone (a contained RiskAssessment or Observation would have to
be referenced from it and would claim a clinical assessment the rules do
not make), and a receiver that does not know the extensions may ignore them
and still read every answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..rules import Catalogue, Kind, Question
from .questionnaire import ANSWER_VALUES, coding


@dataclass(frozen=True)
class ScreeningRecord:
    """What a QuestionnaireResponse says about one stored screening."""

    reference: str
    authored: datetime
    answers: Mapping[str, Any]
    outcome: str
    ruleset_version: str
    fired: list[Mapping[str, Any]]
    # The language the patient read the questions in (BCP 47: "en", "es").
    language: str = "en"


def extension_url(base: str, name: str) -> str:
    """Return the URL of one of this application's extensions."""
    return f"{base.rstrip('/')}/StructureDefinition/{name}"


def answers_to(question: Question, value: Any) -> list[dict[str, Any]]:
    """Return a stored answer as QuestionnaireResponse answers (none when blank)."""
    if value is None or value == [] or value == "":
        return []
    key = ANSWER_VALUES[question.kind]
    if question.kind is Kind.MULTI_CHOICE:
        return [{key: coding(question, each)} for each in value]
    if question.kind is Kind.CHOICE:
        return [{key: coding(question, value)}]
    if question.kind is Kind.DATE:
        return [{key: value.isoformat()}]
    return [{key: value}]


def fired_extension(base: str, fired: Mapping[str, Any]) -> dict[str, Any]:
    """Return one fired rule as a complex extension: its id, severity and source."""
    return {
        "url": extension_url(base, "screening-fired-rule"),
        "extension": [
            {"url": "rule", "valueCode": fired["rule"]},
            {"url": "severity", "valueCode": fired["severity"]},
            {"url": "source", "valueString": fired["source"]},
        ],
    }


def questionnaire_response(
    record: ScreeningRecord, catalogue: Catalogue, base: str, canonical: str
) -> dict[str, Any]:
    """Return one screening as a completed QuestionnaireResponse.

    ``canonical`` is the Questionnaire's url|version it answers. Names and
    contact details are not questions, so they are never in it.
    """
    items = []
    for question in catalogue:
        answer = answers_to(question, record.answers.get(question.id))
        if answer:
            items.append(
                {"linkId": question.id, "text": question.label, "answer": answer}
            )
    extensions = [
        {"url": extension_url(base, "screening-outcome"), "valueCode": record.outcome},
        {
            "url": extension_url(base, "screening-ruleset-version"),
            "valueString": record.ruleset_version,
        },
        *(fired_extension(base, fired) for fired in record.fired),
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": record.reference,
        "language": record.language,
        "extension": extensions,
        "identifier": {
            "system": f"{base.rstrip('/')}/screening-reference",
            "value": record.reference,
        },
        "questionnaire": canonical,
        "status": "completed",
        "authored": record.authored.isoformat(),
        "item": items,
    }
