"""HL7 FHIR R4 for the screening: the form as a Questionnaire, answers as responses.

Pure Python like ``screening.rules``: no Flask, WTForms or SQLAlchemy, so the
mapping can be read and tested on its own. Everything is built from the
question catalogue; no question is listed here again.
"""

from .outcome import FhirInvalid, Issue, operation_outcome
from .questionnaire import (
    QUESTIONNAIRE_ID,
    Publisher,
    canonical_url,
    catalogue_version,
    questionnaire,
)
from .reading import values_from_response
from .response import ScreeningRecord, questionnaire_response

__all__ = [
    "QUESTIONNAIRE_ID",
    "FhirInvalid",
    "Issue",
    "Publisher",
    "ScreeningRecord",
    "canonical_url",
    "catalogue_version",
    "operation_outcome",
    "questionnaire",
    "questionnaire_response",
    "values_from_response",
]
