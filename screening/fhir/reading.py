"""Read a QuestionnaireResponse sent to the API back into checked answers.

Every fault is reported as an OperationOutcome issue with a FHIRPath to
where it is: an unknown linkId, an answer of the wrong type, another
Questionnaire. Well-formed answers then meet the catalogue's one ``check``.
The diagnostics are English marked for translation (``N_``, ``Message``):
the API says them in the request's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..rules import Catalogue, Invalid, Kind, Question
from ..rules.text import N_, Message
from ..rules.validation import ISO_DATE, check
from .outcome import FhirInvalid, Issue
from .questionnaire import ANSWER_VALUES

# The elements an R4 QuestionnaireResponse may carry; any other is a mistake.
RESPONSE_ELEMENTS = frozenset(
    {
        "resourceType",
        "id",
        "meta",
        "implicitRules",
        "language",
        "text",
        "contained",
        "extension",
        "modifierExtension",
        "identifier",
        "basedOn",
        "partOf",
        "questionnaire",
        "status",
        "subject",
        "encounter",
        "authored",
        "author",
        "source",
        "item",
    }
)
ITEM_ELEMENTS = frozenset({"linkId", "text", "answer", "definition", "id"})
FINISHED = ("completed", "amended")


def typed_value(question: Question, value: Any) -> Any:
    """Return the Python value of an answer's value[x], or None if of the wrong type."""
    if question.kind is Kind.YES_NO:
        return value if isinstance(value, bool) else None
    if question.kind is Kind.TEXT:
        return value if isinstance(value, str) else None
    if question.kind is Kind.DATE:
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return None
        return None
    code = value.get("code") if isinstance(value, dict) else None
    return code if isinstance(code, str) else None


def read_answer(question: Question, answer: Any, where: str) -> Any:
    """Return one answer's value, or raise FhirInvalid for a wrong type."""
    key = ANSWER_VALUES[question.kind]
    if isinstance(answer, dict) and set(answer) == {key}:
        value = typed_value(question, answer[key])
        if value is not None:
            return value
    raise FhirInvalid(
        [
            Issue(
                "value",
                Message(
                    "{question} takes one {key} of its type",
                    question=question.id,
                    key=key,
                ),
                where,
            )
        ]
    )


def read_item(item: Any, catalogue: Catalogue, where: str) -> tuple[str, Any]:
    """Return (question id, value) for one response item, or raise FhirInvalid."""
    if not isinstance(item, dict) or not set(item) <= ITEM_ELEMENTS:
        raise FhirInvalid(
            [Issue("structure", N_("Items hold linkId and answer"), where)]
        )
    link_id = item.get("linkId")
    if not isinstance(link_id, str) or link_id not in catalogue.ids:
        raise FhirInvalid(
            [Issue("not-found", N_("This linkId is not in the Questionnaire"), where)]
        )
    question = catalogue[link_id]
    answers = item.get("answer", [])
    many = question.kind is Kind.MULTI_CHOICE
    if not isinstance(answers, list) or (len(answers) > 1 and not many):
        raise FhirInvalid(
            [
                Issue(
                    "structure",
                    Message("{question} takes one answer", question=link_id),
                    where,
                )
            ]
        )
    values = [
        read_answer(question, answer, f"{where}.answer[{index}]")
        for index, answer in enumerate(answers)
    ]
    return link_id, values if many else (values[0] if values else None)


def read_items(resource: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """Return the answers in the items, or raise FhirInvalid naming each fault."""
    items = resource.get("item", [])
    if not isinstance(items, list):
        raise FhirInvalid([Issue("structure", N_("item must be a list"), "item")])
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    for index, item in enumerate(items):
        where = f"QuestionnaireResponse.item[{index}]"
        try:
            link_id, value = read_item(item, catalogue, where)
        except FhirInvalid as invalid:
            issues += invalid.issues
            continue
        if link_id in values:
            twice = Message("{question} is answered twice", question=link_id)
            issues.append(Issue("structure", twice, where))
        values[link_id] = value
    if issues:
        raise FhirInvalid(issues)
    return values


def check_envelope(resource: Any, canonicals: tuple[str, ...]) -> None:
    """Raise FhirInvalid unless this is a finished response to our Questionnaire."""
    if not isinstance(resource, dict) or (
        resource.get("resourceType") != "QuestionnaireResponse"
    ):
        raise FhirInvalid([Issue("structure", N_("Send one QuestionnaireResponse"))])
    issues = [
        Issue(
            "structure",
            Message("Unknown element {name}", name=name),
            f"QuestionnaireResponse.{name}",
        )
        for name in sorted(set(resource) - RESPONSE_ELEMENTS)
    ]
    if resource.get("questionnaire") not in canonicals:
        issues.append(
            Issue(
                "not-supported",
                Message(
                    "Only answers to {questionnaire} are accepted",
                    questionnaire=canonicals[0],
                ),
                "QuestionnaireResponse.questionnaire",
            )
        )
    if resource.get("status") not in FINISHED:
        issues.append(
            Issue(
                "value",
                N_("status must be completed or amended"),
                "QuestionnaireResponse.status",
            )
        )
    if issues:
        raise FhirInvalid(issues)


def values_from_response(
    resource: Any, today: date, catalogue: Catalogue, canonicals: tuple[str, ...]
) -> dict[str, Any]:
    """Return the checked answers in a QuestionnaireResponse, or raise FhirInvalid.

    ``canonicals`` are the Questionnaire references accepted: its url, with
    or without its current version. The answers then meet the same
    ``check`` as the form's and the JSON API's.
    """
    check_envelope(resource, canonicals)
    values = read_items(resource, catalogue)
    try:
        return check(values, today, catalogue)
    except Invalid as invalid:
        raise FhirInvalid(
            [
                Issue(
                    "invariant",
                    # One message a question: kept whole, so it can be translated.
                    messages[0] if len(messages) == 1 else " ".join(messages),
                    f"QuestionnaireResponse.item.where(linkId='{question_id}')",
                )
                for question_id, messages in invalid.errors.items()
            ]
        ) from None
