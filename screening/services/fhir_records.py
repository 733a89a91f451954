"""The clinic's FHIR resources: its Questionnaire, and screenings as responses.

Reads the configuration (publisher, canonical base) and stored screenings;
the mapping itself is the pure ``screening.fhir`` package.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import current_app
from flask_babel import force_locale

from ..fhir import (
    Publisher,
    ScreeningRecord,
    canonical_url,
    catalogue_version,
    questionnaire,
    questionnaire_response,
)
from ..infra.languages import offered, translated
from ..models import Screening, stored_answers
from ..rules import Catalogue
from .store import current_catalogue

FHIR_JSON = "application/fhir+json"


def fhir_base() -> str:
    """Return the configured base of the clinic's canonical FHIR URLs."""
    return current_app.config["FHIR_BASE_URL"]


def publisher() -> Publisher:
    """Return the clinic as the Questionnaire's publisher."""
    config = current_app.config
    return Publisher(
        config["CLINIC_NAME"],
        config["CLINIC_CONTACT_EMAIL"],
        config["CLINIC_CONTACT_PHONE"],
        config["CLINIC_WEBSITE"],
    )


def translator(language: str) -> Callable[[str], str]:
    """Return a function giving a catalogue text in ``language``."""

    def translate(text: str) -> str:
        with force_locale(language):
            return translated(text)

    return translate


def current_questionnaire() -> dict[str, Any]:
    """Return the form this application asks, as a Questionnaire.

    In English, with the other languages offered as translations.
    """
    translators = {code: translator(code) for code in offered() if code != "en"}
    return questionnaire(current_catalogue(), fhir_base(), publisher(), translators)


def accepted_canonicals() -> tuple[str, str]:
    """Return the Questionnaire references a response may carry: with version first."""
    url = canonical_url(fhir_base())
    return f"{url}|{catalogue_version(current_catalogue())}", url


def record_of(screening: Screening, catalogue: Catalogue) -> ScreeningRecord:
    """Return what a QuestionnaireResponse tells of a stored screening."""
    return ScreeningRecord(
        reference=screening.reference,
        authored=screening.created_at,
        answers=stored_answers(screening, catalogue),
        outcome=screening.outcome,
        ruleset_version=screening.ruleset_version,
        fired=screening.fired,
        language=screening.language,
    )


def response_for(screening: Screening) -> dict[str, Any]:
    """Return a stored screening as a QuestionnaireResponse to the current form."""
    catalogue = current_catalogue()
    canonical = accepted_canonicals()[0]
    record = record_of(screening, catalogue)
    return questionnaire_response(record, catalogue, fhir_base(), canonical)


def as_json(resource: dict[str, Any]) -> str:
    """Return a resource as compact JSON text."""
    return json.dumps(resource, separators=(",", ":"), ensure_ascii=False)


def ndjson_lines(screenings: Iterable[Screening]) -> Iterator[str]:
    """Yield one QuestionnaireResponse per line (NDJSON, FHIR bulk data's format)."""
    catalogue, base, canonical = (
        current_catalogue(),
        fhir_base(),
        accepted_canonicals()[0],
    )
    for screening in screenings:
        record = record_of(screening, catalogue)
        resource = questionnaire_response(record, catalogue, base, canonical)
        yield as_json(resource) + "\n"
