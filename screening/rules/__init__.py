"""Screening rules as data, and the small engine that applies them.

This package is pure Python: it must never import Flask, WTForms or
SQLAlchemy, so the policy can be reviewed and tested on its own.
"""

from .answers import Answers
from .catalogue import Catalogue, Choice, Kind, Question, When
from .engine import evaluate, unknown_reads
from .guidance import checklist_for
from .model import Evaluation, Outcome, Rule, RuleResult, RuleSet, Severity
from .policy import PolicyError, default_ruleset, load_ruleset
from .questions import CATALOGUE
from .validation import Invalid

__all__ = [
    "CATALOGUE",
    "Answers",
    "Catalogue",
    "Choice",
    "Evaluation",
    "Invalid",
    "Kind",
    "Outcome",
    "PolicyError",
    "Question",
    "Rule",
    "RuleResult",
    "RuleSet",
    "Severity",
    "When",
    "checklist_for",
    "default_ruleset",
    "evaluate",
    "load_ruleset",
    "unknown_reads",
]
