"""OperationOutcome: how a FHIR server says what is wrong with what it was sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Issue:
    """One problem: its FHIR issue type, the words, and where it is (a FHIRPath)."""

    code: str
    diagnostics: str
    expression: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the issue as an OperationOutcome.issue element."""
        issue = {"severity": "error", "code": self.code}
        issue["diagnostics"] = self.diagnostics
        if self.expression:
            issue["expression"] = [self.expression]
        return issue


class FhirInvalid(ValueError):
    """A resource the API cannot read, with every issue found in it."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(len(issues))
        self.issues = issues


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    """Return an OperationOutcome listing ``issues``."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [issue.as_dict() for issue in issues],
    }
